// oslo-hiring-policy/moderate-quota: a hire below the number of openings in the
// ranking needs a recorded ground — a decision reason, or a moderate quota
// (a target-group applicant recorded as equally qualified with the top-ranked;
// forskrift til statsansatteloven § 6; Dok 24 Del D § 2.3).
#include <gtest/gtest.h>

#include "evidence_expect.hpp"
#include "rounds.hpp"
#include "support/harness.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace moderate_quota_test {
namespace {

using fairaudit::Severity;
using fairaudit::Verdict;
using fairaudit::testing::Harness;
using oslo_test::A;
using oslo_test::R;

constexpr const char* kRule = "oslo-hiring-policy/moderate-quota";

// The applicant ranked second is hired; `hire` sets their declarations.
R second_hired(const std::string& id, A hire) {
  R r;
  r.id = id;
  hire.id = "a-81b002";
  hire.rank = 2;
  hire.events = {{"interview_invited", "2026-03-24"}, {"hired", "2026-04-17"}};
  r.applicants = {A("a-81b001").ranked(1).with({{"interview_invited", "2026-03-24"}, {"rejected", "2026-04-17"}}), hire,
                  A("a-81b003").ranked(3)};
  return r;
}

TEST(ModerateQuota, FiresWhenTheSecondRankedIsHiredWithoutAGround) {
  Harness h("oslo-hiring-policy", R"({"profile":"oslo"})");
  auto out = h.run(oslo_test::line(second_hired("R-NO-GROUND", A())));
  EXPECT_EQ(out.verdict(kRule, "R-NO-GROUND"), Verdict::breach);
  auto found = out.of(kRule, "R-NO-GROUND");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->severity, Severity::error);
  EXPECT_EQ(found[0]->applicants, std::vector<std::string>{"a-81b002"});
  EXPECT_EQ(oslo_test::number(found[0]->evidence, "hired_rank"), 2);
  EXPECT_EQ(oslo_test::number(found[0]->evidence, "openings"), 1);
  EXPECT_FALSE(oslo_test::boolean(found[0]->evidence, "decision_reason_recorded"));
  EXPECT_FALSE(oslo_test::has_digit(found[0]->message)) << found[0]->message;
}

TEST(ModerateQuota, SilentWhenTheTopRankedIsHired) {
  R r;
  r.id = "R-TOP-HIRED";
  r.applicants = {A("a-82b001").ranked(1).with({{"hired", "2026-04-17"}}), A("a-82b002").ranked(2)};
  Harness h("oslo-hiring-policy");
  auto out = h.run(oslo_test::line(r));
  EXPECT_EQ(out.verdict(kRule, "R-TOP-HIRED"), Verdict::complies);
  EXPECT_TRUE(out.of(kRule).empty());
}

TEST(ModerateQuota, ARecordedDecisionReasonIsAGround) {
  R r = second_hired("R-REASON", A());
  r.decision_reason = "interview_performance";
  Harness h("oslo-hiring-policy");
  auto out = h.run(oslo_test::line(r));
  EXPECT_EQ(out.verdict(kRule, "R-REASON"), Verdict::complies);
  const auto* c = out.check(kRule, "R-REASON");
  ASSERT_NE(c, nullptr);
  EXPECT_TRUE(oslo_test::boolean(c->evidence, "decision_reason_recorded"));
}

TEST(ModerateQuota, AnEquallyQualifiedTargetGroupHireIsAModerateQuota) {
  Harness h("oslo-hiring-policy", R"({"profile":"state"})");
  auto out = h.run(oslo_test::line(second_hired("R-QUOTA", A().dis("yes").equal(true))));
  EXPECT_EQ(out.verdict(kRule, "R-QUOTA"), Verdict::complies);
  EXPECT_TRUE(out.of(kRule).empty());
}

TEST(ModerateQuota, EqualQualificationAloneIsNoGround) {
  // Equally qualified, but the person hired declined to answer: a declined
  // answer is never a declaration, so no moderate quota applies.
  Harness h("oslo-hiring-policy", R"({"profile":"state"})");
  auto out = h.run(oslo_test::line(second_hired("R-EQUAL-DECLINED", A().dis("declined").equal(true))));
  EXPECT_EQ(out.verdict(kRule, "R-EQUAL-DECLINED"), Verdict::breach);
  auto found = out.of(kRule, "R-EQUAL-DECLINED");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_TRUE(oslo_test::boolean(found[0]->evidence, "equally_qualified_with_top"));
}

