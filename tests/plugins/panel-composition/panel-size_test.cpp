#include <gtest/gtest.h>

#include "plugins/process-integrity/rounds.hpp"
#include "support/harness.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace panel_size_test {

using fairaudit::Verdict;
using fairaudit::testing::Harness;
using namespace process_test;

namespace {
const std::string kRule = "panel-composition/panel-size";
const std::string kAlone = R"([{"role":"manager","gender":"woman"}])";
}  // namespace

TEST(PanelSize, SilentWhenEveryPanelHasTwo) {
  Harness h("panel-composition");
  auto out = h.run(base_round().line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::complies);
}

// The second candidate is interviewed by the manager alone.
TEST(PanelSize, FiresOnAnInterviewByOnePerson) {
  RoundLine r = base_round();
  r.interviews = "[" + interview("a-1", "2026-03-24") + "," + interview("a-2", "2026-03-25", kAlone) + "]";
  Harness h("panel-composition");
  auto out = h.run(r.line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::breach);
  ASSERT_EQ(out.of(kRule).size(), 1u);
  EXPECT_EQ(out.of(kRule)[0]->evidence.find("interviews_below_minimum")->i, 1);
  EXPECT_EQ(out.of(kRule)[0]->evidence.find("smallest_panel")->i, 1);
}

// A policy asking for three finds the base round's two too few; one allowing
// one accepts the manager alone.
TEST(PanelSize, TheMinimumIsThePolicys) {
  RoundLine alone = base_round("R-2");
  alone.interviews = "[" + interview("a-1", "2026-03-24", kAlone) + "]";
  Harness three("panel-composition", R"({"min_panel_size": 3})");
  auto strict = three.run(base_round().line());
  EXPECT_EQ(strict.verdict(kRule, "R-1"), Verdict::breach);
  Harness one("panel-composition", R"({"min_panel_size": 1})");
  auto lenient = one.run(alone.line());
  EXPECT_EQ(lenient.verdict(kRule, "R-2"), Verdict::complies);
}

// Without the interview list: not recorded, never a breach. With interviews
// recorded without their panels: insufficient_data too.
TEST(PanelSize, NoInterviewsOrNoPanelsIsNotABreach) {
  RoundLine none = base_round("R-1");
  none.interviews.clear();
  RoundLine no_panels = base_round("R-2");
  no_panels.interviews = "[" + interview("a-1", "2026-03-24", "[]") + "]";
  Harness h("panel-composition");
  auto out = h.run(none.line() + no_panels.line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::insufficient_data);
  EXPECT_EQ(out.check(kRule, "R-1")->reason, "not recorded in this export: {not_recorded}");
  EXPECT_EQ(out.verdict(kRule, "R-2"), Verdict::insufficient_data);
  EXPECT_TRUE(out.of(kRule).empty());
}

}  // namespace panel_size_test
