#include <gtest/gtest.h>

#include "plugins/process-integrity/rounds.hpp"
#include "support/harness.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace no_interview_after_decision_test {

using fairaudit::Verdict;
using fairaudit::testing::Harness;
using namespace process_test;

namespace {
const std::string kRule = "process-integrity/no-interview-after-decision";
}

TEST(NoInterviewAfterDecision, SilentWhenEveryInterviewCameBefore) {
  Harness h("process-integrity");
  auto out = h.run(base_round().line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::complies);
}

// An interview on the day after the decision of 8 April; one on the day of
// the decision itself is not after it.
TEST(NoInterviewAfterDecision, FiresOnAnInterviewTheDayAfterTheDecision) {
  RoundLine after = base_round("R-1");
  after.interviews = "[" + interview("a-1", "2026-03-24") + "," + interview("a-2", "2026-04-09") + "]";
  RoundLine same_day = base_round("R-2");
  same_day.interviews = "[" + interview("a-1", "2026-03-24") + "," + interview("a-2", "2026-04-08") + "]";
  Harness h("process-integrity");
  auto out = h.run(after.line() + same_day.line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::breach);
  EXPECT_EQ(out.verdict(kRule, "R-2"), Verdict::complies);
  ASSERT_EQ(out.of(kRule).size(), 1u);
  EXPECT_EQ(out.of(kRule)[0]->applicants, std::vector<std::string>{"a-2"});
  EXPECT_EQ(out.of(kRule)[0]->evidence.find("interviewed_after_decision")->i, 1);
}

// An interview_held event counts as much as the list.
TEST(NoInterviewAfterDecision, AnInterviewHeldEventAfterTheDecisionCountsToo) {
  RoundLine r = base_round();
  drop_events(person(r, "a-2"), "interview_held");
  drop_events(person(r, "a-2"), "rejected");
  person(r, "a-2").event("interview_held", "2026-04-13").event("rejected", "2026-04-14", "better_qualified_hired");
  Harness h("process-integrity");
  auto out = h.run(r.line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::breach);
}

TEST(NoInterviewAfterDecision, DoesNotApplyBeforeADecision) {
  RoundLine r = base_round();
  r.decision_at.reset();
  Harness h("process-integrity");
  auto out = h.run(r.line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::not_applicable);
}

}  // namespace no_interview_after_decision_test
