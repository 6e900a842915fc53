#include <gtest/gtest.h>

#include "plugins/process-integrity/rounds.hpp"
#include "support/harness.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace second_look_test {

using fairaudit::Verdict;
using fairaudit::testing::Harness;
using namespace process_test;

namespace {
const std::string kRule = "rejection-reasons/second-look";
}

TEST(SecondLook, SilentWhenNoRejectionRestsOnLanguageOrFit) {
  Harness h("rejection-reasons");
  auto out = h.run(base_round().line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::complies);
}

// The interviewed applicant ranked 2 is turned down for personal fit: a
// note for review.
TEST(SecondLook, NotesARejectionForPersonalFit) {
  RoundLine r = base_round();
  drop_events(person(r, "a-2"), "rejected");
  person(r, "a-2").event("rejected", "2026-04-08", "personal_fit");
  Harness h("rejection-reasons");
  auto out = h.run(r.line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::breach);
  ASSERT_EQ(out.of(kRule).size(), 1u);
  EXPECT_EQ(out.of(kRule)[0]->severity, fairaudit::Severity::note);
  EXPECT_EQ(out.of(kRule)[0]->applicants, std::vector<std::string>{"a-2"});
  EXPECT_EQ(out.of(kRule)[0]->evidence.find("for_review")->i, 1);
}

// A policy that reviews only language leaves personal fit alone.
TEST(SecondLook, TheReviewListIsThePolicys) {
  RoundLine r = base_round();
  drop_events(person(r, "a-2"), "rejected");
  person(r, "a-2").event("rejected", "2026-04-08", "personal_fit");
  Harness h("rejection-reasons", R"({"review_reason_codes": ["language"]})");
  auto out = h.run(r.line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::complies);
}

}  // namespace second_look_test
