// oslo-hiring-policy/recommendation-sent: the recommendation (innstilling) and
// the extended applicant list reached the unions before the decision (Dok 24
// Del D § 3).
#include <gtest/gtest.h>

#include "evidence_expect.hpp"
#include "rounds.hpp"
#include "support/harness.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace recommendation_sent_test {
namespace {

using fairaudit::Severity;
using fairaudit::Verdict;
using fairaudit::testing::Harness;
using oslo_test::A;
using oslo_test::Doc;
using oslo_test::R;

constexpr const char* kRule = "oslo-hiring-policy/recommendation-sent";

R with_docs(const std::string& id, std::vector<Doc> docs) {
  R r;
  r.id = id;
  r.applicants = {A("a-a1d001").ranked(1).with({{"hired", "2026-04-17"}})};
  r.documents = std::move(docs);
  return r;
}

const Doc kRecommendation{"recommendation", "2026-04-14", {"union", "representative"}, true};
const Doc kApplicantList{"applicant_list", "2026-04-14", {"union"}, std::nullopt};

TEST(RecommendationSent, SilentWhenBothReachedTheUnionsBeforeTheDecision) {
  Harness h("oslo-hiring-policy");
  auto out = h.run(oslo_test::line(with_docs("R-SENT", {kRecommendation, kApplicantList})));
  EXPECT_EQ(out.verdict(kRule, "R-SENT"), Verdict::complies);
  EXPECT_TRUE(out.of(kRule).empty());
  const auto* c = out.check(kRule, "R-SENT");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(oslo_test::date(c->evidence, "recommendation_sent"), "2026-04-14");
  EXPECT_EQ(oslo_test::date(c->evidence, "decision"), "2026-04-17");
}

TEST(RecommendationSent, FiresWhenTheApplicantListIsMissing) {
  Harness h("oslo-hiring-policy", R"({"profile":"oslo"})");
  auto out = h.run(oslo_test::line(with_docs("R-NO-LIST", {kRecommendation})));
  EXPECT_EQ(out.verdict(kRule, "R-NO-LIST"), Verdict::breach);
  auto found = out.of(kRule, "R-NO-LIST");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->severity, Severity::error);
  EXPECT_NE(found[0]->message.find("applicant list was not sent"), std::string::npos) << found[0]->message;
  EXPECT_EQ(found[0]->message.find("recommendation reached"), std::string::npos) << found[0]->message;
  EXPECT_TRUE(oslo_test::boolean(found[0]->evidence, "recommendation_in_time"));
  EXPECT_FALSE(oslo_test::boolean(found[0]->evidence, "applicant_list_in_time"));
  EXPECT_TRUE(oslo_test::is_null(found[0]->evidence, "applicant_list_sent"));
}

TEST(RecommendationSent, FiresWhenTheRecommendationCameOnTheDayOfTheDecision) {
  Doc same_day = kRecommendation;
  same_day.at = "2026-04-17";
  Harness h("oslo-hiring-policy");
  auto out = h.run(oslo_test::line(with_docs("R-SAME-DAY", {same_day, kApplicantList})));
  EXPECT_EQ(out.verdict(kRule, "R-SAME-DAY"), Verdict::breach);
  auto found = out.of(kRule, "R-SAME-DAY");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(oslo_test::date(found[0]->evidence, "recommendation_sent"), "2026-04-17");
  EXPECT_NE(found[0]->message.find("{recommendation_sent}"), std::string::npos) << found[0]->message;
}

TEST(RecommendationSent, ACopyToTheRepresentativeAloneIsNotToTheUnions) {
  Doc rep_only = kRecommendation;
  rep_only.sent_to = {"representative"};
  Harness h("oslo-hiring-policy");
  EXPECT_EQ(h.run(oslo_test::line(with_docs("R-REP-ONLY", {rep_only, kApplicantList}))).verdict(kRule, "R-REP-ONLY"),
            Verdict::breach);
}

TEST(RecommendationSent, StateProfileReportsAWarning) {
  Harness h("oslo-hiring-policy", R"({"profile":"state"})");
  const auto out = h.run(oslo_test::line(with_docs("R-STATE", {})));
  auto found = out.of(kRule, "R-STATE");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->severity, Severity::warning);
}

TEST(RecommendationSent, UndecidedAndUndatedRoundsAreNotJudged) {
  R undecided = with_docs("R-UNDECIDED", {});
  undecided.decision_at.reset();
  undecided.applicants[0].events.clear();
  Doc undated = kApplicantList;
  undated.at.reset();
  R r_undated = with_docs("R-UNDATED", {kRecommendation, undated});
  Harness h("oslo-hiring-policy");
  auto out = h.run(oslo_test::lines({undecided, r_undated}));
  EXPECT_EQ(out.verdict(kRule, "R-UNDECIDED"), Verdict::not_applicable);
  EXPECT_EQ(out.verdict(kRule, "R-UNDATED"), Verdict::insufficient_data);
  EXPECT_TRUE(out.of(kRule).empty());
}

}  // namespace

}  // namespace recommendation_sent_test
