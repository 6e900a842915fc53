// oslo-hiring-policy/cv-gap-interview: if a qualified applicant declared a gap
// in the CV, at least one such applicant was invited to interview before the
// recommendation (forskrift til statsansatteloven § 4 a).
#include <gtest/gtest.h>

#include "evidence_expect.hpp"
#include "rounds.hpp"
#include "support/harness.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace cv_gap_interview_test {
namespace {

using fairaudit::Severity;
using fairaudit::Verdict;
using fairaudit::testing::Harness;
using oslo_test::A;
using oslo_test::R;

constexpr const char* kRule = "oslo-hiring-policy/cv-gap-interview";

R gap_round(const std::string& id) {
  R r;
  r.id = id;
  r.applicants = {
      A("a-71a001").gap("yes").ranked(3),
      A("a-71a002").gap("yes").ranked(4),
      A("a-71a003").gap("no").ranked(1).with({{"interview_invited", "2026-03-24"}}),
      A("a-71a004").gap("no").ranked(2).with({{"interview_invited", "2026-03-24"}}),
  };
  return r;
}

TEST(CvGapInterview, FiresWhenNoApplicantWithADeclaredGapIsCalled) {
  Harness h("oslo-hiring-policy", R"({"profile":"state"})");
  auto out = h.run(oslo_test::line(gap_round("R-GAP-IGNORED")));
  EXPECT_EQ(out.verdict(kRule, "R-GAP-IGNORED"), Verdict::breach);
  auto found = out.of(kRule, "R-GAP-IGNORED");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->severity, Severity::error);
  EXPECT_EQ(found[0]->applicants, (std::vector<std::string>{"a-71a001", "a-71a002"}));
  EXPECT_EQ(oslo_test::count(found[0]->evidence, "declared"), 2);
  EXPECT_EQ(oslo_test::count(found[0]->evidence, "invited_in_time"), 0);
  EXPECT_EQ(oslo_test::date(found[0]->evidence, "deadline"), "2026-04-14");
}

TEST(CvGapInterview, SilentWhenOneOfThemIsCalledInTime) {
  R r = gap_round("R-GAP-CALLED");
  r.applicants[1].events = {{"interview_invited", "2026-04-01"}};
  Harness h("oslo-hiring-policy", R"({"profile":"state"})");
  auto out = h.run(oslo_test::line(r));
  EXPECT_EQ(out.verdict(kRule, "R-GAP-CALLED"), Verdict::complies);
  EXPECT_TRUE(out.of(kRule).empty());
}

TEST(CvGapInterview, InvitationAfterTheRecommendationIsABreach) {
  R r = gap_round("R-GAP-LATE");
  r.applicants[0].events = {{"interview_invited", "2026-04-20"}};
  Harness h("oslo-hiring-policy", R"({"profile":"oslo"})");
  auto out = h.run(oslo_test::line(r));
  EXPECT_EQ(out.verdict(kRule, "R-GAP-LATE"), Verdict::breach);
  auto found = out.of(kRule, "R-GAP-LATE");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->severity, Severity::warning);  // local practice in Oslo kommune
  EXPECT_EQ(oslo_test::count(found[0]->evidence, "invited_late"), 1);
}

TEST(CvGapInterview, WithoutARecommendationTheDecisionIsTheDeadline) {
  R r = gap_round("R-GAP-NO-REC");
  r.recommendation_at.reset();
  r.applicants[0].events = {{"interview_invited", "2026-04-18"}};  // the day after the decision
  Harness h("oslo-hiring-policy", R"({"profile":"state"})");
  auto out = h.run(oslo_test::line(r));
  EXPECT_EQ(out.verdict(kRule, "R-GAP-NO-REC"), Verdict::breach);
  auto found = out.of(kRule, "R-GAP-NO-REC");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(oslo_test::text(found[0]->evidence, "deadline_kind"), "decision");
  EXPECT_EQ(oslo_test::date(found[0]->evidence, "deadline"), "2026-04-17");
}

TEST(CvGapInterview, OnlyDeclinedIsNoDeclaration) {
  R r;
  r.id = "R-GAP-DECLINED";
  r.applicants = {A("a-72a001").gap("declined"), A("a-72a002").gap("declined")};
  Harness h("oslo-hiring-policy", R"({"profile":"state"})");
  auto out = h.run(oslo_test::line(r));
  EXPECT_EQ(out.verdict(kRule, "R-GAP-DECLINED"), Verdict::not_applicable);
  EXPECT_TRUE(out.of(kRule).empty());
}

