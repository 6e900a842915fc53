// interview-call-diversity/selection-rate-disparity on single rounds.
#include <gtest/gtest.h>

#include <algorithm>

#include "rounds.hpp"
#include "support/harness.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace selection_rate_disparity_test {
using fairaudit::Severity;
using fairaudit::Verdict;
using fairaudit::testing::Harness;
using namespace icd_test;

namespace {

const std::string kRule = "interview-call-diversity/selection-rate-disparity";
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

TEST(SelectionRateDisparity, FiresAsErrorWhenAdverseSignificantAndNotFlippable) {
  Harness h("interview-call-diversity", kGenderOnly);
  auto out = h.run(round_line("R-ERR", "oslo/bydel-a/helse", pool(20, 4, 20, 16)));
  EXPECT_EQ(out.verdict(kRule, "R-ERR", kKey), Verdict::breach);
  auto fs = out.of(kRule, "R-ERR");
  ASSERT_EQ(fs.size(), 1u);
  const auto& f = *fs[0];
  EXPECT_EQ(f.severity, Severity::error);
  EXPECT_EQ(f.key, kKey);
  EXPECT_EQ(text_of(f.evidence, "reference_group"), "man");
  EXPECT_EQ(text_of(f.evidence, "stage_from"), "qualified");
  EXPECT_EQ(text_of(f.evidence, "stage_to"), "interview_invited");
  const auto* w = group_entry(f.evidence, "woman");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(int_of(*w, "n"), 20);
  EXPECT_EQ(int_of(*w, "selected"), 4);
  EXPECT_EQ(int_of(*w, "reference_n"), 20);       // the reference's counts sit next to the ratio
  EXPECT_EQ(int_of(*w, "reference_selected"), 16);
  EXPECT_DOUBLE_EQ(real_of(*w, "impact_ratio"), 0.25);
  EXPECT_EQ(text_of(*w, "four_fifths"), "adverse");
  EXPECT_LT(real_of(*w, "fisher_p_two_sided"), 0.05);
  EXPECT_EQ(int_of(*w, "shortfall_parity"), 12);       // 16 needed
  EXPECT_EQ(int_of(*w, "shortfall_four_fifths"), 9);   // ceil(0.8 · 16) = 13 needed
  EXPECT_FALSE(bool_of(*w, "flip_reverses"));
  // The women passed over are named (for the internal audience only); counts
  // never appear in the message text.
  EXPECT_EQ(f.applicants.size(), 16u);
  EXPECT_EQ(f.message.find("16"), std::string::npos);
  EXPECT_NE(f.message.find("{group}"), std::string::npos);
}

TEST(SelectionRateDisparity, SilentWhenRatesAreClose) {
  Harness h("interview-call-diversity", kGenderOnly);
  auto out = h.run(round_line("R-OK", "oslo/bydel-a/helse", pool(20, 10, 20, 11)));
  EXPECT_EQ(out.verdict(kRule, "R-OK", kKey), Verdict::complies);
  EXPECT_TRUE(out.of(kRule).empty());
}

TEST(SelectionRateDisparity, ExactlyFourFifthsIsNotAdverse) {
  // UGESP 1607.4(D): "less than four-fifths". 4/10 against 5/10 is 0.8 exactly.
  Harness h("interview-call-diversity", kGenderOnly);
  auto out = h.run(round_line("R-080", "oslo/bydel-a/helse", pool(10, 4, 10, 5)) +
                   round_line("R-075", "oslo/bydel-a/helse", pool(20, 6, 20, 8)));
  EXPECT_EQ(out.verdict(kRule, "R-080", kKey), Verdict::complies);
  const auto* c = out.check(kRule, "R-080", kKey);
  ASSERT_NE(c, nullptr);
  const auto* w = group_entry(c->evidence, "woman");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(text_of(*w, "four_fifths"), "not_adverse");
  EXPECT_DOUBLE_EQ(real_of(*w, "impact_ratio"), 0.8);
  // Just below: 6/20 against 8/20 is 0.75.
  EXPECT_EQ(out.verdict(kRule, "R-075", kKey), Verdict::breach);
}

TEST(SelectionRateDisparity, FlipCaseIsOnlyANote) {
  // 3/10 against 4/10 (0.75): moving one invitation from a man to a woman
  // gives 4/10 against 3/10 — the order reverses (UGESP Q&A 21).
  Harness h("interview-call-diversity", kGenderOnly);
  auto out = h.run(round_line("R-FLIP", "oslo/bydel-a/helse", pool(10, 3, 10, 4)));
  EXPECT_EQ(out.verdict(kRule, "R-FLIP", kKey), Verdict::breach);
  auto fs = out.of(kRule, "R-FLIP");
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0]->severity, Severity::note);
  const auto* w = group_entry(fs[0]->evidence, "woman");
  ASSERT_NE(w, nullptr);
  EXPECT_TRUE(bool_of(*w, "flip_reverses"));
}

