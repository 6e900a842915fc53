#include <gtest/gtest.h>

#include "plugins/process-integrity/rounds.hpp"
#include "support/harness.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace recommendation_before_decision_test {

using fairaudit::Verdict;
using fairaudit::testing::Harness;
using namespace process_test;

namespace {
const std::string kRule = "process-integrity/recommendation-before-decision";
}

TEST(RecommendationBeforeDecision, SilentWhenTheRecommendationCameFirst) {
  Harness h("process-integrity");
  auto out = h.run(base_round().line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::complies);
}

TEST(RecommendationBeforeDecision, FiresOnARecommendationDatedAfterTheDecision) {
  RoundLine r = base_round();
  r.recommendation_at = "2026-04-09";
  Harness h("process-integrity");
  auto out = h.run(r.line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::breach);
  ASSERT_EQ(out.of(kRule).size(), 1u);
  EXPECT_EQ(out.of(kRule)[0]->severity, fairaudit::Severity::warning);
}

// Without recommendation_at the recommendation document's date is read; with
// neither the rule cannot tell.
TEST(RecommendationBeforeDecision, ReadsTheDocumentsDateAndWithoutAnyDateCannotTell) {
  RoundLine by_document = base_round("R-1");
  by_document.recommendation_at.reset();
  by_document.documents = std::vector<DocumentLine>{DocumentLine{"recommendation", "2026-04-10", {"union"}, true}};
  RoundLine undated = base_round("R-2");
  undated.recommendation_at.reset();
  undated.documents = std::vector<DocumentLine>{};
  Harness h("process-integrity");
  auto out = h.run(by_document.line() + undated.line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::breach);
  EXPECT_EQ(out.verdict(kRule, "R-2"), Verdict::insufficient_data);
}

}  // namespace recommendation_before_decision_test
