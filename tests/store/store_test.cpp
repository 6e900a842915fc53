// The store as a library: schema and migrations, comparison between runs of a
// policy, review rules, the evidence codec, the nightly exit code.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "cli/report.hpp"
#include "store/codec.hpp"
#include "store/schema.hpp"
#include "store/store.hpp"
#include "support.hpp"

namespace fairaudit::testing {
namespace {

using store::Store;
using store::StoreError;
using common::BaselineState;
using common::ReviewState;

run::AuditFinding make_finding(const std::string& rule, const std::string& round, Severity sev = Severity::error,
                               std::int64_t declared = 2) {
  run::AuditFinding af;
  af.plugin = rule.substr(0, rule.find('/'));
  af.finding.rule = rule;
  af.finding.scope = Scope::round;
  af.finding.round_id = round;
  af.finding.org_unit = "oslo/bydel-test/helse";
  af.finding.message = "declared: {declared}";
  af.finding.evidence.count("declared", declared).rate("share", 0.4);
  af.severity = sev;
  af.basis = "a basis";
  af.source = {"export.jsonl", 7};
  af.fingerprint = run::fingerprint(rule, Scope::round, af.finding.org_unit, round, "");
  return af;
}

run::RunResult result_of(std::vector<run::AuditFinding> findings) {
  run::RunResult r;
  r.findings = std::move(findings);
  run::sort_findings(r.findings);
  r.counts.rounds = r.findings.size();
  r.inputs.push_back({"export.jsonl", "ab12", 100, 3});
  r.tally["p/a"].add(Verdict::breach);
  return r;
}

store::RunInfo info_of(const std::string& policy, const std::string& selection = {}) {
  store::RunInfo i;
  i.started_at = store::now_utc();
  i.tool_version = "test";
  i.policy_name = policy;
  i.policy_version = "1";
  i.policy_sha256 = "00";
  i.policy_path = policy + ".json";
  i.selection = selection;
  return i;
}

// Writes one run; returns the comparison.
store::BaselineSummary write_run(Store& st, run::RunResult& r, const std::string& policy = "p",
                            const std::string& selection = {}) {
  auto w = st.begin_run(info_of(policy, selection));
  store::BaselineSummary cmp = w.compare(r);
  w.commit(r, {}, 0);
  return cmp;
}

// ---------------------------------------------------------------- schema

TEST(StoreSchema, MigratesAnEmptyFile) {
  const auto dir = scratch_dir();
  const auto path = dir / "empty.db";
  write_file(path, "");  // touch: zero bytes
  { Store st(path.string()); }
  Sql sql(path);
  EXPECT_EQ(sql.number("PRAGMA user_version"), store::latest_schema_version());
  EXPECT_EQ(sql.number("PRAGMA application_id"), store::kApplicationId);
  EXPECT_EQ(sql.query("PRAGMA journal_mode"), "wal\n");
  for (const char* t : {"runs", "run_inputs", "run_rules", "catalogues", "findings", "tracking", "details",
                        "observations", "reviews"})
    EXPECT_EQ(sql.number(std::string("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '") + t +
                         "'"),
              1)
        << t;
  // The append-only trail: no UPDATE, no DELETE, no insert that reuses an
  // id or puts a review before the last one.
  EXPECT_EQ(sql.query("SELECT name FROM sqlite_schema WHERE type = 'trigger' ORDER BY name"),
            "reviews_in_order\nreviews_no_delete\nreviews_no_replace\nreviews_no_update\n");
}

TEST(StoreSchema, ANewStoreIsReadableByItsOwnerOnly) {
  // Findings about named hiring rounds: special-category context. A file the
  // operator created keeps the mode they gave it.
  const auto dir = scratch_dir();
  const auto path = dir / "new.db";
  { Store st(path.string()); }
  EXPECT_EQ(fs::status(path).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
}

TEST(StoreSchema, ForeignKeysAreEnforcedOnTheStoresConnection) {
  const auto dir = scratch_dir();
  Store st((dir / "s.db").string());
  auto& c = st.connection();
  auto s = c.prepare("PRAGMA foreign_keys");
  ASSERT_TRUE(s.step());
  EXPECT_EQ(s.int64(0), 1);
  EXPECT_THROW(c.exec("INSERT INTO observations VALUES (99, 12345, 1, 'new', NULL, 'f', 1, 0)"), StoreError);
}

// A run's own rows are written with SQLite's foreign key checks suspended
// (store.hpp, RunWriter): every row those nights wrote must still refer to
// rows that exist, and the connection must check again once the run is
// committed or rolled back.
TEST(StoreSchema, ARunsRowsReferToRowsThatExistAndTheChecksComeBack) {
  const auto dir = scratch_dir();
  Store st((dir / "s.db").string());
  auto& c = st.connection();
  auto violations = [&c] {
    auto s = c.prepare("PRAGMA foreign_key_check");
    int n = 0;
    while (s.step()) ++n;
    return n;
  };
  auto enforced = [&c] {
    auto s = c.prepare("PRAGMA foreign_keys");
    return s.step() && s.int64(0) == 1;
  };
  // Night 1: three findings. Night 2: one persists as it was, one with other
  // evidence (new details), one is resolved, one is new. Night 3: as night 2.
  auto r1 = result_of({make_finding("p/a", "R-1"), make_finding("p/a", "R-2"), make_finding("p/a", "R-3")});
  write_run(st, r1);
  EXPECT_TRUE(enforced());
  auto r2 = result_of({make_finding("p/a", "R-1"), make_finding("p/a", "R-2", Severity::error, 5),
                       make_finding("p/b", "R-4", Severity::warning)});
  const auto cmp2 = write_run(st, r2);
  EXPECT_EQ(cmp2.unchanged, 2u);
  EXPECT_EQ(cmp2.resolved, 1u);
  auto r3 = result_of({make_finding("p/a", "R-1"), make_finding("p/a", "R-2", Severity::error, 5),
                       make_finding("p/b", "R-4", Severity::warning)});
  write_run(st, r3);
  // Another series (policy q) finds two of them, with the details series p
  // stored, and one finding of its own: the same rows, and one more of each.
  auto q = result_of({make_finding("p/a", "R-1"), make_finding("p/a", "R-2", Severity::error, 5),
                      make_finding("p/a", "R-9", Severity::error, 7)});
  write_run(st, q, "q");
  EXPECT_EQ(violations(), 0);
  auto one = [&c](const std::string& sql) {
    auto s = c.prepare(sql);
    return s.step() ? s.int64(0) : std::int64_t(-1);
  };
  EXPECT_EQ(one("SELECT count(*) FROM observations"), 12);
  EXPECT_EQ(one("SELECT count(*) FROM findings"), 5);
  EXPECT_EQ(one("SELECT count(*) FROM details"), 4) << "night 2's changed evidence and R-9's are a row each";
  // Each of q's observations names its own round's finding, and the details
  // p's last night stored for it.
  auto rows = c.prepare(
      "SELECT f.round_id, o.detail_id, "
      "  (SELECT p.detail_id FROM observations p JOIN runs pr ON pr.id = p.run_id "
      "   WHERE p.finding_id = o.finding_id AND pr.policy_name = 'p' ORDER BY p.run_id DESC LIMIT 1) "
      "FROM observations o JOIN runs r ON r.id = o.run_id JOIN findings f ON f.id = o.finding_id "
      "WHERE r.policy_name = 'q' ORDER BY f.round_id");
  std::vector<std::string> rounds;
  while (rows.step()) {
    rounds.push_back(rows.text(0));
    if (rows.text(0) == "R-9")
      EXPECT_TRUE(rows.is_null(2));
    else
      EXPECT_EQ(rows.int64(1), rows.int64(2)) << rows.text(0);
  }
  EXPECT_EQ(rounds, (std::vector<std::string>{"R-1", "R-2", "R-9"}));
  EXPECT_TRUE(enforced());
  EXPECT_THROW(c.exec("INSERT INTO observations VALUES (99, 12345, 1, 'new', NULL, 'f', 1, 0)"), StoreError);

  // A run given up before its commit: rolled back, and checked again.
  {
    auto again = result_of({make_finding("p/a", "R-1")});
    auto w = st.begin_run(info_of("p"));
    w.compare(again);
    EXPECT_FALSE(enforced()) << "suspended while the run is written";
  }
  EXPECT_TRUE(enforced());
  EXPECT_THROW(c.exec("INSERT INTO observations VALUES (99, 12345, 1, 'new', NULL, 'f', 1, 0)"), StoreError);
  EXPECT_EQ(violations(), 0);
}

TEST(StoreSchema, ReopeningChangesNothing) {
  const auto dir = scratch_dir();
  const auto path = (dir / "s.db").string();
  {
    Store st(path);
    auto r = result_of({make_finding("p/a", "R-1")});
    write_run(st, r);
  }
  const auto before = Sql(path).dump();
  { Store again(path); }
  EXPECT_EQ(Sql(path).dump(), before);
}

// A store of schema 1 (before observations kept the last line of a round's
// rows) is migrated when opened: its runs stay, their findings read as one
// line, and new runs keep the last line.
TEST(StoreSchema, MigratesAStoreOfSchemaOne) {
  const auto dir = scratch_dir();
  const auto path = (dir / "s.db").string();
  {
    Store st(path);
    auto r = result_of({make_finding("p/a", "R-1")});
    write_run(st, r);
  }
  {
    Sql sql(path, false);
    ASSERT_EQ(sql.exec("ALTER TABLE observations DROP COLUMN source_end_line"), "");
    ASSERT_EQ(sql.exec("DROP TRIGGER reviews_no_replace"), "");
    ASSERT_EQ(sql.exec("ALTER TABLE runs DROP COLUMN suppression_needs_two_sides"), "");
    // Version 4: the users and sessions of fairaudit serve.
    ASSERT_EQ(sql.exec("DROP TABLE sessions"), "");
    ASSERT_EQ(sql.exec("DROP TABLE users"), "");
    ASSERT_EQ(sql.exec("PRAGMA user_version = 1"), "");
  }
  Store st(path);
  EXPECT_EQ(Sql(path).number("PRAGMA user_version"), store::latest_schema_version());
  // Version 3: the trail refuses an insert that reuses a review's id.
  EXPECT_EQ(Sql(path).number("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name = 'reviews_no_replace'"),
            1);
  EXPECT_EQ(Sql(path).number("SELECT count(*) FROM observations WHERE source_end_line = 0"), 1);
  // Version 4: a run stored before it asked no two sides for a suppression.
  EXPECT_EQ(Sql(path).number("SELECT count(*) FROM runs WHERE suppression_needs_two_sides = 0"), 1);
  EXPECT_FALSE(st.run_info(1)->suppression_needs_two_sides);
  EXPECT_EQ(Sql(path).number("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('users', 'sessions')"),
            2);
  auto old = st.load_run(1);
  ASSERT_EQ(old.result.findings.size(), 1u);
  EXPECT_EQ(old.result.findings[0].end_line, 0u);
  auto r = result_of({make_finding("p/a", "R-1")});
  r.findings[0].source.line = 4;
  r.findings[0].end_line = 9;
  write_run(st, r);
  EXPECT_EQ(st.load_run(2).result.findings[0].end_line, 9u);
}

TEST(StoreSchema, RefusesANewerSchemaAndForeignFiles) {
  const auto dir = scratch_dir();
  const auto newer = dir / "newer.db";
  { Store st(newer.string()); }
  {
    Sql sql(newer, false);
    ASSERT_EQ(sql.exec("PRAGMA user_version = 99"), "");
  }
  try {
    Store st(newer.string());
    FAIL() << "opened a store of a newer schema";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("newer fairaudit"), std::string::npos) << e.what();
  }

  const auto other = dir / "other.db";
  {
    sqlite3* db = nullptr;
    sqlite3_open(other.c_str(), &db);
    sqlite3_exec(db, "CREATE TABLE contacts (name TEXT)", nullptr, nullptr, nullptr);
    sqlite3_close(db);
  }
  try {
    Store st(other.string());
    FAIL() << "took over another program's database";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("another program"), std::string::npos) << e.what();
  }
  EXPECT_EQ(Sql(other).number("SELECT count(*) FROM sqlite_schema"), 1) << "nothing was added to it";

