// interview-call-diversity/intersectional-disparity: combinations of attributes.
#include <gtest/gtest.h>

#include "rounds.hpp"
#include "support/harness.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace intersectional_disparity_test {
using fairaudit::Severity;
using fairaudit::Verdict;
using fairaudit::testing::Harness;
using namespace icd_test;

namespace {

const std::string kRule = "interview-call-diversity/intersectional-disparity";
const std::string kSingle = "interview-call-diversity/selection-rate-disparity";
const std::string kKey = "gender+immigrant_background/qualified>interview_invited";
const char* kOptions =
    R"({"attributes":["gender","immigrant_background"],"intersections":[["gender","immigrant_background"]],)"
    R"("transitions":[["qualified","interview_invited"]],"expected_groups":[]})";

// Ten people of one combination, `invited` of them invited.
void cell(std::vector<Person>& p, const std::string& gender, const std::string& imm, int invited) {
  add(p, invited, P(gender).imm(imm).invite());
  add(p, 10 - invited, P(gender).imm(imm));
}

}  // namespace

TEST(IntersectionalDisparity, FindsADisadvantageThatEachAttributeAloneHides) {
  // Women overall 10/20 and men 10/20; immigrant background yes 10/20 and no
  // 10/20 — yet women with immigrant background are invited 2 of 10 times.
  std::vector<Person> p;
  cell(p, "man", "no", 2);
  cell(p, "man", "yes", 8);
  cell(p, "woman", "no", 8);
  cell(p, "woman", "yes", 2);
  Harness h("interview-call-diversity", kOptions);
  auto out = h.run(round_line("R-X", "oslo/bydel-b/skole", p));
  EXPECT_EQ(out.verdict(kSingle, "R-X", "gender/qualified>interview_invited"), Verdict::complies);
  EXPECT_EQ(out.verdict(kSingle, "R-X", "immigrant_background/qualified>interview_invited"), Verdict::complies);
  EXPECT_EQ(out.verdict(kRule, "R-X", kKey), Verdict::breach);
  auto fs = out.of(kRule, "R-X");
  ASSERT_EQ(fs.size(), 1u);
  // 2/10 vs 8/10: Fisher p = 0.023, but the round holds five comparisons
  // (gender, immigrant background and three combinations against man+yes):
  // Holm's adjusted p is 5 × 0.023 = 0.115, so only the practical gate holds.
  EXPECT_EQ(fs[0]->severity, Severity::note);
  EXPECT_EQ(int_of(fs[0]->evidence, "family_size"), 5);
  const auto* wy = group_entry(fs[0]->evidence, "woman+yes");
  ASSERT_NE(wy, nullptr);
  EXPECT_EQ(text_of(*wy, "four_fifths"), "adverse");
  EXPECT_DOUBLE_EQ(real_of(*wy, "impact_ratio"), 0.25);
  EXPECT_EQ(text_of(fs[0]->evidence, "attribute"), "gender+immigrant_background");
}

TEST(IntersectionalDisparity, SilentWhenCombinationsAreSelectedAlike) {
  std::vector<Person> p;
  cell(p, "man", "no", 5);
  cell(p, "man", "yes", 5);
  cell(p, "woman", "no", 5);
  cell(p, "woman", "yes", 5);
  Harness h("interview-call-diversity", kOptions);
  auto out = h.run(round_line("R-EQ", "oslo/bydel-b/skole", p));
  EXPECT_EQ(out.verdict(kRule, "R-EQ", kKey), Verdict::complies);
  EXPECT_TRUE(out.of(kRule).empty());
}

TEST(IntersectionalDisparity, AnUnknownPartMakesTheCombinationUnknown) {
  std::vector<Person> p;
  cell(p, "man", "no", 5);
  cell(p, "woman", "no", 5);
  add(p, 4, P("declined").imm("no").invite());
  add(p, 3, P("woman").imm("not_asked"));
  Harness h("interview-call-diversity", kOptions);
  auto out = h.run(round_line("R-U", "oslo/bydel-b/skole", p));
  const auto* c = out.check(kRule, "R-U", kKey);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(int_of(c->evidence.find("unknown")->children.at(0), "unknown_count"), 7);
  EXPECT_EQ(group_entry(c->evidence, "declined+no"), nullptr);
}

}  // namespace intersectional_disparity_test
