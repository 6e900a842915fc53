#include <gtest/gtest.h>

#include "plugins/process-integrity/rounds.hpp"
#include "support/harness.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace events_in_order_test {

using fairaudit::Verdict;
using fairaudit::testing::Harness;
using namespace process_test;

namespace {
const std::string kRule = "process-integrity/events-in-order";
}

TEST(EventsInOrder, SilentOnARoundWhoseEventsFollowEachOther) {
  Harness h("process-integrity");
  auto out = h.run(base_round().line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::complies);
  EXPECT_TRUE(out.of(kRule).empty());
}

// The applicant ranked 2 is interviewed again after the rejection.
TEST(EventsInOrder, FiresOnAnInterviewAfterTheApplicantsOwnRejection) {
  RoundLine r = base_round();
  person(r, "a-2").event("interview_held", "2026-04-10");
  Harness h("process-integrity");
  auto out = h.run(r.line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::breach);
  ASSERT_EQ(out.of(kRule).size(), 1u);
  EXPECT_EQ(out.of(kRule)[0]->evidence.find("after_exit")->i, 1);
  EXPECT_EQ(out.of(kRule)[0]->evidence.find("out_of_order")->i, 0);
  EXPECT_EQ(out.of(kRule)[0]->applicants, std::vector<std::string>{"a-2"});
  EXPECT_EQ(out.of(kRule)[0]->severity, fairaudit::Severity::warning);
}

// Hired on 9 April, offered only on 10 April.
TEST(EventsInOrder, FiresOnAHireDatedBeforeTheOffer) {
  RoundLine r = base_round();
  drop_events(person(r, "a-1"), "offered");
  person(r, "a-1").event("offered", "2026-04-10");
  Harness h("process-integrity");
  auto out = h.run(r.line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::breach);
  ASSERT_EQ(out.of(kRule).size(), 1u);
  EXPECT_EQ(out.of(kRule)[0]->evidence.find("out_of_order")->i, 1);
}

// A withdrawal before the batch screening date moves nobody forward; an
// invitation after the withdrawal does.
TEST(EventsInOrder, AScreeningDateAfterAWithdrawalIsNotCountedAnInvitationIs) {
  RoundLine batch = base_round("R-1");
  batch.applicants.push_back(ApplicantLine("a-5").event("applied", "2026-03-09").event("withdrawn", "2026-03-17")
                                 .event("screened", "2026-03-18"));
  RoundLine invited = base_round("R-2");
  invited.applicants.push_back(ApplicantLine("a-5").event("applied", "2026-03-09").event("withdrawn", "2026-03-17")
                                   .event("interview_invited", "2026-03-19"));
  Harness h("process-integrity");
  auto out = h.run(batch.line() + invited.line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::complies);
  EXPECT_EQ(out.verdict(kRule, "R-2"), Verdict::breach);
}

}  // namespace events_in_order_test
