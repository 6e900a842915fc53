// Statistics for selection-rate analyses. See fairaudit/stats.hpp for the
// formulas and their sources.
#include "fairaudit/stats.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/special_functions/log1p.hpp>
#include <boost/math/special_functions/gamma.hpp>

namespace fairaudit::stats {
namespace {

// Products of counts can exceed 64 bits for national-scale pools multiplied by
// a threshold denominator; 128 bits keep the comparisons exact.
__extension__ using wide = __int128;

// ln n! through log-gamma (Boost.Math). Fisher's test takes three of them
// per call and a national audit makes millions of calls on small pools, so
// the values for n below 4096 are kept in a table filled by the same call:
// the results are bit for bit those of calling lgamma each time.
double log_factorial(std::int64_t n) {
  constexpr std::int64_t kTable = 4096;
  static const std::vector<double> table = [] {
    std::vector<double> t(kTable);
    for (std::int64_t i = 0; i < kTable; ++i) t[std::size_t(i)] = boost::math::lgamma(static_cast<double>(i) + 1);
    return t;
  }();
  return n >= 0 && n < kTable ? table[std::size_t(n)] : boost::math::lgamma(static_cast<double>(n) + 1);
}

// ln C(n, k).
double log_choose(std::int64_t n, std::int64_t k) { return log_factorial(n) - log_factorial(k) - log_factorial(n - k); }

// The two-sided normal quantile for a confidence level; audits use one level
// throughout, so the last one is kept (per thread: plugins run on several).
double normal_quantile_two_sided(double confidence) {
  thread_local double last_confidence = -1, last_z = 0;
  if (confidence != last_confidence) {
    static const boost::math::normal_distribution<double> unit;
    last_z = boost::math::quantile(unit, 1 - (1 - confidence) / 2);
    last_confidence = confidence;
  }
  return last_z;
}

std::int64_t ceil_div(wide num, wide den) {
  // den > 0, num >= 0
  return static_cast<std::int64_t>((num + den - 1) / den);
}

bool valid(GroupCount g) { return g.n > 0 && g.selected >= 0 && g.selected <= g.n; }

// R's fisher.test compares table probabilities with a relative tolerance of
// 1e-7 (`relErr <- 1 + 10^(-7)`), so that tables as probable as the observed
// one are not lost to rounding.
constexpr double kRelErr = 1e-7;

// A memo of a pure function's results, per thread, direct-mapped: a slot
// holds the last key that hashed to it and its result, so a hit returns the
// very value the function gave (bit for bit) and a miss costs one call. An
// audit asks for the same small tables over and over (a round of 19
// applicants has few possible tables), and the pooled analysis asks for each
// of its tables again on each of its passes. Slots hold plain values only: a
// thread_local with a destructor in a plugin library that is unloaded again
// trips LeakSanitizer.
template <typename Key, typename Value, std::size_t Slots>
class Memo {
  static_assert((Slots & (Slots - 1)) == 0, "a power of two");

 public:
  template <typename Compute>
  Value get(const Key& key, std::uint64_t hash, Compute compute) {
    Slot& s = slots_[hash & (Slots - 1)];
    if (s.used && s.key == key) return s.value;
    s.value = compute();
    s.key = key;
    s.used = true;
    return s.value;
  }

 private:
  struct Slot {
    Key key{};
    Value value{};
    bool used = false;
  };
  std::array<Slot, Slots> slots_{};
};

std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
  h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
  return h;
}
std::uint64_t finish_hash(std::uint64_t h) {
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDULL;
  h ^= h >> 33;
  return h;
}
std::uint64_t bits_of(double v) {
  std::uint64_t b;
  std::memcpy(&b, &v, sizeof b);
  return b;
}

struct TableKey {
  std::int64_t a, b, c, d;
  bool operator==(const TableKey&) const = default;
};

struct DetectableKey {
  std::int64_t n_focal, n_reference;
  std::uint64_t rate, alpha, power;  // the doubles' bits: the same bits, the same result
  bool operator==(const DetectableKey&) const = default;
};

// The upper tail of chi-squared with 1 df (Boost.Math's incomplete gamma).
// The pooled analysis asks for each statistic twice (a pair of groups seen
// from either side has the same chi-square) and again on each of its passes.
double chi2_one_df_upper(double chi2) {
  thread_local Memo<std::uint64_t, double, 256> memo;
  const std::uint64_t key = bits_of(chi2);
  return memo.get(key, finish_hash(key), [&] {
    static const boost::math::chi_squared_distribution<double> one_df(1);
    return boost::math::cdf(boost::math::complement(one_df, chi2));
  });
}

}  // namespace

