// interview-call-diversity: a round's comparison worked out only as far as
// its verdict needs (when nobody reads the evidence) gives the verdict of the
// comparison worked out in full, for every 2×2 table up to 14 per group and
// for large groups whose rates differ by less than the four-fifths line.
#include <gtest/gtest.h>

#include "analysis.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace compare_test {
using namespace icd;

TEST(IcdCompare, TheVerdictNeedsOnlyWhatItTurnsOn) {
  for (const auto& [min_cell, min_expected] : {std::pair<std::int64_t, double>{5, 1.0}, {1, 0.0}}) {
    Config c;
    c.threshold = st::threshold_fraction(0.8);
    c.threshold_value = 0.8;
    c.min_cell = min_cell;
    c.min_expected = min_expected;
    std::size_t tables = 0, breaches = 0, significant_only = 0;
    auto check = [&](st::GroupCount focal, st::GroupCount ref) {
      const Comparison full = compare(c, "f", focal, "r", ref);
      const Comparison lazy = compare(c, "f", focal, "r", ref, std::nullopt, 0, false);
      ASSERT_EQ(int(lazy.outcome), int(full.outcome))
          << focal.selected << "/" << focal.n << " vs " << ref.selected << "/" << ref.n;
      ASSERT_EQ(lazy.sufficient, full.sufficient);
      ASSERT_EQ(int(lazy.ir.verdict), int(full.ir.verdict));
      ++tables;
      breaches += full.outcome >= Outcome::note;
      significant_only += full.outcome == Outcome::warning && full.ir.verdict != st::FourFifths::adverse;
    };
    for (std::int64_t fn = 0; fn <= 14; ++fn)
      for (std::int64_t fs = 0; fs <= fn; ++fs)
        for (std::int64_t rn = 0; rn <= 14; ++rn)
          for (std::int64_t rs = 0; rs <= rn; ++rs) check({fn, fs}, {rn, rs});
    for (std::int64_t fn : {200, 1000})
      for (std::int64_t fs = fn / 2; fs <= fn; fs += fn / 100)
        for (std::int64_t rs : {700, 900, 950, 990}) check({fn, fs}, {1000, rs});
    EXPECT_EQ(tables, 120u * 120u + 2u * 51u * 4u);
    EXPECT_GT(breaches, 100u) << "the grid reaches adverse outcomes";
    if (min_cell == 1) {
      EXPECT_GT(significant_only, 0u) << "and the significant-but-not-adverse case";
    }
  }
}

}  // namespace compare_test