  const auto text = dir / "notes.txt";
  write_file(text, "this is not a database, it is a text file of some length.........................\n");
  try {
    Store st(text.string());
    FAIL() << "opened a text file";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("not a fairaudit store"), std::string::npos) << e.what();
  }
}

// ---------------------------------------------------------------- comparing runs

TEST(StoreRuns, ComparesWithThePreviousRunOfTheSamePolicyAndSelection) {
  const auto dir = scratch_dir();
  Store st((dir / "s.db").string());
  auto a1 = result_of({make_finding("p/a", "R-1"), make_finding("p/a", "R-2")});
  auto c1 = write_run(st, a1, "oslo");
  EXPECT_FALSE(c1.previous_run);
  EXPECT_EQ(c1.new_findings, 2u);

  // Another policy in between: not compared with, and it resolves nothing of oslo's.
  auto b1 = result_of({make_finding("p/a", "R-9")});
  auto cb = write_run(st, b1, "state");
  EXPECT_FALSE(cb.previous_run);
  // A --org-unit run of oslo: its own series.
  auto s1 = result_of({});
  auto cs = write_run(st, s1, "oslo", "--org-unit oslo/bydel-test");
  EXPECT_FALSE(cs.previous_run);
  EXPECT_EQ(cs.resolved, 0u);

  auto a2 = result_of({make_finding("p/a", "R-2"), make_finding("p/a", "R-3")});
  auto c2 = write_run(st, a2, "oslo");
  ASSERT_TRUE(c2.previous_run);
  EXPECT_EQ(*c2.previous_run, 1);
  EXPECT_EQ(c2.new_findings, 1u);
  EXPECT_EQ(c2.unchanged, 1u);
  EXPECT_EQ(c2.resolved, 1u);
  ASSERT_EQ(c2.absent.size(), 1u);
  EXPECT_EQ(c2.absent[0].finding.round_id, "R-1");
  EXPECT_EQ(c2.absent[0].baseline, BaselineState::absent);
  for (const auto& f : a2.findings) EXPECT_EQ(f.baseline, f.finding.round_id == "R-2" ? BaselineState::unchanged : BaselineState::new_);

  // R-1 comes back: new again (relative to the previous run), first seen stays run 1.
  auto a3 = result_of({make_finding("p/a", "R-1"), make_finding("p/a", "R-2"), make_finding("p/a", "R-3")});
  auto c3 = write_run(st, a3, "oslo");
  EXPECT_EQ(c3.new_findings, 1u);
  EXPECT_EQ(c3.unchanged, 2u);
  auto row = st.finding(a3.findings[0].fingerprint);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->round_id, "R-1");
  EXPECT_EQ(row->first_seen, 1);
  EXPECT_EQ(row->last_seen, 5);
  EXPECT_FALSE(row->resolved);
  EXPECT_EQ(st.observations(row->fingerprint).size(), 2u);

  // The "state" finding is untouched by oslo's runs.
  auto other = st.finding(b1.findings[0].fingerprint);
  ASSERT_TRUE(other);
  EXPECT_FALSE(other->resolved);
}

