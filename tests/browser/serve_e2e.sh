#!/usr/bin/env bash
# `fairaudit serve` end to end, in headless chromium through playwright-core
# (serve_e2e.mjs): a store of two nights of the Oslo fixtures audited by the
# real `fairaudit audit --store`, under a policy that wants two sides for a
# suppression; one user of each role, in nb, sv, da and English; the server
# started on a free port and stopped at the end whatever happens. The browser
# then signs in as each user and checks what each role may see, the language
# of the pages, a review recorded from the page and read back by
# `fairaudit report` and `fairaudit review history`, the two-sided
# suppression, and that a signed-out session's cookie opens nothing.
#
# usage: serve_e2e.sh FAIRAUDIT PLUGIN_DIR SOURCE_DIR BUILD_DIR
# Exits 77 (ctest SKIP_RETURN_CODE) when chromium or playwright-core is not
# installed (scripts/test-tools.sh BUILD_DIR installs both).
set -euo pipefail
fairaudit=$1 plugins=$2 source=$3 build=$4
tools="$build/test-tools"
if [[ ! -f "$tools/node_modules/playwright-core/package.json" || ! -x /usr/bin/chromium ]] ||
   ! command -v node > /dev/null; then
  echo "SKIP: playwright-core, node or chromium missing (scripts/test-tools.sh $build installs them)" >&2
  exit 77
fi

work=$(mktemp -d)
servers=()
stop_servers() {
  local pid
  for pid in "${servers[@]}"; do
    kill -0 "$pid" 2> /dev/null || continue
    kill -TERM "$pid" 2> /dev/null || true
    # SIGTERM stops it after the requests in flight; past 10 s it is stuck.
    for _ in $(seq 100); do kill -0 "$pid" 2> /dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2> /dev/null || true
    wait "$pid" 2> /dev/null || true
  done
  servers=()
}
cleanup() {
  local rc=$?
  stop_servers
  if [[ $rc -ne 0 ]]; then
    for log in "$work"/serve*.log; do
      [[ -s "$log" ]] || continue
      echo "--- $(basename "$log") (last 40 lines)" >&2
      tail -n 40 "$log" >&2
    done
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
unset LANGUAGE LC_ALL LC_MESSAGES
export LANG=C.UTF-8
cd "$source"

# The report tests' policy, with a suppression counting only once both sides
# (HR and a union) have agreed to it (docs/policies.md, "review").
policy="$work/policy.json"
cat > "$policy" <<EOF
{
  "policy": "serve-e2e",
  "version": "1",
  "extends": "$source/tests/emit/report-policy.json",
  "review": {"suppression_needs_two_sides": true}
}
EOF
"$fairaudit" policy check "$policy" --plugin-dir "$plugins" > /dev/null

audit() { "$fairaudit" audit "$@" --policy "$policy" --plugin-dir "$plugins" --fail-on never; }

# Two nights: every other round first, then the whole export; the second
# night has new and persisting findings and a run to compare with.
db="$work/store.db"
awk '!/"kind":"round"/ || (++n % 2)' fixtures/oslo/export.jsonl > "$work/night1.jsonl"
audit "$work/night1.jsonl" --store "$db" --format json > /dev/null
audit fixtures/oslo/export.jsonl --store "$db" --format json > "$work/night2.json"

# One user per role, each in a language of its own; the union user under a
# local name of the role. Passwords on stdin, as an operator would type them.
users="$work/users.tsv"
# Columns: name, the role as written, the role it is, language, password.
printf '%s\t%s\t%s\t%s\t%s\n' \
  rep-nb likestillingsrepresentant representative nb 'Rep-pass-1234-nb' \
  union-sv tillitsvalgt union sv 'Union-pass-1234-sv' \
  hr-da hr hr da 'Hr-pass-1234-da' \
  admin-en admin admin en 'Admin-pass-1234-en' > "$users"
while IFS=$'\t' read -r name role _ lang password; do
  printf '%s\n' "$password" | "$fairaudit" user add "$name" --role "$role" --lang "$lang" --store "$db" > /dev/null
done < "$users"

# start NAME ARGS…: a server on a free port; sets $address.
start() {
  local name=$1
  shift
  "$fairaudit" serve --store "$db" --listen 127.0.0.1:0 --ready-file "$work/$name.ready" "$@" > "$work/$name.log" 2>&1 &
  servers+=($!)
  for _ in $(seq 300); do
    [[ -s "$work/$name.ready" ]] && break
    kill -0 "${servers[-1]}" 2> /dev/null || { echo "fairaudit serve ($name) exited before it was ready" >&2; exit 1; }
    sleep 0.1
  done
  [[ -s "$work/$name.ready" ]] || { echo "fairaudit serve ($name) not ready within 30 s" >&2; exit 1; }
  address=$(head -n 1 "$work/$name.ready")
}
start serve
plain=$address
# The same store over TLS, with a certificate made for this run: the cookie
# is Secure there. Without the openssl command that part is left out.
tls_base=""
if command -v openssl > /dev/null; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$work/key.pem" -out "$work/cert.pem" 2> /dev/null
  start serve-tls --tls-cert "$work/cert.pem" --tls-key "$work/key.pem"
  tls_base="https://$address"
else
  echo "note: no openssl command; the TLS checks are left out" >&2
fi

TLS_BASE="$tls_base" NIGHT_POLICY="$policy" NIGHT_PLUGINS="$plugins" node "$source/tests/browser/serve_e2e.mjs" "$tools" "$source" "http://$plain" \
  "$fairaudit" "$db" "$users" fixtures/oslo/export.jsonl

# The servers stop on SIGTERM, and say so with status 0.
for pid in "${servers[@]}"; do
  kill -TERM "$pid"
  rc=0
  wait "$pid" || rc=$?
  [[ $rc -eq 0 ]] || { echo "fairaudit serve exited with status $rc on SIGTERM" >&2; exit 1; }
done
servers=()
echo "ok fairaudit serve stopped on SIGTERM"
