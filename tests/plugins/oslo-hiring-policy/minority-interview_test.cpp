// oslo-hiring-policy/minority-interview: if a qualified applicant declared
// immigrant background, at least one such applicant was invited to interview
// before the recommendation (Handlingsplan mot rasisme; Oslo kommune's
// personnel policy). Only `yes` is a declaration.
#include <gtest/gtest.h>

#include "evidence_expect.hpp"
#include "rounds.hpp"
#include "support/harness.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace minority_interview_test {
namespace {

using fairaudit::Severity;
using fairaudit::Verdict;
using fairaudit::testing::Harness;
using oslo_test::A;
using oslo_test::R;

constexpr const char* kRule = "oslo-hiring-policy/minority-interview";

// Two qualified applicants declared immigrant background; only the one who
// did not was called to interview.
R passed_over() {
  R r;
  r.id = "R-PASSED-OVER";
  r.applicants = {
      A("a-10a001").imm("yes").ranked(2),
      A("a-10a002").imm("yes").ranked(3),
      A("a-10a003")
          .imm("no")
          .ranked(1)
          .with({{"interview_invited", "2026-03-24"}, {"interview_held", "2026-03-27"}, {"hired", "2026-04-17"}}),
      A("a-10a004").imm("yes").result("not_qualified"),
  };
  return r;
}

TEST(MinorityInterview, FiresWhenNoQualifiedDeclaredApplicantIsInvited) {
  Harness h("oslo-hiring-policy", R"({"profile":"oslo"})");
  auto out = h.run(oslo_test::line(passed_over()));
  EXPECT_EQ(out.verdict(kRule, "R-PASSED-OVER"), Verdict::breach);
  auto found = out.of(kRule, "R-PASSED-OVER");
  ASSERT_EQ(found.size(), 1u);
  const auto& f = *found[0];
  // Local practice in Oslo kommune: a warning, not an error.
  EXPECT_EQ(f.severity, Severity::warning);
  // The applicant who declared but is not qualified is not among those concerned.
  EXPECT_EQ(f.applicants, (std::vector<std::string>{"a-10a001", "a-10a002"}));
  EXPECT_EQ(oslo_test::count(f.evidence, "qualified"), 3);
  EXPECT_EQ(oslo_test::count(f.evidence, "declared"), 2);
  EXPECT_EQ(oslo_test::count(f.evidence, "invited_in_time"), 0);
  EXPECT_EQ(oslo_test::count(f.evidence, "invited_late"), 0);
  EXPECT_EQ(oslo_test::text(f.evidence, "deadline_kind"), "recommendation");
  EXPECT_EQ(oslo_test::date(f.evidence, "deadline"), "2026-04-14");
  EXPECT_NE(f.message.find("{declared}"), std::string::npos) << f.message;
  EXPECT_FALSE(oslo_test::has_digit(f.message)) << f.message;
}

TEST(MinorityInterview, StateProfileMakesItAnError) {
  Harness h("oslo-hiring-policy", R"({"profile":"state"})");
  auto out = h.run(oslo_test::line(passed_over()));
  auto found = out.of(kRule, "R-PASSED-OVER");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->severity, Severity::error);
}

TEST(MinorityInterview, SilentWhenOneDeclaredApplicantIsInvitedBeforeTheRecommendation) {
  R r = passed_over();
  r.id = "R-OK";
  r.applicants[1].events = {{"interview_invited", "2026-03-24"}, {"interview_held", "2026-03-30"}};
  Harness h("oslo-hiring-policy");
  auto out = h.run(oslo_test::line(r));
  EXPECT_EQ(out.verdict(kRule, "R-OK"), Verdict::complies);
  EXPECT_TRUE(out.of(kRule).empty());
  const auto* c = out.check(kRule, "R-OK");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(oslo_test::count(c->evidence, "declared"), 2);
  EXPECT_EQ(oslo_test::count(c->evidence, "invited_in_time"), 1);
  EXPECT_EQ(oslo_test::date(c->evidence, "first_invitation"), "2026-03-24");
  EXPECT_FALSE(oslo_test::has_digit(c->reason)) << c->reason;
}