// A night after a change of policy may resolve every finding of the night
// before: past a few thousand they are not held in memory but read back from
// disk, in order, each labelled absent with its review state.
TEST(StoreRuns, ManyResolvedFindingsAreReadBackInOrderWithTheirReviews) {
  const auto dir = scratch_dir();
  Store st((dir / "s.db").string());
  constexpr int kRounds = 10000;
  std::vector<run::AuditFinding> first;
  char id[16];
  for (int i = 0; i < kRounds; ++i) {
    std::snprintf(id, sizeof id, "R-%05d", i);
    first.push_back(make_finding("p/a", id, i % 3 ? Severity::warning : Severity::error));
  }
  auto r1 = result_of(first);
  write_run(st, r1);
  st.add_review({0, r1.findings[7].fingerprint, "", ReviewState::suppressed, "union", "", "agreed exception"});

  // The second night keeps one round of the first.
  auto r2 = result_of({make_finding("p/a", "R-00042")});
  auto w = st.begin_run(info_of("p"));
  const store::BaselineSummary cmp = w.compare(r2);
  EXPECT_EQ(cmp.resolved, std::uint64_t(kRounds - 1));
  EXPECT_EQ(cmp.unchanged, 1u);
  EXPECT_TRUE(cmp.absent.empty()) << "resolved findings held in memory";
  EXPECT_TRUE(run::any_absent(cmp));
  std::vector<std::string> rounds;
  run::for_each_absent(cmp, [&](const run::AuditFinding& f) {
    rounds.push_back(f.finding.round_id);
    EXPECT_EQ(f.baseline, BaselineState::absent);
    EXPECT_EQ(f.severity, std::stoi(f.finding.round_id.substr(2)) % 3 ? Severity::warning : Severity::error);
    EXPECT_EQ(f.finding.message, "declared: {declared}");
    EXPECT_EQ(f.review_state, f.fingerprint == r1.findings[7].fingerprint ? ReviewState::suppressed : ReviewState::open);
  });
  std::vector<std::string> expected;
  for (int i = 0; i < kRounds; ++i) {
    std::snprintf(id, sizeof id, "R-%05d", i);
    if (i != 42) expected.push_back(id);
  }
  EXPECT_EQ(rounds, expected);
  w.commit(r2, {}, 0);
}

