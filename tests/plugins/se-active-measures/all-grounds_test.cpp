#include <gtest/gtest.h>

#include "records.hpp"
#include "support/harness.hpp"

namespace all_grounds_test {
using namespace fairaudit;
using fairaudit::testing::Harness;
using se_am_test::kEmployer;
using se_am_test::kKey;
using se_am_test::MeasuresSpec;

namespace {
const std::string kRule = "se-active-measures/all-grounds";
}  // namespace

TEST(AllGrounds, SilentWhenAllSevenGroundsAreCovered) {
  Harness h("se-active-measures");
  auto out = h.run(MeasuresSpec{}.line());
  EXPECT_EQ(out.verdict(kRule, kEmployer, kKey), Verdict::complies);
}

TEST(AllGrounds, FiresWhenOnlySexIsCoveredAsInTheOldEqualityPlans) {
  Harness h("se-active-measures");
  auto out = h.run(MeasuresSpec{}.set("grounds_covered", R"(["sex"])").line());
  EXPECT_EQ(out.verdict(kRule, kEmployer, kKey), Verdict::breach);
  ASSERT_EQ(out.of(kRule).size(), 1u);
  EXPECT_EQ(out.of(kRule)[0]->evidence.find("missing_grounds")->s,
            "transgender_identity_or_expression, ethnicity, religion_or_belief, disability, sexual_orientation, age");
}

TEST(AllGrounds, FiresOnOneGroundLeftOut) {
  Harness h("se-active-measures");
  auto out = h.run(MeasuresSpec{}
                       .set("grounds_covered", R"(["sex","transgender_identity_or_expression","ethnicity",)"
                                               R"("disability","sexual_orientation","age"])")
                       .line());
  EXPECT_EQ(out.verdict(kRule, kEmployer, kKey), Verdict::breach);
  const Check* c = out.check(kRule, kEmployer, kKey);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->evidence.find("missing_grounds")->s, "religion_or_belief");
}

TEST(AllGrounds, AnEmptyListIsRecordedAsNoneButAnAbsentOneIsNotRecorded) {
  Harness h("se-active-measures");
  auto none = h.run(MeasuresSpec{}.set("grounds_covered", "[]").line());
  EXPECT_EQ(none.verdict(kRule, kEmployer, kKey), Verdict::breach);
  Harness h2("se-active-measures");
  auto absent = h2.run(MeasuresSpec{}.drop("grounds_covered").line());
  EXPECT_EQ(absent.verdict(kRule, kEmployer, kKey), Verdict::insufficient_data);
  EXPECT_TRUE(absent.of(kRule).empty());
}

TEST(AllGrounds, ThePolicyListDecides) {
  Harness h("se-active-measures", R"({"grounds": ["sex", "age"]})");
  auto out = h.run(MeasuresSpec{}.set("grounds_covered", R"(["age","sex"])").line());
  EXPECT_EQ(out.verdict(kRule, kEmployer, kKey), Verdict::complies);
}

}  // namespace all_grounds_test