FisherResult fisher_exact(const Table2x2& t) {
  thread_local Memo<TableKey, FisherResult, 1024> memo;
  const TableKey key{t.a, t.b, t.c, t.d};
  std::uint64_t h = 0;
  for (std::int64_t v : {t.a, t.b, t.c, t.d}) h = mix(h, static_cast<std::uint64_t>(v));
  return memo.get(key, finish_hash(h), [&] { return fisher_exact_direct(t); });
}

const char* to_string(FourFifths v) {
  switch (v) {
    case FourFifths::not_adverse: return "not_adverse";
    case FourFifths::adverse: return "adverse";
    case FourFifths::undefined: return "undefined";
  }
  return "undefined";
}

std::optional<double> selection_rate(GroupCount g) {
  if (g.n <= 0) return std::nullopt;
  return static_cast<double>(g.selected) / static_cast<double>(g.n);
}

bool rate_below(GroupCount f, GroupCount r, std::int64_t num, std::int64_t den) {
  if (f.n <= 0 || r.n <= 0) return false;
  return wide(den) * f.selected * r.n < wide(num) * r.selected * f.n;
}

Fraction threshold_fraction(double threshold) {
  Fraction fr;
  fr.den = 1000;
  fr.num = static_cast<std::int64_t>(std::llround(threshold * 1000.0));
  return fr;
}

ImpactRatio impact_ratio(GroupCount f, GroupCount r, Fraction threshold) {
  ImpactRatio out;
  if (f.n <= 0 || r.n <= 0 || r.selected <= 0) return out;  // undefined
  out.ratio = (static_cast<double>(f.selected) * static_cast<double>(r.n)) /
              (static_cast<double>(r.selected) * static_cast<double>(f.n));
  out.verdict = rate_below(f, r, threshold.num, threshold.den) ? FourFifths::adverse : FourFifths::not_adverse;
  return out;
}

std::optional<std::size_t> pick_reference(std::span<const GroupCount> groups, ReferenceMode mode,
                                          std::optional<std::size_t> declared_index) {
  if (mode == ReferenceMode::declared) {
    if (declared_index && *declared_index < groups.size() && groups[*declared_index].n > 0) return declared_index;
    return std::nullopt;
  }
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const GroupCount& g = groups[i];
    if (g.n <= 0) continue;
    if (!best) {
      best = i;
      continue;
    }
    const GroupCount& b = groups[*best];
    bool better = false;
    if (mode == ReferenceMode::highest_rate) {
      wide lhs = wide(g.selected) * b.n, rhs = wide(b.selected) * g.n;
      better = lhs > rhs || (lhs == rhs && g.n > b.n);
    } else {
      better = g.n > b.n;
    }
    if (better) best = i;
  }
  return best;
}

Table2x2 table(GroupCount f, GroupCount r) {
  return {f.selected, f.n - f.selected, r.selected, r.n - r.selected};
}

