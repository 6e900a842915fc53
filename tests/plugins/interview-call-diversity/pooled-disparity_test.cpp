// interview-call-diversity/pooled-disparity: across the rounds of an org unit
// and its parents, with the Cochran–Mantel–Haenszel test.
#include <gtest/gtest.h>

#include "rounds.hpp"
#include "support/harness.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace pooled_disparity_test {
using fairaudit::Severity;
using fairaudit::Verdict;
using fairaudit::testing::Harness;
using namespace icd_test;

namespace {

const std::string kRule = "interview-call-diversity/pooled-disparity";
const std::string kSingle = "interview-call-diversity/selection-rate-disparity";
const std::string kKey = "gender/qualified>interview_invited";

std::vector<Person> pool(int women, int women_invited, int men, int men_invited) {
  std::vector<Person> p;
  add(p, women_invited, P("woman").invite());
  add(p, women - women_invited, P("woman"));
  add(p, men_invited, P("man").invite());
  add(p, men - men_invited, P("man"));
  return p;
}

}  // namespace

TEST(PooledDisparity, FindsAPatternThatNoSingleRoundShows) {
  // Four rounds of five women and five men each: 2 of 5 women and 4 of 5 men
  // invited. With min_cell 6 no round gets a verdict; pooled, 8/20 against
  // 16/20 within rounds gives CMH X² = (4 − ½)²/(8/3) = 4.59, p = 0.032.
  Harness h("interview-call-diversity",
            R"({"attributes":["gender"],"intersections":[],"transitions":[["qualified","interview_invited"]],)"
            R"("expected_groups":[],"min_cell":6})");
  std::string lines;
  for (int i = 1; i <= 4; ++i) lines += round_line("R-P" + std::to_string(i), "oslo/bydel-a/helse", pool(5, 2, 5, 4));
  lines += round_line("R-OTHER", "bergen/helse", pool(5, 5, 5, 5));
  auto out = h.run(lines);
  for (int i = 1; i <= 4; ++i)
    EXPECT_EQ(out.verdict(kSingle, "R-P" + std::to_string(i), kKey), Verdict::insufficient_data);

  // Reported once, at the deepest unit where it holds: the parents pool no
  // other rounds, so they have nothing of their own to report.
  for (const std::string unit : {"oslo/bydel-a", "oslo"}) {
    EXPECT_EQ(out.verdict(kRule, unit, kKey), Verdict::not_applicable) << unit;
    EXPECT_TRUE(out.of(kRule, unit).empty()) << unit;
  }
  for (const std::string unit : {"oslo/bydel-a/helse"}) {
    EXPECT_EQ(out.verdict(kRule, unit, kKey), Verdict::breach) << unit;
    auto fs = out.of(kRule, unit);
    ASSERT_EQ(fs.size(), 1u) << unit;
    EXPECT_EQ(fs[0]->severity, Severity::error);
    EXPECT_EQ(text_of(fs[0]->evidence, "family"), "run");
    EXPECT_EQ(text_of(fs[0]->evidence, "adjustment"), "benjamini_hochberg");
    EXPECT_EQ(fs[0]->scope, fairaudit::Scope::org_unit);
    const auto* w = group_entry(fs[0]->evidence, "woman");
    ASSERT_NE(w, nullptr);
    EXPECT_EQ(int_of(*w, "n"), 20);
    EXPECT_EQ(int_of(*w, "selected"), 8);
    EXPECT_EQ(int_of(*w, "strata"), 4);
    EXPECT_NEAR(real_of(*w, "cmh_chi2"), 12.25 / (8.0 / 3.0), 1e-9);
    EXPECT_LT(real_of(*w, "cmh_p"), 0.05);
    // MH odds ratio: Σ(2·1/10) / Σ(3·4/10) = 0.8/4.8.
    EXPECT_NEAR(real_of(*w, "mh_odds_ratio"), 1.0 / 6.0, 1e-12);
    // MH rate ratio: Σ(2·5/10) / Σ(4·5/10) = 0.5, as the rates 2/5 and 4/5.
    EXPECT_NEAR(real_of(*w, "mh_rate_ratio"), 0.5, 1e-12);
  }
  // The other unit's rounds do not leak into Oslo's pool.
  EXPECT_EQ(out.verdict(kRule, "bergen/helse", kKey), Verdict::insufficient_data);  // one round only
  // bergen pools nothing but bergen/helse's round: the same evidence, not a check of its own.
  EXPECT_EQ(out.verdict(kRule, "bergen", kKey), Verdict::not_applicable);
}

