// Recording a review: the one path `fairaudit review set` and the server's
// review form share (review::record), and a suppression that a policy wants
// agreed by both sides — HR, and the union or the representative — before it
// takes effect. Real stores written by `fairaudit audit --store` on variants
// of the Oslo fixture, read back through the real CLI.
#include <gtest/gtest.h>

#include <regex>

#include "process.hpp"
#include "review/review.hpp"
#include "store/store.hpp"
#include "support.hpp"
#include "test_paths.hpp"

namespace fairaudit::testing {
namespace {

using common::ReviewState;

constexpr const char* kRule = "oslo-hiring-policy/equality-statement";
constexpr const char* kRound = "OSL-BST-2026-0304";  // breaches kRule (error), fixtures/oslo/README.md

class Reviews : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = scratch_dir();
    store = dir / "reviews.db";
    full = dir / "full.jsonl";
    write_file(full, join_lines(fixture_lines()));
    auto lines = fixture_lines();
    drop_round(lines, kRound);
    without = dir / "without.jsonl";
    write_file(without, join_lines(lines));
    one_side = write_policy(dir, "reviews-test");
    // The same policy (name and plugins), asking for both sides.
    two_sides = dir / "reviews-test-two-sides.json";
    std::string text = read_file(one_side);
    const std::string version = "\"version\": \"1\",";
    text.replace(text.find(version), version.size(),
                 version + "\n  \"review\": {\"suppression_needs_two_sides\": true},");
    write_file(two_sides, text);
  }

  Finished audit(const fs::path& input, const fs::path& policy, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"audit",   input.string(), "--policy", policy.string(), "--plugin-dir",
                                     FAIRAUDIT_TEST_PLUGIN_DIR, "--store", store.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_fairaudit(args);
  }

  Finished cli(std::vector<std::string> args) {
    args.insert(args.end(), {"--store", store.string()});
    return run_fairaudit(args);
  }

  Finished set(const std::string& fp, const std::string& state, const std::string& role, const std::string& why) {
    return cli({"review", "set", fp, "--state", state, "--role", role, "--justification", why});
  }

