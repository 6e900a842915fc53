// The nightly run end to end: the real executable with --store on variants of
// the Oslo fixture, the review commands, the report, a SIGKILL mid-run and
// concurrent runs against one store.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <map>
#include <regex>
#include <sstream>
#include <thread>

#include "common/hash.hpp"
#include "process.hpp"
#include "store/store.hpp"
#include "support.hpp"
#include "test_paths.hpp"

namespace fairaudit::testing {
namespace {

// An HTML report without its trend charts (`<figure … id="chart-trend-N">`)
// and the run times elsewhere in it, which depend on when each run ran.
std::string without_trend_charts(std::string html) {
  const std::string open = "<figure class=\"chart\" id=\"chart-trend-", close = "</figure>";
  for (std::size_t at = html.find(open); at != std::string::npos; at = html.find(open, at)) {
    const std::size_t end = html.find(close, at);
    if (end == std::string::npos) break;
    html.erase(at, end + close.size() - at);
  }
  return std::regex_replace(html, std::regex("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d(:\\d\\dZ)?"), "T");
}


class Nightly : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = scratch_dir();
    policy = write_policy(dir);
    store = dir / "nightly.db";
  }

  fs::path export_file(const std::string& name, const std::vector<std::string>& lines) {
    fs::path p = dir / name;
    write_file(p, join_lines(lines));
    return p;
  }

  Finished audit(const fs::path& input, std::vector<std::string> extra = {}, bool with_store = true) {
    std::vector<std::string> args = {"audit", input.string(), "--policy", policy.string(), "--plugin-dir",
                                     FAIRAUDIT_TEST_PLUGIN_DIR};
    if (with_store) args.insert(args.end(), {"--store", store.string()});
    args.insert(args.end(), extra.begin(), extra.end());
    return run_fairaudit(args);
  }

  Finished review(std::vector<std::string> args) {
    args.insert(args.begin(), "review");
    args.insert(args.end(), {"--store", store.string()});
    return run_fairaudit(args);
  }

  // The fingerprint of the finding of `rule` on `round_id` in a JSON output.
  static std::string fingerprint_of(const rapidjson::Document& d, const std::string& rule, const std::string& round) {
    for (const auto& f : d["findings"].GetArray())
      if (f["rule"].GetString() == rule && f["round_id"].IsString() && f["round_id"].GetString() == round)
        return f["fingerprint"].GetString();
    ADD_FAILURE() << "no " << rule << " finding on " << round;
    return {};
  }

  static const rapidjson::Value* finding(const rapidjson::Document& d, const std::string& fp) {
    for (const auto& f : d["findings"].GetArray())
      if (f["fingerprint"].GetString() == fp) return &f;
    return nullptr;
  }

  fs::path dir, policy, store;
};

std::set<std::string> minus(const std::set<std::string>& a, const std::set<std::string>& b) {
  std::set<std::string> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::inserter(out, out.end()));
  return out;
}

