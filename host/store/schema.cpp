#include "store/schema.hpp"

#include <spdlog/spdlog.h>

#include <string>
#include <thread>
#include <vector>

namespace fairaudit::store {
namespace {

// Append only: a released migration never changes, a new one is added at the
// end. Each runs inside the transaction that also bumps user_version, so a
// store is at version v or v + 1, never in between.
const std::vector<const char*> kMigrations = {
    // 0 -> 1: runs, findings by fingerprint, observations, the review trail.
    R"sql(
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  tool_version TEXT NOT NULL,
  policy_name TEXT NOT NULL,
  policy_version TEXT NOT NULL,
  policy_sha256 TEXT NOT NULL,
  policy_path TEXT NOT NULL,
  policy_files TEXT NOT NULL DEFAULT '[]',
  plugins TEXT NOT NULL DEFAULT '[]',
  -- '' for the whole export; else the --round/--org-unit selection. Runs are
  -- compared with the previous run of the same policy and selection.
  selection TEXT NOT NULL DEFAULT '',
  min_cell INTEGER NOT NULL,
  fail_on TEXT NOT NULL,
  exit_code INTEGER,
  previous_run INTEGER REFERENCES runs(id),
  catalogue_id INTEGER REFERENCES catalogues(id),
  lines INTEGER NOT NULL DEFAULT 0,
  rounds INTEGER NOT NULL DEFAULT 0,
  applications INTEGER NOT NULL DEFAULT 0,
  units INTEGER NOT NULL DEFAULT 0,
  measures INTEGER NOT NULL DEFAULT 0,
  not_selected INTEGER NOT NULL DEFAULT 0,
  rejected_lines INTEGER NOT NULL DEFAULT 0,
  plugin_failures INTEGER NOT NULL DEFAULT 0,
  findings INTEGER NOT NULL DEFAULT 0,
  new_findings INTEGER NOT NULL DEFAULT 0,
  unchanged_findings INTEGER NOT NULL DEFAULT 0,
  resolved_findings INTEGER NOT NULL DEFAULT 0,
  suppressed_findings INTEGER NOT NULL DEFAULT 0,
  rejected TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX runs_series ON runs(policy_name, selection, id);

CREATE TABLE run_inputs (
  run_id INTEGER NOT NULL REFERENCES runs(id),
  position INTEGER NOT NULL,
  path TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  lines INTEGER NOT NULL,
  PRIMARY KEY (run_id, position)
) WITHOUT ROWID;

-- Per rule of the run: how often it held, was breached, did not apply.
CREATE TABLE run_rules (
  run_id INTEGER NOT NULL REFERENCES runs(id),
  rule TEXT NOT NULL,
  complies INTEGER NOT NULL,
  breach INTEGER NOT NULL,
  not_applicable INTEGER NOT NULL,
  insufficient_data INTEGER NOT NULL,
  PRIMARY KEY (run_id, rule)
) WITHOUT ROWID;

-- The rules' metadata (summary, rationale, basis), kept once per distinct
-- catalogue so a stored run renders its SARIF rules without the plugins.
CREATE TABLE catalogues (
  id INTEGER PRIMARY KEY,
  digest TEXT NOT NULL UNIQUE,
  rules TEXT NOT NULL
);

-- A finding's identity: what its fingerprint is made of. Other tables refer
-- to it by id, which keeps a night's observations small.
CREATE TABLE findings (
  id INTEGER PRIMARY KEY,
  fingerprint TEXT NOT NULL UNIQUE,
  rule TEXT NOT NULL,
  plugin TEXT NOT NULL,
  scope TEXT NOT NULL CHECK (scope IN ('round', 'org_unit', 'run')),
  org_unit TEXT NOT NULL,
  round_id TEXT NOT NULL,
  key TEXT NOT NULL
);

-- First seen, last seen and resolved, per series of runs (policy name and
-- selection): resolved is the run that no longer found it.
CREATE TABLE tracking (
  policy_name TEXT NOT NULL,
  selection TEXT NOT NULL,
  finding_id INTEGER NOT NULL REFERENCES findings(id),
  first_seen INTEGER NOT NULL REFERENCES runs(id),
  last_seen INTEGER NOT NULL REFERENCES runs(id),
  resolved INTEGER REFERENCES runs(id),
  PRIMARY KEY (policy_name, selection, finding_id)
) WITHOUT ROWID;

-- What a finding said: severity, message template with {key} placeholders,
-- evidence with kinds, basis. Kept once per distinct content: a finding that
-- persists night after night adds an observation, not another copy.
-- Applicant ids are never kept.
CREATE TABLE details (
  id INTEGER PRIMARY KEY,
  digest TEXT NOT NULL UNIQUE,
  severity TEXT NOT NULL CHECK (severity IN ('error', 'warning', 'note')),
  message TEXT NOT NULL,
  evidence TEXT NOT NULL,
  basis TEXT NOT NULL
);

-- Which runs observed which findings, and where: the input file by its
-- position among the run's inputs (source_file only for a file that is not
-- one of them), and the line of the record.
CREATE TABLE observations (
  run_id INTEGER NOT NULL REFERENCES runs(id),
  finding_id INTEGER NOT NULL REFERENCES findings(id),
  detail_id INTEGER NOT NULL REFERENCES details(id),
  baseline TEXT NOT NULL CHECK (baseline IN ('new', 'unchanged')),
  input INTEGER,
  source_file TEXT,
  source_line INTEGER NOT NULL,
  PRIMARY KEY (run_id, finding_id),
  FOREIGN KEY (run_id, input) REFERENCES run_inputs(run_id, position)
) WITHOUT ROWID;
CREATE INDEX observations_by_finding ON observations(finding_id, run_id);

-- The review trail. Append-only: the triggers below refuse any change or
-- deletion, so the trail a union relies on cannot be rewritten through
-- fairaudit or an SQL shell without dropping the triggers first.
CREATE TABLE reviews (
  id INTEGER PRIMARY KEY,
  fingerprint TEXT NOT NULL REFERENCES findings(fingerprint),
  at TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('acknowledged', 'disputed', 'resolved', 'suppressed')),
  role TEXT NOT NULL CHECK (role IN ('representative', 'union', 'hr')),
  reviewer TEXT NOT NULL DEFAULT '',
  justification TEXT NOT NULL CHECK (length(trim(justification, char(32, 9, 10, 13))) > 0)
);
CREATE INDEX reviews_by_finding ON reviews(fingerprint, id);
CREATE TRIGGER reviews_no_update BEFORE UPDATE ON reviews
BEGIN
  SELECT RAISE(ABORT, 'the review trail is append-only: a review cannot be changed; add a new one');
END;
CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews
BEGIN
  SELECT RAISE(ABORT, 'the review trail is append-only: a review cannot be deleted; add a new one');
END;
)sql",
    // 1 -> 2: the last line of an observation's record, when its rows span
    // several lines (a flat export audited through a mapping: the round's
    // first and last application row); 0 for a record of one line.
    R"sql(
