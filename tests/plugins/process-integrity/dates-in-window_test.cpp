#include <gtest/gtest.h>

#include "plugins/process-integrity/rounds.hpp"
#include "support/harness.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace dates_in_window_test {

using fairaudit::Verdict;
using fairaudit::testing::Harness;
using namespace process_test;

namespace {
const std::string kRule = "process-integrity/dates-in-window";
}

TEST(DatesInWindow, SilentWhenEveryApplicationIsInsideTheWindow) {
  Harness h("process-integrity");
  auto out = h.run(base_round().line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::complies);
}

// An application the day after closing (16 March) is a note, not a warning;
// one on the closing day is inside.
TEST(DatesInWindow, AnApplicationAfterClosingIsANote) {
  RoundLine late = base_round("R-1");
  late.applicants.push_back(ApplicantLine("a-5").event("applied", "2026-03-17"));
  RoundLine on_the_day = base_round("R-2");
  on_the_day.applicants.push_back(ApplicantLine("a-5").event("applied", "2026-03-16"));
  Harness h("process-integrity");
  auto out = h.run(late.line() + on_the_day.line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::breach);
  EXPECT_EQ(out.verdict(kRule, "R-2"), Verdict::complies);
  ASSERT_EQ(out.of(kRule).size(), 1u);
  EXPECT_EQ(out.of(kRule)[0]->severity, fairaudit::Severity::note);
  EXPECT_EQ(out.of(kRule)[0]->evidence.find("after_closing")->i, 1);
}

TEST(DatesInWindow, DoesNotApplyWithoutTheWindow) {
  RoundLine r = base_round();
  r.closes_at.reset();
  Harness h("process-integrity");
  auto out = h.run(r.line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::not_applicable);
}

}  // namespace dates_in_window_test