// Three nights on a changing export. The expected new/persisting/resolved
// sets come from an independent reference: the fingerprints of plain runs
// without a store, compared as sets.
TEST_F(Nightly, NewPersistingResolvedAcrossThreeRuns) {
  auto v1 = fixture_lines();
  auto v2 = v1;
  // Night 2: round 0303 (recommendation-sent, error) has left the export, and
  // round 0101, which complied, now has a recommendation without a
  // gender-equality statement (equality-statement, error: a new finding).
  drop_round(v2, "OSL-BST-2026-0303");
  edit_round(v2, "OSL-BGO-2026-0101", "\"equality_statement\":true", "\"equality_statement\":false");
  // Night 3: round 0302 (reserved-position, error) is gone as well; nothing new.
  auto v3 = v2;
  drop_round(v3, "OSL-BST-2026-0302");
  const fs::path in[3] = {export_file("night1.jsonl", v1), export_file("night2.jsonl", v2),
                          export_file("night3.jsonl", v3)};

  std::set<std::string> plain[3];
  for (int i = 0; i < 3; ++i) {
    auto r = audit(in[i], {"--format", "json"}, false);
    ASSERT_NE(r.exit_code, 2) << r.err;
    plain[i] = fingerprints(parse_json(r.out));
  }
  // Without a store every night fails on its (persisting) errors.
  EXPECT_EQ(audit(in[2], {}, false).exit_code, 1);

  rapidjson::Document night[3];
  int exit_code[3];
  for (int i = 0; i < 3; ++i) {
    auto r = audit(in[i], {"--format", "json"});
    exit_code[i] = r.exit_code;
    night[i] = parse_json(r.out);
    ASSERT_TRUE(night[i].HasMember("baseline")) << r.err;
  }

  // Night 1: everything is new.
  const auto& b1 = night[0]["baseline"];
  EXPECT_TRUE(b1["previous_run"].IsNull());
  EXPECT_EQ(b1["new"].GetUint64(), plain[0].size());
  EXPECT_EQ(b1["persisting"].GetUint64(), 0u);
  EXPECT_EQ(b1["resolved"].GetUint64(), 0u);
  EXPECT_EQ(exit_code[0], 1);  // new errors

  for (int i = 1; i < 3; ++i) {
    SCOPED_TRACE("night " + std::to_string(i + 1));
    const auto expect_new = minus(plain[i], plain[i - 1]);
    const auto expect_resolved = minus(plain[i - 1], plain[i]);
    const auto& b = night[i]["baseline"];
    EXPECT_EQ(std::string(b["previous_run"].GetString()), night[i - 1]["baseline"]["run"].GetString());
    EXPECT_EQ(b["new"].GetUint64(), expect_new.size());
    EXPECT_EQ(b["persisting"].GetUint64(), plain[i].size() - expect_new.size());
    EXPECT_EQ(b["resolved"].GetUint64(), expect_resolved.size());
    std::set<std::string> labelled_new, resolved;
    for (const auto& f : night[i]["findings"].GetArray())
      if (std::string(f["baseline"].GetString()) == "new") labelled_new.insert(f["fingerprint"].GetString());
    for (const auto& f : b["resolved_findings"].GetArray()) resolved.insert(f["fingerprint"].GetString());
    EXPECT_EQ(labelled_new, expect_new);
    EXPECT_EQ(resolved, expect_resolved);
  }

  // The planted changes, by name.
  const std::string added = fingerprint_of(night[1], "oslo-hiring-policy/equality-statement", "OSL-BGO-2026-0101");
  EXPECT_EQ(minus(plain[1], plain[0]), std::set<std::string>{added});
  EXPECT_EQ(std::string((*finding(night[1], added))["baseline"].GetString()), "new");
  EXPECT_EQ(std::string((*finding(night[2], added))["baseline"].GetString()), "unchanged");
  const std::string gone = fingerprint_of(night[0], "oslo-hiring-policy/recommendation-sent", "OSL-BST-2026-0303");
  EXPECT_EQ(minus(plain[0], plain[1]), std::set<std::string>{gone});

  // Exit codes count only new findings: night 2 has a new error, night 3
  // nothing new although errors persist.
  EXPECT_EQ(exit_code[1], 1);
  EXPECT_EQ(exit_code[2], 0);
  EXPECT_EQ(night[2]["summary"]["exit_code"].GetInt(), 0);

  // History in the store: first and last seen, resolved by the run that no longer found it.
  Sql sql(store);
  auto history = [&](const std::string& fp) {
    return sql.query("SELECT first_seen, last_seen, resolved FROM tracking JOIN findings ON id = finding_id "
                     "WHERE fingerprint = '" + fp + "'");
  };
  EXPECT_EQ(history(gone), "1|1|2\n");
  EXPECT_EQ(history(added), "2|3|NULL\n");
  EXPECT_EQ(sql.number("SELECT count(*) FROM observations JOIN findings ON id = finding_id WHERE fingerprint = '" +
                       added + "'"),
            2);
  EXPECT_EQ(sql.query("SELECT id, previous_run, exit_code FROM runs ORDER BY id"), "1|NULL|1\n2|1|1\n3|2|0\n");

  // The text summary says the same.
  auto text = run_fairaudit({"report", "--store", store.string(), "--run", "2"});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("Run 2, since run 1: 1 new, " + std::to_string(plain[1].size() - 1) +
                          " persisting, 1 resolved, 0 suppressed."),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("Resolved since run 1"), std::string::npos);
}

// A finding that a union suppressed keeps appearing, marked, with its
// justification, in every format; it is counted apart and never fails a run,
// even when it comes back as new.
TEST_F(Nightly, SuppressionShownAndCountedApart) {
  auto full = fixture_lines();
  auto without = full;
  drop_round(without, "OSL-BST-2026-0304");
  const auto in_full = export_file("full.jsonl", full), in_without = export_file("without.jsonl", without);

  auto first = audit(in_full, {"--format", "json"});
  ASSERT_EQ(first.exit_code, 1) << first.err;
  auto d1 = parse_json(first.out);
  const std::string fp = fingerprint_of(d1, "oslo-hiring-policy/equality-statement", "OSL-BST-2026-0304");
  ASSERT_EQ(std::string((*finding(d1, fp))["severity"].GetString()), "error");

  // A review without a justification is refused and leaves no trace.
  auto refused = review({"set", fp.substr(0, 8), "--state", "suppressed", "--role", "union", "--justification", "  "});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("justification"), std::string::npos) << refused.err;
  EXPECT_EQ(Sql(store).number("SELECT count(*) FROM reviews"), 0);

  const std::string why = "Statement given orally in the MBU meeting, minutes item 7";
  auto set = review({"set", fp.substr(0, 8), "--state", "suppressed", "--role", "union", "--justification", why});
  ASSERT_EQ(set.exit_code, 0) << set.err;

  // Night 2: the round is gone (resolved); night 3: it is back, so new, but suppressed.
  ASSERT_NE(audit(in_without).exit_code, 2);
  auto third = audit(in_full, {"--format", "json"});
  auto d3 = parse_json(third.out);
  const auto* f = finding(d3, fp);
  ASSERT_NE(f, nullptr) << "a suppressed finding is still reported";
  EXPECT_EQ(std::string((*f)["baseline"].GetString()), "new");
  EXPECT_EQ(std::string((*f)["review"]["state"].GetString()), "suppressed");
  EXPECT_EQ(std::string((*f)["review"]["justification"].GetString()), why);
  EXPECT_EQ(d3["baseline"]["new"].GetUint64(), 0u) << "suppressed findings are counted apart";
  EXPECT_EQ(d3["baseline"]["suppressed"].GetUint64(), 1u);
  EXPECT_EQ(d3["summary"]["suppressed"].GetUint64(), 1u);
  std::uint64_t errors = 0;
  for (const auto& g : d3["findings"].GetArray())
    if (std::string(g["severity"].GetString()) == "error") ++errors;
  EXPECT_EQ(d3["summary"]["error"].GetUint64(), errors - 1) << "the open errors exclude the suppressed one";
  EXPECT_EQ(third.exit_code, 0) << "the only new finding is suppressed: it never fails the run";

  // Text: marked, with the justification; counted apart in the summary.
  auto text = run_fairaudit({"report", "--store", store.string()});
  EXPECT_NE(text.out.find("[suppressed]"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("review: suppressed: " + why), std::string::npos);
  EXPECT_NE(text.out.find("1 suppressed by review, not counted"), std::string::npos);
  // SARIF: an external suppression with the justification.
  auto sarif = parse_json(run_fairaudit({"report", "--store", store.string(), "--format", "sarif"}).out);
  int suppressed_results = 0;
  for (const auto& r : sarif["runs"][0]["results"].GetArray()) {
    if (!r.HasMember("suppressions") || r["suppressions"].Empty()) continue;
    ++suppressed_results;
    EXPECT_EQ(std::string(r["suppressions"][0]["justification"].GetString()), why);
    EXPECT_EQ(std::string(r["suppressions"][0]["kind"].GetString()), "external");
  }
  EXPECT_EQ(suppressed_results, 1);
  // CSV: the row is there, with its state and justification.
  auto csv = run_fairaudit({"report", "--store", store.string(), "--format", "csv"}).out;
  EXPECT_NE(csv.find(fp), std::string::npos);
  EXPECT_NE(csv.find("suppressed"), std::string::npos);
  EXPECT_NE(csv.find(why), std::string::npos);
  // review list shows it with its state.
  auto list = review({"list", "--state", "suppressed"});
  EXPECT_NE(list.out.find(fp.substr(0, 12)), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("1 finding: 1 suppressed."), std::string::npos) << list.out;
}

