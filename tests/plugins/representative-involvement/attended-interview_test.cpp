#include <gtest/gtest.h>

#include "rounds.hpp"
#include "support/harness.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace attended_interview_test {
using namespace fairaudit;
using fairaudit::testing::Harness;
using ri_test::RoundSpec;

namespace {
const std::string kRule = "representative-involvement/attended-interview";
RoundSpec absent(const std::string& id, bool waiver) {
  RoundSpec s;
  s.id = id;
  s.representative = ri_test::replace(s.representative, R"({"type":"attended_interview","at":"2026-03-26"},)",
                                      waiver ? R"({"type":"waiver","at":"2026-03-24"},)" : "");
  return s;
}
}  // namespace

TEST(AttendedInterview, SilentWhenAttendedOrOnThePanelInARoleThePolicyListsForIt) {
  RoundSpec panel = absent("R-2", false);
  panel.interviews = R"([{"applicant":"a-1","at":"2026-03-26","panel":[{"role":"likestillingsrepresentant","gender":"woman"}]}])";
  Harness h("representative-involvement", R"({"attendance_panel_roles": ["likestillingsrepresentant"]})");
  auto out = h.run(RoundSpec{}.line() + panel.line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::complies);
  EXPECT_EQ(out.verdict(kRule, "R-2"), Verdict::complies);
}

// Who may be appointed (representative_roles) is not who attends: a union
// representative on a panel is not the appointed likestillingsrepresentant
// attending, and without attendance_panel_roles no panel seat counts.
TEST(AttendedInterview, AnotherUnionRepresentativeOnThePanelIsNotTheRepresentativeAttending) {
  RoundSpec union_rep = absent("R-3", false);
  union_rep.interviews = R"([{"applicant":"a-1","at":"2026-03-26","panel":[{"role":"manager","gender":"man"},{"role":"union_rep","gender":"woman"}]}])";
  RoundSpec equality_rep = absent("R-4", false);
  equality_rep.interviews = R"([{"applicant":"a-1","at":"2026-03-26","panel":[{"role":"likestillingsrepresentant","gender":"woman"}]}])";
  Harness by_default("representative-involvement");
  auto out = by_default.run(union_rep.line() + equality_rep.line());
  EXPECT_EQ(out.verdict(kRule, "R-3"), Verdict::breach);
  EXPECT_EQ(out.verdict(kRule, "R-4"), Verdict::breach);
  Harness oslo("representative-involvement", R"({"attendance_panel_roles": ["likestillingsrepresentant"]})");
  auto listed = oslo.run(union_rep.line() + equality_rep.line());
  EXPECT_EQ(listed.verdict(kRule, "R-3"), Verdict::breach);
  EXPECT_EQ(listed.verdict(kRule, "R-4"), Verdict::complies);
}

TEST(AttendedInterview, FiresWhenAbsentWithoutWaiver) {
  Harness h("representative-involvement");
  auto out = h.run(absent("R-1", false).line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::breach);
  ASSERT_EQ(out.of(kRule).size(), 1u);
  EXPECT_FALSE(out.of(kRule)[0]->evidence.find("waiver")->b);
}

TEST(AttendedInterview, WaiverExcusesAbsenceUnlessThePolicySaysOtherwise) {
  Harness lenient("representative-involvement");
  EXPECT_EQ(lenient.run(absent("R-1", true).line()).verdict(kRule, "R-1"), Verdict::complies);
  Harness strict("representative-involvement", R"({"waiver_excuses_absence": false})");
  EXPECT_EQ(strict.run(absent("R-1", true).line()).verdict(kRule, "R-1"), Verdict::breach);
}

}  // namespace attended_interview_test
