#include <gtest/gtest.h>

#include "rounds.hpp"
#include "support/harness.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace invited_before_interviews_test {
using namespace fairaudit;
using fairaudit::testing::Harness;
using ri_test::RoundSpec;

namespace {
const std::string kRule = "representative-involvement/invited-before-interviews";
}

TEST(InvitedBeforeInterviews, SilentWhenInvitedBeforeTheFirstInterview) {
  Harness h("representative-involvement");
  auto out = h.run(RoundSpec{}.line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::complies);
}

TEST(InvitedBeforeInterviews, FiresWhenInvitedOnTheDayOfTheInterviewOrLater) {
  RoundSpec same_day;
  same_day.representative = ri_test::replace(same_day.representative, R"("invited","at":"2026-03-20")",
                                             R"("invited","at":"2026-03-26")");
  RoundSpec never;
  never.id = "R-2";
  never.representative = ri_test::replace(never.representative, R"({"type":"invited","at":"2026-03-20"},)", "");
  Harness h("representative-involvement");
  auto out = h.run(same_day.line() + never.line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::breach);
  EXPECT_EQ(out.verdict(kRule, "R-2"), Verdict::breach);
  auto f = out.of(kRule, "R-1");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0]->evidence.find("invited_at")->t.iso(), "2026-03-26");
  EXPECT_EQ(f[0]->evidence.find("first_interview_at")->t.iso(), "2026-03-26");
}

TEST(InvitedBeforeInterviews, TheFirstInterviewMayComeFromApplicantEvents) {
  // No interview list, but an applicant's interview_held event on 19 March.
  RoundSpec s;
  s.interviews = "[]";
  std::string line = ri_test::replace(s.line(), R"("interview_held","at":"2026-03-26")", R"("interview_held","at":"2026-03-19")");
  Harness h("representative-involvement");
  EXPECT_EQ(h.run(line).verdict(kRule, "R-1"), Verdict::breach);
}

TEST(InvitedBeforeInterviews, NotApplicableWithoutInterviews) {
  RoundSpec s;
  s.interviews = "[]";
  std::string line = ri_test::replace(s.line(), R"({"type":"interview_held","at":"2026-03-26"})", "");
  Harness h("representative-involvement");
  EXPECT_EQ(h.run(line).verdict(kRule, "R-1"), Verdict::not_applicable);
}

}  // namespace invited_before_interviews_test