// Each review is appended; the trail is kept whole and in order, and the
// database itself refuses to change or delete a review.
TEST_F(Nightly, ReviewTrailIsAppendOnly) {
  auto r = audit(export_file("night.jsonl", fixture_lines()), {"--format", "json"});
  auto d = parse_json(r.out);
  const std::string fp = fingerprint_of(d, "oslo-hiring-policy/moderate-quota", "OSL-BGL-2026-0204");
  ASSERT_EQ(review({"set", fp, "--state", "disputed", "--role", "hr", "--justification",
                    "The unit head recorded the reason in the paper file"}).exit_code, 0);
  ASSERT_EQ(review({"set", fp.substr(0, 6), "--state", "acknowledged", "--role", "representative",
                    "--justification", "No reason was recorded in the ATS; agreed to fix the routine", "--by", "AB"})
                .exit_code, 0);

  auto history = review({"history", fp.substr(0, 10)});
  ASSERT_EQ(history.exit_code, 0) << history.err;
  const auto disputed = history.out.find("disputed"), acknowledged = history.out.find("acknowledged");
  ASSERT_NE(disputed, std::string::npos) << history.out;
  ASSERT_NE(acknowledged, std::string::npos);
  EXPECT_LT(disputed, acknowledged) << "oldest first";
  auto show = review({"show", fp.substr(0, 10)});
  EXPECT_NE(show.out.find("review:   acknowledged (representative"), std::string::npos) << show.out;

  // Through SQL, bypassing fairaudit: the triggers refuse.
  Sql sql(store, false);
  const std::string before = sql.query("SELECT * FROM reviews ORDER BY id");
  EXPECT_NE(sql.exec("UPDATE reviews SET justification = 'changed' WHERE id = 1").find("append-only"),
            std::string::npos);
  EXPECT_NE(sql.exec("DELETE FROM reviews WHERE id = 1").find("append-only"), std::string::npos);
  EXPECT_NE(sql.exec("INSERT INTO reviews (fingerprint, at, state, role, justification) VALUES ('" + fp +
                     "', 'now', 'suppressed', 'union', '   ')"),
            "") << "a blank justification violates the CHECK constraint";
  EXPECT_EQ(sql.query("SELECT * FROM reviews ORDER BY id"), before);
  EXPECT_EQ(sql.number("SELECT count(*) FROM reviews"), 2);
}

