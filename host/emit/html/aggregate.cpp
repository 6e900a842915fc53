#include "emit/html/aggregate.hpp"

#include <algorithm>

#include "common/enums.hpp"

namespace fairaudit::emit::html {

std::set<std::string> plugins_with_findings(const run::RunResult& r) {
  std::set<std::string> out;
  for (const auto& f : r.findings) out.insert(f.plugin);
  return out;
}

std::vector<std::pair<std::string, SeverityCounts>> top_units(const run::RunResult& r, std::size_t n) {
  std::map<std::string, SeverityCounts> by_unit;
  for (const auto& f : r.findings)
    if (!f.finding.org_unit.empty() && run::counts_as_open(f)) ++by_unit[f.finding.org_unit][int(f.severity)];
  std::vector<std::pair<std::string, SeverityCounts>> top(by_unit.begin(), by_unit.end());
  std::stable_sort(top.begin(), top.end(), [&](const auto& a, const auto& b) {
    if (total(a.second) != total(b.second)) return total(a.second) > total(b.second);
    return a.second[2] > b.second[2];
  });
  if (top.size() > n) top.resize(n);
  return top;
}

std::map<std::string, FunnelSum> funnels(const run::RunResult& r) {
  std::map<std::string, FunnelSum> out;
  for (const auto& [unit, ind] : r.indicators.units())
    for (const auto& [g, f] : ind.groups) {
      FunnelSum& s = out[g];
      s.applied += static_cast<std::int64_t>(f.applied);
      s.qualified += static_cast<std::int64_t>(f.qualified);
      s.invited += static_cast<std::int64_t>(f.invited);
      s.interviewed += static_cast<std::int64_t>(f.interviewed);
      s.hired += static_cast<std::int64_t>(f.hired);
    }
  return out;
}

std::string attr_of(const std::string& g) { return g.substr(0, g.find('=')); }
std::string value_of(const std::string& g) { return g.substr(g.find('=') + 1); }

}  // namespace fairaudit::emit::html
