#include <gtest/gtest.h>

#include "plugins/process-integrity/rounds.hpp"
#include "support/harness.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace representative_on_panel_test {

using fairaudit::Verdict;
using fairaudit::testing::Harness;
using namespace process_test;

namespace {
const std::string kRule = "panel-composition/representative-on-panel";
const std::string kWithRep =
    R"([{"role":"manager","gender":"woman"},{"role":"hr","gender":"man"},{"role":"tillitsvalgt","gender":"woman"}])";
const std::string kRequired = R"({"require_representative_on_panel": true})";
}  // namespace

// By default the policy asks for nothing: the rule does not apply.
TEST(RepresentativeOnPanel, DoesNotApplyUnlessThePolicyAsksForIt) {
  Harness h("panel-composition");
  auto out = h.run(base_round().line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::not_applicable);
}

TEST(RepresentativeOnPanel, SilentWhenARepresentativeSitsOnEveryPanel) {
  RoundLine r = base_round();
  r.interviews = "[" + interview("a-1", "2026-03-24", kWithRep) + "," + interview("a-2", "2026-03-25", kWithRep) + "]";
  Harness h("panel-composition", kRequired);
  auto out = h.run(r.line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::complies);
}

// The tillitsvalgt sits only on the first panel; in R-2 the representative
// recorded a waiver.
TEST(RepresentativeOnPanel, FiresOnAPanelWithoutTheRepresentativeUnlessWaived) {
  RoundLine missing = base_round("R-1");
  missing.interviews = "[" + interview("a-1", "2026-03-24", kWithRep) + "," + interview("a-2", "2026-03-25") + "]";
  RoundLine waived = missing;
  waived.id = "R-2";
  waived.representative = R"({"appointed":true,"role":"tillitsvalgt","events":[{"type":"waiver","at":"2026-03-23"}]})";
  Harness h("panel-composition", kRequired);
  auto out = h.run(missing.line() + waived.line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::breach);
  EXPECT_EQ(out.verdict(kRule, "R-2"), Verdict::complies);
  ASSERT_EQ(out.of(kRule).size(), 1u);
  EXPECT_EQ(out.of(kRule)[0]->evidence.find("panels_without_representative")->i, 1);
}

}  // namespace representative_on_panel_test