// The same through the sqlite3 shell, as someone with the file would try it:
// every way of putting another row in a kept review's place is refused
// (REPLACE deletes the old row without firing a DELETE trigger), and adding a
// new review still works.
TEST_F(Nightly, ReviewTrailRefusesReplaceFromTheSqliteShell) {
  auto r = audit(export_file("night.jsonl", fixture_lines()), {"--format", "json"});
  const std::string fp = fingerprint_of(parse_json(r.out), "oslo-hiring-policy/moderate-quota", "OSL-BGL-2026-0204");
  ASSERT_EQ(review({"set", fp, "--state", "disputed", "--role", "hr", "--justification",
                    "The unit head recorded the reason in the paper file"}).exit_code, 0);
  const auto shell = [&](const std::string& statement) { return run_program("sqlite3", {store.string(), statement}); };
  const std::string before = shell("SELECT * FROM reviews ORDER BY id").out;
  ASSERT_NE(before.find("disputed"), std::string::npos) << before;

  const std::string row = "(1, '" + fp + "', '2026-12-01T00:00:00Z', 'resolved', 'hr', 'replaced behind the union')";
  const std::vector<std::string> attempts = {
      "INSERT OR REPLACE INTO reviews (id, fingerprint, at, state, role, justification) VALUES " + row,
      "REPLACE INTO reviews (id, fingerprint, at, state, role, justification) VALUES " + row,
      "INSERT INTO reviews (id, fingerprint, at, state, role, justification) VALUES " + row +
          " ON CONFLICT(id) DO UPDATE SET state = excluded.state, justification = excluded.justification",
      "UPDATE OR REPLACE reviews SET state = 'resolved' WHERE id = 1",
      "DELETE FROM reviews",
      // Before the first review: backdated in the trail's order.
      "INSERT INTO reviews (id, fingerprint, at, state, role, justification) VALUES (-5, '" + fp +
          "', '2020-01-01T00:00:00Z', 'resolved', 'union', 'backdated')",
  };
  for (const auto& sql : attempts) {
    SCOPED_TRACE(sql);
    auto out = shell(sql);
    EXPECT_NE(out.exit_code, 0);
    EXPECT_NE(out.err.find("append-only"), std::string::npos) << out.err;
    EXPECT_EQ(shell("SELECT * FROM reviews ORDER BY id").out, before);
  }
  // Appending is what the trail is for.
  auto added = shell("INSERT INTO reviews (fingerprint, at, state, role, justification) VALUES ('" + fp +
                     "', '2026-12-01T00:00:00Z', 'acknowledged', 'union', 'Seen at the MBU meeting')");
  EXPECT_EQ(added.exit_code, 0) << added.err;
  EXPECT_EQ(shell("SELECT count(*) FROM reviews").out, "2\n");

  // A guard dropped through the shell, and a review deleted: the next
  // command that opens the store says so, and makes the guard again.
  ASSERT_EQ(shell("DROP TRIGGER reviews_no_delete; DELETE FROM reviews WHERE id = 1").exit_code, 0);
  auto history = review({"history", fp.substr(0, 10)});
  EXPECT_EQ(history.exit_code, 0) << history.err;
  EXPECT_NE(history.err.find("guard reviews_no_delete was removed from it outside fairaudit"), std::string::npos)
      << history.err;
  auto again = shell("DELETE FROM reviews");
  EXPECT_NE(again.err.find("append-only"), std::string::npos) << again.err;
  EXPECT_EQ(shell("SELECT count(*) FROM reviews").out, "1\n");
}

