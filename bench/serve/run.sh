#!/usr/bin/env bash
# bench/serve/run.sh — `fairaudit serve` under load while the nightly writes.
#
# Builds (once, then reuses) a store of one night of the heavy-findings export
# (fairaudit-gen --no-documents, as bench/run.sh --heavy: ≥ 100,000 findings
# at 1M applications), copies it, adds a representative, a union and an HR
# user, starts `fairaudit serve` on a free port, and runs fairaudit-serve-load:
# N signed-in sessions browse for T seconds while the second night
# (`fairaudit audit --store … --format sarif -o …`, the README's nightly line)
# writes into the same store. Prints requests/s and p50/p99 latency per route;
# stops the server whatever happens. See bench/README.md ("fairaudit serve
# under load").
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/serve/run.sh [options]

  --build DIR         build directory (default: $FAIRAUDIT_BUILD, else build/)
  --data DIR          where the export and the first night's store are kept and
                      reused (default: BUILD/bench-data)
  --applications N    applications in the generated export (default 1000000;
                      suffixes k and M)
  --sessions N        signed-in sessions (default 50)
  --seconds T         how long they browse (default 30)
  --nightly-after S   seconds into the load the nightly starts (default 2)
  --no-nightly        the load alone, nothing writing
  --server-threads N  fairaudit serve --threads N (default: the server's, 2)
  --seed S            generator seed (default 1)
  --think MS          mean milliseconds each session reads a page before the
                      next request (exponential; default 0: none, every
                      session asks again at once)
  --regenerate        build the export and the store again
  -h, --help          this text
EOF
}

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${FAIRAUDIT_BUILD:-$ROOT/build}
THINK=0 DATA="" APPS=1000000 SESSIONS=50 SECONDS_=30 AFTER=2 NIGHTLY=1 SEED=1 REGENERATE=0 SERVER_ARGS=()

die() { echo "bench/serve/run.sh: $*" >&2; exit 2; }
log() { echo "bench/serve/run.sh: $*" >&2; }
count() {
  local s=${1//[,_]/}
  case $s in *[mM]) s=$(( ${s%[mM]} * 1000000 )) ;; *[kK]) s=$(( ${s%[kK]} * 1000 )) ;; esac
  [[ $s =~ ^[0-9]+$ ]] || die "not a number: $1"
  echo "$s"
}

while [ $# -gt 0 ]; do
  case $1 in
    -h|--help) usage; exit 0 ;;
    --build) BUILD=$2; shift 2 ;;
    --data) DATA=$2; shift 2 ;;
    --applications) APPS=$(count "$2"); shift 2 ;;
    --sessions) SESSIONS=$2; shift 2 ;;
    --seconds) SECONDS_=$2; shift 2 ;;
    --nightly-after) AFTER=$2; shift 2 ;;
    --no-nightly) NIGHTLY=0; shift ;;
    --server-threads) SERVER_ARGS=(--threads "$2"); shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --think) THINK=$2; shift 2 ;;
    --regenerate) REGENERATE=1; shift ;;
    *) usage >&2; die "unknown argument $1" ;;
  esac
done

BUILD=$(cd "$BUILD" 2>/dev/null && pwd) || die "no build directory at $BUILD (set FAIRAUDIT_BUILD or --build)"
DATA=${DATA:-$BUILD/bench-data}
FAIRAUDIT=$BUILD/host/fairaudit
GEN=$BUILD/bench/fairaudit-gen
LOAD=$BUILD/bench/fairaudit-serve-load

if [ ! -x "$LOAD" ] || [ ! -x "$GEN" ] || [ ! -x "$FAIRAUDIT" ]; then
  log "building fairaudit, its plugins, fairaudit-gen and fairaudit-serve-load in $BUILD"
  cmake -S "$ROOT" -B "$BUILD" -DFAIRAUDIT_BUILD_BENCH=ON >&2 || die "cannot configure $BUILD"
  cmake --build "$BUILD" --target fairaudit fairaudit_all_plugins fairaudit-gen fairaudit-serve-load >&2 ||
    die "cannot build the tools in $BUILD"
