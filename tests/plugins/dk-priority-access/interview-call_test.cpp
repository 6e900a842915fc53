// dk-priority-access/interview-call: an applicant referred by a jobcenter, or
// invoking fortrinsadgang and meeting the formal requirements, is called to
// interview before the post is filled (bekendtgørelse nr. 1174 af 2019);
// not for internal filling; missing data is insufficient_data, never breach.
#include <gtest/gtest.h>

#include "rounds.hpp"
#include "support/harness.hpp"

namespace interview_call_test {
namespace {

using dk_test::A;
using dk_test::R;
using fairaudit::Severity;
using fairaudit::Verdict;
using fairaudit::testing::Harness;

constexpr const char* kRule = "dk-priority-access/interview-call";

// A holder of priority access passed over unseen; the hire was interviewed.
R passed_over() {
  R r;
  r.id = "DK-PASSED-OVER";
  r.applicants = {
      A("a-71d001").invokes(),
      A("a-71d002").with({{"interview_invited", "2026-03-24"}, {"interview_held", "2026-03-27"},
                          {"hired", "2026-04-17"}}),
  };
  return r;
}

TEST(InterviewCall, FiresWhenAHolderIsNotCalledBeforeThePostIsFilled) {
  Harness h("dk-priority-access");
  const auto out = h.run(passed_over().line());
  EXPECT_EQ(out.verdict(kRule, "DK-PASSED-OVER"), Verdict::breach);
  const auto found = out.of(kRule, "DK-PASSED-OVER");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->severity, Severity::error);
  EXPECT_EQ(found[0]->applicants, std::vector<std::string>{"a-71d001"});
  EXPECT_EQ(dk_test::count(found[0]->evidence, "holders"), 1);
  EXPECT_EQ(dk_test::count(found[0]->evidence, "called"), 0);
  EXPECT_EQ(dk_test::date(found[0]->evidence, "filled_at"), "2026-04-17");
}

TEST(InterviewCall, SilentWhenTheHolderIsCalled) {
  R r = passed_over();
  r.id = "DK-CALLED";
  r.applicants[0].events = {{"interview_invited", "2026-03-24"}, {"interview_held", "2026-03-26"},
                            {"rejected", "2026-04-17"}};
  Harness h("dk-priority-access");
  const auto out = h.run(r.line());
  EXPECT_EQ(out.verdict(kRule, "DK-CALLED"), Verdict::complies);
  EXPECT_TRUE(out.of(kRule).empty());
}

TEST(InterviewCall, AJobcenterReferralNeedsNoInvocation) {
  R r = passed_over();
  r.id = "DK-REFERRED";
  r.applicants[0] = A("a-71d003").by_jobcenter().meets(std::nullopt);
  Harness h("dk-priority-access");
  const auto out = h.run(r.line());
  EXPECT_EQ(out.verdict(kRule, "DK-REFERRED"), Verdict::breach);
  const auto found = out.of(kRule, "DK-REFERRED");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(dk_test::count(found[0]->evidence, "referred"), 1);
}

TEST(InterviewCall, CalledOnlyAfterTheHireIsABreach) {
  R r = passed_over();
  r.id = "DK-LATE";
  r.applicants[0].events = {{"interview_invited", "2026-04-20"}};
  Harness h("dk-priority-access");
  EXPECT_EQ(h.run(r.line()).verdict(kRule, "DK-LATE"), Verdict::breach);
}

TEST(InterviewCall, NoDutyWithoutTheFormalRequirements) {
  R r = passed_over();
  r.id = "DK-NOT-FORMAL";
  r.applicants[0].meets(false);
  Harness h("dk-priority-access");
  const auto out = h.run(r.line());
  EXPECT_EQ(out.verdict(kRule, "DK-NOT-FORMAL"), Verdict::not_applicable);
  const auto* c = out.check(kRule, "DK-NOT-FORMAL");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(dk_test::count(c->evidence, "formal_requirements_not_met"), 1);
}

TEST(InterviewCall, FormalRequirementsNotRecordedIsInsufficientData) {
  R r = passed_over();
  r.id = "DK-FORMAL-UNKNOWN";
  r.applicants[0].meets(std::nullopt);
  Harness h("dk-priority-access");
  const auto out = h.run(r.line());
  EXPECT_EQ(out.verdict(kRule, "DK-FORMAL-UNKNOWN"), Verdict::insufficient_data);
  EXPECT_TRUE(out.of(kRule).empty());
}

TEST(InterviewCall, PriorityAccessNotRecordedIsInsufficientData) {
  R r = passed_over();
  r.id = "DK-NOT-RECORDED";
  r.records_priority = false;
  for (auto& a : r.applicants) a.referred.reset();
  Harness h("dk-priority-access");
  const auto out = h.run(r.line());
  EXPECT_EQ(out.verdict(kRule, "DK-NOT-RECORDED"), Verdict::insufficient_data);
  const auto* c = out.check(kRule, "DK-NOT-RECORDED");
  ASSERT_NE(c, nullptr);
  EXPECT_NE(c->reason.find("not recorded in this export"), std::string::npos) << c->reason;
}

TEST(InterviewCall, NotForInternalFillingOrOtherJurisdictions) {
  R internal = passed_over();
  internal.id = "DK-INTERNAL";
  internal.internal_only = true;
  R norwegian = passed_over();
  norwegian.id = "NO-ROUND";
  norwegian.jurisdiction = "NO-OSL";
  Harness h("dk-priority-access");
  const auto out = h.run(internal.line() + norwegian.line());
  EXPECT_EQ(out.verdict(kRule, "DK-INTERNAL"), Verdict::not_applicable);
  EXPECT_EQ(out.verdict(kRule, "NO-ROUND"), Verdict::not_applicable);
  EXPECT_TRUE(out.of(kRule).empty());
}

TEST(InterviewCall, AHolderWhoWithdrewBeforeBeingCalledIsOwedNothing) {
  R r = passed_over();
  r.id = "DK-WITHDREW";
  r.applicants[0].events = {{"withdrawn", "2026-03-22"}};
  Harness h("dk-priority-access");
  EXPECT_EQ(h.run(r.line()).verdict(kRule, "DK-WITHDREW"), Verdict::not_applicable);
}

}  // namespace
}  // namespace interview_call_test