// `report` renders a stored run again: byte-identical to what the audit wrote
// for the same audience.
TEST_F(Nightly, ReportRendersTheStoredRunAgain) {
  const auto in = export_file("night.jsonl", fixture_lines());
  for (const char* audience : {"representative", "union"}) {
    SCOPED_TRACE(audience);
    auto live = audit(in, {"--format", "json", "--audience", audience});
    ASSERT_NE(live.exit_code, 2) << live.err;
    auto again = run_fairaudit({"report", "--store", store.string(), "--run", "latest", "--format", "json",
                                "--audience", audience});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_EQ(again.out, live.out);
  }
  auto text_live = audit(in, {"--format", "text"});
  auto text_again = run_fairaudit({"report", "--store", store.string()});
  EXPECT_EQ(text_again.out, text_live.out);

  auto missing = run_fairaudit({"report", "--store", store.string(), "--run", "42"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("no run 42"), std::string::npos) << missing.err;
  auto no_store = run_fairaudit({"report", "--store", (dir / "absent.db").string()});
  EXPECT_EQ(no_store.exit_code, 2);
  EXPECT_FALSE(fs::exists(dir / "absent.db")) << "report never creates a store";
}

// The store's state, and a check that SQLite finds the file sound.
struct State {
  std::string dump, integrity;
  std::int64_t runs = 0;
};
State state_of(const fs::path& store) {
  Sql sql(store);
  return {sql.dump(), sql.query("PRAGMA integrity_check"), sql.number("SELECT count(*) FROM runs")};
}

// SIGKILL while the export is being read (the progress line says how far):
// the store keeps exactly the previous state and stays usable.
TEST_F(Nightly, KillMidRunLeavesThePreviousState) {
  const auto small = export_file("night.jsonl", fixture_lines());
  ASSERT_EQ(audit(small).exit_code, 1);
  auto d = parse_json(run_fairaudit({"report", "--store", store.string(), "--format", "json"}).out);
  ASSERT_EQ(review({"set", d["findings"][0]["fingerprint"].GetString(), "--state", "acknowledged", "--role", "hr",
                    "--justification", "Known; the routine is being revised"})
                .exit_code, 0);
  const State before = state_of(store);
  ASSERT_EQ(before.integrity, "ok\n");

  const fs::path large = dir / "large.jsonl";
  write_large_export(large, 300);  // about 40 MB
  Background run({"audit", large.string(), "--policy", policy.string(), "--plugin-dir", FAIRAUDIT_TEST_PLUGIN_DIR,
                  "--store", store.string(), "--progress", "always", "--threads", "1"});
  std::string line, seen;
  bool killed = false;
  while (run.read_line(line)) {
    seen += line + "\n";
    const auto pct = line.find('%');
    if (pct != std::string::npos && pct >= 3 && std::stoi(line.substr(pct - 3, 3)) >= 20) {
      run.kill_now(SIGKILL);
      killed = true;
      break;
    }
  }
  ASSERT_TRUE(killed) << "no progress line reached 20%:\n" << seen;
  auto end = run.wait();
  EXPECT_EQ(end.signal, SIGKILL);

  const State after = state_of(store);
  EXPECT_EQ(after.integrity, "ok\n");
  EXPECT_EQ(after.runs, before.runs);
  EXPECT_EQ(after.dump, before.dump) << "the killed run left something behind";

  // The store is usable: the next run compares with run 1.
  auto next = audit(small, {"--format", "json"});
  EXPECT_EQ(next.exit_code, 0) << next.err;
  auto nd = parse_json(next.out);
  EXPECT_STREQ(nd["baseline"]["previous_run"].GetString(), "1");
  EXPECT_EQ(nd["baseline"]["new"].GetUint64(), 0u);
}

// SIGKILL inside the store's own transaction: the test watches the store's
// write lock (an SQL shell would see the same) and kills the run the moment
// it holds it. The file stays sound and holds the previous state exactly; a
// run that got to commit first leaves the previous state plus the whole run.
TEST_F(Nightly, KillInsideTheStoreTransactionIsAllOrNothing) {
  const auto small = export_file("night.jsonl", fixture_lines());
  ASSERT_EQ(audit(small).exit_code, 1);
  const fs::path large = dir / "large.jsonl";
  write_large_export(large, 400);  // about 7,000 findings to write

  int killed_inside = 0, committed = 0;
  for (int attempt = 0; attempt < 3; ++attempt) {
    SCOPED_TRACE("attempt " + std::to_string(attempt));
    const State before = state_of(store);
    Background run({"audit", large.string(), "--policy", policy.string(), "--plugin-dir", FAIRAUDIT_TEST_PLUGIN_DIR,
                    "--store", store.string(), "--threads", "1"});
    bool held = false;
    {
      Sql probe(store, false);
      sqlite3_busy_timeout(probe.db(), 0);
      const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(120);
      while (std::chrono::steady_clock::now() < give_up) {
        if (probe.exec("BEGIN IMMEDIATE").empty()) {
          probe.exec("ROLLBACK");
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
          continue;
        }
        run.kill_now(SIGKILL);  // the run holds the write lock: its transaction is open
        held = true;
        break;
      }
    }
    ASSERT_TRUE(held) << "the run never took the write lock";
    EXPECT_EQ(run.wait().signal, SIGKILL);

    const State after = state_of(store);
    ASSERT_EQ(after.integrity, "ok\n");
    if (after.runs == before.runs) {
      EXPECT_EQ(after.dump, before.dump);
      ++killed_inside;
    } else {
      // It committed between the look at the lock and the kill: then it is whole.
      ASSERT_EQ(after.runs, before.runs + 1);
      Sql sql(store);
      EXPECT_EQ(sql.number("SELECT count(*) FROM runs WHERE finished_at IS NULL"), 0);
      EXPECT_EQ(sql.number("SELECT findings FROM runs ORDER BY id DESC LIMIT 1"),
                sql.number("SELECT count(*) FROM observations WHERE run_id = (SELECT max(id) FROM runs)"));
      ++committed;
    }
  }
  std::printf("[ kills ] %d inside the transaction left the previous state; %d came just after the commit\n",
              killed_inside, committed);
  EXPECT_GE(killed_inside, 2);

  // And the store goes on: the next run compares with the last committed one.
  auto next = audit(small, {"--format", "json"});
  EXPECT_NE(next.exit_code, 2) << next.err;
  EXPECT_EQ(Sql(store).query("PRAGMA integrity_check"), "ok\n");
}

// A run is stored only once its output is in place (docs/nightly.md): a
// kill after the output was renamed into place and before the store's
// commit (FAIRAUDIT_TEST_KILL_BEFORE_STORE_COMMIT stops exactly there)
// leaves the store as it was, so the findings that night showed as new are
// new again the next night, not "persisting" from a run nobody saw.
TEST_F(Nightly, KillBetweenTheOutputAndTheStoreCommitStoresNothing) {
  auto v1 = fixture_lines();
  auto v2 = v1;
  edit_round(v2, "OSL-BGO-2026-0101", "\"equality_statement\":true", "\"equality_statement\":false");
  const auto night1 = export_file("night1.jsonl", v1);
  const auto night2 = export_file("night2.jsonl", v2);
  ASSERT_EQ(audit(night1).exit_code, 1);
  const State before = state_of(store);

  const fs::path out = dir / "night2.json";
  ::setenv("FAIRAUDIT_TEST_KILL_BEFORE_STORE_COMMIT", "1", 1);
  auto killed = audit(night2, {"--format", "json", "--output", out.string()});
  ::unsetenv("FAIRAUDIT_TEST_KILL_BEFORE_STORE_COMMIT");
  EXPECT_EQ(killed.signal, SIGKILL) << killed.err;
  ASSERT_TRUE(fs::exists(out)) << "the output was not in place before the store's commit";
  auto shown = parse_json(read_file(out));
  const std::uint64_t shown_new = shown["baseline"]["new"].GetUint64();
  EXPECT_GE(shown_new, 1u);

  const State after = state_of(store);
  EXPECT_EQ(after.integrity, "ok\n");
  EXPECT_EQ(after.runs, before.runs);
  EXPECT_EQ(after.dump, before.dump) << "the killed run left something in the store";

  // The next night compares with night 1 and shows the same new findings.
  auto next = audit(night2, {"--format", "json"});
  ASSERT_NE(next.exit_code, 2) << next.err;
  auto nd = parse_json(next.out);
  EXPECT_STREQ(nd["baseline"]["previous_run"].GetString(), "1");
  EXPECT_EQ(nd["baseline"]["new"].GetUint64(), shown_new);
  EXPECT_TRUE(nd["findings"] == shown["findings"]) << "the next night labels its findings otherwise";
}

// Findings kept on disk (FAIRAUDIT_SPILL_FINDINGS) are compared, stored and
// labelled as a stream: over two nights with a suppressed, a new, a changed
// and a resolved finding, every format and the store itself (its details'
// digests too) are the same as with the findings kept in memory.
TEST_F(Nightly, FindingsKeptOnDiskGiveTheSameNightsAndTheSameStore) {
  auto v1 = fixture_lines();
  auto v2 = v1;
  drop_round(v2, "OSL-BST-2026-0303");
  edit_round(v2, "OSL-BGO-2026-0101", "\"equality_statement\":true", "\"equality_statement\":false");
  const fs::path in[2] = {export_file("night1.jsonl", v1), export_file("night2.jsonl", v2)};
  const fs::path stores[2] = {dir / "memory.db", dir / "disk.db"};
  const char* chunks[2] = {"0", "3"};
  std::map<std::string, std::string> outputs[2];
  for (int mode = 0; mode < 2; ++mode) {
    store = stores[mode];
    ::setenv("FAIRAUDIT_SPILL_FINDINGS", chunks[mode], 1);
    ASSERT_EQ(audit(in[0]).exit_code, 1);
    auto d = parse_json(run_fairaudit({"report", "--store", store.string(), "--format", "json"}).out);
    std::string fp;
    for (const auto& f : d["findings"].GetArray())
      if (std::string(f["round_id"].IsString() ? f["round_id"].GetString() : "") == "OSL-BST-2026-0302")
        fp = f["fingerprint"].GetString();
    ASSERT_FALSE(fp.empty());
    ASSERT_EQ(review({"set", fp, "--state", "suppressed", "--role", "hr", "--justification", "Agreed exception"})
                  .exit_code, 0);
    // Night 2 in every format, each against a copy of the store after night 1.
    for (const char* format : {"json", "sarif", "text", "csv", "html"}) {
      const fs::path copy = dir / (std::string("night2-") + chunks[mode] + "-" + format + ".db");
      fs::copy_file(store, copy, fs::copy_options::overwrite_existing);
      const fs::path keep = store;
      store = copy;
      auto r = audit(in[1], {"--format", format, "--audience", "internal", "--include-resolved"});
      store = keep;
      EXPECT_NE(r.exit_code, 2) << format << ": " << r.err;
      // The HTML's trend charts place and name the runs by the time they
      // ran, which differs between the two stores: compared without them.
      outputs[mode][format] = std::string(format) == "html" ? without_trend_charts(r.out) : r.out;
      outputs[mode][std::string(format) + " exit"] = std::to_string(r.exit_code);
      // The store as the run left it, without the times it was written at.
      outputs[mode][std::string(format) + " store"] =
          Sql(copy).query("SELECT baseline, finding_id, detail_id, source_line FROM observations ORDER BY run_id, "
                          "finding_id") +
          Sql(copy).query("SELECT findings, new_findings, unchanged_findings, resolved_findings, suppressed_findings, "
                          "exit_code FROM runs ORDER BY id") +
          Sql(copy).query("SELECT finding_id, first_seen, last_seen, resolved FROM tracking ORDER BY finding_id") +
          // The details as stored, digest and evidence: with findings on
          // disk they are made on the shared reading's thread.
          Sql(copy).query("SELECT id, digest, severity, message, evidence, basis FROM details ORDER BY id");
    }
  }
  ::unsetenv("FAIRAUDIT_SPILL_FINDINGS");
  ASSERT_FALSE(outputs[0]["json"].empty());
  EXPECT_NE(outputs[0]["text"].find("suppressed"), std::string::npos);
  for (const auto& [what, memory] : outputs[0])
    EXPECT_TRUE(outputs[1][what] == memory) << what << " differs when findings are kept on disk";
}

// A details row's digest is the SHA-256 of what the row says, its severity,
// message, evidence and basis joined by US (0x1F), so that the same details
// are stored once night after night, and a store written by another build
// or on another thread finds its rows again: checked on every row of two
// nights, with the findings kept in memory and kept on disk (where the
// digest is made on the shared reading's thread).
TEST_F(Nightly, EveryDetailsDigestIsTheSha256OfWhatItsRowSays) {
  auto v2 = fixture_lines();
  edit_round(v2, "OSL-BGO-2026-0101", "\"equality_statement\":true", "\"equality_statement\":false");
  const fs::path in[2] = {export_file("night1.jsonl", fixture_lines()), export_file("night2.jsonl", v2)};
  for (const char* chunk : {"0", "3"}) {
    store = dir / (std::string("digests-") + chunk + ".db");
    ::setenv("FAIRAUDIT_SPILL_FINDINGS", chunk, 1);
    for (const auto& night : in) ASSERT_NE(audit(night, {"--format", "sarif"}).exit_code, 2);
    Sql sql(store);
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(sql.db(), "SELECT digest, severity, message, evidence, basis FROM details", -1, &st,
                                 nullptr),
              SQLITE_OK);
    int rows = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
      const auto col = [&](int i) {
        return std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, i)), std::size_t(sqlite3_column_bytes(st, i)));
      };
      const std::string material = col(1) + "\x1f" + col(2) + "\x1f" + col(3) + "\x1f" + col(4);
      EXPECT_EQ(col(0), common::sha256_hex(material)) << "chunk " << chunk << ": " << col(2);
      ++rows;
    }
    sqlite3_finalize(st);
    EXPECT_GT(rows, 20) << chunk;
  }
  ::unsetenv("FAIRAUDIT_SPILL_FINDINGS");
}

