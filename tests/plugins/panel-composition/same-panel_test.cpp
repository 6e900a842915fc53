#include <gtest/gtest.h>

#include "plugins/process-integrity/rounds.hpp"
#include "support/harness.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace same_panel_test {

using fairaudit::Verdict;
using fairaudit::testing::Harness;
using namespace process_test;

namespace {
const std::string kRule = "panel-composition/same-panel";
// The second candidate meets a different HR adviser (a woman).
RoundLine changed(const std::string& id) {
  RoundLine r = base_round(id);
  r.interviews = "[" + interview("a-1", "2026-03-24") + "," +
                 interview("a-2", "2026-03-25", R"([{"role":"manager","gender":"woman"},{"role":"hr","gender":"woman"}])") +
                 "]";
  return r;
}
}  // namespace

// The same two people in another order are the same panel.
TEST(SamePanel, SilentWhenEveryCandidateMeetsTheSamePanel) {
  RoundLine r = base_round();
  r.interviews = "[" + interview("a-1", "2026-03-24") + "," +
                 interview("a-2", "2026-03-25", R"([{"role":"hr","gender":"man"},{"role":"manager","gender":"woman"}])") +
                 "]";
  Harness h("panel-composition");
  auto out = h.run(r.line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::complies);
}

TEST(SamePanel, FiresOnAChangedPanelWithoutARecordedReason) {
  Harness h("panel-composition");
  auto out = h.run(changed("R-1").line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::breach);
  ASSERT_EQ(out.of(kRule).size(), 1u);
  EXPECT_EQ(out.of(kRule)[0]->evidence.find("distinct_panels")->i, 2);
}

// A panel_change document explains the change; an export without documents
// cannot say whether one exists, so the change is not a breach there.
TEST(SamePanel, ARecordedReasonSatisfiesItAndNoDocumentsCannotTell) {
  RoundLine explained = changed("R-1");
  explained.documents->push_back(DocumentLine{"panel_change", "2026-03-25", {}, std::nullopt});
  RoundLine no_documents = changed("R-2");
  no_documents.documents.reset();
  Harness h("panel-composition");
  auto out = h.run(explained.line() + no_documents.line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::complies);
  EXPECT_EQ(out.verdict(kRule, "R-2"), Verdict::insufficient_data);
  EXPECT_TRUE(out.of(kRule).empty());
}

}  // namespace same_panel_test
