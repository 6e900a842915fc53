// Behaviour of the statistics at their edges: what a user relies on when
// numbers are small, zero or exactly on a threshold. Expected values here
// follow from the definitions in fairaudit/stats.hpp and are worked by hand in
// the comments.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "fairaudit/stats.hpp"

namespace st = fairaudit::stats;

TEST(ImpactRatio, AllZeroRatesAreUndefinedNotADivisionByZero) {
  auto r = st::impact_ratio({10, 0}, {12, 0});
  EXPECT_FALSE(r.ratio.has_value());
  EXPECT_EQ(r.verdict, st::FourFifths::undefined);
  EXPECT_EQ(st::impact_ratio({0, 0}, {5, 3}).verdict, st::FourFifths::undefined);
}

TEST(ImpactRatio, FourFifthsIsDecidedInIntegersNotDoubles) {
  // (2/3) / (5/6) is exactly 4/5, but 0.7999999999999999 in doubles.
  const double naive = (2.0 / 3.0) / (5.0 / 6.0);
  EXPECT_LT(naive, 0.8);  // the trap the integer comparison avoids
  const st::GroupCount f{3, 2}, r{6, 5};
  EXPECT_EQ(st::impact_ratio(f, r).verdict, st::FourFifths::not_adverse);
  EXPECT_DOUBLE_EQ(*st::impact_ratio(f, r).ratio, 0.8);  // (s_f·n_r)/(s_r·n_f) = 12/15
  EXPECT_EQ(st::impact_ratio({3, 2}, {6, 6}).verdict, st::FourFifths::adverse);  // 2/3 < 4/5
}

TEST(ImpactRatio, PolicyThresholdIsExactToThreeDecimals) {
  auto fr = st::threshold_fraction(0.8);
  EXPECT_EQ(fr.num * 5, fr.den * 4);
  // 45/60 = 0.75: adverse at 0.8, not at 0.75, adverse at 0.751.
  EXPECT_EQ(st::impact_ratio({100, 45}, {100, 60}, st::threshold_fraction(0.8)).verdict, st::FourFifths::adverse);
  EXPECT_EQ(st::impact_ratio({100, 45}, {100, 60}, st::threshold_fraction(0.75)).verdict,
            st::FourFifths::not_adverse);
  EXPECT_EQ(st::impact_ratio({100, 45}, {100, 60}, st::threshold_fraction(0.751)).verdict,
            st::FourFifths::adverse);
}

TEST(PickReference, HighestRateLargestGroupAndDeclared) {
  // Rates 1/2, 2/4, 1/3: a tie at 0.5 goes to the larger pool.
  const std::vector<st::GroupCount> g = {{2, 1}, {4, 2}, {9, 3}, {0, 0}};
  EXPECT_EQ(st::pick_reference(g, st::ReferenceMode::highest_rate), std::optional<std::size_t>(1));
  EXPECT_EQ(st::pick_reference(g, st::ReferenceMode::largest_group), std::optional<std::size_t>(2));
  EXPECT_EQ(st::pick_reference(g, st::ReferenceMode::declared, 0), std::optional<std::size_t>(0));
  EXPECT_EQ(st::pick_reference(g, st::ReferenceMode::declared, 3), std::nullopt);  // empty pool
  EXPECT_EQ(st::pick_reference(std::vector<st::GroupCount>{}, st::ReferenceMode::highest_rate), std::nullopt);
}

TEST(Fisher, EmptyMarginGivesNothingToTest) {
  auto r = st::fisher_exact({0, 5, 0, 7});  // nobody selected
  EXPECT_DOUBLE_EQ(r.p_two_sided, 1.0);
  EXPECT_DOUBLE_EQ(r.mid_p_less, 1.0);
}

TEST(Fisher, TiesWithinRelativeToleranceCountAsAsExtreme) {
  // Symmetric margins: x = 1 and x = 3 have the same probability 16/70, so
  // the two-sided p-value of x = 1 must include x = 3 (R's 1e-7 tolerance).
  auto r = st::fisher_exact({1, 3, 3, 1});
  EXPECT_NEAR(r.p_two_sided, 34.0 / 70.0, 1e-12);
  EXPECT_NEAR(r.p_less, 17.0 / 70.0, 1e-12);
  EXPECT_NEAR(r.mid_p_less, 9.0 / 70.0, 1e-12);  // 1/70 + ½·16/70
}

TEST(Fisher, LargeTablesStayFiniteInLogSpace) {
  // Pools of tens of thousands: factorials overflow doubles, log-gamma does not.
  auto r = st::fisher_exact({4000, 16000, 5000, 15000});
  EXPECT_GT(r.p_two_sided, 0.0);
  EXPECT_LT(r.p_two_sided, 1e-30);
  EXPECT_TRUE(std::isfinite(r.p_two_sided));
  auto same = st::fisher_exact({5000, 15000, 5000, 15000});
  EXPECT_NEAR(same.p_two_sided, 1.0, 1e-9);
}