ALTER TABLE observations ADD COLUMN source_end_line INTEGER NOT NULL DEFAULT 0;
)sql",
    // 2 -> 3: INSERT OR REPLACE (and REPLACE INTO) with the id of a kept
    // review would delete it and insert another in its place; SQLite's
    // conflict resolution does not fire DELETE triggers, so the two above do
    // not see it. A BEFORE INSERT trigger runs before any conflict is
    // resolved, so an insert that reuses an id is refused whatever its
    // conflict clause (an UPSERT's DO UPDATE meets reviews_no_update too).
    R"sql(
CREATE TRIGGER reviews_no_replace BEFORE INSERT ON reviews
WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM reviews WHERE id = NEW.id)
BEGIN
  SELECT RAISE(ABORT, 'the review trail is append-only: a review cannot be replaced; add a new one');
END;
)sql",
    // 3 -> 4: whether the run's policy wants a suppression agreed by both
    // sides (HR, and the union or the representative) before it takes
    // effect: the latest run of a finding's policy decides for the review
    // commands, the server and the reports, without the policy file.
    R"sql(
ALTER TABLE runs ADD COLUMN suppression_needs_two_sides INTEGER NOT NULL DEFAULT 0;
)sql",
    // 4 -> 5: the findings of one unit or one rule, as fairaudit serve's
    // findings list filters them, without reading every finding of a run.
    // IF NOT EXISTS: an index changes no data, and a store taken back to an
    // earlier version by hand (the schema tests do) may still have them.
    R"sql(
