#include <gtest/gtest.h>

#include "plugins/process-integrity/rounds.hpp"
#include "support/harness.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace panel_gender_mix_test {

using fairaudit::Verdict;
using fairaudit::testing::Harness;
using namespace process_test;

namespace {
const std::string kRule = "panel-composition/panel-gender-mix";
}

TEST(PanelGenderMix, SilentWhenEveryPanelIsMixed) {
  Harness h("panel-composition");
  auto out = h.run(base_round().line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::complies);
}

// Two women interview the second candidate.
TEST(PanelGenderMix, FiresOnAPanelAllOfOneGender) {
  RoundLine r = base_round();
  r.interviews = "[" + interview("a-1", "2026-03-24") + "," +
                 interview("a-2", "2026-03-25", R"([{"role":"manager","gender":"woman"},{"role":"hr","gender":"woman"}])") +
                 "]";
  Harness h("panel-composition");
  auto out = h.run(r.line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::breach);
  ASSERT_EQ(out.of(kRule).size(), 1u);
  EXPECT_EQ(out.of(kRule)[0]->evidence.find("single_gender_panels")->i, 1);
  EXPECT_EQ(out.of(kRule)[0]->severity, fairaudit::Severity::warning);
}

// A woman and an interviewer whose gender is not given: the panel may be
// mixed or not; the rule cannot tell.
TEST(PanelGenderMix, AnUnknownGenderLeavesThePanelUndetermined) {
  RoundLine r = base_round();
  r.interviews = "[" +
                 interview("a-1", "2026-03-24", R"([{"role":"manager","gender":"woman"},{"role":"hr","gender":"unknown"}])") +
                 "]";
  Harness h("panel-composition");
  auto out = h.run(r.line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::insufficient_data);
}

}  // namespace panel_gender_mix_test