TEST(StoreRuns, AStoredRunComesBackAsItWasWritten) {
  const auto dir = scratch_dir();
  Store st((dir / "s.db").string());
  auto r = result_of({make_finding("p/a", "R-1", Severity::warning, 3), make_finding("p/b", "R-2")});
  r.counts.lines = 40;
  r.counts.rejected = 1;
  r.rejected.push_back({"export.jsonl", 12, "applicants[0].gender", "is not one of …", "schema"});
  auto w = st.begin_run(info_of("p"));
  w.compare(r);
  store::Catalogue rules;
  RuleInfo ri;
  ri.id = "a";
  ri.summary = "summary";
  ri.basis = "basis § 1";
  ri.default_severity = Severity::warning;
  rules["p/a"] = ri;
  w.commit(r, rules, 1);

  auto back = st.load_run(w.run_id());
  ASSERT_EQ(back.result.findings.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    const auto& a = r.findings[i];
    const auto& b = back.result.findings[i];
    EXPECT_EQ(b.fingerprint, a.fingerprint);
    EXPECT_EQ(b.finding.rule, a.finding.rule);
    EXPECT_EQ(b.severity, a.severity);
    EXPECT_EQ(b.finding.message, a.finding.message);
    EXPECT_EQ(store::evidence_to_json(b.finding.evidence), store::evidence_to_json(a.finding.evidence));
    EXPECT_EQ(b.source.line, a.source.line);
    EXPECT_EQ(b.baseline, BaselineState::new_);
    EXPECT_EQ(b.review_state, ReviewState::open);
    EXPECT_TRUE(b.finding.applicants.empty()) << "applicant ids are never stored";
  }
  EXPECT_EQ(back.result.counts.lines, 40u);
  ASSERT_EQ(back.result.rejected.size(), 1u);
  EXPECT_EQ(back.result.rejected[0].path, "applicants[0].gender");
  EXPECT_EQ(back.result.tally["p/a"].breach, 1u);
  ASSERT_EQ(back.result.inputs.size(), 1u);
  EXPECT_EQ(back.result.inputs[0].sha256, "ab12");
  EXPECT_EQ(back.rules.at("p/a").basis, "basis § 1");
  EXPECT_EQ(back.info.exit_code, 1);
}