TEST(MinorityInterview, InvitationDatedAfterTheRecommendationIsABreach) {
  R r = passed_over();
  r.id = "R-LATE";
  r.applicants[0].events = {{"interview_invited", "2026-04-15"}, {"interview_held", "2026-04-16"}};
  Harness h("oslo-hiring-policy");
  auto out = h.run(oslo_test::line(r));
  EXPECT_EQ(out.verdict(kRule, "R-LATE"), Verdict::breach);
  auto found = out.of(kRule, "R-LATE");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(oslo_test::count(found[0]->evidence, "invited_late"), 1);
  EXPECT_EQ(oslo_test::count(found[0]->evidence, "invited_in_time"), 0);
  EXPECT_EQ(oslo_test::date(found[0]->evidence, "first_invitation"), "2026-04-15");
  EXPECT_EQ(oslo_test::date(found[0]->evidence, "deadline"), "2026-04-14");
  EXPECT_NE(found[0]->message.find("{first_invitation}"), std::string::npos) << found[0]->message;
}

TEST(MinorityInterview, InvitationOnTheDayOfTheRecommendationIsTooLate) {
  R r = passed_over();
  r.id = "R-SAME-DAY";
  r.applicants[0].events = {{"interview_invited", "2026-04-14"}};
  Harness h("oslo-hiring-policy");
  EXPECT_EQ(h.run(oslo_test::line(r)).verdict(kRule, "R-SAME-DAY"), Verdict::breach);
}

TEST(MinorityInterview, WithoutARecommendationDateTheDecisionIsTheDeadline) {
  R before = passed_over();
  before.id = "R-NO-REC-OK";
  before.recommendation_at.reset();
  before.applicants[0].events = {{"interview_invited", "2026-04-15"}};  // after 14 April, before the 17 April decision
  R after = before;
  after.id = "R-NO-REC-LATE";
  after.applicants[0].events = {{"interview_invited", "2026-04-17"}};

  Harness h("oslo-hiring-policy");
  auto out = h.run(oslo_test::lines({before, after}));
  EXPECT_EQ(out.verdict(kRule, "R-NO-REC-OK"), Verdict::complies);
  EXPECT_EQ(out.verdict(kRule, "R-NO-REC-LATE"), Verdict::breach);
  const auto* c = out.check(kRule, "R-NO-REC-OK");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(oslo_test::text(c->evidence, "deadline_kind"), "decision");
  EXPECT_EQ(oslo_test::date(c->evidence, "deadline"), "2026-04-17");
}

TEST(MinorityInterview, OnlyDeclinedAnswersAreNoDeclaration) {
  R r;
  r.id = "R-DECLINED";
  r.applicants = {A("a-20b001").imm("declined"), A("a-20b002").imm("declined"),
                  A("a-20b003").imm("declined").with({{"interview_invited", "2026-03-24"}})};
  Harness h("oslo-hiring-policy");
  auto out = h.run(oslo_test::line(r));
  EXPECT_EQ(out.verdict(kRule, "R-DECLINED"), Verdict::not_applicable);
  EXPECT_TRUE(out.of(kRule).empty());
  const auto* c = out.check(kRule, "R-DECLINED");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(oslo_test::count(c->evidence, "declared"), 0);
  EXPECT_EQ(oslo_test::count(c->evidence, "declined"), 3);
}

TEST(MinorityInterview, NoQualifiedApplicantDeclaredAnything) {
  R answered_no;
  answered_no.id = "R-ALL-NO";
  answered_no.applicants = {A("a-30c001").imm("no"), A("a-30c002").imm("no")};
  // The form never asked: whether the duty applied cannot be told.
  R never_asked;
  never_asked.id = "R-NOT-ASKED";
  never_asked.applicants = {A("a-30c003"), A("a-30c004").imm("unknown")};

  Harness h("oslo-hiring-policy");
  auto out = h.run(oslo_test::lines({answered_no, never_asked}));
  EXPECT_EQ(out.verdict(kRule, "R-ALL-NO"), Verdict::not_applicable);
  EXPECT_EQ(out.verdict(kRule, "R-NOT-ASKED"), Verdict::insufficient_data);
  EXPECT_TRUE(out.of(kRule).empty());
  const auto* c = out.check(kRule, "R-NOT-ASKED");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(oslo_test::count(c->evidence, "not_asked"), 2);
}

