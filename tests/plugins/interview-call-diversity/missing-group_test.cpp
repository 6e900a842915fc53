// interview-call-diversity/missing-group: an expected group absent from the pool.
#include <gtest/gtest.h>

#include "rounds.hpp"
#include "support/harness.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace missing_group_test {
using fairaudit::Severity;
using fairaudit::Verdict;
using fairaudit::testing::Harness;
using namespace icd_test;

namespace {

const std::string kRule = "interview-call-diversity/missing-group";
const char* kOptions = R"({"attributes":["gender"],"intersections":[]})";  // expected: gender=woman, gender=man

}  // namespace

TEST(MissingGroup, FiresWhenNoWomanApplied) {
  std::vector<Person> p;
  add(p, 12, P("man"));
  Harness h("interview-call-diversity", kOptions);
  auto out = h.run(round_line("R-M", "oslo/a", p));
  EXPECT_EQ(out.verdict(kRule, "R-M", "gender=woman"), Verdict::breach);
  EXPECT_EQ(out.verdict(kRule, "R-M", "gender=man"), Verdict::complies);
  auto fs = out.of(kRule, "R-M");
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0]->severity, Severity::note);  // the declared default: an outreach signal
  EXPECT_EQ(int_of(fs[0]->evidence, "group_count"), 0);
  EXPECT_EQ(int_of(fs[0]->evidence, "known_answers"), 12);
}

TEST(MissingGroup, SilentWhenBothGroupsApplied) {
  std::vector<Person> p;
  add(p, 11, P("man"));
  add(p, 1, P("woman"));
  Harness h("interview-call-diversity", kOptions);
  auto out = h.run(round_line("R-B", "oslo/a", p));
  EXPECT_EQ(out.verdict(kRule, "R-B", "gender=woman"), Verdict::complies);
  EXPECT_TRUE(out.of(kRule).empty());
}

TEST(MissingGroup, SmallPoolsAndUnansweredQuestionsGiveNoVerdict) {
  std::vector<Person> small;
  add(small, 6, P("man"));
  std::vector<Person> unanswered;
  add(unanswered, 4, P("man"));
  add(unanswered, 8, P("declined"));  // 12 applicants, 4 known answers
  Harness h("interview-call-diversity", kOptions);  // missing_group_min_pool 10
  auto out = h.run(round_line("R-S", "oslo/a", small) + round_line("R-D", "oslo/a", unanswered));
  EXPECT_EQ(out.verdict(kRule, "R-S", "gender=woman"), Verdict::insufficient_data);
  EXPECT_EQ(out.verdict(kRule, "R-D", "gender=woman"), Verdict::insufficient_data);
}

TEST(MissingGroup, ExpectedGroupsAreAnOption) {
  std::vector<Person> p;
  add(p, 12, P("woman").imm("no"));
  Harness h("interview-call-diversity",
            R"({"attributes":["gender"],"intersections":[],"expected_groups":["immigrant_background=yes"]})");
  auto out = h.run(round_line("R-I", "oslo/a", p));
  EXPECT_EQ(out.verdict(kRule, "R-I", "immigrant_background=yes"), Verdict::breach);
  EXPECT_EQ(out.check(kRule, "R-I", "gender=man"), nullptr);
}

}  // namespace missing_group_test