TEST(SelectionRateDisparity, PracticallySignificantOnlyIsAWarning) {
  // 2/8 against 6/8: adverse (0.33), flip does not reverse (3/8 vs 5/8), but
  // Fisher's two-sided p = 0.13 is not significant.
  Harness h("interview-call-diversity", kGenderOnly);
  auto out = h.run(round_line("R-WARN", "oslo/bydel-a/helse", pool(8, 2, 8, 6)));
  auto fs = out.of(kRule, "R-WARN");
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0]->severity, Severity::warning);
}

TEST(SelectionRateDisparity, SmallCellsGiveInsufficientDataNeverAVerdict) {
  Harness h("interview-call-diversity", kGenderOnly);  // min_cell 5 by default
  auto out = h.run(round_line("R-SMALL", "oslo/bydel-a/helse", pool(3, 0, 10, 9)));
  EXPECT_EQ(out.verdict(kRule, "R-SMALL", kKey), Verdict::insufficient_data);
  EXPECT_TRUE(out.of(kRule).empty());
}

TEST(SelectionRateDisparity, UnknownAnswersAreTheirOwnCategoryNeverNo) {
  Harness h("interview-call-diversity",
            R"({"attributes":["immigrant_background"],"intersections":[],)"
            R"("transitions":[["qualified","interview_invited"]],"expected_groups":[]})");
  std::vector<Person> p;
  add(p, 2, P("man").imm("yes").invite());
  add(p, 8, P("man").imm("yes"));
  add(p, 8, P("man").imm("no").invite());
  add(p, 2, P("man").imm("no"));
  add(p, 6, P("man").imm("declined").invite());
  add(p, 3, P("man").imm("not_asked"));
  auto out = h.run(round_line("R-UNK", "oslo/bydel-a/helse", p));
  const auto* c = out.check(kRule, "R-UNK", "immigrant_background/qualified>interview_invited");
  ASSERT_NE(c, nullptr);
  const auto* unknown = c->evidence.find("unknown");
  ASSERT_NE(unknown, nullptr);
  EXPECT_EQ(int_of(unknown->children.at(0), "unknown_count"), 9);
  const auto* yes = group_entry(c->evidence, "yes");
  ASSERT_NE(yes, nullptr);
  EXPECT_EQ(int_of(*yes, "reference_n"), 10);  // "no" holds only those who answered no
  EXPECT_EQ(text_of(*yes, "reference_group"), "no");
  EXPECT_EQ(group_entry(c->evidence, "declined"), nullptr);
}

TEST(SelectionRateDisparity, WithdrawnApplicantsAreLeftOutOfThePool) {
  Harness h("interview-call-diversity", kGenderOnly);
  auto people = pool(10, 5, 10, 5);
  add(people, 4, P("woman").withdraw());  // withdrew before any invitation
  auto out = h.run(round_line("R-WD", "oslo/bydel-a/helse", people));
  EXPECT_EQ(out.verdict(kRule, "R-WD", kKey), Verdict::complies);
  const auto* w = group_entry(out.check(kRule, "R-WD", kKey)->evidence, "woman");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(int_of(*w, "n"), 10);
}

TEST(SelectionRateDisparity, EachConfiguredTransitionIsChecked) {
  Harness h("interview-call-diversity",
            R"({"attributes":["gender"],"intersections":[],"expected_groups":[]})");  // default transitions
  std::vector<Person> p;
  add(p, 8, P("woman").invite());
  add(p, 2, P("woman"));
  add(p, 8, P("man").invite().hire());
  add(p, 2, P("man"));
  auto out = h.run(round_line("R-HIRE", "oslo/bydel-a/helse", p));
  EXPECT_EQ(out.verdict(kRule, "R-HIRE", "gender/qualified>interview_invited"), Verdict::complies);
  EXPECT_EQ(out.verdict(kRule, "R-HIRE", "gender/interview_invited>hired"), Verdict::breach);
}

TEST(SelectionRateDisparity, NotApplicableBeforeAnyoneIsInvited) {
  Harness h("interview-call-diversity", kGenderOnly);
  auto out = h.run(round_line("R-NEW", "oslo/bydel-a/helse", pool(10, 0, 10, 0)));
  EXPECT_EQ(out.verdict(kRule, "R-NEW", kKey), Verdict::not_applicable);
}

TEST(SelectionRateDisparity, BadTransitionIsAnOptionError) {
  EXPECT_ANY_THROW(Harness("interview-call-diversity", R"({"transitions":[["hired","qualified"]]})"));
  EXPECT_ANY_THROW(Harness("interview-call-diversity", R"({"transitions":[["qualified"]]})"));
}

}  // namespace selection_rate_disparity_test