TEST(MinorityInterview, ADeclarationByAnApplicantNotQualifiedDoesNotCount) {
  R r;
  r.id = "R-NOT-QUALIFIED";
  r.applicants = {A("a-40d001").imm("yes").result("not_qualified"),
                  A("a-40d002").imm("no").with({{"interview_invited", "2026-03-24"}})};
  Harness h("oslo-hiring-policy");
  EXPECT_EQ(h.run(oslo_test::line(r)).verdict(kRule, "R-NOT-QUALIFIED"), Verdict::not_applicable);
}

TEST(MinorityInterview, ADeclaringApplicantWithoutAssessmentLeavesTheRoundUndecided) {
  R r;
  r.id = "R-UNASSESSED";
  r.applicants = {A("a-40d003").imm("yes").result("not_assessed"),
                  A("a-40d004").imm("no").with({{"interview_invited", "2026-03-24"}})};
  // One who withdrew before being assessed was owed nothing.
  R withdrawn = r;
  withdrawn.id = "R-WITHDRAWN";
  withdrawn.applicants[0].events = {{"withdrawn", "2026-03-21"}};
  Harness h("oslo-hiring-policy");
  auto out = h.run(oslo_test::lines({r, withdrawn}));
  EXPECT_EQ(out.verdict(kRule, "R-UNASSESSED"), Verdict::insufficient_data);
  EXPECT_EQ(out.verdict(kRule, "R-WITHDRAWN"), Verdict::not_applicable);
}

TEST(MinorityInterview, AnOpenRoundIsJudgedOnlyOnceItCanBe) {
  R waiting = passed_over();
  waiting.id = "R-OPEN-WAITING";
  waiting.recommendation_at.reset();
  waiting.decision_at.reset();
  R invited = waiting;
  invited.id = "R-OPEN-INVITED";
  invited.applicants[0].events = {{"interview_invited", "2026-03-24"}};

  Harness h("oslo-hiring-policy");
  auto out = h.run(oslo_test::lines({waiting, invited}));
  EXPECT_EQ(out.verdict(kRule, "R-OPEN-WAITING"), Verdict::insufficient_data);
  EXPECT_EQ(out.verdict(kRule, "R-OPEN-INVITED"), Verdict::complies);
}

TEST(MinorityInterview, AnInterviewHeldWithoutAnInvitationEventCounts) {
  R r = passed_over();
  r.id = "R-HELD-ONLY";
  r.applicants[0].events = {{"interview_held", "2026-03-27"}};
  Harness h("oslo-hiring-policy");
  EXPECT_EQ(h.run(oslo_test::line(r)).verdict(kRule, "R-HELD-ONLY"), Verdict::complies);
}

TEST(MinorityInterview, OtherDeclarationsDoNotTriggerIt) {
  R r;
  r.id = "R-DISABILITY-ONLY";
  r.applicants = {A("a-50e001").imm("no").dis("yes"),
                  A("a-50e002").imm("no").with({{"interview_invited", "2026-03-24"}})};
  Harness h("oslo-hiring-policy");
  EXPECT_EQ(h.run(oslo_test::line(r)).verdict(kRule, "R-DISABILITY-ONLY"), Verdict::not_applicable);
}

TEST(MinorityInterview, ASwedishRoundIsNotJudgedByNorwegianRules) {
  R r = passed_over();
  r.id = "R-SE";
  r.jurisdiction = "SE";
  Harness h("oslo-hiring-policy");
  auto out = h.run(oslo_test::line(r));
  EXPECT_EQ(out.verdict(kRule, "R-SE"), Verdict::not_applicable);
  EXPECT_TRUE(out.findings.empty());
}

}  // namespace

}  // namespace minority_interview_test