TEST(StoreRuns, AnUncommittedRunLeavesNothing) {
  const auto dir = scratch_dir();
  Store st((dir / "s.db").string());
  auto r1 = result_of({make_finding("p/a", "R-1")});
  write_run(st, r1);
  const auto before = Sql(dir / "s.db").dump();
  {
    auto r2 = result_of({make_finding("p/a", "R-2")});
    auto w = st.begin_run(info_of("p"));
    w.compare(r2);
    // destroyed without commit (an exception in the caller)
  }
  EXPECT_EQ(Sql(dir / "s.db").dump(), before);
}

TEST(StoreRuns, ASecondWriterGetsAClearMessageAfterTheTimeout) {
  const auto dir = scratch_dir();
  const auto path = (dir / "s.db").string();
  Store first(path);
  auto r = result_of({make_finding("p/a", "R-1")});
  auto w = first.begin_run(info_of("p"));  // holds the write lock
  Store second(path, std::chrono::milliseconds(200));
  try {
    auto w2 = second.begin_run(info_of("p"));
    FAIL() << "two writers at once";
  } catch (const store::StoreBusy& e) {
    EXPECT_NE(std::string(e.what()).find("another fairaudit run"), std::string::npos) << e.what();
  }
  // Readers are not blocked by the writer (WAL).
  EXPECT_FALSE(second.latest_run());
  w.compare(r);
  w.commit(r, {}, 0);
  EXPECT_EQ(second.latest_run(), std::optional<std::int64_t>(1));
}

