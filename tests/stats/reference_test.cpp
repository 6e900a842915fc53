// Reference values for fairaudit's statistics, each from a published source
// named next to it, with the tolerance its printed precision allows.
//
// Table layout (fairaudit/stats.hpp): {a, b, c, d} = focal selected, focal not
// selected, reference selected, reference not selected; R's matrix(c(a, c, b, d),
// nrow = 2) and SciPy's [[a, b], [c, d]].
#include <gtest/gtest.h>

#include <vector>

#include "fairaudit/stats.hpp"

namespace st = fairaudit::stats;

namespace {

// Half a unit in the last printed digit.
constexpr double kPrinted4 = 5e-5;  // R prints p-values to 4 significant digits

}  // namespace

// --- R fisher.test, help-page examples -------------------------------------

// Source: R documentation ?fisher.test, example "Fisher's Tea Drinker"
// (Agresti 2002, p. 91): TeaTasting <- matrix(c(3, 1, 1, 3), nrow = 2);
// fisher.test(TeaTasting, alternative = "greater")  ## => p = 0.2429.
// Tolerance: half a unit in the 4th decimal as printed.
TEST(FisherReference, RTeaTastingGreater) {
  auto r = st::fisher_exact({3, 1, 1, 3});
  EXPECT_NEAR(r.p_greater, 0.2429, kPrinted4);
}

// Source: R output of fisher.test(TeaTasting) (two-sided), as printed in
// L. Thompson, "R (and S-PLUS) Manual to Accompany Agresti's Categorical Data
// Analysis (2002)", ch. 3: "p-value = 0.4857". Tolerance 5e-5.
TEST(FisherReference, RTeaTastingTwoSided) {
  auto r = st::fisher_exact({3, 1, 1, 3});
  EXPECT_NEAR(r.p_two_sided, 0.4857, kPrinted4);
}

// Source: R output of fisher.test(TeaTasting, alternative = "less"),
// "p-value = 0.9857", quoted in the Paradigm4 superfunpack README (section
// fisher_test_p_value, "examples computed by R"). Tolerance 5e-5.
TEST(FisherReference, RTeaTastingLess) {
  auto r = st::fisher_exact({3, 1, 1, 3});
  EXPECT_NEAR(r.p_less, 0.9857, kPrinted4);
}

// Source: R documentation ?fisher.test, example "Criminal convictions of
// like-sex twins" (Fisher 1962, 1970): Convictions <- matrix(c(2, 10, 15, 3),
// nrow = 2); fisher.test(Convictions, alternative = "less") prints
// "p-value = 0.0004652" and the two-sided test "p-value = 0.0005367" (R output
// quoted in the Paradigm4 superfunpack README). Tolerance: 5e-8 (4 significant
// digits of a value of order 1e-4).
TEST(FisherReference, RConvictionsLessAndTwoSided) {
  // matrix(c(2, 10, 15, 3), nrow = 2) has rows (2, 15) and (10, 3).
  auto r = st::fisher_exact({2, 15, 10, 3});
  EXPECT_NEAR(r.p_less, 0.0004652, 5e-8);
  EXPECT_NEAR(r.p_two_sided, 0.0005367, 5e-8);
}

// --- SciPy fisher_exact documentation --------------------------------------

// Source: SciPy documentation, scipy.stats.fisher_exact, Notes ("Null
// hypothesis and p-values"): table = [[6, 2], [1, 4]];
// two-sided 0.10256410256410257, greater 0.08624708624708627,
// less 0.9953379953379957. Tolerance: relative 1e-12 (printed to full
// double precision; our log-gamma route differs only in rounding).
TEST(FisherReference, SciPyNotesTable) {
  auto r = st::fisher_exact({6, 2, 1, 4});
  EXPECT_NEAR(r.p_two_sided, 0.10256410256410257, 1e-12 * 0.10256410256410257);
  EXPECT_NEAR(r.p_greater, 0.08624708624708627, 1e-12 * 0.08624708624708627);
  EXPECT_NEAR(r.p_less, 0.9953379953379957, 1e-12);
  // The same Notes give the table probability of x = 6 as 0.08158508 (8 digits).
  EXPECT_NEAR(r.p_observed, 0.08158508, 5e-9);
}

