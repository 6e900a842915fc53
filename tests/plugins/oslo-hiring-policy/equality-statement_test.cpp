// oslo-hiring-policy/equality-statement: the recommendation addresses gender
// equality (Dok 24 Del D § 4).
#include <gtest/gtest.h>

#include "evidence_expect.hpp"
#include "rounds.hpp"
#include "support/harness.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace equality_statement_test {
namespace {

using fairaudit::Severity;
using fairaudit::Verdict;
using fairaudit::testing::Harness;
using oslo_test::A;
using oslo_test::Doc;
using oslo_test::R;

constexpr const char* kRule = "oslo-hiring-policy/equality-statement";

R with_recommendation(const std::string& id, std::optional<bool> statement) {
  R r;
  r.id = id;
  r.applicants = {A("a-b1e001").ranked(1).with({{"hired", "2026-04-17"}})};
  r.documents = {Doc{"recommendation", "2026-04-14", {"union"}, statement},
                 Doc{"applicant_list", "2026-04-14", {"union"}, std::nullopt}};
  return r;
}

TEST(EqualityStatement, SilentWhenTheRecommendationAddressesIt) {
  Harness h("oslo-hiring-policy");
  auto out = h.run(oslo_test::line(with_recommendation("R-EQ-OK", true)));
  EXPECT_EQ(out.verdict(kRule, "R-EQ-OK"), Verdict::complies);
  EXPECT_TRUE(out.of(kRule).empty());
}

TEST(EqualityStatement, FiresWhenTheRecommendationDoesNot) {
  Harness oslo("oslo-hiring-policy", R"({"profile":"oslo"})");
  auto out = oslo.run(oslo_test::line(with_recommendation("R-EQ-MISSING", false)));
  EXPECT_EQ(out.verdict(kRule, "R-EQ-MISSING"), Verdict::breach);
  auto found = out.of(kRule, "R-EQ-MISSING");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->severity, Severity::error);  // binding through Dok 24
  EXPECT_FALSE(oslo_test::boolean(found[0]->evidence, "equality_statement"));
  EXPECT_EQ(oslo_test::date(found[0]->evidence, "recommendation"), "2026-04-14");

  Harness state("oslo-hiring-policy", R"({"profile":"state"})");
  const auto state_out = state.run(oslo_test::line(with_recommendation("R-EQ-MISSING", false)));
  auto state_found = state_out.of(kRule);
  ASSERT_EQ(state_found.size(), 1u);
  EXPECT_EQ(state_found[0]->severity, Severity::warning);
}

TEST(EqualityStatement, UnrecordedOrAbsentRecommendationCannotBeJudged) {
  R unrecorded = with_recommendation("R-EQ-UNRECORDED", std::nullopt);
  R no_doc = with_recommendation("R-EQ-NO-DOC", true);
  no_doc.documents.clear();
  R early = with_recommendation("R-EQ-EARLY", true);
  early.documents.clear();
  early.recommendation_at.reset();
  early.decision_at.reset();
  early.applicants[0].events.clear();
  Harness h("oslo-hiring-policy");
  auto out = h.run(oslo_test::lines({unrecorded, no_doc, early}));
  EXPECT_EQ(out.verdict(kRule, "R-EQ-UNRECORDED"), Verdict::insufficient_data);
  EXPECT_EQ(out.verdict(kRule, "R-EQ-NO-DOC"), Verdict::insufficient_data);
  EXPECT_EQ(out.verdict(kRule, "R-EQ-EARLY"), Verdict::not_applicable);
  EXPECT_TRUE(out.of(kRule).empty());
}

}  // namespace

}  // namespace equality_statement_test