TEST(Shortfall, ToParityAndToFourFifthsInWholePeople) {
  // Reference 8/10; focal 2/10. Parity needs 8 (6 more); four-fifths needs
  // 0.8·0.8·10 = 6.4 → 7 (5 more).
  EXPECT_EQ(st::shortfall_to_parity({10, 2}, {10, 8}), 6);
  EXPECT_EQ(st::shortfall_to_threshold({10, 2}, {10, 8}), 5);
  // No disparity, no shortfall.
  EXPECT_EQ(st::shortfall_to_parity({10, 9}, {10, 8}), 0);
  EXPECT_EQ(st::shortfall_to_threshold({10, 9}, {10, 8}), 0);
  // Exactly four-fifths already: 48/100 vs 60/100 needs none more.
  EXPECT_EQ(st::shortfall_to_threshold({100, 48}, {100, 60}), 0);
  EXPECT_EQ(st::shortfall_to_threshold({100, 47}, {100, 60}), 1);
}

TEST(FlipTest, OneSelectionMovedReversesSmallDisparities) {
  // 2/5 vs 3/5 (ratio 0.67): moving one gives 3/5 vs 2/5 — the order reverses.
  EXPECT_TRUE(st::flip_reverses({5, 2}, {5, 3}));
  // 12/30 vs 18/30: 13/30 vs 17/30 — still lower: actionable.
  EXPECT_FALSE(st::flip_reverses({30, 12}, {30, 18}));
  // Equal after the move (2/4 vs 2/4) is not a reversal.
  EXPECT_FALSE(st::flip_reverses({4, 1}, {4, 3}));
  // Nobody selected in the reference group: nothing to move.
  EXPECT_FALSE(st::flip_reverses({5, 0}, {5, 0}));
}

TEST(PlusTwo, SignificanceThatTwoMoreSelectionsRemoveLacksPracticalSignificance) {
  // 0/8 vs 6/8: Fisher two-sided p = 0.007; with 2/8 vs 6/8, p = 0.13.
  EXPECT_LT(st::fisher_exact(st::table({8, 0}, {8, 6})).p_two_sided, 0.05);
  EXPECT_FALSE(st::plus_two_still_significant({8, 0}, {8, 6}, 0.05));
  // 10/100 vs 60/100 stays significant with 12/100.
  EXPECT_TRUE(st::plus_two_still_significant({100, 10}, {100, 60}, 0.05));
}

TEST(PooledZ, SignAndUndefinedCases) {
  EXPECT_GT(*st::pooled_z({100, 30}, {100, 60}), 2.0);  // two standard deviations and more
  EXPECT_LT(*st::pooled_z({100, 60}, {100, 30}), -2.0);
  EXPECT_FALSE(st::pooled_z({10, 0}, {10, 0}).has_value());    // P = 0
  EXPECT_FALSE(st::pooled_z({10, 10}, {10, 10}).has_value());  // P = 1
  EXPECT_NEAR(st::z_p_two_sided(1.959963984540054), 0.05, 1e-12);
}

TEST(KatzCi, EmptyCellsGetHalfAdded) {
  auto ci = st::impact_ratio_ci({20, 0}, {20, 12});
  ASSERT_TRUE(ci);
  EXPECT_GT(ci->low, 0.0);
  EXPECT_LT(ci->high, 1.0);  // 0.5/21 vs 12.5/21: clearly below parity
  EXPECT_FALSE(st::impact_ratio_ci({0, 0}, {10, 6}).has_value());
}

TEST(Cmh, SwappingTheRowsKeepsTheStatisticAndInvertsTheOddsRatio) {
  st::CmhAccumulator acc;
  acc.add({2, 3, 4, 1});
  acc.add({1, 4, 3, 2});
  acc.add({0, 1, 0, 0});  // one person: adds nothing
  EXPECT_EQ(acc.strata(), 2);
  auto r = acc.result();
  auto s = acc.swapped().result();
  EXPECT_NEAR(*r.chi2, *s.chi2, 1e-12);
  EXPECT_NEAR(*r.odds_ratio * *s.odds_ratio, 1.0, 1e-12);
  EXPECT_LT(r.delta, 0);  // the focal rows are selected less
  EXPECT_NEAR(r.delta, -s.delta, 1e-12);
}

TEST(Cmh, MergeEqualsAddingEveryStratum) {
  st::CmhAccumulator a, b, all;
  const st::Table2x2 t1{3, 2, 1, 4}, t2{5, 5, 2, 8}, t3{1, 0, 0, 3};
  a.add(t1);
  b.add(t2);
  b.add(t3);
  all.add(t1);
  all.add(t2);
  all.add(t3);
  a.merge(b);
  EXPECT_EQ(a.strata(), 3);
  EXPECT_NEAR(*a.result().chi2, *all.result().chi2, 1e-12);
}

