#include <gtest/gtest.h>

#include "records.hpp"
#include "support/harness.hpp"

namespace written_documentation_test {
using namespace fairaudit;
using fairaudit::testing::Harness;
using se_am_test::kEmployer;
using se_am_test::kKey;
using se_am_test::MeasuresSpec;

namespace {
const std::string kRule = "se-active-measures/written-documentation";
}  // namespace

TEST(WrittenDocumentation, SilentWhenWrittenAndLastYearEvaluated) {
  Harness h("se-active-measures");
  auto out = h.run(MeasuresSpec{}.line());
  EXPECT_EQ(out.verdict(kRule, kEmployer, kKey), Verdict::complies);
}

TEST(WrittenDocumentation, FiresWhenNothingIsWritten) {
  Harness h("se-active-measures");
  auto out = h.run(MeasuresSpec{}.set("documentation", R"({"written":false})").line());
  EXPECT_EQ(out.verdict(kRule, kEmployer, kKey), Verdict::breach);
  EXPECT_EQ(out.of(kRule).size(), 1u);
}

TEST(WrittenDocumentation, FiresWhenLastYearsMeasuresAreNotEvaluated) {
  Harness h("se-active-measures");
  auto out = h.run(
      MeasuresSpec{}.set("documentation", R"({"written":true,"at":"2025-12-08","previous_year_evaluated":false})").line());
  EXPECT_EQ(out.verdict(kRule, kEmployer, kKey), Verdict::breach);
  Harness h2("se-active-measures");
  auto unknown = h2.run(MeasuresSpec{}.set("documentation", R"({"written":true})").line());
  EXPECT_EQ(unknown.verdict(kRule, kEmployer, kKey), Verdict::insufficient_data);
  EXPECT_TRUE(unknown.of(kRule).empty());
}

TEST(WrittenDocumentation, NotApplicableBelowTwentyFiveEmployees) {
  Harness h("se-active-measures");
  auto out = h.run(MeasuresSpec{}.set("employees", "18").set("documentation", R"({"written":false})").line());
  EXPECT_EQ(out.verdict(kRule, kEmployer, kKey), Verdict::not_applicable);
  Harness h2("se-active-measures", R"({"documentation_min_employees": 10})");
  auto lower = h2.run(MeasuresSpec{}.set("employees", "18").set("documentation", R"({"written":false})").line());
  EXPECT_EQ(lower.verdict(kRule, kEmployer, kKey), Verdict::breach);
}

TEST(WrittenDocumentation, NotRecordedIsInsufficientData) {
  Harness h("se-active-measures");
  auto out = h.run(MeasuresSpec{}.drop("documentation").line());
  EXPECT_EQ(out.verdict(kRule, kEmployer, kKey), Verdict::insufficient_data);
  Harness h2("se-active-measures");
  auto no_size = h2.run(MeasuresSpec{}.drop("employees").line());
  EXPECT_EQ(no_size.verdict(kRule, kEmployer, kKey), Verdict::insufficient_data);
}

}  // namespace written_documentation_test
