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

  for (const std::string unit : {"oslo/bydel-a/helse", "oslo/bydel-a", "oslo"}) {
    EXPECT_EQ(out.verdict(kRule, unit, kKey), Verdict::breach) << unit;
    auto fs = out.of(kRule, unit);
    ASSERT_EQ(fs.size(), 1u) << unit;
    EXPECT_EQ(fs[0]->severity, Severity::error);
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
  EXPECT_EQ(out.verdict(kRule, "bergen", kKey), Verdict::insufficient_data);  // one round only
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

}  // namespace pooled_disparity_test