FisherResult fisher_exact_direct(const Table2x2& t) {
  FisherResult out;
  // Margins: m people selected in all, n not selected; k in the focal row.
  const std::int64_t m = t.a + t.c, n = t.b + t.d, k = t.a + t.b;
  const std::int64_t total = m + n;
  if (t.a < 0 || t.b < 0 || t.c < 0 || t.d < 0 || m == 0 || n == 0 || k == 0 || k == total) return out;

  // The support of X (the focal group's selections) given the margins, and
  // ln P(X = x) = ln C(m, x) + ln C(n, k − x) − ln C(m + n, k), taken from
  // log-gamma at the mode and walked outwards with the ratio of successive
  // terms, P(x+1)/P(x) = (m−x)(k−x) / ((x+1)(n−k+x+1)). Terms more than e^-745
  // below the mode underflow to zero in any sum, so the walk stops there:
  // the work grows with the spread of the distribution, not with the pools.
  const std::int64_t lo_support = std::max<std::int64_t>(0, k - n), hi_support = std::min(k, m);
  const std::int64_t mode = std::clamp<std::int64_t>(
      static_cast<std::int64_t>((static_cast<double>(k) + 1) * (static_cast<double>(m) + 1) /
                                (static_cast<double>(total) + 2)),
      lo_support, hi_support);
  const double log_mode = log_choose(m, mode) + log_choose(n, k - mode) - log_choose(total, k);
  constexpr double kFloor = 745.0;
  std::vector<double> down, up;  // down[i]: x = mode − 1 − i; up[i]: x = mode + 1 + i
  {
    double v = log_mode;
    for (std::int64_t x = mode; x < hi_support; ++x) {
      v += std::log(static_cast<double>(m - x) * static_cast<double>(k - x)) -
           std::log(static_cast<double>(x + 1) * static_cast<double>(n - k + x + 1));
      if (v < log_mode - kFloor && x + 1 > t.a) break;
      up.push_back(v);
    }
    v = log_mode;
    for (std::int64_t x = mode; x > lo_support; --x) {
      v -= std::log(static_cast<double>(m - x + 1) * static_cast<double>(k - x + 1)) -
           std::log(static_cast<double>(x) * static_cast<double>(n - k + x));
      if (v < log_mode - kFloor && x - 1 < t.a) break;
      down.push_back(v);
    }
  }
  const std::int64_t lo = mode - static_cast<std::int64_t>(down.size());
  const std::int64_t hi = mode + static_cast<std::int64_t>(up.size());
  std::vector<double> logd(static_cast<std::size_t>(hi - lo + 1));
  for (std::size_t i = 0; i < down.size(); ++i) logd[down.size() - 1 - i] = down[i];
  logd[down.size()] = log_mode;
  for (std::size_t i = 0; i < up.size(); ++i) logd[down.size() + 1 + i] = up[i];
  double max_log = -std::numeric_limits<double>::infinity();
  for (double v : logd) max_log = std::max(max_log, v);
  // Normalise in log space (as R does with exp(d − max(d)) / sum) so that the
  // probabilities sum to 1 whatever the rounding of the log-gamma terms.
  double norm = 0;
  for (double v : logd) norm += std::exp(v - max_log);
  const double log_norm = max_log + std::log(norm);
  auto prob = [&](std::int64_t x) { return std::exp(logd[static_cast<std::size_t>(x - lo)] - log_norm); };

  const double log_obs = logd[static_cast<std::size_t>(t.a - lo)];
  const double tol = boost::math::log1p(kRelErr);
  double less = 0, greater = 0, two = 0, two_strict = 0, two_tied = 0;
  for (std::int64_t x = lo; x <= hi; ++x) {
    const double p = prob(x);
    const double lx = logd[static_cast<std::size_t>(x - lo)];
    if (x <= t.a) less += p;
    if (x >= t.a) greater += p;
    if (lx <= log_obs + tol) {
      two += p;
      if (lx < log_obs - tol)
        two_strict += p;
      else
        two_tied += p;
    }
  }
  const double p_obs = prob(t.a);
  auto clamp = [](double v) { return std::clamp(v, 0.0, 1.0); };
  out.p_observed = clamp(p_obs);
  out.p_less = clamp(less);
  out.p_greater = clamp(greater);
  out.p_two_sided = clamp(two);
  out.mid_p_less = clamp(less - 0.5 * p_obs);
  out.mid_p_greater = clamp(greater - 0.5 * p_obs);
  out.mid_p_two_sided = clamp(two_strict + 0.5 * two_tied);
  return out;
}

std::optional<double> pooled_z(GroupCount f, GroupCount r) {
  if (!valid(f) || !valid(r)) return std::nullopt;
  const double nf = static_cast<double>(f.n), nr = static_cast<double>(r.n);
  const double pooled = static_cast<double>(f.selected + r.selected) / (nf + nr);
  if (pooled <= 0 || pooled >= 1) return std::nullopt;
  const double se = std::sqrt(pooled * (1 - pooled) * (1 / nf + 1 / nr));
  return (static_cast<double>(r.selected) / nr - static_cast<double>(f.selected) / nf) / se;
}

double z_p_two_sided(double z) {
  static const boost::math::normal_distribution<double> unit;
  return std::min(1.0, 2 * boost::math::cdf(boost::math::complement(unit, std::fabs(z))));
}