fi
command -v sqlite3 > /dev/null || die "sqlite3 (Debian package sqlite3) is needed to copy the store and list its findings"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/fairaudit-serve-bench.XXXXXX")
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- The export and the first night (kept in DATA) ---------------------------
mkdir -p "$DATA"
FILE=$DATA/export-heavy-$APPS-seed$SEED.jsonl  # the name bench/run.sh --heavy uses
MANIFEST=$FILE.manifest.json
if [ "$REGENERATE" = 1 ] || [ ! -s "$FILE" ] || [ ! -s "$MANIFEST" ]; then
  log "generating $APPS applications (seed $SEED, --no-documents) into $FILE"
  rm -f "$MANIFEST"
  "$GEN" --applications "$APPS" --seed "$SEED" --no-documents --output "$FILE.partial" --manifest "$MANIFEST.partial"
  mv "$FILE.partial" "$FILE"
  mv "$MANIFEST.partial" "$MANIFEST"
fi
SEEDED=$DATA/serve-store-heavy-$APPS-seed$SEED.db
if [ "$REGENERATE" = 1 ] || [ ! -s "$SEEDED" ] || [ "$SEEDED" -ot "$FILE" ]; then
  log "storing the first night of $FILE in $SEEDED"
  rm -f "$SEEDED" "$SEEDED"-wal "$SEEDED"-shm "$SEEDED.partial"*
  "$FAIRAUDIT" audit "$FILE" --store "$SEEDED.partial" --output "$WORK/first-night.txt" --fail-on never --progress never
  rm -f "$WORK/first-night.txt"
  sqlite3 "$SEEDED.partial" "PRAGMA wal_checkpoint(TRUNCATE);" > /dev/null
  mv "$SEEDED.partial" "$SEEDED"
  rm -f "$SEEDED.partial"-wal "$SEEDED.partial"-shm
fi

# --- This run's copy, its users and its findings ------------------------------
DB=$WORK/store.db
sqlite3 "$SEEDED" ".backup '$DB'"
FINDINGS=$(sqlite3 "$DB" "SELECT COUNT(*) FROM observations WHERE run_id = (SELECT MAX(id) FROM runs);")
[ "$FINDINGS" -ge 100000 ] || log "warning: the store's run has $FINDINGS findings, fewer than 100,000 (--applications)"
RUN=$(sqlite3 "$DB" "SELECT MAX(id) FROM runs;")
# What the sessions pick from: every finding of the run, its unit and rule.
sqlite3 -separator $'\t' "$DB" "SELECT f.fingerprint, f.org_unit, f.rule FROM observations o JOIN findings f ON f.id = o.finding_id
                                WHERE o.run_id = $RUN;" > "$WORK/findings.tsv"

: > "$WORK/users.tsv"
for role in representative union hr; do
  password="bench-$role-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
  printf '%s\n' "$password" | "$FAIRAUDIT" user add "bench-$role" --role "$role" --store "$DB" > /dev/null
  printf 'bench-%s\t%s\n' "$role" "$password" >> "$WORK/users.tsv"
done

# --- The server, the load and the nightly ---------------------------------------
"$FAIRAUDIT" serve --store "$DB" --listen 127.0.0.1:0 --ready-file "$WORK/ready" "${SERVER_ARGS[@]}" > "$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 300); do
  [ -s "$WORK/ready" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 20 "$WORK/serve.log" >&2; die "fairaudit serve exited before it was ready"; }
  sleep 0.1
done
[ -s "$WORK/ready" ] || die "fairaudit serve not ready within 30 s"

NIGHT=()
if [ "$NIGHTLY" = 1 ]; then
  NIGHT=(--nightly "'$FAIRAUDIT' audit '$FILE' --store '$DB' --format sarif -o '$WORK/night.sarif' --fail-on never --progress never 2> '$WORK/night.log'"
         --nightly-after "$AFTER")
fi
log "$FINDINGS findings in run $RUN; $SESSIONS sessions for $SECONDS_ s$([ "$NIGHTLY" = 1 ] && echo ", the second night from ${AFTER} s")"
echo "fairaudit serve under load: $(date -u +%FT%TZ), $(nproc) cores, store of $FINDINGS findings (run $RUN of $APPS applications)"
rc=0
"$LOAD" --ready-file "$WORK/ready" --users "$WORK/users.tsv" --findings "$WORK/findings.tsv" --since "$RUN" \
  --sessions "$SESSIONS" --seconds "$SECONDS_" --think "$THINK" "${NIGHT[@]}" || rc=$?
if [ "$NIGHTLY" = 1 ]; then
  echo
  echo "the nightly: $(tail -n 1 "$WORK/night.log")"
fi
echo "the server's peak RSS: $(awk '/VmHWM/ {printf "%.0f MiB", $2 / 1024}' "/proc/$SERVER_PID/status" 2>/dev/null || echo unknown)"
exit "$rc"
