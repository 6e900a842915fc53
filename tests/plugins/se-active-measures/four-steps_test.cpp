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
using se_am_test::round_dated;

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
  // 2025 is over on the policy's as-of date: every step of it was due.
  Harness h("se-active-measures", R"({"as_of": "2026-03-01"})");
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

namespace {
// The 2025 record without its follow-up (nor its documentation, whose date
// would count among the export's dates).
std::string without_follow_up() {
  return MeasuresSpec{}
      .set("steps", R"({"investigate":"2025-02-10","analyse":"2025-03-24","act":"2025-05-05"})")
      .drop("documentation")
      .line();
}
// A Swedish round whose only date is `day`: it moves the export's latest date.
}  // namespace

// The follow-up of 2025 is not due while 2025 is not over: the export's
// latest date (the act, 2025-05-05) is in the year, so no breach.
TEST(FourSteps, AYearInProgressIsNotYetDueNeverABreach) {
  Harness h("se-active-measures");
  auto out = h.run(without_follow_up());
  EXPECT_EQ(out.verdict(kRule, kEmployer, kKey), Verdict::not_applicable);
  EXPECT_TRUE(out.of(kRule).empty());
  const Check* c = out.check(kRule, kEmployer, kKey);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->reason,
            "{year} is not over on {as_of}, the latest date in this export: the steps {steps_not_due} are not yet due.");
  EXPECT_EQ(c->evidence.find("steps_not_due")->s, "follow_up");
  EXPECT_EQ(c->evidence.find("as_of")->t.iso(), "2025-05-05");
}

// The export's latest date is its latest record's, wherever that record is:
// a round dated after the year, after the measures record, makes the year over.
TEST(FourSteps, AFinishedYearMissingAStepIsABreachWhateverTheRecordOrder) {
  for (const std::string& jsonl : {without_follow_up() + round_dated("2026-01-15"),
                                   round_dated("2026-01-15") + without_follow_up()}) {
    Harness h("se-active-measures");
    auto out = h.run(jsonl);
    EXPECT_EQ(out.verdict(kRule, kEmployer, kKey), Verdict::breach) << jsonl;
    ASSERT_EQ(out.of(kRule).size(), 1u) << jsonl;
    EXPECT_EQ(out.of(kRule)[0]->evidence.find("missing_steps")->s, "follow_up");
  }
}

// The year is over from 1 January of the next: on 31 December the last steps
// may still be taken.
TEST(FourSteps, TheYearIsOverFromTheFirstOfJanuary) {
  {
    Harness h("se-active-measures");
    auto out = h.run(without_follow_up() + round_dated("2025-12-31"));
    EXPECT_EQ(out.verdict(kRule, kEmployer, kKey), Verdict::not_applicable);
    EXPECT_TRUE(out.of(kRule).empty());
  }
  {
    Harness h("se-active-measures");
    auto out = h.run(without_follow_up() + round_dated("2026-01-01"));
    EXPECT_EQ(out.verdict(kRule, kEmployer, kKey), Verdict::breach);
  }
  {
    Harness h("se-active-measures", R"({"as_of": "2025-12-31"})");
    auto out = h.run(without_follow_up() + round_dated("2026-06-01"));
    EXPECT_EQ(out.verdict(kRule, kEmployer, kKey), Verdict::not_applicable);
    const Check* c = out.check(kRule, kEmployer, kKey);
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->reason,
              "{year} is not over on {as_of}, the policy's as-of date: the steps {steps_not_due} are not yet due.");
    EXPECT_EQ(c->evidence.find("as_of")->t.iso(), "2025-12-31");
  }
  {
    Harness h("se-active-measures", R"({"as_of": "2026-01-01"})");
    auto out = h.run(without_follow_up());
    EXPECT_EQ(out.verdict(kRule, kEmployer, kKey), Verdict::breach);
  }
}

// Steps dated out of order are a breach even in a year not yet over.
TEST(FourSteps, StepsOutOfOrderInAYearInProgressAreABreach) {
  Harness h("se-active-measures", R"({"as_of": "2025-06-30"})");
  auto out = h.run(MeasuresSpec{}
                       .set("steps", R"({"investigate":"2025-02-10","analyse":"2025-06-02","act":"2025-05-05"})")
                       .line());
  EXPECT_EQ(out.verdict(kRule, kEmployer, kKey), Verdict::breach);
  const Check* c = out.check(kRule, kEmployer, kKey);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->evidence.find("step")->s, "act");
  EXPECT_EQ(c->evidence.find("before_step")->s, "analyse");
}

// No date anywhere in the export: whether the year is over is not known.
TEST(FourSteps, NoDateInTheExportIsInsufficientData) {
  Harness h("se-active-measures");
  auto out = h.run(MeasuresSpec{}.set("steps", "{}").drop("documentation").line());
  EXPECT_EQ(out.verdict(kRule, kEmployer, kKey), Verdict::insufficient_data);
  EXPECT_TRUE(out.of(kRule).empty());
}

TEST(FourSteps, AnAsOfThatIsNoDateIsRefused) {
  EXPECT_ANY_THROW(Harness("se-active-measures", R"({"as_of": "2025-13-01"})"));
  EXPECT_ANY_THROW(Harness("se-active-measures", R"({"as_of": "2025-12-31T10:00:00Z"})"));
}

}  // namespace four_steps_test
