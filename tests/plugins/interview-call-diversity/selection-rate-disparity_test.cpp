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

TEST(SelectionRateDisparity, BothGatesGiveThePolicysSeverity) {
  // Adverse (0.25), not reversed by moving one invitation, and significant
  // after the round's adjustment: both gates hold. A single round gives a
  // warning unless the policy says error.
  Harness h("interview-call-diversity", kGenderOnly);
  auto out = h.run(round_line("R-ERR", "oslo/bydel-a/helse", pool(20, 4, 20, 16)));
  EXPECT_EQ(out.verdict(kRule, "R-ERR", kKey), Verdict::breach);
  auto fs = out.of(kRule, "R-ERR");
  ASSERT_EQ(fs.size(), 1u);
  const auto& f = *fs[0];
  EXPECT_EQ(f.severity, Severity::warning);
  EXPECT_EQ(text_of(f.evidence, "gates"), "both");
  EXPECT_NE(f.message.find("both gates"), std::string::npos) << f.message;
  EXPECT_EQ(text_of(f.evidence, "family"), "round");
  EXPECT_EQ(text_of(f.evidence, "adjustment"), "holm");
  EXPECT_EQ(int_of(f.evidence, "family_size"), 1);
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
  // One comparison in the family: the adjusted p is the raw one.
  EXPECT_DOUBLE_EQ(real_of(*w, "p_adjusted"), real_of(*w, "fisher_p_two_sided"));
  EXPECT_DOUBLE_EQ(real_of(*w, "p_value"), real_of(*w, "fisher_p_two_sided"));

  Harness strict("interview-call-diversity",
                 R"({"attributes":["gender"],"intersections":[],"transitions":[["qualified","interview_invited"]],)"
                 R"("expected_groups":[],"round_severity":"error"})");
  auto out2 = strict.run(round_line("R-ERR", "oslo/bydel-a/helse", pool(20, 4, 20, 16)));
  ASSERT_EQ(out2.of(kRule, "R-ERR").size(), 1u);
  EXPECT_EQ(out2.of(kRule, "R-ERR")[0]->severity, Severity::error);
}

TEST(SelectionRateDisparity, SignificantAloneIsNotSignificantAfterTheRoundsAdjustment) {
  // Women 4/20 against men 11/20: Fisher's two-sided p is below 0.05 on its
  // own. With immigrant background compared in the same round (a second
  // comparison, p = 1) Holm doubles the smaller p-value, which is then above
  // 0.05: the four-fifths gate alone holds, a note.
  std::vector<Person> p = pool(20, 4, 20, 11);
  for (std::size_t i = 0; i < p.size(); ++i) p[i].imm(i % 2 ? "yes" : "no");
  const char* two = R"({"attributes":["gender","immigrant_background"],"intersections":[],)"
                    R"("transitions":[["qualified","interview_invited"]],"expected_groups":[]})";
  Harness h("interview-call-diversity", two);
  auto out = h.run(round_line("R-HOLM", "oslo/bydel-a/helse", p));
  auto fs = out.of(kRule, "R-HOLM");
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0]->severity, Severity::note);
  EXPECT_EQ(text_of(fs[0]->evidence, "gates"), "practical_only");
  EXPECT_NE(fs[0]->message.find("monitor"), std::string::npos);
  EXPECT_EQ(int_of(fs[0]->evidence, "family_size"), 2);
  const auto* w = group_entry(fs[0]->evidence, "woman");
  ASSERT_NE(w, nullptr);
  const double raw = real_of(*w, "fisher_p_two_sided");
  EXPECT_LT(raw, 0.05);
  EXPECT_DOUBLE_EQ(real_of(*w, "p_adjusted"), 2 * raw);
  EXPECT_FALSE(bool_of(*w, "statistical_significance"));
  EXPECT_TRUE(bool_of(*w, "practical_significance"));

  // Without the adjustment both gates hold.
  Harness none("interview-call-diversity",
               R"({"attributes":["gender","immigrant_background"],"intersections":[],)"
               R"("transitions":[["qualified","interview_invited"]],"expected_groups":[],"round_adjustment":"none"})");
  auto out2 = none.run(round_line("R-HOLM", "oslo/bydel-a/helse", p));
  ASSERT_EQ(out2.of(kRule, "R-HOLM").size(), 1u);
  EXPECT_EQ(out2.of(kRule, "R-HOLM")[0]->severity, Severity::warning);
}

TEST(SelectionRateDisparity, AMoreExtremeDifferenceNeverHasLessOfAVerdict) {
  // 0/10 against 60/95 is a finding; 0/10 against 95/95 and 0/5 against
  // 20000/20000 are more extreme and must be findings too (the expected count
  // of the 2×2 table under equal rates fell below 1 for them, which gave
  // insufficient data). Fisher's two-sided p as R's fisher.test:
  // 1.1e-4, 3.5e-14 (and below 1e-15 for the last).
  Harness h("interview-call-diversity", kGenderOnly);
  auto out = h.run(round_line("R-M1", "oslo/x", pool(10, 0, 95, 60)) + round_line("R-M2", "oslo/x", pool(10, 0, 95, 95)));
  for (const char* id : {"R-M1", "R-M2"}) {
    EXPECT_EQ(out.verdict(kRule, id, kKey), Verdict::breach) << id;
    auto fs = out.of(kRule, id);
    ASSERT_EQ(fs.size(), 1u) << id;
    EXPECT_EQ(fs[0]->severity, Severity::warning) << id;
  }
  EXPECT_NEAR(real_of(*group_entry(out.of(kRule, "R-M1")[0]->evidence, "woman"), "fisher_p_two_sided"), 1.1e-4, 0.5e-5);
  EXPECT_NEAR(real_of(*group_entry(out.of(kRule, "R-M2")[0]->evidence, "woman"), "fisher_p_two_sided"), 3.5e-14,
              0.5e-15);
}

