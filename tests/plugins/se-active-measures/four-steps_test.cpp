#include <gtest/gtest.h>

#include "records.hpp"
#include "support/harness.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace four_steps_test {
using namespace fairaudit;
using fairaudit::testing::Harness;
using se_am_test::kEmployer;
using se_am_test::kKey;
using se_am_test::MeasuresSpec;

namespace {
const std::string kRule = "se-active-measures/four-steps";
}  // namespace

TEST(FourSteps, SilentWhenAllFourStepsAreDatedInOrder) {
  Harness h("se-active-measures");
  auto out = h.run(MeasuresSpec{}.line());
  EXPECT_EQ(out.verdict(kRule, kEmployer, kKey), Verdict::complies);
  EXPECT_TRUE(out.of(kRule).empty());
}

TEST(FourSteps, SameDayStepsAreInOrder) {
  Harness h("se-active-measures");
  auto out = h.run(MeasuresSpec{}
                       .set("steps", R"({"investigate":"2025-02-10","analyse":"2025-02-10","act":"2025-05-05",)"
                                     R"("follow_up":"2025-11-17"})")
                       .line());
  EXPECT_EQ(out.verdict(kRule, kEmployer, kKey), Verdict::complies);
}

TEST(FourSteps, FiresWhenTheFollowUpIsMissing) {
  Harness h("se-active-measures");
  auto out = h.run(MeasuresSpec{}
                       .set("steps", R"({"investigate":"2025-02-10","analyse":"2025-03-24","act":"2025-05-05"})")
                       .line());
  EXPECT_EQ(out.verdict(kRule, kEmployer, kKey), Verdict::breach);
  ASSERT_EQ(out.of(kRule).size(), 1u);
  const Finding& f = *out.of(kRule)[0];
  EXPECT_EQ(f.scope, Scope::org_unit);
  EXPECT_EQ(f.org_unit, kEmployer);
  ASSERT_NE(f.evidence.find("missing_steps"), nullptr);
  EXPECT_EQ(f.evidence.find("missing_steps")->s, "follow_up");
}

TEST(FourSteps, FiresWhenMeasuresComeBeforeTheAnalysis) {
  Harness h("se-active-measures");
  auto out = h.run(MeasuresSpec{}
                       .set("steps", R"({"investigate":"2025-02-10","analyse":"2025-06-02","act":"2025-05-05",)"
                                     R"("follow_up":"2025-11-17"})")
                       .line());
  EXPECT_EQ(out.verdict(kRule, kEmployer, kKey), Verdict::breach);
  const Check* c = out.check(kRule, kEmployer, kKey);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->evidence.find("step")->s, "act");
  EXPECT_EQ(c->evidence.find("before_step")->s, "analyse");
}

TEST(FourSteps, StepsNotRecordedIsInsufficientDataNeverABreach) {
  Harness h("se-active-measures");
  auto out = h.run(MeasuresSpec{}.drop("steps").line());
  EXPECT_EQ(out.verdict(kRule, kEmployer, kKey), Verdict::insufficient_data);
  const Check* c = out.check(kRule, kEmployer, kKey);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->reason, "not recorded in this export: {not_recorded}");
  EXPECT_EQ(c->evidence.find("not_recorded")->s, "measures.steps");
  EXPECT_TRUE(out.of(kRule).empty());
}

TEST(FourSteps, AnotherAreaIsNotApplicable) {
  Harness h("se-active-measures");
  auto out = h.run(MeasuresSpec{}.set("area", R"("pay")").drop("steps").set("steps", "{}").line());
  EXPECT_EQ(out.verdict(kRule, kEmployer, "2025/pay"), Verdict::not_applicable);
  EXPECT_TRUE(out.of(kRule).empty());
}

TEST(FourSteps, SwedishRoundsWithoutAMeasuresRecordAreInsufficientData) {
  Harness h("se-active-measures");
  const std::string round =
      R"({"kind":"round","schema":1,"round_id":"R-1","org_unit":"kommun-b/socialforvaltningen","jurisdiction":"SE",)"
      R"("applicants":[{"id":"a-1","gender":"woman","events":[{"type":"applied","at":"2026-03-02"}]}]})"
      "\n";
  auto out = h.run(round + MeasuresSpec{}.line());
  EXPECT_EQ(out.verdict(kRule, "kommun-b"), Verdict::insufficient_data);
  EXPECT_EQ(out.verdict(kRule, kEmployer, kKey), Verdict::complies);
  EXPECT_TRUE(out.of(kRule).empty());
}

}  // namespace four_steps_test