TEST(ModerateQuota, ATargetGroupHireNotRecordedAsEquallyQualifiedIsNoQuota) {
  Harness h("oslo-hiring-policy", R"({"profile":"state"})");
  auto out = h.run(oslo_test::line(second_hired("R-NOT-EQUAL", A().gap("yes").equal(false))));
  EXPECT_EQ(out.verdict(kRule, "R-NOT-EQUAL"), Verdict::breach);
}

TEST(ModerateQuota, TheQuotaGroupsAreAnOption) {
  const std::string jsonl = oslo_test::line(second_hired("R-IMMIGRANT-QUOTA", A().imm("yes").equal(true)));
  Harness by_default("oslo-hiring-policy");
  EXPECT_EQ(by_default.run(jsonl).verdict(kRule, "R-IMMIGRANT-QUOTA"), Verdict::breach);
  Harness widened("oslo-hiring-policy", R"({"quota_groups":["immigrant_background","disability","cv_gap"]})");
  EXPECT_EQ(widened.run(jsonl).verdict(kRule, "R-IMMIGRANT-QUOTA"), Verdict::complies);
}

TEST(ModerateQuota, WithTwoOpeningsTheTwoFirstMayBeHired) {
  R r;
  r.id = "R-TWO-OPENINGS";
  r.openings = 2;
  r.applicants = {A("a-83b001").ranked(1).with({{"hired", "2026-04-17"}}),
                  A("a-83b002").ranked(2).with({{"hired", "2026-04-17"}}), A("a-83b003").ranked(3)};
  R third = r;
  third.id = "R-TWO-OPENINGS-THIRD";
  third.applicants[1].events.clear();
  third.applicants[2].events = {{"hired", "2026-04-17"}};
  Harness h("oslo-hiring-policy");
  auto out = h.run(oslo_test::lines({r, third}));
  EXPECT_EQ(out.verdict(kRule, "R-TWO-OPENINGS"), Verdict::complies);
  EXPECT_EQ(out.verdict(kRule, "R-TWO-OPENINGS-THIRD"), Verdict::breach);
  auto found = out.of(kRule, "R-TWO-OPENINGS-THIRD");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->applicants, std::vector<std::string>{"a-83b003"});
  EXPECT_EQ(oslo_test::number(found[0]->evidence, "hired_rank"), 3);
}

TEST(ModerateQuota, NoHireAndNoRankingAreNotJudged) {
  R nobody;
  nobody.id = "R-NOBODY-HIRED";
  nobody.applicants = {A("a-84b001").ranked(1)};
  R unranked;
  unranked.id = "R-UNRANKED";
  unranked.applicants = {A("a-84b002").with({{"hired", "2026-04-17"}})};
  Harness h("oslo-hiring-policy");
  auto out = h.run(oslo_test::lines({nobody, unranked}));
  EXPECT_EQ(out.verdict(kRule, "R-NOBODY-HIRED"), Verdict::not_applicable);
  EXPECT_EQ(out.verdict(kRule, "R-UNRANKED"), Verdict::insufficient_data);
  EXPECT_TRUE(out.of(kRule).empty());
}

}  // namespace

// An export that records no decision reasons cannot tell a hire below the
// top made for a recorded reason from one made for none: insufficient_data,
// never a breach. Where the top-ranked was hired it still complies.
TEST(ModerateQuota, WithoutDecisionReasonsInTheExportABreachCannotBeTold) {
  R unknown = second_hired("R-REASONS-NOT-RECORDED", A());
  unknown.records_decision_reason = false;
  R top;
  top.id = "R-TOP-REASONS-NOT-RECORDED";
  top.records_decision_reason = false;
  top.applicants = {A("a-83b001").ranked(1).with({{"hired", "2026-04-17"}}), A("a-83b002").ranked(2)};
  Harness h("oslo-hiring-policy", R"({"profile":"oslo"})");
  auto out = h.run(oslo_test::lines({unknown, top}));
  EXPECT_EQ(out.verdict(kRule, "R-REASONS-NOT-RECORDED"), Verdict::insufficient_data);
  EXPECT_TRUE(out.of(kRule).empty());
  const auto* c = out.check(kRule, "R-REASONS-NOT-RECORDED");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->reason, "not recorded in this export: {not_recorded}");
  EXPECT_EQ(out.verdict(kRule, "R-TOP-REASONS-NOT-RECORDED"), Verdict::complies);
}

}  // namespace moderate_quota_test
