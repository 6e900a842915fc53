// interview-call-diversity on generated exports with fixed seeds
// (bench/calibration/calibration.hpp; bench_calibration reports the same
// figures over more seeds, sizes and strengths). Statistics, not timings: on
// an export with no disparity at all the findings a user acts on are rare and
// the default run passes; a disparity planted in eight units is found there.
#include <gtest/gtest.h>

#include "calibration.hpp"

namespace cal = fairaudit::calibration;

TEST(IcdCalibration, AnExportWithNoDisparityRaisesAlmostNothing) {
  // 2,000 rounds of 20–150 applicants in 40 leaf units, every group invited
  // and hired at the same rate.
  for (std::uint64_t seed : {1u, 2u}) {
    cal::Scenario sc;
    sc.seed = seed;
    const auto ex = cal::generate(sc);
    const auto r = cal::rates(ex, cal::audit(ex));
    EXPECT_EQ(r.rounds, 2000);
    EXPECT_LE(r.rounds_warning, 100) << "at most 5% of rounds with a diversity warning or error (seed " << seed << ")";
    EXPECT_LE(r.pooled_warning, 2) << "pooled findings at warning or above (seed " << seed << ")";
    EXPECT_FALSE(r.any_error) << "the default --fail-on error would fail (seed " << seed << ")";
  }
}

TEST(IcdCalibration, APlantedDisparityIsFoundWhereItWasPlanted) {
  // Applicants who declared immigrant background invited at 0.6 times the
  // rate of everyone else in 8 of the 40 units.
  cal::Scenario sc;
  sc.seed = 1;
  sc.planted_units = 8;
  sc.strength = 0.6;
  const auto ex = cal::generate(sc);
  const auto r = cal::rates(ex, cal::audit(ex));
  EXPECT_EQ(r.planted, 8);
  EXPECT_GE(r.planted_found, 7) << "at least 90% of the planted units";
  EXPECT_LE(r.false_units, 1) << "units without the disparity";
}
