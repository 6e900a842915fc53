#include <gtest/gtest.h>

#include "plugins/process-integrity/rounds.hpp"
#include "support/harness.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace reason_recorded_test {

using fairaudit::Verdict;
using fairaudit::testing::Harness;
using namespace process_test;

namespace {
const std::string kRule = "rejection-reasons/reason-recorded";
}

TEST(ReasonRecorded, SilentWhenEveryoneTurnedDownHasAListedReason) {
  Harness h("rejection-reasons");
  auto out = h.run(base_round().line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::complies);
}

// R-1: the applicant ranked 3 (not called) has no rejection after the
// decision; R-2: a rejection without a code; R-3: a code not on the list.
TEST(ReasonRecorded, FiresOnAMissingRejectionAMissingCodeAndACodeNotOnTheList) {
  RoundLine missing = base_round("R-1");
  drop_events(person(missing, "a-3"), "rejected");
  RoundLine no_code = base_round("R-2");
  drop_events(person(no_code, "a-2"), "rejected");
  person(no_code, "a-2").event("rejected", "2026-04-08");
  RoundLine unlisted = base_round("R-3");
  drop_events(person(unlisted, "a-3"), "rejected");
  person(unlisted, "a-3").event("rejected", "2026-04-08", "not_a_good_match");
  Harness h("rejection-reasons");
  auto out = h.run(missing.line() + no_code.line() + unlisted.line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::breach);
  EXPECT_EQ(out.verdict(kRule, "R-2"), Verdict::breach);
  EXPECT_EQ(out.verdict(kRule, "R-3"), Verdict::breach);
  ASSERT_EQ(out.of(kRule, "R-1").size(), 1u);
  EXPECT_EQ(out.of(kRule, "R-1")[0]->evidence.find("no_rejection_recorded")->i, 1);
  EXPECT_EQ(out.of(kRule, "R-1")[0]->applicants, std::vector<std::string>{"a-3"});
  EXPECT_EQ(out.of(kRule, "R-2")[0]->evidence.find("no_reason_code")->i, 1);
  EXPECT_EQ(out.of(kRule, "R-3")[0]->evidence.find("code_not_on_list")->i, 1);
  // The unlisted code itself is nowhere in the message or the evidence.
  for (const auto& [key, value] : out.of(kRule, "R-3")[0]->evidence.entries()) EXPECT_NE(value.s, "not_a_good_match");
}

// The list is the policy's: with the code added it complies. Before the
// decision an applicant not yet rejected is still in the running; withdrawn
// and not-qualified applicants are never counted.
TEST(ReasonRecorded, TheListIsThePolicysAndOpenRoundsCountOnlyRejectionsMade) {
  RoundLine unlisted = base_round("R-1");
  drop_events(person(unlisted, "a-3"), "rejected");
  person(unlisted, "a-3").event("rejected", "2026-04-08", "not_a_good_match");
  Harness own_list("rejection-reasons",
                   R"({"reason_codes": ["formal_requirements_not_met", "others_better_qualified",
                        "better_qualified_hired", "not_a_good_match", "language", "personal_fit"]})");
  auto listed = own_list.run(unlisted.line());
  EXPECT_EQ(listed.verdict(kRule, "R-1"), Verdict::complies);

  RoundLine open = base_round("R-2");
  open.decision_at.reset();
  drop_events(person(open, "a-3"), "rejected");
  person(open, "a-1").events.pop_back();  // not hired yet
  drop_events(person(open, "a-2"), "rejected");
  person(open, "a-2").event("withdrawn", "2026-04-01");
  Harness h("rejection-reasons");
  auto out = h.run(open.line());
  EXPECT_EQ(out.verdict(kRule, "R-2"), Verdict::not_applicable);
}

TEST(ReasonRecorded, AReviewCodeOffTheListIsAnOptionError) {
  EXPECT_THROW(Harness("rejection-reasons", R"({"review_reason_codes": ["age"]})"), std::exception);
}

// An export that records no reason code for any rejection of the round does
// not record reasons: insufficient_data, not a breach for every qualified
// applicant turned down.
TEST(ReasonRecorded, NoReasonCodeInTheWholeRoundIsNotRecordedNotABreach) {
  RoundLine r = base_round("R-1");
  for (const char* id : {"a-2", "a-3", "a-4"}) {
    drop_events(person(r, id), "rejected");
    person(r, id).event("rejected", "2026-04-08");
  }
  Harness h("rejection-reasons");
  auto out = h.run(r.line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::insufficient_data);
  EXPECT_TRUE(out.of(kRule).empty());
}

}  // namespace reason_recorded_test