// Source: SciPy documentation, scipy.stats.fisher_exact, Examples
// (acetazolamide and acute mountain sickness, Low et al., BMJ 2012):
// fisher_exact([[7, 17], [15, 5]], alternative='less').pvalue
// == 0.0028841933752349743. Tolerance: relative 1e-12.
TEST(FisherReference, SciPyAcetazolamideLess) {
  auto r = st::fisher_exact({7, 17, 15, 5});
  EXPECT_NEAR(r.p_less, 0.0028841933752349743, 1e-12 * 0.0028841933752349743);
}

// --- Lancaster mid-p -------------------------------------------------------

// Source: Hwang & Yang (2001), "An optimality theory for mid p-values in 2×2
// contingency tables", Statistica Sinica 11, p. 810, tea-tasting table
// [[3, 1], [1, 3]]: exact p 0.486 and mid-p 0.257 (two-sided), one-sided
// ("greater") mid-p 0.1286; the values are those the R package coin checks
// in its regression tests (tests/regtest_midpvalue.R). Tolerance: half a unit
// in the last printed digit.
TEST(MidPReference, HwangYangTeaTasting) {
  auto r = st::fisher_exact({3, 1, 1, 3});
  EXPECT_NEAR(r.p_two_sided, 0.486, 5e-4);
  EXPECT_NEAR(r.mid_p_two_sided, 0.257, 5e-4);
  EXPECT_NEAR(r.mid_p_greater, 0.1286, 5e-5);
}

// Source: Barnard (1989), "On alleged gains in power from lower P-values",
// Statistics in Medicine 8, p. 1471 Tab. III and p. 1474 Tab. IV, one-sided
// exact p and mid-p for tables with 5 per row (as checked by the R package
// coin, tests/regtest_midpvalue.R): [[5,0],[2,3]] p 0.0833 mid-p 0.0417;
// [[5,0],[3,2]] p 0.2222 mid-p 0.1111. Tolerance 5e-5.
TEST(MidPReference, BarnardOneSided) {
  auto r52 = st::fisher_exact({5, 0, 2, 3});
  EXPECT_NEAR(r52.p_greater, 0.0833, kPrinted4);
  EXPECT_NEAR(r52.mid_p_greater, 0.0417, kPrinted4);
  auto r53 = st::fisher_exact({5, 0, 3, 2});
  EXPECT_NEAR(r53.p_greater, 0.2222, kPrinted4);
  EXPECT_NEAR(r53.mid_p_greater, 0.1111, kPrinted4);
}

// --- R mantelhaen.test, help-page examples -----------------------------------

// Source: R documentation ?mantelhaen.test, example "Penicillin and Rabbits"
// (Agresti 1990, pp. 231–237); R prints "Mantel-Haenszel X-squared = 3.9286,
// df = 1, p-value = 0.04747" and "common odds ratio 7". Rabbits <- array(c(0, 0,
// 6, 5, 3, 0, 3, 6, 6, 2, 0, 4, 5, 6, 1, 0, 2, 5, 0, 0), dim = c(2, 2, 5)): rows
// Delay (None, 1.5h), columns Response (Cured, Died). Tolerances: 5e-5 on
// X², 5e-6 on p (both as printed); the odds ratio is exactly 3.5/0.5 = 7.
TEST(CmhReference, RRabbits) {
  const std::vector<st::Table2x2> strata = {
      {0, 6, 0, 5}, {3, 3, 0, 6}, {6, 0, 2, 4}, {5, 1, 6, 0}, {2, 0, 5, 0}};
  st::CmhAccumulator acc;
  for (const auto& t : strata) acc.add(t);
  auto r = acc.result();
  ASSERT_TRUE(r.chi2 && r.p && r.odds_ratio);
  EXPECT_NEAR(*r.chi2, 3.9286, kPrinted4);
  EXPECT_NEAR(*r.p, 0.04747, 5e-6);
  EXPECT_NEAR(*r.odds_ratio, 7.0, 1e-12);
  EXPECT_EQ(r.strata, 5);
}