// Runs started at the same moment against one store queue on the write lock;
// each compares with the run committed just before it, none is lost.
TEST_F(Nightly, ConcurrentRunsQueueAndChain) {
  const auto in = export_file("night.jsonl", fixture_lines());
  constexpr int kRuns = 4;
  std::vector<std::future<Finished>> runs;
  for (int i = 0; i < kRuns; ++i)
    runs.push_back(std::async(std::launch::async, [&] { return audit(in, {"--format", "json"}); }));
  int first_runs = 0;
  for (auto& f : runs) {
    auto r = f.get();
    ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;
    auto d = parse_json(r.out);
    if (d["baseline"]["previous_run"].IsNull()) {
      ++first_runs;
      EXPECT_EQ(r.exit_code, 1);
    } else {
      EXPECT_EQ(d["baseline"]["new"].GetUint64(), 0u);
      EXPECT_EQ(r.exit_code, 0);
    }
  }
  EXPECT_EQ(first_runs, 1);
  Sql sql(store);
  EXPECT_EQ(sql.query("PRAGMA integrity_check"), "ok\n");
  EXPECT_EQ(sql.number("SELECT count(*) FROM runs"), kRuns);
  // A chain: every run but the first names the one before it.
  EXPECT_EQ(sql.number("SELECT count(*) FROM runs WHERE previous_run = id - 1"), kRuns - 1);
  EXPECT_EQ(sql.number("SELECT count(DISTINCT run_id) FROM observations"), kRuns);
}

