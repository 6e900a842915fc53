#include "stats.hpp"

#include <algorithm>
#include <cmath>

namespace fairaudit::bench::serve {

const char* label(Route r) {
  switch (r) {
    case Route::runs: return "GET /runs";
    case Route::findings: return "GET /findings?filters";
    case Route::finding: return "GET /findings/FP";
    case Route::api_findings: return "GET /api/findings?filters";
    case Route::api_finding: return "GET /api/findings/FP";
    case Route::count: break;
  }
  return "all routes";
}

double percentile(const std::vector<std::uint32_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  // Nearest rank: the smallest value with at least p% of the values at or below it.
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

Figures figures(const std::vector<Sample>& all, Route route, double from, double to) {
  Figures f;
  std::vector<std::uint32_t> us;
  for (const Sample& s : all) {
    if (s.start_s < from || s.start_s >= to) continue;
    if (route != Route::count && s.route != route) continue;
    ++f.requests;
    if (!s.ok) ++f.errors;
    us.push_back(s.micros);
  }
  std::sort(us.begin(), us.end());
  if (to > from) f.per_second = static_cast<double>(f.requests) / (to - from);
  f.p50_ms = percentile(us, 50) / 1000.0;
  f.p99_ms = percentile(us, 99) / 1000.0;
  f.max_ms = us.empty() ? 0 : us.back() / 1000.0;
  return f;
}

}  // namespace fairaudit::bench::serve
