#include <gtest/gtest.h>

#include "plugins/process-integrity/rounds.hpp"
#include "support/harness.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace hire_was_interviewed_test {

using fairaudit::Verdict;
using fairaudit::testing::Harness;
using namespace process_test;

namespace {
const std::string kRule = "process-integrity/hire-was-interviewed";
}

TEST(HireWasInterviewed, SilentWhenTheHireWasInterviewed) {
  Harness h("process-integrity");
  auto out = h.run(base_round().line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::complies);
}

// The person hired has no interview_held event and no entry in the list;
// in R-2 the list alone records the interview, which is enough.
TEST(HireWasInterviewed, FiresWhenThePersonHiredWasNeverInterviewed) {
  RoundLine never = base_round("R-1");
  drop_events(person(never, "a-1"), "interview_held");
  never.interviews = "[" + interview("a-2", "2026-03-25") + "]";
  RoundLine listed = base_round("R-2");
  drop_events(person(listed, "a-1"), "interview_held");
  Harness h("process-integrity");
  auto out = h.run(never.line() + listed.line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::breach);
  EXPECT_EQ(out.verdict(kRule, "R-2"), Verdict::complies);
  ASSERT_EQ(out.of(kRule).size(), 1u);
  EXPECT_EQ(out.of(kRule)[0]->applicants, std::vector<std::string>{"a-1"});
}

// An export without the interview list cannot tell: insufficient_data, not
// a breach, even where no interview_held event is recorded either.
TEST(HireWasInterviewed, AnExportWithoutInterviewsIsNotRecordedNotABreach) {
  RoundLine r = base_round();
  drop_events(person(r, "a-1"), "interview_held");
  r.interviews.clear();
  Harness h("process-integrity");
  auto out = h.run(r.line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::insufficient_data);
  EXPECT_EQ(out.check(kRule, "R-1")->reason, "not recorded in this export: {not_recorded}");
  EXPECT_TRUE(out.of(kRule).empty());
}

}  // namespace hire_was_interviewed_test
