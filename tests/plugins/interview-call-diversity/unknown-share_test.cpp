// interview-call-diversity/unknown-share: declined, not-asked and missing answers.
#include <gtest/gtest.h>

#include "rounds.hpp"
#include "support/harness.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace unknown_share_test {
using fairaudit::Verdict;
using fairaudit::testing::Harness;
using namespace icd_test;

namespace {

const std::string kRule = "interview-call-diversity/unknown-share";
const char* kOptions = R"({"attributes":["gender","immigrant_background"],"intersections":[],"expected_groups":[]})";

std::vector<Person> people(int answered, int declined, int not_asked) {
  std::vector<Person> p;
  add(p, answered, P("man").imm("no"));
  add(p, declined, P("man").imm("declined"));
  add(p, not_asked, P("man").imm("not_asked"));
  return p;
}

}  // namespace

TEST(UnknownShare, FiresAboveTheThreshold) {
  Harness h("interview-call-diversity", kOptions);  // threshold 0.2
  auto out = h.run(round_line("R-HI", "oslo/a", people(14, 4, 2)));  // 6 of 20
  EXPECT_EQ(out.verdict(kRule, "R-HI", "immigrant_background"), Verdict::breach);
  EXPECT_EQ(out.verdict(kRule, "R-HI", "gender"), Verdict::complies);
  auto fs = out.of(kRule, "R-HI");
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(int_of(fs[0]->evidence, "unknown_count"), 6);
  EXPECT_EQ(int_of(fs[0]->evidence, "applicants"), 20);
  EXPECT_DOUBLE_EQ(real_of(fs[0]->evidence, "unknown_share"), 0.3);
  const auto* b = fs[0]->evidence.find("breakdown");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(int_of(b->children.at(0), "declined"), 4);
  EXPECT_EQ(int_of(b->children.at(0), "not_asked"), 2);
}

TEST(UnknownShare, ExactlyAtTheThresholdIsSilent) {
  Harness h("interview-call-diversity", kOptions);
  auto out = h.run(round_line("R-EQ", "oslo/a", people(16, 4, 0)));  // 4 of 20 = 0.2
  EXPECT_EQ(out.verdict(kRule, "R-EQ", "immigrant_background"), Verdict::complies);
  EXPECT_TRUE(out.of(kRule).empty());
}

TEST(UnknownShare, ThresholdIsAnOption) {
  Harness h("interview-call-diversity",
            R"({"attributes":["immigrant_background"],"intersections":[],"expected_groups":[],)"
            R"("unknown_share_threshold":0.5})");
  auto out = h.run(round_line("R-HI", "oslo/a", people(14, 4, 2)));
  EXPECT_EQ(out.verdict(kRule, "R-HI", "immigrant_background"), Verdict::complies);
}

TEST(UnknownShare, TooFewApplicantsIsInsufficientData) {
  Harness h("interview-call-diversity", kOptions);  // min_cell 5
  auto out = h.run(round_line("R-TINY", "oslo/a", people(1, 3, 0)));
  EXPECT_EQ(out.verdict(kRule, "R-TINY", "immigrant_background"), Verdict::insufficient_data);
}

TEST(UnknownShare, TwoOfSevenDecliningIsNotAFinding) {
  // 2 of 7 is above the 0.2 threshold, but seven applicants say nothing about
  // the form: below unknown_share_min_pool (20) there is no verdict.
  Harness h("interview-call-diversity", kOptions);
  auto out = h.run(round_line("R-7", "oslo/a", people(5, 2, 0)));
  EXPECT_EQ(out.verdict(kRule, "R-7", "immigrant_background"), Verdict::insufficient_data);
  EXPECT_TRUE(out.of(kRule).empty());
}

TEST(UnknownShare, DeclinedGenderCountsAsUnknown) {
  std::vector<Person> p;
  add(p, 10, P("woman"));
  add(p, 6, P("declined"));
  add(p, 4, P("unknown"));
  Harness h("interview-call-diversity", kOptions);
  auto out = h.run(round_line("R-G", "oslo/a", p));
  EXPECT_EQ(out.verdict(kRule, "R-G", "gender"), Verdict::breach);
  EXPECT_EQ(int_of(out.of(kRule, "R-G").at(0)->evidence, "unknown_count"), 10);
}

}  // namespace unknown_share_test