TEST(PooledDisparity, BaseRatesThatDifferBetweenRoundsAreNotADisparity) {
  // Simpson's paradox: within each round women and men are invited at the
  // same rate (9/10 vs 27/30, then 3/30 vs 1/10), but women applied mostly in
  // the round with few invitations, so the totals are 12/40 against 28/40.
  Harness h("interview-call-diversity", kGenderOnly);
  auto out = h.run(round_line("R-S1", "oslo/bydel-c", pool(10, 9, 30, 27)) +
                   round_line("R-S2", "oslo/bydel-c", pool(30, 3, 10, 1)));
  EXPECT_EQ(out.verdict(kRule, "oslo/bydel-c", kKey), Verdict::complies);
  const auto* c = out.check(kRule, "oslo/bydel-c", kKey);
  ASSERT_NE(c, nullptr);
  const auto* w = group_entry(c->evidence, "woman");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(text_of(*w, "four_fifths"), "adverse");  // on the totals…
  EXPECT_NEAR(real_of(*w, "mh_odds_ratio"), 1.0, 1e-12);  // …but not within rounds
  EXPECT_NEAR(real_of(*w, "mh_rate_ratio"), 1.0, 1e-12);
}

TEST(PooledDisparity, PoolingCanBeSwitchedOff) {
  Harness h("interview-call-diversity",
            R"({"attributes":["gender"],"intersections":[],"transitions":[["qualified","interview_invited"]],)"
            R"("expected_groups":[],"pool_by":"none"})");
  auto out = h.run(round_line("R-1", "oslo/x", pool(10, 2, 10, 9)) + round_line("R-2", "oslo/x", pool(10, 2, 10, 9)));
  EXPECT_TRUE(out.of(kRule).empty());
  EXPECT_EQ(out.check(kRule, "oslo/x", kKey), nullptr);
}

namespace {

const char* kImmigrantOnly =
    R"({"attributes":["immigrant_background"],"intersections":[],"transitions":[["qualified","interview_invited"]],)"
    R"("expected_groups":[]})";
const std::string kImmKey = "immigrant_background/qualified>interview_invited";

// `yes` of them invited of `yes_n` who declared immigrant background, `no` of `no_n` who did not.
std::vector<Person> imm_pool(int yes_n, int yes, int no_n, int no) {
  std::vector<Person> p;
  add(p, yes, P("man").imm("yes").invite());
  add(p, yes_n - yes, P("man").imm("yes"));
  add(p, no, P("man").imm("no").invite());
  add(p, no_n - no, P("man").imm("no"));
  return p;
}

}  // namespace

TEST(PooledDisparity, AGroupSelectedLessInEveryRoundIsFoundWhateverTheCrudeRates) {
  // Reverse Simpson: five rounds of yes 60/100 against no 9/10 and five of
  // yes 1/10 against no 20/100. "yes" is selected less in every round, but
  // has the higher crude rate (305/550 against 145/550), so it is the crude
  // reference. It is still the focal group of its pair. R:
  //   t <- array(c(rep(c(60, 9, 40, 1), 5), rep(c(1, 20, 9, 80), 5)), c(2, 2, 10))
  //   mantelhaen.test(t)  ## Mantel-Haenszel X-squared = 17.55, df = 1, p-value = 2.8e-05
  // MH rate ratio Σ(a·n2/T)/Σ(c·n1/T) = 5·(600 + 100)/110 / (5·(900 + 200)/110) = 0.636.
  Harness h("interview-call-diversity", kImmigrantOnly);
  std::string lines;
  for (int i = 1; i <= 5; ++i) lines += round_line("R-A" + std::to_string(i), "oslo/x", imm_pool(100, 60, 10, 9));
  for (int i = 1; i <= 5; ++i) lines += round_line("R-B" + std::to_string(i), "oslo/x", imm_pool(10, 1, 100, 20));
  auto out = h.run(lines);
  EXPECT_EQ(out.verdict(kRule, "oslo/x", kImmKey), Verdict::breach);
  auto fs = out.of(kRule, "oslo/x");
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0]->severity, Severity::error);
  EXPECT_EQ(text_of(fs[0]->evidence, "group"), "yes");
  const auto* yes = group_entry(fs[0]->evidence, "yes");
  ASSERT_NE(yes, nullptr);
  EXPECT_EQ(text_of(*yes, "reference_group"), "no");
  EXPECT_NEAR(real_of(*yes, "mh_rate_ratio"), 35.0 / 55.0, 1e-12);
  EXPECT_NEAR(real_of(*yes, "cmh_p"), 2.8e-5, 0.05e-5);
  EXPECT_EQ(int_of(*yes, "strata"), 10);
  EXPECT_EQ(text_of(*yes, "gates"), "both");
}

