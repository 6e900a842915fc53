#include <gtest/gtest.h>

#include "plugins/process-integrity/rounds.hpp"
#include "support/harness.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace rank_order_test {

using fairaudit::Verdict;
using fairaudit::testing::Harness;
using namespace process_test;

namespace {
const std::string kRule = "rejection-reasons/rank-order";

// The applicant ranked 2 is hired; the one ranked 1 is turned down with
// `reason` after the same interviews.
RoundLine second_hired(const std::string& id, const std::string& reason) {
  RoundLine r = base_round(id);
  ApplicantLine& first = person(r, "a-1");
  ApplicantLine& second = person(r, "a-2");
  std::swap(first.events, second.events);
  first.events.clear();
  first.event("applied", "2026-03-05").event("screened", "2026-03-18").event("interview_invited", "2026-03-19")
      .event("interview_held", "2026-03-24").event("rejected", "2026-04-08", reason);
  return r;
}
}  // namespace

TEST(RankOrder, SilentWhenTheTopRankedIsHired) {
  Harness h("rejection-reasons");
  auto out = h.run(base_round().line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::complies);
}

// "A better-qualified applicant was hired", said to the one ranked above the
// hire, with no decision reason: the finding.
TEST(RankOrder, FiresWhenTheTopRankedIsTurnedDownForTheRankingItself) {
  Harness h("rejection-reasons");
  auto out = h.run(second_hired("R-1", "better_qualified_hired").line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::breach);
  ASSERT_EQ(out.of(kRule).size(), 1u);
  EXPECT_EQ(out.of(kRule)[0]->evidence.find("lowest_rank_hired")->i, 2);
  EXPECT_EQ(out.of(kRule)[0]->applicants, (std::vector<std::string>{"a-1", "a-2"}));
}

// Each recorded reason explains it: the round's decision_reason, the hire
// recorded equal with the top, the top-ranked's own reason (declined_offer).
TEST(RankOrder, ARecordedReasonOfAnyKindExplainsIt) {
  RoundLine decision = second_hired("R-1", "better_qualified_hired");
  decision.decision_reason = "interview_performance";
  RoundLine equal = second_hired("R-2", "better_qualified_hired");
  person(equal, "a-2").equal_top = true;
  RoundLine declined = second_hired("R-3", "declined_offer");
  Harness h("rejection-reasons");
  auto out = h.run(decision.line() + equal.line() + declined.line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::complies);
  EXPECT_EQ(out.verdict(kRule, "R-2"), Verdict::complies);
  EXPECT_EQ(out.verdict(kRule, "R-3"), Verdict::complies);
}

// An export that does not record decision reasons cannot tell whether one
// was given: insufficient_data, not a breach.
TEST(RankOrder, WithoutDecisionReasonsInTheExportItCannotTell) {
  RoundLine r = second_hired("R-1", "better_qualified_hired");
  r.records_decision_reason = false;
  Harness h("rejection-reasons");
  auto out = h.run(r.line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::insufficient_data);
  EXPECT_TRUE(out.of(kRule).empty());
}

}  // namespace rank_order_test