CREATE INDEX IF NOT EXISTS findings_by_unit ON findings(org_unit);
CREATE INDEX IF NOT EXISTS findings_by_rule ON findings(rule);
)sql",
    // 5 -> 6: the users of `fairaudit serve` and their sessions. A password
    // is kept as its Argon2id hash (libsodium's crypto_pwhash_str), a
    // session token as its BLAKE2b hash only: a copy of the store lets no
    // one sign in. Times of the sessions and the lock are Unix seconds.
    R"sql(
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('representative', 'union', 'hr', 'admin')),
  password_hash TEXT NOT NULL,
  lang TEXT NOT NULL DEFAULT 'en' CHECK (lang IN ('en', 'nb', 'nn', 'sv', 'da')),
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER,
  created_at TEXT NOT NULL,
  password_changed_at TEXT NOT NULL,
  last_login_at TEXT
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  csrf TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions(user_id);
)sql",
    // 6 -> 7: the findings first seen after a run, as fairaudit serve's
    // "new since" filter asks for them, and one finding's tracking in every
    // series, as its page and `review show` read it, each found without
    // reading every finding.
    R"sql(
CREATE INDEX IF NOT EXISTS tracking_first_seen ON tracking(policy_name, selection, first_seen);
CREATE INDEX IF NOT EXISTS tracking_by_finding ON tracking(finding_id);
)sql",
    // 7 -> 8: what the union audience does not see of a run beyond each
    // finding's own small numbers (the plan of emit/complements.hpp), so
    // that fairaudit serve hides what fairaudit audit hides: one row per
    // count hidden, looked up by the run and the finding's scope key. A run
    // stored before has no row in run_plans, and its pages hide every group
    // count (docs/serve.md). IF NOT EXISTS, as for the indexes above.
    R"sql(
CREATE TABLE IF NOT EXISTS run_plans (run_id INTEGER PRIMARY KEY REFERENCES runs(id));
CREATE TABLE IF NOT EXISTS run_withheld (
  run_id INTEGER NOT NULL REFERENCES runs(id),
  scope TEXT NOT NULL,
  grp TEXT NOT NULL,
  measure TEXT NOT NULL CHECK (measure IN ('n', 's')),
  PRIMARY KEY (run_id, scope, grp, measure)
) WITHOUT ROWID;
)sql",
    // 8 -> 9: a review is added after the last one: an insert that gives
    // an id below the trail's highest (a negative one, a gap left by a
    // deleted row) would put a review before others in the trail's order,
    // backdating it. AFTER INSERT, where NEW.id is the id the row got (in a
    // BEFORE trigger an id still to be chosen reads as -1); RAISE(ABORT)
    // undoes the insert.
    R"sql(
CREATE TRIGGER IF NOT EXISTS reviews_in_order AFTER INSERT ON reviews
WHEN NEW.id < (SELECT max(id) FROM reviews)
BEGIN
  SELECT RAISE(ABORT, 'the review trail is append-only: a review is added after the last one, not before it');
END;
)sql",
};

// The triggers that keep the review trail append-only (above), each with
// the statement that makes it again.
struct TrailGuard {
  const char* name;
  const char* sql;
};
constexpr TrailGuard kTrailGuards[] = {
    {"reviews_no_update",
     "CREATE TRIGGER IF NOT EXISTS reviews_no_update BEFORE UPDATE ON reviews BEGIN SELECT RAISE(ABORT, 'the review trail is "
     "append-only: a review cannot be changed; add a new one'); END"},
    {"reviews_no_delete",
     "CREATE TRIGGER IF NOT EXISTS reviews_no_delete BEFORE DELETE ON reviews BEGIN SELECT RAISE(ABORT, 'the review trail is "
     "append-only: a review cannot be deleted; add a new one'); END"},
    {"reviews_no_replace",
     "CREATE TRIGGER IF NOT EXISTS reviews_no_replace BEFORE INSERT ON reviews WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM "
     "reviews WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'the review trail is append-only: a review cannot be "
     "replaced; add a new one'); END"},
    {"reviews_in_order",
     "CREATE TRIGGER IF NOT EXISTS reviews_in_order AFTER INSERT ON reviews WHEN NEW.id < (SELECT max(id) FROM "
     "reviews) BEGIN SELECT RAISE(ABORT, 'the review trail is append-only: a review is added after the last one, "
     "not before it'); END"},
};

// A guard of the trail dropped (through an SQL shell: fairaudit never drops
// one) means the trail may have been changed: said on every open, and made
// again where the store can be written, so that it guards from now on.
void check_trail_guards(Connection& c) {
  for (const auto& g : kTrailGuards) {
    auto s = c.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name = ?");
    s.bind(1, std::string(g.name));
    if (s.step() && s.int64(0) == 1) continue;
    spdlog::warn("store {}: the review trail's guard {} was removed from it outside fairaudit, so its reviews may "
                 "have been changed or deleted; compare it with a copy you trust{}",
                 c.path(), g.name, c.read_only() ? "" : " (the guard is made again)");
    if (!c.read_only()) c.exec(g.sql);
  }
}