TEST(PooledDisparity, AVerdictNeverRestsOnTwoPeople) {
  // Five rounds with only "yes" applicants (42/100 each), then two rounds
  // with one "yes" (0/1) against 100 "no" (50/100). Only the two rounds with
  // both groups count, and in them "yes" is two people: too few for a
  // verdict, and the message counts two rounds.
  Harness h("interview-call-diversity", kImmigrantOnly);
  std::string lines;
  for (int i = 1; i <= 5; ++i) lines += round_line("R-Y" + std::to_string(i), "oslo/y", imm_pool(100, 42, 0, 0));
  for (int i = 1; i <= 2; ++i) lines += round_line("R-N" + std::to_string(i), "oslo/y", imm_pool(1, 0, 100, 50));
  auto out = h.run(lines);
  EXPECT_TRUE(out.of(kRule, "oslo/y").empty());
  const auto* c = out.check(kRule, "oslo/y", kImmKey);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->verdict, Verdict::insufficient_data);
  EXPECT_EQ(int_of(c->evidence, "rounds"), 2);
  const auto* yes = group_entry(c->evidence, "yes");
  ASSERT_NE(yes, nullptr);
  EXPECT_EQ(int_of(*yes, "strata_n"), 2);
  EXPECT_EQ(int_of(*yes, "n"), 502);  // the crude total, shown but not used
  EXPECT_FALSE(bool_of(*yes, "sufficient"));
}

TEST(PooledDisparity, AParentReportsOnlyWhatItsReportedSubUnitsDoNotShow) {
  // oslo/p/a invites women far less often in four rounds; oslo/p/b and
  // oslo/p/c treat them alike. The finding is oslo/p/a's; oslo/p pools only
  // the rounds of oslo/p/b and oslo/p/c and complies, saying which rounds it
  // left out.
  Harness h("interview-call-diversity", kGenderOnly);
  std::string lines;
  for (int i = 1; i <= 4; ++i) lines += round_line("R-PA" + std::to_string(i), "oslo/p/a", pool(20, 3, 20, 12));
  for (int i = 1; i <= 4; ++i) lines += round_line("R-PB" + std::to_string(i), "oslo/p/b", pool(20, 10, 20, 10));
  for (int i = 1; i <= 4; ++i) lines += round_line("R-PC" + std::to_string(i), "oslo/p/c", pool(20, 10, 20, 10));
  auto out = h.run(lines);
  ASSERT_EQ(out.of(kRule, "oslo/p/a").size(), 1u);
  EXPECT_TRUE(out.of(kRule, "oslo/p").empty());
  EXPECT_TRUE(out.of(kRule, "oslo").empty());
  const auto* c = out.check(kRule, "oslo/p", kKey);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->verdict, Verdict::complies);
  EXPECT_EQ(int_of(c->evidence, "unit_rounds"), 8);
  EXPECT_EQ(int_of(c->evidence, "rounds_left_out"), 4);
  const auto* below = c->evidence.find("reported_below");
  ASSERT_NE(below, nullptr);
  ASSERT_EQ(below->children.size(), 1u);
  EXPECT_EQ(text_of(below->children[0], "org_unit"), "oslo/p/a");
}

}  // namespace pooled_disparity_test
