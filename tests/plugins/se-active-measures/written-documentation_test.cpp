#include <gtest/gtest.h>

#include "records.hpp"
#include "support/harness.hpp"

namespace written_documentation_test {
using namespace fairaudit;
using fairaudit::testing::Harness;
using se_am_test::kEmployer;
using se_am_test::kKey;
using se_am_test::MeasuresSpec;
using se_am_test::round_dated;

namespace {
const std::string kRule = "se-active-measures/written-documentation";
}  // namespace

TEST(WrittenDocumentation, SilentWhenWrittenAndLastYearEvaluated) {
  Harness h("se-active-measures");
  auto out = h.run(MeasuresSpec{}.line());
  EXPECT_EQ(out.verdict(kRule, kEmployer, kKey), Verdict::complies);
}

TEST(WrittenDocumentation, FiresWhenNothingIsWritten) {
  Harness h("se-active-measures", R"({"as_of": "2026-03-01"})");
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
  Harness h2("se-active-measures", R"({"documentation_min_employees": 10, "as_of": "2026-03-01"})");
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

namespace {
std::string unwritten() { return MeasuresSpec{}.set("documentation", R"({"written":false})").line(); }
}  // namespace

// The documentation of 2025 is due by the end of 2025: while the export's
// latest date (the follow-up, 2025-11-17) is in the year, none yet is not
// yet due, never a breach.
TEST(WrittenDocumentation, AYearInProgressIsNotYetDueNeverABreach) {
  Harness h("se-active-measures");
  auto out = h.run(unwritten());
  EXPECT_EQ(out.verdict(kRule, kEmployer, kKey), Verdict::not_applicable);
  EXPECT_TRUE(out.of(kRule).empty());
  const Check* c = out.check(kRule, kEmployer, kKey);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->reason,
            "{year} is not over on {as_of}, the latest date in this export: its written documentation is not yet due.");
  EXPECT_EQ(c->evidence.find("as_of")->t.iso(), "2025-11-17");
}

// A record dated after the year, before or after the measures record, makes
// the year over; from 1 January on the documentation is due.
TEST(WrittenDocumentation, AFinishedYearWithoutItIsABreachWhateverTheRecordOrder) {
  for (const std::string& jsonl : {unwritten() + round_dated("2026-01-01"), round_dated("2026-01-01") + unwritten()}) {
    Harness h("se-active-measures");
    auto out = h.run(jsonl);
    EXPECT_EQ(out.verdict(kRule, kEmployer, kKey), Verdict::breach) << jsonl;
    EXPECT_EQ(out.of(kRule).size(), 1u) << jsonl;
  }
  Harness h("se-active-measures");
  auto last_day = h.run(unwritten() + round_dated("2025-12-31"));
  EXPECT_EQ(last_day.verdict(kRule, kEmployer, kKey), Verdict::not_applicable);
}

// The policy's as-of date decides over the export's dates, both ways.
TEST(WrittenDocumentation, ThePolicysAsOfDateDecides) {
  Harness before("se-active-measures", R"({"as_of": "2025-12-31"})");
  auto in_year = before.run(unwritten() + round_dated("2026-06-01"));
  EXPECT_EQ(in_year.verdict(kRule, kEmployer, kKey), Verdict::not_applicable);
  const Check* c = in_year.check(kRule, kEmployer, kKey);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->reason,
            "{year} is not over on {as_of}, the policy's as-of date: its written documentation is not yet due.");
  Harness after("se-active-measures", R"({"as_of": "2026-01-01"})");
  EXPECT_EQ(after.run(unwritten()).verdict(kRule, kEmployer, kKey), Verdict::breach);
}

// No date anywhere in the export: whether the year is over is not known.
TEST(WrittenDocumentation, NoDateInTheExportIsInsufficientData) {
  Harness h("se-active-measures");
  auto out = h.run(MeasuresSpec{}.set("steps", "{}").set("documentation", R"({"written":false})").line());
  EXPECT_EQ(out.verdict(kRule, kEmployer, kKey), Verdict::insufficient_data);
  EXPECT_TRUE(out.of(kRule).empty());
}

}  // namespace written_documentation_test