// A run that finds the store locked by another writer waits for it.
TEST_F(Nightly, RunWaitsForAnotherWriter) {
  const auto in = export_file("night.jsonl", fixture_lines());
  ASSERT_EQ(audit(in).exit_code, 1);
  Sql holder(store, false);
  ASSERT_EQ(holder.exec("BEGIN IMMEDIATE"), "");
  const auto start = std::chrono::steady_clock::now();
  auto pending = std::async(std::launch::async, [&] { return audit(in); });
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  ASSERT_EQ(pending.wait_for(std::chrono::seconds(0)), std::future_status::timeout) << "it did not wait";
  ASSERT_EQ(holder.exec("COMMIT"), "");
  auto r = pending.get();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(1500));
  EXPECT_EQ(Sql(store).number("SELECT count(*) FROM runs"), 2);
}

// Logs and the progress line go to stderr; findings alone to stdout.
TEST_F(Nightly, ProgressGoesToStderrOnly) {
  const fs::path large = dir / "large.jsonl";
  write_large_export(large, 40);
  auto quiet = audit(large, {"--format", "json"}, false);
  auto loud = audit(large, {"--format", "json", "--progress", "always"}, false);
  EXPECT_EQ(loud.out, quiet.out);
  EXPECT_EQ(quiet.err.find("fairaudit: ["), std::string::npos) << "auto: stderr is not a terminal here";
  EXPECT_NE(loud.err.find("100%"), std::string::npos) << loud.err;
  EXPECT_NE(loud.err.find("all read in"), std::string::npos);
}

// The report's trend shows each run as it was: a review made after a run
// does not rewrite that run's point (Store::trend_states reads the review
// trail as of each run's end), while the states it gives add up to the
// findings each run had.
TEST_F(Nightly, TrendStatesAreAsOfEachRun) {
  auto v1 = fixture_lines();
  auto v2 = v1;
  drop_round(v2, "OSL-BST-2026-0303");
  const fs::path in1 = export_file("night1.jsonl", v1), in2 = export_file("night2.jsonl", v2);
  const auto j1 = parse_json(audit(in1, {"--format", "json"}).out);
  const auto j2 = parse_json(audit(in2, {"--format", "json"}).out);
  const auto f1 = fingerprints(j1), f2 = fingerprints(j2);
  std::uint64_t gone = 0;
  for (const auto& fp : f1) gone += !f2.count(fp);
  ASSERT_GT(gone, 0u);
  // After night 2, one of its findings is suppressed; then night 3.
  // Reviews and runs are timed to the second: the review comes a second after night 2.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  const std::string fp = *f2.begin();
  std::string unit;
  for (const auto& f : j2["findings"].GetArray())
    if (f["fingerprint"].GetString() == fp) unit = f["org_unit"].IsString() ? f["org_unit"].GetString() : "";
  ASSERT_EQ(review({"set", fp, "--state", "suppressed", "--role", "hr", "--justification", "Agreed exception"})
                .exit_code, 0);
  audit(in2, {"--format", "json"});

  store::Store st(store.string());
  const auto points = st.trend_states(3);
  std::map<std::int64_t, run::TrendPoint> total;
  std::map<std::int64_t, std::uint64_t> suppressed_in_unit;
  for (const auto& p : points) {
    auto& t = total[p.run_id];
    t.fresh += p.fresh, t.persisting += p.persisting, t.resolved += p.resolved, t.suppressed += p.suppressed;
    if (p.org_unit == unit) suppressed_in_unit[p.run_id] += p.suppressed;
  }
  ASSERT_EQ(total.size(), 3u);
  EXPECT_EQ(total[1].fresh, f1.size());
  EXPECT_EQ(total[1].persisting + total[1].resolved + total[1].suppressed, 0u);
  EXPECT_EQ(total[2].fresh + total[2].persisting, f2.size()) << "night 2 as it was: nothing suppressed yet";
  EXPECT_EQ(total[2].suppressed, 0u);
  EXPECT_EQ(total[2].resolved, gone);
  EXPECT_EQ(total[3].suppressed, 1u);
  EXPECT_EQ(suppressed_in_unit[3], 1u);
  EXPECT_EQ(total[3].fresh + total[3].persisting + total[3].suppressed, f2.size());
  EXPECT_EQ(total[3].resolved, 0u);
  // Today's states (Store::trends) leave the finding out of night 2 as well.
  std::uint64_t open2 = 0;
  for (const auto& p : st.trends(3))
    if (p.run_id == 2) open2 += p.error + p.warning + p.note;
  EXPECT_EQ(open2, f2.size() - 1);
}