TEST(StoreRuns, TrendsCountOpenFindingsPerUnitAndRun) {
  const auto dir = scratch_dir();
  Store st((dir / "s.db").string());
  auto r1 = result_of({make_finding("p/a", "R-1"), make_finding("p/a", "R-2", Severity::warning)});
  write_run(st, r1);
  auto r2 = result_of({make_finding("p/a", "R-1")});
  write_run(st, r2);
  auto trends = st.trends(2);
  ASSERT_EQ(trends.size(), 2u);
  EXPECT_EQ(trends[0].run_id, 1);
  EXPECT_EQ(trends[0].error, 1u);
  EXPECT_EQ(trends[0].warning, 1u);
  EXPECT_EQ(trends[1].run_id, 2);
  EXPECT_EQ(trends[1].error, 1u);
  EXPECT_EQ(trends[1].warning, 0u);
  st.add_review({0, r2.findings[0].fingerprint, "", ReviewState::suppressed, "union", "", "agreed exception"});
  trends = st.trends(2);
  EXPECT_EQ(trends[1].error, 0u) << "suppressed findings are not in the trend";
}

// ---------------------------------------------------------------- reviews

TEST(StoreReviews, NeedAJustificationAKnownStateAndRole) {
  const auto dir = scratch_dir();
  Store st((dir / "s.db").string());
  auto r = result_of({make_finding("p/a", "R-1")});
  write_run(st, r);
  const std::string fp = r.findings[0].fingerprint;
  EXPECT_THROW(st.add_review({0, fp, "", ReviewState::suppressed, "union", "", " \t\n"}), StoreError);
  EXPECT_THROW(st.add_review({0, fp, "", ReviewState::open, "union", "", "why"}), StoreError);
  EXPECT_THROW(st.add_review({0, fp, "", ReviewState::suppressed, "manager", "", "why"}), StoreError);
  EXPECT_THROW(st.add_review({0, std::string(32, 'f'), "", ReviewState::suppressed, "union", "", "why"}), StoreError);
  EXPECT_TRUE(st.reviews().empty());
  auto a = st.add_review({0, fp, "", ReviewState::disputed, "hr", "", "first"});
  auto b = st.add_review({0, fp, "", ReviewState::suppressed, "union", "KL", "second"});
  EXPECT_LT(a.id, b.id);
  auto trail = st.reviews(fp);
  ASSERT_EQ(trail.size(), 2u);
  EXPECT_EQ(trail[0].justification, "first");
  EXPECT_EQ(trail[1].reviewer, "KL");
  EXPECT_EQ(st.finding(fp)->review_state, ReviewState::suppressed);
  // Filtering the list by state.
  EXPECT_EQ(st.findings({"", false, ReviewState::suppressed}).size(), 1u);
  EXPECT_EQ(st.findings({"", false, ReviewState::open}).size(), 0u);
}

TEST(StoreReviews, AFingerprintPrefixMustBeUniqueAndLongEnough) {
  const auto dir = scratch_dir();
  Store st((dir / "s.db").string());
  // 1,000 fingerprints over 65,536 four-digit prefixes: some share one (the
  // birthday bound gives a shared prefix with probability 1 - e^-7.6; the
  // fingerprints are fixed, so this test always sees the same ones).
  std::vector<run::AuditFinding> many;
  for (int i = 0; i < 1000; ++i) many.push_back(make_finding("p/a", "R-" + std::to_string(i)));
  auto r = result_of(many);
  write_run(st, r);
  const std::string fp = r.findings[17].fingerprint;
  EXPECT_EQ(st.resolve_fingerprint(fp), fp);
  EXPECT_EQ(st.resolve_fingerprint(fp.substr(0, 12)), fp);
  std::string upper = fp.substr(0, 12);
  for (auto& ch : upper) ch = char(std::toupper(static_cast<unsigned char>(ch)));
  EXPECT_EQ(st.resolve_fingerprint(upper), fp);
  EXPECT_THROW(st.resolve_fingerprint(fp.substr(0, 3)), StoreError);
  EXPECT_THROW(st.resolve_fingerprint("zzzz"), StoreError);
  EXPECT_THROW(st.resolve_fingerprint("0000000000000000000000000000000f"), StoreError);

  std::map<std::string, int> four;
  for (const auto& f : r.findings) ++four[f.fingerprint.substr(0, 4)];
  auto shared = std::find_if(four.begin(), four.end(), [](const auto& e) { return e.second > 1; });
  ASSERT_NE(shared, four.end());
  try {
    st.resolve_fingerprint(shared->first);
    FAIL() << shared->first << " is shared by " << shared->second << " findings";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("ambiguous"), std::string::npos) << e.what();
  }
}

