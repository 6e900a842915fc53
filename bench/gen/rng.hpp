// fairaudit-gen — the random source.
//
// The generator must write the same bytes for the same seed, on every run and
// whatever the size of the export. So it does not use <random>'s
// distributions (their algorithms are left to the standard library), and
// every round draws from its own stream, derived from (seed, round index),
// so a round's content does not depend on how many draws the rounds before
// it happened to make.
#pragma once

#include <cmath>
#include <cstdint>

namespace fairaudit::gen {

__extension__ typedef unsigned __int128 u128;

// SplitMix64 (Steele, Lea, Flood 2014): decorrelates nearby seeds, which is
// what stream derivation from consecutive round indices needs.
inline std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

inline std::uint64_t stream_seed(std::uint64_t seed, std::uint64_t stream, std::uint64_t index) {
  return splitmix64(splitmix64(seed ^ splitmix64(stream)) + index);
}

// wyrand (Wang Yi): one multiply per draw and passes BigCrush/PractRand,
// which matters at ~20 draws per application and millions of applications.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    state_ += 0xA0761D6478BD642Full;
    u128 m = static_cast<u128>(state_) * (state_ ^ 0xE7037ED1A0B428DBull);
    return static_cast<std::uint64_t>(m >> 64) ^ static_cast<std::uint64_t>(m);
  }
  // [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return uniform() < p; }
  // Uniform integer in [lo, hi] (Lemire's multiply-shift; the bias is below
  // 2^-32 for the small ranges used here).
  int between(int lo, int hi) {
    if (hi <= lo) return lo;
    auto span = static_cast<std::uint64_t>(hi - lo) + 1;
    return lo + static_cast<int>(((next() >> 32) * span) >> 32);
  }
  // Standard normal, Marsaglia's polar method (no trigonometry).
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u, v, s;
    do {
      u = 2.0 * uniform() - 1.0;
      v = 2.0 * uniform() - 1.0;
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    double f = std::sqrt(-2.0 * std::log(s) / s);
    spare_ = v * f;
    has_spare_ = true;
    return u * f;
  }
  double lognormal(double median, double sigma) { return median * std::exp(sigma * normal()); }

  // Index drawn with the given weights (need not sum to 1).
  template <typename T, int N>
  int weighted(const T (&w)[N]) {
    double total = 0;
    for (int i = 0; i < N; ++i) total += w[i];
    double x = uniform() * total;
    for (int i = 0; i < N - 1; ++i) {
      if (x < w[i]) return i;
      x -= w[i];
    }
    return N - 1;
  }

 private:
  std::uint64_t state_;
  double spare_ = 0;
  bool has_spare_ = false;
};

// A bijection on 24-bit integers (xor-shift and odd multipliers, each
// invertible modulo 2^24): distinct applicant indices give distinct
// pseudonymous ids within a round, without a set to check against.
inline std::uint32_t permute24(std::uint32_t x, std::uint32_t salt) {
  constexpr std::uint32_t mask = 0xFFFFFFu;
  x = (x ^ salt) & mask;
  x = (x * 0x9E3779u + 0x5A17u) & mask;  // odd multiplier: invertible
  x ^= x >> 12;
  x = (x * 0x2C1B3Du) & mask;
  x ^= x >> 11;
  x = (x * 0x7FEB35u) & mask;
  x ^= x >> 13;
  return x;
}

}  // namespace fairaudit::gen
