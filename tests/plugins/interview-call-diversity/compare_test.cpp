// interview-call-diversity: the verdict of one comparison is monotone — a
// more extreme difference between the same pools (the focal group selected
// less often, or the reference group more often) never has less of a
// verdict — for every 2×2 table up to 14 per group and for large groups.
#include <gtest/gtest.h>

#include "analysis.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace compare_test {
using namespace icd;

namespace {

// No finding (complies or insufficient data) 0, a note 1, a warning 2, an error 3.
int rank(Outcome o) {
  switch (o) {
    case Outcome::none:
    case Outcome::insufficient_data: return 0;
    case Outcome::note: return 1;
    case Outcome::warning: return 2;
    case Outcome::error: return 3;
  }
  return 0;
}

// One comparison alone in its family: the adjusted p is the raw one.
Outcome outcome(const Config& c, st::GroupCount focal, st::GroupCount ref) {
  Comparison cmp = compare(c, "f", focal, "r", ref);
  if (cmp.tested) cmp.p_adjusted = cmp.p;
  decide(c, cmp, c.round_level, c.round_severity);
  return cmp.outcome;
}

}  // namespace

TEST(IcdCompare, AMoreExtremeTableNeverHasLessOfAVerdict) {
  for (const auto& [min_cell, min_expected] : {std::pair<std::int64_t, double>{5, 1.0}, {1, 0.0}, {5, 3.0}}) {
    Config c;
    c.threshold = st::threshold_fraction(0.8);
    c.threshold_value = 0.8;
    c.min_cell = min_cell;
    c.min_expected = min_expected;
    std::size_t pairs = 0, findings = 0;
    auto check = [&](st::GroupCount f, st::GroupCount r) {
      const int here = rank(outcome(c, f, r));
      findings += here > 0;
      // One fewer focal selection, or one more reference selection.
      if (f.selected > 0) {
        ++pairs;
        ASSERT_GE(rank(outcome(c, {f.n, f.selected - 1}, r)), here)
            << f.selected << "/" << f.n << " vs " << r.selected << "/" << r.n << " (focal one fewer)";
      }
      if (r.selected < r.n) {
        ++pairs;
        ASSERT_GE(rank(outcome(c, f, {r.n, r.selected + 1})), here)
            << f.selected << "/" << f.n << " vs " << r.selected << "/" << r.n << " (reference one more)";
      }
    };
    for (std::int64_t fn = 1; fn <= 14; ++fn)
      for (std::int64_t fs = 0; fs <= fn; ++fs)
        for (std::int64_t rn = 1; rn <= 14; ++rn)
          for (std::int64_t rs = 0; rs <= rn; ++rs) check({fn, fs}, {rn, rs});
    for (std::int64_t fn : {5, 10, 200})
      for (std::int64_t fs = 0; fs <= fn; fs += std::max<std::int64_t>(1, fn / 50))
        for (std::int64_t rs : {0, 1, 50, 60, 90, 94, 95}) check({fn, fs}, {95, rs});
    EXPECT_GT(pairs, 25000u);
    EXPECT_GT(findings, 1000u) << "the grid reaches findings";
  }
}

TEST(IcdCompare, TheExtremeTablesOfTheMinimumExpectedRuleAreFindings) {
  // 0/10 against 60/95 was a finding; 0/10 against 95/95 and 0/5 against
  // 20000/20000 are more extreme and are findings too.
  Config c;
  for (const auto& [f, r] : {std::pair<st::GroupCount, st::GroupCount>{{10, 0}, {95, 60}},
                             {{10, 0}, {95, 95}},
                             {{5, 0}, {20000, 20000}}}) {
    const Comparison cmp = compare(c, "f", f, "r", r);
    EXPECT_TRUE(cmp.sufficient) << f.n << " vs " << r.selected << "/" << r.n;
    EXPECT_EQ(outcome(c, f, r), Outcome::warning) << f.n << " vs " << r.selected << "/" << r.n;
  }
}

}  // namespace compare_test