// Source: R documentation ?mantelhaen.test, example "UC Berkeley Student
// Admissions": mantelhaen.test(UCBAdmissions) prints "Mantel-Haenszel
// X-squared = 1.4269, df = 1, p-value = 0.2323 … common odds ratio 0.9046968"
// (output reproduced in the vcdExtra vignette "Tests of Independence"). Data:
// R's datasets::UCBAdmissions, c(512, 313, 89, 19, 353, 207, 17, 8, 120, 205,
// 202, 391, 138, 279, 131, 244, 53, 138, 94, 299, 22, 351, 24, 317) with
// dim Admit × Gender × Dept. Tolerances: 5e-5 on X², 5e-5 on p, 5e-8 on the
// odds ratio (7 significant digits).
TEST(CmhReference, RUCBAdmissions) {
  // Rows Admit (Admitted, Rejected), columns Gender (Male, Female):
  // a = admitted male, b = admitted female, c = rejected male, d = rejected female.
  const std::vector<st::Table2x2> strata = {{512, 89, 313, 19},   {353, 17, 207, 8},
                                            {120, 202, 205, 391}, {138, 131, 279, 244},
                                            {53, 94, 138, 299},   {22, 24, 351, 317}};
  st::CmhAccumulator acc;
  for (const auto& t : strata) acc.add(t);
  auto r = acc.result();
  ASSERT_TRUE(r.chi2 && r.p && r.odds_ratio);
  EXPECT_NEAR(*r.chi2, 1.4269, kPrinted4);
  EXPECT_NEAR(*r.p, 0.2323, kPrinted4);
  EXPECT_NEAR(*r.odds_ratio, 0.9046968, 5e-8);
}

// --- Four-fifths worked examples ---------------------------------------------

// Source: Questions and Answers to Clarify and Provide a Common Interpretation
// of the Uniform Guidelines on Employee Selection Procedures (EEOC, OPM, DOJ,
// DOL; 44 Fed. Reg. 11996, 1979), Q&A no. 12: hiring rates whites 60%,
// American Indians 45%, Hispanics 48%, Blacks 51% give impact ratios 75%, 80%
// and 85%; "adverse impact is indicated for American Indians but not for
// Hispanics or Blacks" — exactly 80% is not adverse. The Q&A gives rates only,
// so the pools are taken as 100 each. Tolerance: exact verdicts; ratios 1e-12.
TEST(FourFifthsReference, UgespQa12) {
  const std::vector<st::GroupCount> groups = {{100, 60}, {100, 45}, {100, 48}, {100, 51}};
  auto ref = st::pick_reference(groups, st::ReferenceMode::highest_rate);
  ASSERT_EQ(ref, std::optional<std::size_t>(0));
  auto indian = st::impact_ratio(groups[1], groups[0]);
  auto hispanic = st::impact_ratio(groups[2], groups[0]);
  auto black = st::impact_ratio(groups[3], groups[0]);
  EXPECT_NEAR(*indian.ratio, 0.75, 1e-12);
  EXPECT_NEAR(*hispanic.ratio, 0.80, 1e-12);
  EXPECT_NEAR(*black.ratio, 0.85, 1e-12);
  EXPECT_EQ(indian.verdict, st::FourFifths::adverse);
  EXPECT_EQ(hispanic.verdict, st::FourFifths::not_adverse);  // exactly four-fifths
  EXPECT_EQ(black.verdict, st::FourFifths::not_adverse);
}

// Source: NYC Department of Consumer and Worker Protection, rules on
// automated employment decision tools, 6 RCNY § 5-301(c), example table
// ("culture fit" scoring rates): Male 92 applicants 54.3% → impact ratio 1.00,
// Female 76 applicants 44.7% → 0.82; Hispanic or Latino 28 applicants 64.2%
// → 1.00, White 40 37.5% → 0.58, Black or African American 32 50.0% → 0.78,
// Native Hawaiian or Pacific Islander 8 62.5% → 0.97, Asian 24 41.7% → 0.65.
// The rule gives pools and rates; the counts below are the only whole numbers
// consistent with them (50/92 = 54.3%, 34/76 = 44.7%, 18/28 = 64.3% printed
// 64.2%, 15/40, 16/32, 5/8, 10/24). Tolerance: ±0.005 (two decimals printed).
TEST(FourFifthsReference, NycDcwpExample) {
  const st::GroupCount male{92, 50}, female{76, 34};
  EXPECT_NEAR(*st::impact_ratio(female, male).ratio, 0.82, 0.005);
  EXPECT_EQ(st::impact_ratio(female, male).verdict, st::FourFifths::not_adverse);

  const std::vector<st::GroupCount> race = {{28, 18}, {40, 15}, {32, 16}, {8, 5}, {24, 10}};
  auto ref = st::pick_reference(race, st::ReferenceMode::highest_rate);
  ASSERT_EQ(ref, std::optional<std::size_t>(0));  // Hispanic or Latino: 1.00
  const double published[] = {1.00, 0.58, 0.78, 0.97, 0.65};
  for (std::size_t i = 0; i < race.size(); ++i)
    EXPECT_NEAR(*st::impact_ratio(race[i], race[0]).ratio, published[i], 0.005) << "row " << i;
  EXPECT_EQ(st::impact_ratio(race[2], race[0]).verdict, st::FourFifths::adverse);      // 0.78
  EXPECT_EQ(st::impact_ratio(race[3], race[0]).verdict, st::FourFifths::not_adverse);  // 0.97
}