std::optional<Interval> impact_ratio_ci(GroupCount f, GroupCount r, double confidence) {
  if (!valid(f) || !valid(r) || !(confidence > 0 && confidence < 1)) return std::nullopt;
  double sf = static_cast<double>(f.selected), nf = static_cast<double>(f.n);
  double sr = static_cast<double>(r.selected), nr = static_cast<double>(r.n);
  // An empty cell makes ln IR or its variance infinite; the usual remedy is to
  // add ½ to every cell of the table (each pool then grows by 1).
  if (f.selected == 0 || r.selected == 0 || f.selected == f.n || r.selected == r.n) {
    sf += 0.5;
    nf += 1;
    sr += 0.5;
    nr += 1;
  }
  const double z = normal_quantile_two_sided(confidence);
  const double log_ir = std::log((sf / nf) / (sr / nr));
  const double se = std::sqrt(1 / sf - 1 / nf + 1 / sr - 1 / nr);
  return Interval{std::exp(log_ir - z * se), std::exp(log_ir + z * se)};
}

std::int64_t shortfall_to_parity(GroupCount f, GroupCount r) {
  if (!valid(f) || !valid(r)) return 0;
  // The smallest s with s/n_f ≥ s_r/n_r.
  const std::int64_t need = ceil_div(wide(f.n) * r.selected, r.n);
  return std::max<std::int64_t>(0, need - f.selected);
}

std::int64_t shortfall_to_threshold(GroupCount f, GroupCount r, Fraction threshold) {
  if (!valid(f) || !valid(r) || threshold.den <= 0) return 0;
  // The smallest s with den·s·n_r ≥ num·s_r·n_f, i.e. no longer adverse.
  const std::int64_t need = ceil_div(wide(threshold.num) * r.selected * f.n, wide(threshold.den) * r.n);
  return std::max<std::int64_t>(0, std::min(need, f.n) - f.selected);
}

bool flip_reverses(GroupCount f, GroupCount r) {
  if (!valid(f) || !valid(r)) return false;
  if (r.selected < 1 || f.selected + 1 > f.n) return false;
  const GroupCount f2{f.n, f.selected + 1}, r2{r.n, r.selected - 1};
  return wide(f2.selected) * r2.n > wide(r2.selected) * f2.n;
}

bool plus_two_still_significant(GroupCount f, GroupCount r, double alpha) {
  if (!valid(f) || !valid(r)) return false;
  const GroupCount f2{f.n, std::min(f.n, f.selected + 2)};
  return fisher_exact(table(f2, r)).p_two_sided < alpha;
}

void CmhAccumulator::add(const Table2x2& t) {
  const double a = static_cast<double>(t.a), b = static_cast<double>(t.b);
  const double c = static_cast<double>(t.c), d = static_cast<double>(t.d);
  const double total = a + b + c + d;
  if (total < 2) return;
  const double n1 = a + b, n2 = c + d, m1 = a + c, m2 = b + d;
  sum_a_minus_e_ += a - n1 * m1 / total;
  sum_var_ += n1 * n2 * m1 * m2 / (total * total * (total - 1));
  sum_ad_t_ += a * d / total;
  sum_bc_t_ += b * c / total;
  sum_a_n2_t_ += a * n2 / total;
  sum_c_n1_t_ += c * n1 / total;
  ++strata_;
}

void CmhAccumulator::merge(const CmhAccumulator& o) {
  sum_a_minus_e_ += o.sum_a_minus_e_;
  sum_var_ += o.sum_var_;
  sum_ad_t_ += o.sum_ad_t_;
  sum_bc_t_ += o.sum_bc_t_;
  sum_a_n2_t_ += o.sum_a_n2_t_;
  sum_c_n1_t_ += o.sum_c_n1_t_;
  strata_ += o.strata_;
}

CmhAccumulator CmhAccumulator::swapped() const {
  CmhAccumulator s = *this;
  s.sum_a_minus_e_ = -sum_a_minus_e_;
  std::swap(s.sum_ad_t_, s.sum_bc_t_);
  std::swap(s.sum_a_n2_t_, s.sum_c_n1_t_);
  return s;
}