// Thousands of findings a night, as a generated export gives: the merge of
// this night's findings with the previous night's rows, read ahead in
// batches, labels each finding as the sets of fingerprints say, whatever
// the batches' edges. Checked against SQL over the store's observations
// (an independent reference): a finding is unchanged exactly when the
// previous run observed it, and the previous run's findings this one lacks
// are the resolved ones.
TEST_F(Nightly, ThousandsOfFindingsAreLabelledAsTheirFingerprintsSay) {
#if !defined(FAIRAUDIT_TEST_GENERATOR)
  GTEST_SKIP() << "the generator (bench/gen) is not built in this tree (-DFAIRAUDIT_BUILD_BENCH=OFF)";
#else
  const fs::path first = dir / "night1.jsonl";
  const std::string gen =
      std::string(FAIRAUDIT_TEST_GENERATOR) + " --applications 20000 --seed 5 -q -o " + first.string();
  ASSERT_EQ(std::system(gen.c_str()), 0) << gen;
  // The second night lacks every seventh line (their rounds' findings are
  // resolved) and has the first 150 rounds again under other ids (new).
  std::vector<std::string> lines, second;
  {
    std::istringstream in(read_file(first.string()));
    for (std::string l; std::getline(in, l);) lines.push_back(l);
  }
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (i % 7 != 3) second.push_back(lines[i]);
  for (std::size_t i = 0, again = 0; i < lines.size() && again < 150; ++i)
    if (const auto at = lines[i].find("\"round_id\":\""); at != std::string::npos && lines[i].starts_with("{\"kind\":\"round\"")) {
      second.push_back(std::string(lines[i]).insert(at + 12, "AGAIN-"));
      ++again;
    }
  auto night = [&](const fs::path& input) {
    return run_fairaudit({"audit", input.string(), "--policy", source_path("bench/all-plugins.json"),
                          "--plugin-dir", FAIRAUDIT_TEST_PLUGIN_DIR, "--store", store.string(), "--format", "json",
                          "--fail-on", "never", "--accept-drop", "--threads", "2", "--log-level", "debug"});
  };
  const auto one = night(first);
  ASSERT_EQ(one.exit_code, 0) << one.err;
  const auto r = night(export_file("night2.jsonl", second));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("sorted early, are read ahead"), std::string::npos) << "the rows were not read ahead:\n"
                                                                            << r.err;
  Sql sql(store);
  const std::string seen_before =
      "EXISTS (SELECT 1 FROM observations p WHERE p.run_id = 1 AND p.finding_id = o.finding_id)";
  const auto unchanged = sql.number("SELECT count(*) FROM observations o WHERE run_id = 2 AND " + seen_before);
  const auto resolved = sql.number(
      "SELECT count(*) FROM observations p WHERE p.run_id = 1 AND NOT EXISTS "
      "(SELECT 1 FROM observations o WHERE o.run_id = 2 AND o.finding_id = p.finding_id)");
  const auto findings = sql.number("SELECT count(*) FROM observations WHERE run_id = 2");
  ASSERT_GT(unchanged, 2000) << "the nights were meant to share thousands of findings";
  ASSERT_GT(resolved, 100);
  ASSERT_GT(findings - unchanged, 100) << "the second night was meant to have new findings";
  EXPECT_EQ(sql.number("SELECT count(*) FROM observations o WHERE run_id = 2 AND (baseline = 'unchanged') != " +
                       seen_before),
            0)
      << "findings labelled otherwise than the previous run's observations say";
  EXPECT_EQ(sql.query("SELECT unchanged_findings, new_findings, resolved_findings FROM runs WHERE id = 2"),
            std::to_string(unchanged) + "|" + std::to_string(findings - unchanged) + "|" + std::to_string(resolved) +
                "\n");
  EXPECT_EQ(sql.number("SELECT count(*) FROM tracking WHERE resolved = 2"), resolved);
  auto d = parse_json(r.out);
  EXPECT_EQ(d["baseline"]["new"].GetInt64(), findings - unchanged);
#endif
}

}  // namespace
}  // namespace fairaudit::testing