// --- Katz log confidence interval --------------------------------------------

// Source: SciPy documentation, scipy.stats.contingency.relative_risk and
// RelativeRiskResult.confidence_interval (Katz method, "Method C" of Katz et
// al. 1978): relative_risk(27, 122, 44, 487) → 2.4495156482861398, 95% CI
// (1.5836990926700116, 3.7886786315466354) (Sahai & Khurshid, Example 3.1);
// relative_risk(10, 75, 12, 225) → 2.5, CI (1.1261564003469628,
// 5.549850800541033). Tolerance: relative 1e-9 (the normal quantile comes
// from another library).
TEST(KatzReference, SciPyRelativeRisk) {
  const st::GroupCount high_cat{122, 27}, low_cat{487, 44};
  EXPECT_NEAR(*st::impact_ratio(high_cat, low_cat).ratio, 2.4495156482861398, 1e-12);
  auto ci = st::impact_ratio_ci(high_cat, low_cat);
  ASSERT_TRUE(ci);
  EXPECT_NEAR(ci->low, 1.5836990926700116, 1e-9 * 1.58);
  EXPECT_NEAR(ci->high, 3.7886786315466354, 1e-9 * 3.79);

  auto ci2 = st::impact_ratio_ci({75, 10}, {225, 12});
  ASSERT_TRUE(ci2);
  EXPECT_NEAR(ci2->low, 1.1261564003469628, 1e-9 * 1.13);
  EXPECT_NEAR(ci2->high, 5.549850800541033, 1e-9 * 5.55);
}

// --- Pooled two-proportion Z --------------------------------------------------

// Source: J. Faraway, "Extending the Linear Model with R" (2006), section 4.4,
// women's smoking and 20-year survival (Appleton et al. 1996), as worked in the
// NTHU STAT5230 lab "Three-Way Tables": xtabs(y ~ smoker + dead) =
// non-smokers 502 alive / 230 dead, smokers 443 / 139; summary(ct) prints the
// Pearson test "Chisq = 9.121". Z² equals Pearson's X² without continuity
// correction. Tolerance: 5e-4 (printed to 3 decimals).
TEST(ZReference, FarawayFemsmokePearson) {
  const st::GroupCount nonsmokers{732, 502}, smokers{582, 443};  // selected = alive
  auto z = st::pooled_z(nonsmokers, smokers);
  ASSERT_TRUE(z);
  EXPECT_NEAR(*z * *z, 9.121, 5e-4);
  EXPECT_GT(*z, 0);  // the focal group (non-smokers) has the lower survival share
}

// --- R p.adjust: Holm and Benjamini–Hochberg ---------------------------------

