// fairaudit plugin SDK — the statistics a fairness rule may need.
//
// Notation throughout: a focal group f and a reference group r; `n` people of
// a group reached the earlier stage (the pool), `selected` of them reached the
// later one. A 2×2 table is laid out with the groups as rows:
//
//                 selected   not selected
//     focal          a            b
//     reference      c            d
//
// so that "less" alternatives ask whether the focal group is selected less
// often than the reference group (R's fisher.test on matrix(c(a,c,b,d), 2)).
//
// Where the law is exact the arithmetic is exact: the four-fifths verdict and
// the shortfalls are computed in integers. Probabilities come from Boost.Math
// (log-gamma, the normal and chi-squared distributions) and are summed in log
// space. Every function is pure; nothing here allocates per call except
// fisher_exact, whose work is linear in the table's support (and which, like
// detectable_impact_ratio, remembers recent results per thread).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "fairaudit/api.hpp"

namespace fairaudit::stats {

// People of one group at one stage transition.
struct GroupCount {
  std::int64_t n = 0;         // reached the earlier stage
  std::int64_t selected = 0;  // of those, reached the later stage
};

// The selection rate s/n; nullopt when n is 0.
std::optional<double> selection_rate(GroupCount g);

// Is rate(f) strictly below num/den × rate(r)? Compared in integers as
// den·s_f·n_r < num·s_r·n_f, so 0.8 is exactly 4/5 (in doubles,
// (2/3)/(5/6) = 0.7999999999999999). False when either n is 0.
bool rate_below(GroupCount f, GroupCount r, std::int64_t num, std::int64_t den);

// A ratio threshold as a policy gives it (0.8) turned into an exact fraction
// with denominator 1000, which is what rate_below compares against.
struct Fraction {
  std::int64_t num = 4;
  std::int64_t den = 5;
};
Fraction threshold_fraction(double threshold);

// The four-fifths rule of thumb, UGESP 29 CFR 1607.4(D): a selection rate for a
// group that is less than four-fifths of the rate of the group with the
// highest rate is evidence of adverse impact. Exactly four-fifths is not
// (UGESP Questions and Answers no. 12: Hispanics 48/60 = 80% — no adverse
// impact indicated).
enum class FourFifths : std::uint8_t { not_adverse, adverse, undefined };
const char* to_string(FourFifths);

struct ImpactRatio {
  std::optional<double> ratio;  // nullopt when the reference rate is 0 or a pool is empty
  FourFifths verdict = FourFifths::undefined;
};
// The impact ratio rate(f)/rate(r) and the verdict against `threshold`
// (4/5 by default). Both rates zero, or the reference rate zero, gives
// `undefined`: never a division by zero.
ImpactRatio impact_ratio(GroupCount f, GroupCount r, Fraction threshold = {});

// Which group the others are compared with.
enum class ReferenceMode : std::uint8_t {
  highest_rate,   // UGESP 1607.4(D): the group with the highest selection rate
  largest_group,  // the group with the largest pool
  declared,       // a group the policy names
};
// The index of the reference group among `groups` (groups with n = 0 never
// qualify). highest_rate compares rates exactly; ties go to the larger pool,
// then to the earlier index. `declared` returns `declared_index` when that
// group has people in the pool. nullopt when no group qualifies.
std::optional<std::size_t> pick_reference(std::span<const GroupCount> groups, ReferenceMode mode,
                                          std::optional<std::size_t> declared_index = std::nullopt);

// ---------------------------------------------------------------------------
// Fisher's exact test for a 2×2 table with fixed margins.

struct Table2x2 {
  std::int64_t a = 0;  // focal selected
  std::int64_t b = 0;  // focal not selected
  std::int64_t c = 0;  // reference selected
  std::int64_t d = 0;  // reference not selected
};
Table2x2 table(GroupCount f, GroupCount r);

struct FisherResult {
  // Two-sided as R's fisher.test: the sum of the probabilities of all tables
  // with the same margins whose probability does not exceed the observed
  // one's by more than a relative 1e-7.
  double p_two_sided = 1;
  double p_less = 1;     // P(X ≤ a): the focal group is selected less often
  double p_greater = 1;  // P(X ≥ a)
  // Lancaster's mid-p: the tail beyond the observed table plus half the
  // probability of the observed table (one-sided), and for two sides the
  // tables strictly less probable plus half of those as probable as the
  // observed one (Hwang & Yang 2001).
  double mid_p_less = 1;
  double mid_p_greater = 1;
  double mid_p_two_sided = 1;
  double p_observed = 1;  // the hypergeometric probability of the observed table
};
// All p-values are 1 when a margin is empty (nothing can be tested).
// Results are remembered per thread for the tables asked for most recently
// (an audit asks for the same small tables again and again), so a repeated
// call returns the first call's result bit for bit.
FisherResult fisher_exact(const Table2x2& t);
// The same worked out afresh, without the memo (for
// tests that compare the two).
FisherResult fisher_exact_direct(const Table2x2& t);

// ---------------------------------------------------------------------------
// The pooled two-proportion Z statistic (the "two or three standard
// deviations" practice, Hazelwood School District v. United States, 1977):
// Z = (SR_r − SR_f) / sqrt(P(1−P)(1/n_f + 1/n_r)), P = (s_f+s_r)/(n_f+n_r).
// Positive when the focal group's rate is lower. Z² is Pearson's chi-square
// without continuity correction. nullopt when a pool is empty or P is 0 or 1.
std::optional<double> pooled_z(GroupCount f, GroupCount r);
// The two-sided normal p-value of a Z statistic.
double z_p_two_sided(double z);

// ---------------------------------------------------------------------------
// A confidence interval for the impact ratio by the Katz log method (Katz,
// Baptista, Azen & Pike, Biometrics 34, 1978):
// exp(ln IR ± z·sqrt(1/s_f − 1/n_f + 1/s_r − 1/n_r)). When a cell of the 2×2
// table is empty, 0.5 is added to every cell first. nullopt when a pool is
// empty.
struct Interval {
  double low = 0;
  double high = 0;
};
std::optional<Interval> impact_ratio_ci(GroupCount f, GroupCount r, double confidence = 0.95);

// ---------------------------------------------------------------------------
// Practical significance (UGESP Questions and Answers no. 20–22).

// More selections the focal group would need, with the same pool, to reach the
// reference group's rate (parity) or `threshold` of it (four-fifths): the
// smallest whole numbers that remove the disparity, 0 when there is none.
// Computed in integers (ceil(n_f·s_r/n_r) − s_f and its four-fifths analogue).
std::int64_t shortfall_to_parity(GroupCount f, GroupCount r);
std::int64_t shortfall_to_threshold(GroupCount f, GroupCount r, Fraction threshold = {});

// The flip test: with one selection moved from the reference group to the
// focal group, would the focal group have the strictly higher rate? If so
// the numbers are too small for the disparity to be acted on (Q&A no. 21:
// "the selection of one different person for one job would shift the result
// from adverse impact against one group to a situation in which that group
// has a higher selection rate than the other group").
bool flip_reverses(GroupCount f, GroupCount r);

// The "+2" test: with two more of the focal group selected (no more than its
// pool), is the difference still significant by Fisher's two-sided test at
// `alpha`? A disparity that is not lacks practical significance.
bool plus_two_still_significant(GroupCount f, GroupCount r, double alpha);

// ---------------------------------------------------------------------------
// Across strata (one 2×2 table per hiring round): the Cochran–Mantel–Haenszel
// test with continuity correction and the Mantel–Haenszel common odds ratio,
// as R's mantelhaen.test(correct = TRUE) for 2×2×K tables:
//   DELTA = Σ(a_k − E[a_k]),  E[a_k] = n1_k·m1_k/T_k,
//   Var   = Σ n1_k·n2_k·m1_k·m2_k / (T_k²(T_k − 1)),
//   X²    = (|DELTA| − ½)² / Var (no correction when |DELTA| < ½), df = 1,
//   OR_MH = Σ(a_k·d_k/T_k) / Σ(b_k·c_k/T_k).
// It also gives the Mantel–Haenszel rate ratio (the stratified impact ratio,
// Greenland & Robins 1985): RR_MH = Σ(a_k·n2_k/T_k) / Σ(c_k·n1_k/T_k).
// The accumulator keeps five sums and a count — its size does not grow with
// the number of strata. Strata with fewer than 2 people add nothing.
class CmhAccumulator {
 public:
  void add(const Table2x2& t);
  void merge(const CmhAccumulator& other);
  std::int64_t strata() const { return strata_; }