// Switching a new store to WAL needs an exclusive lock for a moment. SQLite
// answers SQLITE_BUSY at once, without calling the busy handler, when another
// connection holds a lock just then (seen when several runs create one store
// at the same moment), so this waits itself, up to the same wait time.
std::string switch_to_wal(Connection& c, std::chrono::milliseconds busy_timeout) {
  const auto deadline = std::chrono::steady_clock::now() + busy_timeout;
  for (;;) {
    try {
      auto s = c.prepare("PRAGMA journal_mode = WAL");
      return s.step() ? s.text(0) : std::string();
    } catch (const StoreBusy&) {
      if (std::chrono::steady_clock::now() >= deadline) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
}

int pragma_int(Connection& c, const char* pragma) {
  auto s = c.prepare(std::string("PRAGMA ") + pragma);
  return s.step() ? int(s.int64(0)) : 0;
}

}  // namespace

int latest_schema_version() { return int(kMigrations.size()); }

int schema_version(Connection& c) { return pragma_int(c, "user_version"); }

int prepare_store(Connection& c, std::chrono::milliseconds busy_timeout) {
  sqlite3_busy_timeout(c.handle(), int(busy_timeout.count()));
  c.exec("PRAGMA foreign_keys = ON");
  if (pragma_int(c, "foreign_keys") != 1)
    throw StoreError("store " + c.path() + ": this SQLite library cannot enforce foreign keys");

  // A store that can only be read is read as it is (sqlite.hpp, Connection).
  if (c.read_only()) {
    if (pragma_int(c, "application_id") != kApplicationId)
      throw StoreError("store " + c.path() + " is not a fairaudit store (and can only be read)");
    if (schema_version(c) != latest_schema_version())
      throw StoreError("store " + c.path() + " has schema version " + std::to_string(schema_version(c)) +
                       " and can only be read; this fairaudit reads version " +
                       std::to_string(latest_schema_version()) + " (open it once where it can be written)");
    check_trail_guards(c);
    return latest_schema_version();
  }
  // WAL: readers (fairaudit report, review list) never block the nightly
  // writer, and a killed writer leaves the last committed state readable.
  // FULL syncs the log at every commit; there is one commit per run.
  {
    const std::string mode = switch_to_wal(c, busy_timeout);
    if (mode != "wal")
      throw StoreError("store " + c.path() + ": cannot switch to write-ahead logging (journal mode is '" + mode +
                       "'); is it on a network file system?");
  }
  c.exec("PRAGMA synchronous = FULL");
  // A nightly run writes tens of thousands of rows in one transaction; a
  // 32 MB page cache (instead of 2 MB) keeps the B-trees it walks in memory.
  // It also bounds the sort of the previous run's findings (SQLite's sorter
  // takes as much before it spills to temporary files), so that the nightly
  // line stays under 200 MB however many findings (bench/README.md).
  c.exec("PRAGMA cache_size = -32768");

  // Up to date: nothing to write, so a reader never waits for the lock here.
  if (pragma_int(c, "application_id") == kApplicationId && schema_version(c) == latest_schema_version()) {
    check_trail_guards(c);
    return latest_schema_version();
  }

  Transaction tx(c);
  const int found = schema_version(c);
  const int app = pragma_int(c, "application_id");
  if (app != kApplicationId) {
    // An empty file (or a new one) becomes a store; anything else is not ours.
    auto s = c.prepare("SELECT count(*) FROM sqlite_schema");
    const bool empty = s.step() && s.int64(0) == 0;
    if (!empty || found != 0)
      throw StoreError("store " + c.path() + " is an SQLite database of another program, not a fairaudit store");
    c.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
  }
  if (found > latest_schema_version())
    throw StoreError("store " + c.path() + " has schema version " + std::to_string(found) +
                     ", written by a newer fairaudit; this one knows versions up to " +
                     std::to_string(latest_schema_version()));
  for (int v = found; v < latest_schema_version(); ++v) {
    c.exec(kMigrations[std::size_t(v)]);
    c.exec("PRAGMA user_version = " + std::to_string(v + 1));
  }
  tx.commit();
  return found;
}

}  // namespace fairaudit::store
