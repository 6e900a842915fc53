#include <gtest/gtest.h>

#include "rounds.hpp"
#include "support/harness.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace recommendation_in_time_test {
using namespace fairaudit;
using fairaudit::testing::Harness;
using ri_test::RoundSpec;

namespace {
const std::string kRule = "representative-involvement/recommendation-in-time";
RoundSpec received(const std::string& id, const std::string& at, const std::string& decision) {
  RoundSpec s;
  s.id = id;
  s.representative = ri_test::replace(s.representative, R"("recommendation_received","at":"2026-03-30")",
                                      R"("recommendation_received","at":")" + at + R"(")");
  s.representative = ri_test::replace(s.representative, R"("statement_filed","at":"2026-03-31")",
                                      R"("statement_filed","at":")" + at + R"(")");
  s.decision_at = "\"" + decision + "\"";
  return s;
}
}  // namespace

TEST(RecommendationInTime, SilentWithEnoughWorkingDays) {
  // Monday 9 Mar -> Thursday 12 Mar: Tuesday and Wednesday lie between.
  Harness h("representative-involvement");
  auto out = h.run(received("R-1", "2026-03-09", "2026-03-12").line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::complies);
}

TEST(RecommendationInTime, FiresWithTooFewWorkingDays) {
  // Monday 9 Mar -> Wednesday 11 Mar: one working day between, two required.
  Harness h("representative-involvement");
  auto out = h.run(received("R-1", "2026-03-09", "2026-03-11").line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::breach);
  auto f = out.of(kRule);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0]->evidence.find("working_days")->i, 1);
  EXPECT_EQ(f[0]->evidence.find("required_working_days")->i, 2);
}

TEST(RecommendationInTime, EasterHolidaysDoNotCountInNorway) {
  // Wednesday 1 Apr -> Tuesday 7 Apr 2026: six calendar days, no Norwegian working day between.
  Harness no("representative-involvement");
  EXPECT_EQ(no.run(received("R-1", "2026-04-01", "2026-04-07").line()).verdict(kRule, "R-1"), Verdict::breach);
  // With weekends only, Thu 2, Fri 3 and Mon 6 Apr count.
  Harness weekends("representative-involvement", R"({"calendar": "weekends"})");
  EXPECT_EQ(weekends.run(received("R-1", "2026-04-01", "2026-04-07").line()).verdict(kRule, "R-1"),
            Verdict::complies);
}

TEST(RecommendationInTime, FiresWhenNeverReceivedOrReceivedAfterTheDecision) {
  RoundSpec never;
  never.representative = ri_test::replace(never.representative, R"({"type":"recommendation_received","at":"2026-03-30"},)", "");
  Harness h("representative-involvement");
  auto out = h.run(never.line() + received("R-2", "2026-04-20", "2026-04-10").line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::breach);
  EXPECT_EQ(out.verdict(kRule, "R-2"), Verdict::breach);
}

TEST(RecommendationInTime, ThresholdIsAnOption) {
  Harness h("representative-involvement", R"({"min_working_days_before_decision": 0})");
  EXPECT_EQ(h.run(received("R-1", "2026-03-10", "2026-03-11").line()).verdict(kRule, "R-1"), Verdict::complies);
}

TEST(RecommendationInTime, NotApplicableBeforeADecision) {
  RoundSpec s;
  s.decision_at = "null";
  Harness h("representative-involvement");
  EXPECT_EQ(h.run(s.line()).verdict(kRule, "R-1"), Verdict::not_applicable);
}

}  // namespace recommendation_in_time_test