TEST(SelectionRateDisparity, AGroupTooSmallIsNeverTheReference) {
  // One woman, invited (rate 1), against men 5/20: the woman is too few to
  // measure others against; men are the reference and the woman's comparison
  // is insufficient.
  Harness h("interview-call-diversity", kGenderOnly);
  auto out = h.run(round_line("R-REF", "oslo/x", pool(1, 1, 20, 5)));
  const auto* c = out.check(kRule, "R-REF", kKey);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(text_of(c->evidence, "reference_group"), "man");
  EXPECT_EQ(c->verdict, Verdict::insufficient_data);
}

TEST(SelectionRateDisparity, CategoriesUnderTwoPercentAreExcludedAndDisclosed) {
  // One applicant of 60 answered gender "other" (1.7%): not compared, never
  // the reference, listed with the counts (6 RCNY § 5-301).
  Harness h("interview-call-diversity", kGenderOnly);
  auto people = pool(30, 15, 29, 15);
  add(people, 1, P("other").invite());
  auto out = h.run(round_line("R-EXCL", "oslo/x", people));
  const auto* c = out.check(kRule, "R-EXCL", kKey);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(group_entry(c->evidence, "other"), nullptr);
  const auto* excluded = c->evidence.find("excluded");
  ASSERT_NE(excluded, nullptr);
  ASSERT_EQ(excluded->children.size(), 1u);
  EXPECT_EQ(text_of(excluded->children[0], "group"), "other");
  EXPECT_EQ(int_of(excluded->children[0], "n"), 1);
  EXPECT_EQ(int_of(excluded->children[0], "selected"), 1);
}

TEST(SelectionRateDisparity, ACompliantRoundSaysWhatItCouldHaveFound) {
  // 10/20 against 11/20 complies; the evidence says the smallest impact ratio
  // these numbers would have found with 80% power, and the message names it.
  Harness h("interview-call-diversity", kGenderOnly);
  auto out = h.run(round_line("R-POW", "oslo/x", pool(20, 10, 20, 11)));
  const auto* c = out.check(kRule, "R-POW", kKey);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->verdict, Verdict::complies);
  EXPECT_NE(c->reason.find("only an impact ratio below {detectable_impact_ratio}"), std::string::npos) << c->reason;
  const double d = real_of(c->evidence, "detectable_impact_ratio");
  EXPECT_GT(d, 0.0);
  EXPECT_LT(d, 0.8);
  EXPECT_EQ(int_of(c->evidence, "detectable_n"), 20);
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

TEST(SelectionRateDisparity, FlipCaseIsNoFinding) {
  // 3/10 against 4/10 (0.75): moving one invitation from a man to a woman
  // gives 4/10 against 3/10 — the order reverses (UGESP Q&A 21): not of
  // practical significance, and not significant either: complies.
  Harness h("interview-call-diversity", kGenderOnly);
  auto out = h.run(round_line("R-FLIP", "oslo/bydel-a/helse", pool(10, 3, 10, 4)));
  EXPECT_EQ(out.verdict(kRule, "R-FLIP", kKey), Verdict::complies);
  EXPECT_TRUE(out.of(kRule, "R-FLIP").empty());
  const auto* w = group_entry(out.check(kRule, "R-FLIP", kKey)->evidence, "woman");
  ASSERT_NE(w, nullptr);
  EXPECT_TRUE(bool_of(*w, "flip_reverses"));
  EXPECT_EQ(text_of(*w, "four_fifths"), "adverse");
  EXPECT_FALSE(bool_of(*w, "practical_significance"));
}

TEST(SelectionRateDisparity, PracticallySignificantOnlyIsANote) {
  // 2/8 against 6/8: adverse (0.33), flip does not reverse (3/8 vs 5/8), but
  // Fisher's two-sided p = 0.13 is not significant: monitor.
  Harness h("interview-call-diversity", kGenderOnly);
  auto out = h.run(round_line("R-WARN", "oslo/bydel-a/helse", pool(8, 2, 8, 6)));
  auto fs = out.of(kRule, "R-WARN");
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0]->severity, Severity::note);
  EXPECT_EQ(text_of(fs[0]->evidence, "gates"), "practical_only");
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

TEST(SelectionRateDisparity, WithdrawnAfterTheInvitationsWereSentIsPassedOver) {
  // Withdrew on 2026-04-10, after the invitations of 2026-03-25, without an
  // invitation: they had been passed over and count as not invited.
  std::vector<Person> people = pool(10, 5, 10, 5);
  std::string line = round_line("R-WD2", "oslo/bydel-a/helse", people);
  // One more woman, not invited, who withdrew late.
  const std::string late =
      R"({"id":"R-WD2-late","gender":"woman","self_id":{"immigrant_background":"no","disability":"no",)"
      R"("cv_gap":"no","priority_access":"no"},"assessment":{"outcome":"qualified"},"events":[)"
      R"({"type":"applied","at":"2026-03-02"},{"type":"withdrawn","at":"2026-04-10"}]})";
  const auto pos = line.rfind("]}");
  ASSERT_NE(pos, std::string::npos);
  line.insert(pos, "," + late);
  Harness h("interview-call-diversity", kGenderOnly);
  auto out = h.run(line);
  const auto* c = out.check(kRule, "R-WD2", kKey);
  ASSERT_NE(c, nullptr);
  const auto* w = group_entry(c->evidence, "woman");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(int_of(*w, "n"), 11);
  EXPECT_EQ(int_of(*w, "selected"), 5);
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
