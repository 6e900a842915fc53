#include <gtest/gtest.h>

#include "plugins/process-integrity/rounds.hpp"
#include "support/harness.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace invited_assessed_test {

using fairaudit::Verdict;
using fairaudit::testing::Harness;
using namespace process_test;

namespace {
const std::string kRule = "process-integrity/invited-assessed";
}

TEST(InvitedAssessed, SilentWhenEveryoneInvitedIsAssessed) {
  Harness h("process-integrity");
  auto out = h.run(base_round().line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::complies);
}

// The applicant ranked 2 is interviewed but recorded `not_assessed`; an
// applicant not called who is not assessed does not count.
TEST(InvitedAssessed, FiresOnAnInvitedApplicantWithoutAnAssessment) {
  RoundLine invited = base_round("R-1");
  person(invited, "a-2").outcome = "not_assessed";
  person(invited, "a-2").rank.reset();
  RoundLine not_called = base_round("R-2");
  person(not_called, "a-3").outcome = "not_assessed";
  person(not_called, "a-3").rank.reset();
  Harness h("process-integrity");
  auto out = h.run(invited.line() + not_called.line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::breach);
  EXPECT_EQ(out.verdict(kRule, "R-2"), Verdict::complies);
  ASSERT_EQ(out.of(kRule).size(), 1u);
  EXPECT_EQ(out.of(kRule)[0]->applicants, std::vector<std::string>{"a-2"});
}

// An export that records no assessment for anyone in the round does not
// record assessments: insufficient_data, not a breach for everyone invited.
TEST(InvitedAssessed, NoAssessmentInTheWholeRoundIsNotRecordedNotABreach) {
  RoundLine r = base_round("R-1");
  for (const char* id : {"a-1", "a-2", "a-3", "a-4"}) {
    person(r, id).outcome = "not_assessed";
    person(r, id).rank.reset();
  }
  Harness h("process-integrity");
  auto out = h.run(r.line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::insufficient_data);
  EXPECT_TRUE(out.of(kRule).empty());
}

}  // namespace invited_assessed_test