CmhAccumulator::Result CmhAccumulator::result() const {
  Result out;
  out.strata = strata_;
  out.delta = sum_a_minus_e_;
  if (sum_var_ > 0) {
    // As R's mantelhaen.test: YATES <- if(correct && (abs(DELTA) >= .5)) .5 else 0
    const double abs_delta = std::fabs(sum_a_minus_e_);
    const double yates = abs_delta >= 0.5 ? 0.5 : 0.0;
    const double chi2 = (abs_delta - yates) * (abs_delta - yates) / sum_var_;
    out.chi2 = chi2;
    out.p = chi2_one_df_upper(chi2);
  }
  if (sum_c_n1_t_ > 0) out.rate_ratio = sum_a_n2_t_ / sum_c_n1_t_;
  if (sum_bc_t_ > 0)
    out.odds_ratio = sum_ad_t_ / sum_bc_t_;
  else if (sum_ad_t_ > 0)
    out.odds_ratio = std::numeric_limits<double>::infinity();
  return out;
}

const char* to_string(Adjustment a) {
  switch (a) {
    case Adjustment::none: return "none";
    case Adjustment::holm: return "holm";
    case Adjustment::benjamini_hochberg: return "benjamini_hochberg";
  }
  return "none";
}

std::vector<double> adjust_p(std::span<const double> p, Adjustment method) {
  const std::size_t m = p.size();
  std::vector<double> out(p.begin(), p.end());
  if (m == 0 || method == Adjustment::none) return out;
  std::vector<std::size_t> order(m);
  std::iota(order.begin(), order.end(), std::size_t(0));
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return p[x] < p[y]; });
  const double md = static_cast<double>(m);
  if (method == Adjustment::holm) {
    // R: pmin(1, cummax((n − i + 1) · p[o]))[ro], i = 1..n ascending.
    double running = 0;
    for (std::size_t i = 0; i < m; ++i) {
      running = std::max(running, (md - static_cast<double>(i)) * p[order[i]]);
      out[order[i]] = std::min(1.0, running);
    }
  } else {
    // R: pmin(1, cummin(n / i · p[o]))[ro], i = n..1 over p descending.
    double running = std::numeric_limits<double>::infinity();
    for (std::size_t k = m; k-- > 0;) {
      running = std::min(running, md / static_cast<double>(k + 1) * p[order[k]]);
      out[order[k]] = std::min(1.0, running);
    }
  }
  return out;
}

std::optional<double> detectable_impact_ratio(std::int64_t n_focal, std::int64_t n_reference, double reference_rate,
                                              double alpha, double power) {
  thread_local Memo<DetectableKey, std::optional<double>, 512> memo;
  const DetectableKey key{n_focal, n_reference, bits_of(reference_rate), bits_of(alpha), bits_of(power)};
  std::uint64_t h = 0;
  for (std::uint64_t v : {static_cast<std::uint64_t>(n_focal), static_cast<std::uint64_t>(n_reference), key.rate,
                          key.alpha, key.power})
    h = mix(h, v);
  return memo.get(key, finish_hash(h),
                  [&] { return detectable_impact_ratio_direct(n_focal, n_reference, reference_rate, alpha, power); });
}

std::optional<double> detectable_impact_ratio_direct(std::int64_t n_focal, std::int64_t n_reference,
                                                     double reference_rate, double alpha, double power) {
  if (n_focal <= 0 || n_reference <= 0 || !(reference_rate > 0) || reference_rate > 1) return std::nullopt;
  if (!(alpha > 0 && alpha < 1) || !(power > 0 && power < 1)) return std::nullopt;
  static const boost::math::normal_distribution<double> unit;
  const double z_alpha = boost::math::quantile(boost::math::complement(unit, alpha));
  const double z_power = boost::math::quantile(unit, power);
  const double n1 = static_cast<double>(n_focal), n2 = static_cast<double>(n_reference);
  const double p2 = reference_rate;
  // g(p1) ≥ 0 exactly when a focal rate p1 is found with at least `power`.
  auto g = [&](double p1) {
    const double pbar = (n1 * p1 + n2 * p2) / (n1 + n2);
    return (p2 - p1) - z_alpha * std::sqrt(pbar * (1 - pbar) * (1 / n1 + 1 / n2)) -
           z_power * std::sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2);
  };
  if (g(0) < 0) return std::nullopt;
  double lo = 0, hi = p2;  // g(lo) ≥ 0 > g(hi)
  for (int i = 0; i < 200 && hi - lo > 1e-15 * p2; ++i) {
    const double mid = 0.5 * (lo + hi);
    (g(mid) >= 0 ? lo : hi) = mid;
  }
  return lo / p2;
}

}  // namespace fairaudit::stats