  struct Result {
    std::optional<double> chi2;        // nullopt when the variance is 0
    std::optional<double> p;           // chi-squared, 1 df, upper tail
    std::optional<double> odds_ratio;  // nullopt when both sums are 0; +inf when only the denominator is
    std::optional<double> rate_ratio;  // nullopt when the reference rows select nobody
    std::int64_t strata = 0;
    double delta = 0;  // Σ(a − E[a]); negative when the focal group is selected less
  };
  Result result() const;

  // The same accumulator seen from the other group (rows swapped).
  CmhAccumulator swapped() const;

 private:
  double sum_a_minus_e_ = 0;
  double sum_var_ = 0;
  double sum_ad_t_ = 0;
  double sum_bc_t_ = 0;
  double sum_a_n2_t_ = 0;
  double sum_c_n1_t_ = 0;
  std::int64_t strata_ = 0;
};


// ---------------------------------------------------------------------------
// Multiple testing (added in SDK 4.0.0). A family of m p-values, adjusted so
// that comparing each adjusted value with a level q controls an error rate
// over the whole family, as R's p.adjust:
//   holm: Holm (1979), "A simple sequentially rejective multiple test
//     procedure", Scand. J. Statist. 6:65–70 — the family-wise error rate
//     (the chance of any false alarm) is at most q. Adjusted p(i) =
//     max over j ≤ i of min(1, (m − j + 1)·p(j)), p sorted ascending.
//   benjamini_hochberg: Benjamini & Hochberg (1995), "Controlling the false
//     discovery rate", J. R. Statist. Soc. B 57:289–300 — the expected share of
//     false alarms among the alarms is at most q (for independent or
//     positively dependent tests; when every hypothesis is true this is again
//     the chance of any false alarm). Adjusted p(i) = min over j ≥ i of
//     min(1, m·p(j)/j).
//   none: the p-values as they are.
// The result is in the order of `p`; ties keep their order (R's order()).
enum class Adjustment : std::uint8_t { none, holm, benjamini_hochberg };
const char* to_string(Adjustment);
std::vector<double> adjust_p(std::span<const double> p, Adjustment method);

// ---------------------------------------------------------------------------
// Power (added in SDK 4.0.0): the smallest disparity a comparison of these
// sizes could have found. With n_focal and n_reference people and the
// reference group's rate p2, the focal rate p1 < p2 that a one-sided test at
// `alpha` detects with probability `power`, by the normal approximation for
// two proportions (Fleiss, Levin & Paik, "Statistical Methods for Rates and
// Proportions", 3rd ed., 2003, § 4.2; R's power.prop.test for equal groups):
//   p2 − p1 = z_alpha·sqrt(p̄(1−p̄)(1/n_f + 1/n_r)) + z_power·sqrt(p1(1−p1)/n_f + p2(1−p2)/n_r),
//   p̄ = (n_f·p1 + n_r·p2)/(n_f + n_r),
// solved for p1 by bisection and returned as the impact ratio p1/p2: only a
// ratio below it could have been found with that power. nullopt when a group
// is empty, p2 is 0, or not even p1 = 0 reaches the power (these numbers
// could find no disparity at all).
// Remembered per thread as fisher_exact is; _direct works it out afresh.
std::optional<double> detectable_impact_ratio(std::int64_t n_focal, std::int64_t n_reference, double reference_rate,
                                              double alpha, double power = 0.8);
std::optional<double> detectable_impact_ratio_direct(std::int64_t n_focal, std::int64_t n_reference,
                                                     double reference_rate, double alpha, double power = 0.8);

}  // namespace fairaudit::stats