TEST(Cmh, RateRatioComparesWithinStrata) {
  // Simpson's paradox: equal rates within each stratum (9/10 vs 27/30, then
  // 3/30 vs 1/10), crude totals 12/40 vs 28/40. The Mantel–Haenszel rate
  // ratio Σ(a·n2/T)/Σ(c·n1/T) = (9·30/40 + 3·10/40)/(27·10/40 + 1·30/40) = 1.
  st::CmhAccumulator acc;
  acc.add(st::table({10, 9}, {30, 27}));
  acc.add(st::table({30, 3}, {10, 1}));
  auto r = acc.result();
  ASSERT_TRUE(r.rate_ratio);
  EXPECT_NEAR(*r.rate_ratio, 1.0, 1e-12);
  EXPECT_NEAR(*st::impact_ratio({40, 12}, {40, 28}).ratio, 12.0 / 28.0, 1e-12);
  EXPECT_NEAR(*acc.swapped().result().rate_ratio, 1.0, 1e-12);
}

TEST(DetectableImpactRatio, MoreNumbersFindSmallerDisparities) {
  // The detectable impact ratio rises towards 1 as the groups grow, and falls
  // with the power asked for or a stricter alpha.
  double last = 0;
  for (std::int64_t n : {20, 50, 100, 1000, 10000}) {
    const auto ir = st::detectable_impact_ratio(n, n, 0.4, 0.05, 0.8);
    ASSERT_TRUE(ir.has_value()) << n;
    EXPECT_GT(*ir, last) << n;
    EXPECT_LT(*ir, 1.0);
    last = *ir;
  }
  EXPECT_LT(*st::detectable_impact_ratio(50, 50, 0.4, 0.05, 0.9), *st::detectable_impact_ratio(50, 50, 0.4, 0.05, 0.8));
  EXPECT_LT(*st::detectable_impact_ratio(50, 50, 0.4, 0.01, 0.8), *st::detectable_impact_ratio(50, 50, 0.4, 0.05, 0.8));
}

TEST(DetectableImpactRatio, TooFewPeopleCanFindNothing) {
  // Two people against two at a reference rate of 1/2: not even a focal rate
  // of 0 is found with 80% power. An empty group or a reference rate of 0
  // has nothing to find.
  EXPECT_FALSE(st::detectable_impact_ratio(2, 2, 0.5, 0.05, 0.8).has_value());
  EXPECT_FALSE(st::detectable_impact_ratio(0, 20, 0.5, 0.05, 0.8).has_value());
  EXPECT_FALSE(st::detectable_impact_ratio(20, 20, 0.0, 0.05, 0.8).has_value());
}

TEST(DetectableImpactRatio, TheSolutionHasThePowerAskedFor) {
  // Unequal groups: at the returned focal rate the normal-approximation power
  // of the one-sided test is 0.8 (Fleiss, Levin & Paik 2003, § 4.2):
  // Φ((p2 − p1 − z_α·sqrt(p̄q̄(1/n1 + 1/n2))) / sqrt(p1q1/n1 + p2q2/n2)).
  const double n1 = 30, n2 = 120, p2 = 0.35;
  const auto ir = st::detectable_impact_ratio(30, 120, p2, 0.05, 0.8);
  ASSERT_TRUE(ir.has_value());
  const double p1 = *ir * p2, pbar = (n1 * p1 + n2 * p2) / (n1 + n2);
  const double z_alpha = 1.6448536269514722;  // qnorm(0.95)
  const double z = (p2 - p1 - z_alpha * std::sqrt(pbar * (1 - pbar) * (1 / n1 + 1 / n2))) /
                   std::sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2);
  EXPECT_NEAR(0.5 * std::erfc(-z / std::sqrt(2.0)), 0.8, 1e-9);
}

TEST(Adjust, AdjustedPValuesAreMonotoneInEachRawPValue) {
  // Raising one raw p-value never lowers any adjusted one: a more extreme
  // comparison never has less of a verdict because of its family.
  const std::vector<double> base{0.001, 0.02, 0.03, 0.2, 0.5};
  for (auto method : {st::Adjustment::holm, st::Adjustment::benjamini_hochberg}) {
    const auto a = st::adjust_p(base, method);
    for (std::size_t i = 0; i < base.size(); ++i) {
      auto raised = base;
      raised[i] = std::min(1.0, raised[i] * 1.5);
      const auto b = st::adjust_p(raised, method);
      for (std::size_t j = 0; j < base.size(); ++j) EXPECT_GE(b[j], a[j]) << i << " " << j;
    }
  }
}