TEST(CvGapInterview, NobodyAskedMeansItCannotBeTold) {
  R r;
  r.id = "R-GAP-NOT-ASKED";
  r.applicants = {A("a-73a001").gap("not_asked"), A("a-73a002").gap("not_asked")};
  Harness h("oslo-hiring-policy", R"({"profile":"state"})");
  EXPECT_EQ(h.run(oslo_test::line(r)).verdict(kRule, "R-GAP-NOT-ASKED"), Verdict::insufficient_data);
}

TEST(CvGapInterview, AReservedCvGapRoundIsCheckedLikeAnyOther) {
  R r = gap_round("R-GAP-RESERVED");
  r.reserved_for = "cv_gap";
  r.applicants[0].events = {{"interview_invited", "2026-03-24"}};
  Harness h("oslo-hiring-policy");
  EXPECT_EQ(h.run(oslo_test::line(r)).verdict(kRule, "R-GAP-RESERVED"), Verdict::complies);
}

}  // namespace

// A withdrawal before the interviews removes the applicant from the duty: a
// qualified applicant who declared a gap and withdrew before the first
// interview, uninvited, was not passed over. One who withdrew after the
// interviews had begun, never invited, was.
TEST(CvGapInterview, AQualifiedApplicantWhoWithdrewBeforeTheInterviewsTriggersNoDuty) {
  R before;
  before.id = "R-GAP-WITHDREW";
  before.applicants = {
      A("a-71b001").gap("yes").ranked(3).with({{"applied", "2026-03-02"}, {"withdrawn", "2026-03-20"}}),
      A("a-71b002").gap("no").ranked(1).with({{"interview_invited", "2026-03-24"}, {"interview_held", "2026-03-26"}}),
      A("a-71b003").gap("no").ranked(2).with({{"interview_invited", "2026-03-24"}, {"interview_held", "2026-03-27"}}),
  };
  R after = before;
  after.id = "R-GAP-WITHDREW-LATE";
  after.applicants[0].events = {{"applied", "2026-03-02"}, {"withdrawn", "2026-04-01"}};
  for (const char* profile : {R"({"profile":"state"})", R"({"profile":"oslo"})"}) {
    Harness h("oslo-hiring-policy", profile);
    auto out = h.run(oslo_test::lines({before, after}));
    EXPECT_EQ(out.verdict(kRule, "R-GAP-WITHDREW"), Verdict::not_applicable) << profile;
    EXPECT_TRUE(out.of(kRule, "R-GAP-WITHDREW").empty()) << profile;
    const auto* c = out.check(kRule, "R-GAP-WITHDREW");
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(oslo_test::count(c->evidence, "withdrew_before_interviews"), 1);
    EXPECT_EQ(oslo_test::count(c->evidence, "qualified"), 2);
    EXPECT_EQ(out.verdict(kRule, "R-GAP-WITHDREW-LATE"), Verdict::breach) << profile;
  }
}

// An export that carries no CV-gap answer for anyone cannot tell whether the
// duty arose: not recorded, never a breach.
TEST(CvGapInterview, NotRecordedInTheExportIsInsufficientDataNotABreach) {
  auto line = oslo_test::line(gap_round("R-GAP-UNRECORDED"));
  // The same round as the export would carry it without the question.
  std::string no_gap = line;
  for (const std::string answer : {R"(,"cv_gap":"yes")", R"(,"cv_gap":"no")", R"("cv_gap":"yes",)", R"("cv_gap":"no",)"})
    for (std::string::size_type p; (p = no_gap.find(answer)) != std::string::npos;) no_gap.erase(p, answer.size());
  ASSERT_EQ(no_gap.find("cv_gap"), std::string::npos) << no_gap;
  Harness h("oslo-hiring-policy", R"({"profile":"state"})");
  auto out = h.run(no_gap);
  EXPECT_EQ(out.verdict(kRule, "R-GAP-UNRECORDED"), Verdict::insufficient_data);
  EXPECT_TRUE(out.of(kRule).empty());
  const auto* c = out.check(kRule, "R-GAP-UNRECORDED");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->reason, "not recorded in this export: {not_recorded}");
}

}  // namespace cv_gap_interview_test
