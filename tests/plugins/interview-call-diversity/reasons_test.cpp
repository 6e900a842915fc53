// interview-call-diversity: every reason a disparity check can give — each
// verdict, gate, kind of shortfall and power statement, for a round and for
// the pooled check, with and without the sentence on sub-units left out — is
// a message of the plugin's catalog in nb, nn, sv and da. The reasons are
// built from parts, so no fixture says them all; a new combination without a
// translation fails here, not in front of a reader.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "analysis.hpp"
#include "po_reader.hpp"
#include "test_paths.hpp"

namespace reasons_test {
using namespace icd;

namespace {

// Every reason disparity_reason gives, over the inputs that choose its words.
std::vector<std::string> every_reason(bool pooled) {
  std::vector<std::string> out;
  for (Gate gate : {Gate::both, Gate::practical, Gate::statistical})
    for (bool adverse : {true, false}) {
      Comparison w;
      w.gate = gate;
      w.adverse = adverse;
      Summary s;
      s.verdict = fairaudit::Verdict::breach;
      s.worst = &w;
      out.push_back(disparity_reason(s, {w}, pooled));
    }
  // Complies: the weakest sufficient comparison could find a ratio below some
  // value, or nothing at all; or no comparison was sufficient.
  for (int power = 0; power < 3; ++power) {
    Comparison c;
    c.sufficient = power < 2;
    if (power == 0) c.detectable = 0.5;
    Summary s;
    s.verdict = fairaudit::Verdict::complies;
    out.push_back(disparity_reason(s, {c}, pooled));
  }
  Summary few;
  few.verdict = fairaudit::Verdict::insufficient_data;
  out.push_back(disparity_reason(few, {}, pooled));
  return out;
}

TEST(Reasons, EveryDisparityReasonIsTranslatedInEveryLanguage) {
  std::vector<std::string> reasons = every_reason(false);
  // pooled-disparity.cpp appends this sentence when sub-units report for themselves.
  const std::string left_out = " The {rounds_left_out} rounds of sub-units that report this themselves are left out.";
  for (const auto& r : every_reason(true)) {
    reasons.push_back(r);
    reasons.push_back(r + left_out);
  }
  ASSERT_EQ(reasons.size(), 10u + 20u);
  for (const char* lang : {"nb", "nn", "sv", "da"}) {
    const std::string po =
        std::string(FAIRAUDIT_SOURCE_DIR) + "/plugins/interview-call-diversity/po/" + lang + ".po";
    const auto catalog = i18n_test::read_po(po);
    for (const auto& r : reasons) {
      auto it = catalog.find(r);
      EXPECT_TRUE(it != catalog.end() && !it->second.msgstr.empty()) << po << ": no translation of \"" << r << "\"";
    }
  }
}

}  // namespace
}  // namespace reasons_test