// Source: the fifteen p-values of the worked example in Benjamini & Hochberg
// (1995), "Controlling the false discovery rate", J. R. Statist. Soc. B 57,
// § 4 (BH at q = 0.05 rejects the four smallest; Holm at 0.05 the three
// smallest). Adjusted values from R 4.2.2:
//   p <- c(0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344,
//          0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.000)
//   p.adjust(p, "BH"); p.adjust(p, "holm")
TEST(AdjustReference, RPAdjustOnTheBenjaminiHochbergExample) {
  const std::vector<double> p{0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344,
                              0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.000};
  const std::vector<double> bh{0.0015, 0.0030, 0.0095, 0.0356250000000000, 0.0603, 0.0638571428571429,
                               0.0638571428571429, 0.0645, 0.0765, 0.486, 0.5811818181818181, 0.7148749999999999,
                               0.7532307692307693, 0.8132142857142857, 1.0};
  const std::vector<double> holm{0.0015, 0.0056, 0.0247, 0.1140, 0.2211, 0.2780, 0.2780, 0.2780,
                                 0.3213, 1, 1, 1, 1, 1, 1};
  const auto got_bh = st::adjust_p(p, st::Adjustment::benjamini_hochberg);
  const auto got_holm = st::adjust_p(p, st::Adjustment::holm);
  ASSERT_EQ(got_bh.size(), p.size());
  int bh_rejected = 0, holm_rejected = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    EXPECT_NEAR(got_bh[i], bh[i], 1e-12) << i;
    EXPECT_NEAR(got_holm[i], holm[i], 1e-12) << i;
    bh_rejected += got_bh[i] <= 0.05;
    holm_rejected += got_holm[i] <= 0.05;
  }
  EXPECT_EQ(bh_rejected, 4);
  EXPECT_EQ(holm_rejected, 3);
  EXPECT_EQ(st::adjust_p(p, st::Adjustment::none), p);
}

// Source: R 4.2.2, unsorted input with ties, results in the input's order:
//   q <- c(0.04, 0.01, 0.03, 0.01, 0.2)
//   p.adjust(q, "BH")    ## 0.050 0.025 0.050 0.025 0.200
//   p.adjust(q, "holm")  ## 0.09 0.05 0.09 0.05 0.20
TEST(AdjustReference, RPAdjustKeepsTheInputOrderAndTies) {
  const std::vector<double> q{0.04, 0.01, 0.03, 0.01, 0.2};
  const auto bh = st::adjust_p(q, st::Adjustment::benjamini_hochberg);
  const auto holm = st::adjust_p(q, st::Adjustment::holm);
  const std::vector<double> want_bh{0.05, 0.025, 0.05, 0.025, 0.2}, want_holm{0.09, 0.05, 0.09, 0.05, 0.2};
  for (std::size_t i = 0; i < q.size(); ++i) {
    EXPECT_NEAR(bh[i], want_bh[i], 1e-15) << i;
    EXPECT_NEAR(holm[i], want_holm[i], 1e-15) << i;
  }
  EXPECT_TRUE(st::adjust_p(std::vector<double>{}, st::Adjustment::holm).empty());
}

// --- R power.prop.test: the smallest detectable impact ratio -----------------

// Source: R 4.2.2, equal groups, one-sided test at 0.05 with power 0.8,
// solved for p1 (the function's uniroot, tol = .Machine$double.eps^0.25):
//   power.prop.test(n = n, p2 = p2, power = 0.8, sig.level = 0.05,
//                   alternative = "one.sided")$p1
//   n = 20, p2 = 0.5 → 0.14232420723545;   n = 20, p2 = 0.3 → 0.0193895041815777
//   n = 50, p2 = 0.5 → 0.261043793816491;  n = 50, p2 = 0.3 → 0.102661221714416
//   n = 100, p2 = 0.5 → 0.327740299768467; n = 100, p2 = 0.3 → 0.153501594316975
// The impact ratio is p1 / p2. Tolerance 1e-4 on p1: uniroot's tolerance.
TEST(PowerReference, RPowerPropTestOneSidedEqualGroups) {
  struct Case {
    std::int64_t n;
    double p2, p1;
  };
  for (const Case& c : {Case{20, 0.5, 0.14232420723545}, Case{20, 0.3, 0.0193895041815777},
                        Case{50, 0.5, 0.261043793816491}, Case{50, 0.3, 0.102661221714416},
                        Case{100, 0.5, 0.327740299768467}, Case{100, 0.3, 0.153501594316975}}) {
    const auto ir = st::detectable_impact_ratio(c.n, c.n, c.p2, 0.05, 0.8);
    ASSERT_TRUE(ir.has_value()) << c.n << " " << c.p2;
    EXPECT_NEAR(*ir * c.p2, c.p1, 1e-4) << c.n << " " << c.p2;
  }
}
