// oslo-hiring-policy/disability-interview: if a qualified applicant declared a
// disability, at least one such applicant was invited to interview before the
// recommendation (forskrift til statsansatteloven § 6). Only `yes` is a
// declaration; the duty binds state employers (error) and is local practice in
// Oslo kommune (warning).
#include <gtest/gtest.h>

#include "evidence_expect.hpp"
#include "rounds.hpp"
#include "support/harness.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace disability_interview_test {
namespace {

using fairaudit::Severity;
using fairaudit::Verdict;
using fairaudit::testing::Harness;
using oslo_test::A;
using oslo_test::R;

constexpr const char* kRule = "oslo-hiring-policy/disability-interview";

R not_called() {
  R r;
  r.id = "R-NOT-CALLED";
  r.applicants = {
      A("a-61f001").dis("yes").ranked(2),
      A("a-61f002")
          .dis("no")
          .ranked(1)
          .with({{"interview_invited", "2026-03-24"}, {"interview_held", "2026-03-26"}, {"hired", "2026-04-17"}}),
      A("a-61f003").dis("declined").ranked(3).with({{"interview_invited", "2026-03-24"}}),
  };
  return r;
}

TEST(DisabilityInterview, FiresWhenTheDeclaredApplicantIsNotCalled) {
  Harness h("oslo-hiring-policy", R"({"profile":"state"})");
  auto out = h.run(oslo_test::line(not_called()));
  EXPECT_EQ(out.verdict(kRule, "R-NOT-CALLED"), Verdict::breach);
  auto found = out.of(kRule, "R-NOT-CALLED");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->severity, Severity::error);  // binding on state employers
  EXPECT_EQ(found[0]->applicants, std::vector<std::string>{"a-61f001"});
  EXPECT_EQ(oslo_test::count(found[0]->evidence, "qualified"), 3);
  EXPECT_EQ(oslo_test::count(found[0]->evidence, "declared"), 1);
  EXPECT_EQ(oslo_test::count(found[0]->evidence, "declined"), 1);
  EXPECT_EQ(oslo_test::count(found[0]->evidence, "invited_in_time"), 0);
  EXPECT_FALSE(oslo_test::has_digit(found[0]->message)) << found[0]->message;
}

TEST(DisabilityInterview, OsloProfileReportsAWarning) {
  Harness h("oslo-hiring-policy", R"({"profile":"oslo"})");
  const auto out = h.run(oslo_test::line(not_called()));
  auto found = out.of(kRule, "R-NOT-CALLED");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->severity, Severity::warning);
}

TEST(DisabilityInterview, SilentWhenTheDeclaredApplicantIsCalledInTime) {
  R r = not_called();
  r.id = "R-CALLED";
  r.applicants[0].events = {{"interview_invited", "2026-03-25"}, {"interview_held", "2026-03-31"}};
  Harness h("oslo-hiring-policy", R"({"profile":"state"})");
  auto out = h.run(oslo_test::line(r));
  EXPECT_EQ(out.verdict(kRule, "R-CALLED"), Verdict::complies);
  EXPECT_TRUE(out.of(kRule).empty());
}

TEST(DisabilityInterview, InvitationAfterTheRecommendationIsABreach) {
  R r = not_called();
  r.id = "R-CALLED-LATE";
  r.applicants[0].events = {{"interview_invited", "2026-04-16"}};
  Harness h("oslo-hiring-policy", R"({"profile":"state"})");
  auto out = h.run(oslo_test::line(r));
  EXPECT_EQ(out.verdict(kRule, "R-CALLED-LATE"), Verdict::breach);
  auto found = out.of(kRule, "R-CALLED-LATE");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(oslo_test::count(found[0]->evidence, "invited_late"), 1);
  EXPECT_EQ(oslo_test::date(found[0]->evidence, "first_invitation"), "2026-04-16");
}

TEST(DisabilityInterview, WithoutARecommendationTheDecisionIsTheDeadline) {
  R r = not_called();
  r.id = "R-DECISION-ONLY";
  r.recommendation_at.reset();
  r.applicants[0].events = {{"interview_invited", "2026-04-16"}};  // the day before the decision
  Harness h("oslo-hiring-policy", R"({"profile":"state"})");
  auto out = h.run(oslo_test::line(r));
  EXPECT_EQ(out.verdict(kRule, "R-DECISION-ONLY"), Verdict::complies);
  const auto* c = out.check(kRule, "R-DECISION-ONLY");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(oslo_test::text(c->evidence, "deadline_kind"), "decision");
}

TEST(DisabilityInterview, DeclinedAndNotAskedNeverTriggerIt) {
  R declined;
  declined.id = "R-ONLY-DECLINED";
  declined.applicants = {A("a-62f001").dis("declined"), A("a-62f002").dis("declined")};
  R nothing;
  nothing.id = "R-NOTHING-DECLARED";
  nothing.applicants = {A("a-62f003").dis("no"), A("a-62f004").dis("declined"), A("a-62f005")};
  Harness h("oslo-hiring-policy", R"({"profile":"state"})");
  auto out = h.run(oslo_test::lines({declined, nothing}));
  EXPECT_EQ(out.verdict(kRule, "R-ONLY-DECLINED"), Verdict::not_applicable);
  EXPECT_EQ(out.verdict(kRule, "R-NOTHING-DECLARED"), Verdict::not_applicable);
  EXPECT_TRUE(out.of(kRule).empty());
  const auto* c = out.check(kRule, "R-NOTHING-DECLARED");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(oslo_test::count(c->evidence, "declined"), 1);
  EXPECT_EQ(oslo_test::count(c->evidence, "not_asked"), 1);
}

TEST(DisabilityInterview, AReservedRoundIsCheckedLikeAnyOther) {
  // In a round reserved for applicants with a disability everyone declared
  // it; calling one of them to interview in time complies, calling none does not.
  R called;
  called.id = "R-RESERVED-CALLED";
  called.reserved_for = "disability";
  called.applicants = {A("a-63f001").dis("yes").with({{"interview_invited", "2026-03-24"}}), A("a-63f002").dis("yes")};
  R uncalled = called;
  uncalled.id = "R-RESERVED-UNCALLED";
  uncalled.applicants[0].events.clear();
  Harness h("oslo-hiring-policy");
  auto out = h.run(oslo_test::lines({called, uncalled}));
  EXPECT_EQ(out.verdict(kRule, "R-RESERVED-CALLED"), Verdict::complies);
  EXPECT_EQ(out.verdict(kRule, "R-RESERVED-UNCALLED"), Verdict::breach);
  auto found = out.of(kRule, "R-RESERVED-UNCALLED");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(oslo_test::count(found[0]->evidence, "declared"), 2);
}

}  // namespace

}  // namespace disability_interview_test