// ---------------------------------------------------------------- codec and exit code

TEST(StoreCodec, EvidenceKeepsEveryKindAndValue) {
  Evidence inner;
  inner.count("selected", 3).count("pool", 4).rate("rate", 0.75);
  Evidence item;
  item.text("group", "woman").count("n", 2);
  Evidence e;
  e.count("declared", 2)
      .number("days", -3)
      .boolean("waived", true)
      .rate("share", 1.0 / 3.0)
      .ratio("impact_ratio", std::numeric_limits<double>::infinity())
      .p_value("p", 1e-300)
      .statistic("z", -1.959963984540054)
      .real("threshold", std::nan(""))
      .text("code", "better_qualified_hired")
      .date("deadline", *Timestamp::parse("2026-04-01"))
      .date("at", *Timestamp::parse("2026-04-01T09:30:00+02:00"))
      .null("missing")
      .object("reference", inner)
      .list("groups", {item, item});
  const std::string json = store::evidence_to_json(e);
  const Evidence back = store::evidence_from_json(json);
  EXPECT_EQ(store::evidence_to_json(back), json);
  ASSERT_EQ(back.entries().size(), e.entries().size());
  for (std::size_t i = 0; i < e.entries().size(); ++i) {
    const auto& [ka, a] = e.entries()[i];
    const auto& [kb, b] = back.entries()[i];
    EXPECT_EQ(ka, kb);
    EXPECT_EQ(int(a.kind), int(b.kind)) << ka;
    EXPECT_EQ(a.i, b.i) << ka;
    EXPECT_EQ(a.b, b.b) << ka;
    if (std::isnan(a.d)) EXPECT_TRUE(std::isnan(b.d)) << ka;
    else EXPECT_EQ(a.d, b.d) << ka << ": bit-exact, so a re-rendered run prints the same digits";
    EXPECT_EQ(a.s, b.s) << ka;
    EXPECT_EQ(a.t, b.t) << ka;
  }
  EXPECT_THROW(store::evidence_from_json(R"([{"key":"n","kind":"count","value":"many"}])"), StoreError);
  EXPECT_THROW(store::evidence_from_json(R"([{"key":"n","kind":"colour","value":1}])"), StoreError);
}

TEST(NightlyExitCode, OnlyNewUnsuppressedFindingsAtTheThresholdFail) {
  auto f = [](Severity s, const char* baseline, const char* review) {
    auto af = make_finding("p/a", "R-1", s);
    af.baseline = common::baseline_from_string(baseline).value();
    af.review_state = common::review_state_from_string(review).value();
    return af;
  };
  auto code = [](std::vector<run::AuditFinding> v, const char* fail_on, std::uint64_t failures = 0) {
    run::RunResult r;
    r.findings = std::move(v);
    r.counts.plugin_failures = failures;
    return cli::nightly_exit_code(r, fail_on);
  };
  EXPECT_EQ(code({f(Severity::error, "unchanged", "open")}, "error"), 0);
  EXPECT_EQ(code({f(Severity::error, "new", "open")}, "error"), 1);
  EXPECT_EQ(code({f(Severity::error, "new", "acknowledged")}, "error"), 1);
  EXPECT_EQ(code({f(Severity::error, "new", "suppressed")}, "error"), 0);
  EXPECT_EQ(code({f(Severity::warning, "new", "open")}, "error"), 0);
  EXPECT_EQ(code({f(Severity::warning, "new", "open")}, "warning"), 1);
  EXPECT_EQ(code({f(Severity::error, "new", "open")}, "never"), 0);
  EXPECT_EQ(code({}, "error", 1), 3);
}

}  // namespace
}  // namespace fairaudit::testing