  // The planted finding's fingerprint, from the first night's JSON.
  std::string first_night(const fs::path& policy) {
    auto r = audit(full, policy, {"--format", "json"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    auto d = parse_json(r.out);
    for (const auto& f : d["findings"].GetArray())
      if (std::string(f["rule"].GetString()) == kRule && f["round_id"].IsString() &&
          std::string(f["round_id"].GetString()) == kRound)
        return f["fingerprint"].GetString();
    ADD_FAILURE() << "no " << kRule << " finding on " << kRound;
    return {};
  }

  // The finding as `review list --format json` has it.
  struct Listed {
    std::string state, pending_role;
  };
  Listed listed(const std::string& fp) {
    auto r = cli({"review", "list", "--format", "json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    auto d = parse_json(r.out);
    for (const auto& f : d.GetArray())
      if (f["fingerprint"].GetString() == fp)
        return {f["review_state"].GetString(),
                f["suppression_pending"].IsNull() ? "" : f["suppression_pending"]["role"].GetString()};
    ADD_FAILURE() << "review list does not list " << fp;
    return {};
  }

  // The finding's review state in `fairaudit report --store` (JSON), and
  // the report's count of suppressed findings.
  struct Reported {
    std::string state, pending_by;
    std::uint64_t suppressed = 0;
  };
  Reported reported(const std::string& fp) {
    auto r = cli({"report", "--format", "json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    auto d = parse_json(r.out);
    Reported out;
    out.suppressed = d["summary"]["suppressed"].GetUint64();
    for (const auto& f : d["findings"].GetArray())
      if (f["fingerprint"].GetString() == fp) {
        out.state = f["review"]["state"].GetString();
        if (f["review"].HasMember("suppression_pending_by")) out.pending_by = f["review"]["suppression_pending_by"].GetString();
      }
    return out;
  }

  // The open findings of the latest run in the report's trend (Store::trends).
  std::uint64_t open_in_trend() {
    store::Store st(store.string());
    const auto run = st.latest_run();
    std::uint64_t n = 0;
    for (const auto& p : st.trends(*run))
      if (p.run_id == *run) n += p.error + p.warning + p.note;
    return n;
  }

  std::int64_t reviews_stored() { return Sql(store).number("SELECT count(*) FROM reviews"); }

  fs::path dir, store, full, without, one_side, two_sides;
};

// ---------------------------------------------------------------- the trail's meaning

store::Review rv(std::int64_t id, ReviewState s, const std::string& role) {
  store::Review r;
  r.id = id;
  r.state = s;
  r.role = role;
  r.justification = "why " + std::to_string(id);
  return r;
}

TEST(Standing, TwoSidesWantHrAndTheUnionOrTheRepresentativeInARow) {
  using V = std::vector<store::Review>;
  const auto S = ReviewState::suppressed, A = ReviewState::acknowledged, D = ReviewState::disputed;
  // Without two sides the newest review decides, as always.
  EXPECT_EQ(store::standing(V{rv(1, A, "union"), rv(2, S, "hr")}, false).state, S);
  EXPECT_FALSE(store::standing(V{rv(1, S, "hr")}, false).pending);
  EXPECT_EQ(store::standing(V{}, true).state, ReviewState::open);

  // One side: pending, the finding keeps its state.
  auto one = store::standing(V{rv(1, A, "union"), rv(2, S, "hr")}, true);
  EXPECT_EQ(one.state, A);
  ASSERT_TRUE(one.pending);
  EXPECT_EQ(one.pending->id, 2);
  EXPECT_EQ(one.last->id, 1);
  // Both sides, either order; representative and union are one side.
  for (const char* employees : {"union", "representative"}) {
    auto both = store::standing(V{rv(1, S, "hr"), rv(2, S, employees)}, true);
    EXPECT_EQ(both.state, S) << employees;
    EXPECT_FALSE(both.pending);
    EXPECT_EQ(both.last->id, 2);
    EXPECT_EQ(store::standing(V{rv(1, S, employees), rv(2, S, "hr")}, true).state, S) << employees;
  }
  // HR twice, or union then representative, is one side.
  EXPECT_EQ(store::standing(V{rv(1, S, "hr"), rv(2, S, "hr")}, true).state, ReviewState::open);
  EXPECT_EQ(store::standing(V{rv(1, S, "union"), rv(2, S, "representative")}, true).state, ReviewState::open);
  // Another state in between cancels the pending suppression.
  auto cancelled = store::standing(V{rv(1, S, "hr"), rv(2, D, "union"), rv(3, S, "union")}, true);
  EXPECT_EQ(cancelled.state, D);
  ASSERT_TRUE(cancelled.pending);
  EXPECT_EQ(cancelled.pending->id, 3);
  // Once suppressed, a further suppression by either side keeps it so; any
  // other state lifts it.
  EXPECT_EQ(store::standing(V{rv(1, S, "hr"), rv(2, S, "union"), rv(3, S, "hr")}, true).state, S);
  EXPECT_EQ(store::standing(V{rv(1, S, "hr"), rv(2, S, "union"), rv(3, D, "hr")}, true).state, D);
}

// ---------------------------------------------------------------- the shared path

// Each input the path refuses: nothing is recorded, the refusal names the
// field and repeats nothing the reviewer wrote. The CLI refuses the same.
TEST_F(Reviews, EachBadInputIsRefusedAndNothingIsRecorded) {
  const std::string fp = first_night(one_side);
  ASSERT_FALSE(fp.empty());
  review::Request good{fp.substr(0, 10), "acknowledged", "tillitsvalgt", "Seen in the MBU meeting", "KN"};
  struct Bad {
    const char* field;
    review::Request rq;
    std::string written;  // what the reviewer wrote that must not come back
  };
  std::vector<Bad> bad;
  auto with = [&](auto member, std::string value) {
    review::Request r = good;
    r.*member = value;
    return r;
  };
  using R = review::Request;
  bad.push_back({"state", with(&R::state, "zapped"), "zapped"});
  bad.push_back({"state", with(&R::state, "open"), ""});
  bad.push_back({"state", with(&R::state, ""), ""});
  bad.push_back({"role", with(&R::role, "verneombud"), "verneombud"});
  bad.push_back({"role", with(&R::role, ""), ""});
  bad.push_back({"justification", with(&R::justification, " \t\r\n "), ""});
  bad.push_back({"justification", with(&R::justification, "Called kari.nordmann@example.no"), "kari.nordmann"});
  bad.push_back({"justification", with(&R::justification, "Call her on +47 912 34 567"), "912 34 567"});
  bad.push_back({"reviewer", with(&R::reviewer, "kari@example.no"), "kari@example.no"});
  bad.push_back({"fingerprint", with(&R::fingerprint, "zz9q"), "zz9q"});
  bad.push_back({"fingerprint", with(&R::fingerprint, "abc"), ""});
  bad.push_back({"fingerprint", with(&R::fingerprint, fp + "0"), ""});
  // A prefix no finding has: the planted one's first digits with the last changed.
  std::string other = fp.substr(0, 12);
  other.back() = other.back() == '0' ? '1' : '0';
  bad.push_back({"fingerprint", with(&R::fingerprint, other), other});
  // A prefix two findings share: a second finding whose fingerprint starts
  // with the planted one's first 4 digits, put in by SQL.
  {
    Sql sql(store, false);
    std::string twin = fp.substr(0, 4) + std::string(28, fp[4] == 'f' ? '0' : 'f');
    ASSERT_EQ(sql.exec("INSERT INTO findings (fingerprint, rule, plugin, scope, org_unit, round_id, key) VALUES ('" +
                       twin + "', 'p/r', 'p', 'run', '', '', '')"),
              "");
  }
  bad.push_back({"fingerprint", with(&R::fingerprint, fp.substr(0, 4)), ""});
  {
    store::Store st(store.string());
    ASSERT_TRUE(st.fingerprints_starting(other).empty()) << "pick another prefix: " << other;
    for (const auto& b : bad) {
      try {
        review::record(st, b.rq);
        ADD_FAILURE() << b.field << " was accepted";
      } catch (const review::Refused& e) {
        EXPECT_EQ(e.field, b.field) << e.what();
        if (!b.written.empty()) {
          EXPECT_EQ(std::string(e.what()).find(b.written), std::string::npos) << e.what();
        }
      }
    }
    EXPECT_THROW(
        {
          try {
            review::record(st, with(&R::fingerprint, fp.substr(0, 4)));
          } catch (const review::Refused& e) {
            EXPECT_NE(std::string(e.what()).find("several findings; give more digits"), std::string::npos) << e.what();
            throw;
          }
        },
        review::Refused);
  }
  EXPECT_EQ(reviews_stored(), 0);

  // The CLI: the same refusals, exit status 2, named by its options.
  for (const auto& b : bad) {
    auto r = cli({"review", "set", b.rq.fingerprint, "--state", b.rq.state, "--role", b.rq.role, "--justification",
                  b.rq.justification, "--by", b.rq.reviewer});
    EXPECT_EQ(r.exit_code, 2) << b.field << ": " << r.out;
    const std::string option = std::string(b.field) == "reviewer" ? "--by:" : "--" + std::string(b.field) + ":";
    if (std::string(b.field) != "fingerprint" && !b.rq.state.empty() && !b.rq.role.empty()) {
      EXPECT_NE(r.err.find(option), std::string::npos) << r.err;
    }
    if (!b.written.empty()) {
      EXPECT_EQ(r.err.find(b.written), std::string::npos) << r.err;
    }
  }
  EXPECT_EQ(reviews_stored(), 0);

  // In the reader's language.
  auto sv = cli({"review", "set", fp, "--state", "acknowledged", "--role", "hr", "--justification", " ", "--lang",
                 "sv"});
  EXPECT_EQ(sv.exit_code, 2);
  EXPECT_NE(sv.err.find("en motivering krävs"), std::string::npos) << sv.err;
  EXPECT_NE(sv.err.find("bekräftad"), std::string::npos) << sv.err;
  EXPECT_EQ(reviews_stored(), 0);
}

// `review set` and review::record store the same row and say the same.
TEST_F(Reviews, TheCliAndTheSharedPathStoreTheSameRow) {
  const std::string fp = first_night(one_side);
  const std::string why = "Discussed in MBU\x1b[2J; item 7\nsecond line";
  auto set = cli({"review", "set", fp.substr(0, 8), "--state", "disputed", "--role", "Tillitsvalgt",
                  "--justification", why, "--by", "K.N.\x07"});
  ASSERT_EQ(set.exit_code, 0) << set.err;
  review::Outcome o;
  {
    store::Store st(store.string());
    o = review::record(st, {fp.substr(0, 8), "disputed", "Tillitsvalgt", why, "K.N.\x07"});
  }
  EXPECT_FALSE(o.pending);
  EXPECT_EQ(o.review.id, 2);
  EXPECT_EQ(o.review.role, "union");
  Sql sql(store);
  const std::string columns = "fingerprint, state, role, reviewer, justification";
  const std::string cli_row = sql.query("SELECT " + columns + " FROM reviews WHERE id = 1");
  EXPECT_EQ(cli_row, sql.query("SELECT " + columns + " FROM reviews WHERE id = 2"));
  EXPECT_EQ(cli_row, fp + "|disputed|union|K.N.\\u0007|Discussed in MBU\\u001b[2J; item 7\nsecond line\n")
      << "control characters are stored escaped, the line break kept";
  EXPECT_EQ(set.out, std::regex_replace(o.message, std::regex("#2"), "#1") + "\n");
  EXPECT_EQ(set.out, "Review #1 recorded: " + fp.substr(0, 12) + " is disputed (union)\n");
}

// ---------------------------------------------------------------- two sides

TEST_F(Reviews, UnderTwoSidesOneSidesSuppressionIsPendingUntilTheOtherAgrees) {
  const std::string fp = first_night(two_sides);
  EXPECT_EQ(Sql(store).number("SELECT suppression_needs_two_sides FROM runs"), 1) << "recorded with the run";

  // HR suppresses: recorded, pending; the finding stays open everywhere.
  auto hr = set(fp, "suppressed", "hr", "Statement given orally in MBU, minutes item 7");
  ASSERT_EQ(hr.exit_code, 0) << hr.err;
  EXPECT_NE(hr.out.find("suppression pending (HR agreed; the union or the representative to agree)"),
            std::string::npos)
      << hr.out;
  EXPECT_NE(hr.out.find("stays open"), std::string::npos) << hr.out;
  EXPECT_EQ(listed(fp).state, "open");
  EXPECT_EQ(listed(fp).pending_role, "hr");
  auto list = cli({"review", "list"});
  EXPECT_NE(list.out.find("(1 with a suppression pending)"), std::string::npos) << list.out;
  EXPECT_EQ(list.out.find(" suppressed"), std::string::npos) << list.out;
  auto rep = reported(fp);
  EXPECT_EQ(rep.state, "open");
  EXPECT_EQ(rep.pending_by, "hr");
  EXPECT_EQ(rep.suppressed, 0u);
  const std::uint64_t open_before = open_in_trend();
  auto text = cli({"report"});
  EXPECT_NE(text.out.find("review: suppression pending (HR agreed"), std::string::npos) << text.out;
  EXPECT_EQ(text.out.find("[suppressed]"), std::string::npos);

  // HR again is still one side.
  auto again = set(fp, "suppressed", "hr", "Confirmed by the head of HR");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("suppression pending"), std::string::npos) << again.out;
  EXPECT_EQ(listed(fp).state, "open");

  // The next nights: the round leaves the export and comes back, so the
  // finding is new again; pending, it fails the night as an open error does.
  ASSERT_EQ(audit(without, two_sides).exit_code, 0);
  auto back = audit(full, two_sides, {"--format", "json"});
  EXPECT_EQ(back.exit_code, 1) << "a pending suppression does not spare the night's exit code";
  EXPECT_EQ(parse_json(back.out)["baseline"]["suppressed"].GetUint64(), 0u);

  // The union agrees, with its own justification: suppressed everywhere.
  auto agreed = set(fp, "suppressed", "tillitsvalgt", "Agreed: the statement is in the MBU minutes");
  ASSERT_EQ(agreed.exit_code, 0) << agreed.err;
  EXPECT_EQ(agreed.out, "Review #3 recorded: " + fp.substr(0, 12) + " is suppressed (union)\n");
  EXPECT_EQ(listed(fp).state, "suppressed");
  EXPECT_EQ(listed(fp).pending_role, "");
  rep = reported(fp);
  EXPECT_EQ(rep.state, "suppressed");
  EXPECT_EQ(rep.pending_by, "");
  EXPECT_EQ(rep.suppressed, 1u);
  EXPECT_EQ(open_in_trend(), open_before - 1) << "the trend counts it open until both sides agree";
  ASSERT_EQ(audit(without, two_sides).exit_code, 0);
  auto suppressed = audit(full, two_sides, {"--format", "json"});
  EXPECT_EQ(suppressed.exit_code, 0) << "the only new finding is suppressed by both sides";
  EXPECT_EQ(parse_json(suppressed.out)["baseline"]["suppressed"].GetUint64(), 1u);
}

TEST_F(Reviews, UnderTwoSidesADisputeInBetweenCancelsThePendingSuppression) {
  const std::string fp = first_night(two_sides);
  ASSERT_EQ(set(fp, "suppressed", "hr", "The statement was given orally").exit_code, 0);
  ASSERT_EQ(set(fp, "disputed", "union", "Not in the minutes we received").exit_code, 0);
  EXPECT_EQ(listed(fp).state, "disputed");
  EXPECT_EQ(listed(fp).pending_role, "");
  // The union's suppression now waits for HR: HR's earlier one does not count.
  auto later = set(fp, "suppressed", "union", "Found in the minutes after all");
  ASSERT_EQ(later.exit_code, 0) << later.err;
  EXPECT_NE(later.out.find("suppression pending (the union or the representative agreed; HR to agree)"),
            std::string::npos)
      << later.out;
  EXPECT_NE(later.out.find("stays disputed"), std::string::npos) << later.out;
  EXPECT_EQ(listed(fp).state, "disputed");
  EXPECT_EQ(reported(fp).state, "disputed");
  ASSERT_EQ(set(fp, "suppressed", "hr", "Agreed").exit_code, 0);
  EXPECT_EQ(listed(fp).state, "suppressed");
  EXPECT_EQ(reported(fp).state, "suppressed");
}

TEST_F(Reviews, WithoutTheOptionOneSuppressionSuffices) {
  const std::string fp = first_night(one_side);
  EXPECT_EQ(Sql(store).number("SELECT suppression_needs_two_sides FROM runs"), 0);
  auto hr = set(fp, "suppressed", "hr", "Agreed exception");
  ASSERT_EQ(hr.exit_code, 0) << hr.err;
  EXPECT_EQ(hr.out, "Review #1 recorded: " + fp.substr(0, 12) + " is suppressed (hr)\n");
  EXPECT_EQ(listed(fp).state, "suppressed");
  EXPECT_EQ(reported(fp).state, "suppressed");
  ASSERT_EQ(audit(without, one_side).exit_code, 0);
  EXPECT_EQ(audit(full, one_side).exit_code, 0);
}

// The latest run of the policy decides, without the policy file: a night
// whose policy drops the option lets a one-sided suppression take effect;
// one that asks again makes it pending again.
TEST_F(Reviews, TheLatestRunOfThePolicyDecides) {
  const std::string fp = first_night(two_sides);
  ASSERT_EQ(set(fp, "suppressed", "hr", "Agreed exception").exit_code, 0);
  EXPECT_EQ(listed(fp).state, "open");
  ASSERT_EQ(audit(full, one_side).exit_code, 0) << "persisting findings do not fail a night";
  EXPECT_EQ(listed(fp).state, "suppressed");
  EXPECT_EQ(reported(fp).state, "suppressed");
  ASSERT_EQ(audit(full, two_sides).exit_code, 0);
  EXPECT_EQ(listed(fp).state, "open");
  EXPECT_EQ(reported(fp).state, "open");
  // The trail is the same throughout: nothing was rewritten.
  EXPECT_EQ(reviews_stored(), 1);
}

TEST_F(Reviews, ThePolicyOptionIsCheckedAndShown) {
  auto shown = run_fairaudit({"policy", "show", two_sides.string(), "--plugin-dir", FAIRAUDIT_TEST_PLUGIN_DIR});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("\"suppression_needs_two_sides\": true"), std::string::npos) << shown.out;
  for (const std::string& bad : {std::string(R"("review": {"suppression_needs_two_sides": "yes"},)"),
                                 std::string(R"("review": {"two_sides": true},)"), std::string(R"("review": true,)")}) {
    std::string text = read_file(one_side);
    const std::string version = "\"version\": \"1\",";
    text.replace(text.find(version), version.size(), version + bad);
    const fs::path p = dir / "bad.json";
    write_file(p, text);
    auto r = run_fairaudit({"policy", "check", p.string(), "--plugin-dir", FAIRAUDIT_TEST_PLUGIN_DIR});
    EXPECT_EQ(r.exit_code, 2) << bad;
    EXPECT_NE(r.err.find("review"), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace fairaudit::testing
