// The load generator's figures: every request's route, start and latency,
// summed up per route as requests/s and latency percentiles, for the whole
// run and for the stretch a nightly audit was writing into the store.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fairaudit::bench::serve {

enum class Route : std::uint8_t { runs, findings, finding, api_findings, api_finding, count };
const char* label(Route);  // "GET /runs", "GET /findings?…", …

struct Sample {
  double start_s;           // since the load began
  std::uint32_t micros;     // from writing the request to the last byte of the answer
  Route route;
  bool ok;                  // 200
};

struct Figures {
  std::size_t requests = 0, errors = 0;
  double per_second = 0, p50_ms = 0, p99_ms = 0, max_ms = 0;
};

// The samples of `route` (all routes: Route::count) started in [from, to).
Figures figures(const std::vector<Sample>& all, Route route, double from, double to);

// Nearest-rank percentile of sorted values, p in (0, 100].
double percentile(const std::vector<std::uint32_t>& sorted, double p);

}  // namespace fairaudit::bench::serve
