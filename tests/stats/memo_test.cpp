// fisher_exact, detectable_impact_ratio and the Cochran–Mantel–Haenszel
// p-value remember recent results per thread. What a user relies on: a
// remembered result is the very number the calculation gives, bit for bit,
// whatever was asked before it — so an audit's output does not depend on
// the order of its rounds or on which tables shared a slot of the memo.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include <boost/math/distributions/chi_squared.hpp>

#include "fairaudit/stats.hpp"

namespace st = fairaudit::stats;

namespace {

bool same_bits(double x, double y) { return std::memcmp(&x, &y, sizeof x) == 0; }

bool same(const st::FisherResult& x, const st::FisherResult& y) {
  return same_bits(x.p_two_sided, y.p_two_sided) && same_bits(x.p_less, y.p_less) &&
         same_bits(x.p_greater, y.p_greater) && same_bits(x.mid_p_less, y.mid_p_less) &&
         same_bits(x.mid_p_greater, y.mid_p_greater) && same_bits(x.mid_p_two_sided, y.mid_p_two_sided) &&
         same_bits(x.p_observed, y.p_observed);
}

// A small deterministic generator (splitmix64), so the tables are the same on every run.
struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  std::int64_t below(std::int64_t n) { return static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(n)); }
};

// Tables as rounds and pooled units give them: mostly small, some large,
// some with an empty margin, each asked for several times in a mixed order.
std::vector<st::Table2x2> tables(std::size_t n) {
  Rng rng{7};
  std::vector<st::Table2x2> out;
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t scale = i % 10 == 0 ? 3000 : i % 3 == 0 ? 120 : 25;
    out.push_back({rng.below(scale), rng.below(scale), rng.below(scale), rng.below(scale)});
  }
  return out;
}

}  // namespace

TEST(FisherMemo, RememberedResultsAreTheCalculationsBitForBit) {
  const auto ts = tables(6000);
  Rng order{11};
  for (int round = 0; round < 3; ++round)
    for (std::size_t i = 0; i < ts.size(); ++i) {
      const st::Table2x2& t = ts[static_cast<std::size_t>(order.below(static_cast<std::int64_t>(ts.size())))];
      const st::FisherResult direct = st::fisher_exact_direct(t);
      ASSERT_TRUE(same(st::fisher_exact(t), direct)) << t.a << " " << t.b << " " << t.c << " " << t.d;
      ASSERT_TRUE(same(st::fisher_exact(t), direct)) << "asked again: " << t.a << " " << t.b << " " << t.c << " " << t.d;
    }
}

TEST(FisherMemo, ReferenceValuesHoldWhenRemembered) {
  // R: fisher.test(matrix(c(3, 1, 1, 3), 2)) — p = 0.4857; asked twice, with
  // other tables in between.
  for (int i = 0; i < 3; ++i) {
    EXPECT_NEAR(st::fisher_exact({3, 1, 1, 3}).p_two_sided, 0.4857142857142857, 1e-9);
    st::fisher_exact({i, 4, 5, 6});
  }
}

TEST(DetectableMemo, RememberedResultsAreTheCalculationsBitForBit) {
  Rng rng{3};
  for (int i = 0; i < 20000; ++i) {
    const std::int64_t nf = rng.below(60), nr = rng.below(200);
    const double rate = static_cast<double>(rng.below(11)) / 10.0;
    const double alpha = i % 2 ? 0.05 : 0.01, power = i % 3 ? 0.8 : 0.9;
    const auto direct = st::detectable_impact_ratio_direct(nf, nr, rate, alpha, power);
    for (int twice = 0; twice < 2; ++twice) {
      const auto memo = st::detectable_impact_ratio(nf, nr, rate, alpha, power);
      ASSERT_EQ(memo.has_value(), direct.has_value());
      if (direct) {
        ASSERT_TRUE(same_bits(*memo, *direct)) << nf << " " << nr << " " << rate;
      }
    }
  }
}

TEST(CmhMemo, PValueIsBoostsChiSquaredTailFromEitherSide) {
  const auto ts = tables(3000);
  const boost::math::chi_squared_distribution<double> one_df(1);
  for (std::size_t i = 0; i + 3 < ts.size(); i += 3) {
    st::CmhAccumulator acc;
    for (std::size_t k = i; k < i + 3; ++k) acc.add(ts[k]);
    for (int twice = 0; twice < 2; ++twice) {
      const auto r = acc.result();
      const auto s = acc.swapped().result();
      ASSERT_EQ(r.chi2.has_value(), r.p.has_value());
      if (!r.chi2) continue;
      ASSERT_TRUE(same_bits(*r.p, boost::math::cdf(boost::math::complement(one_df, *r.chi2))));
      ASSERT_TRUE(s.p.has_value());
      ASSERT_TRUE(same_bits(*s.p, boost::math::cdf(boost::math::complement(one_df, *s.chi2))));
    }
  }
}
