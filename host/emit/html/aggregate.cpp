#include "emit/html/aggregate.hpp"

#include <algorithm>

#include "common/enums.hpp"

namespace fairaudit::emit::html {

std::set<std::string> plugins_with_findings(const run::RunResult& r) {
  std::set<std::string> out;
  for (const auto& f : r.findings) out.insert(f.plugin);
  return out;
}

namespace {

std::vector<std::pair<std::string, SeverityCounts>> most(const std::map<std::string, SeverityCounts>& by_unit,
                                                         std::size_t n) {
  std::vector<std::pair<std::string, SeverityCounts>> top(by_unit.begin(), by_unit.end());
  std::stable_sort(top.begin(), top.end(), [&](const auto& a, const auto& b) {
    if (total(a.second) != total(b.second)) return total(a.second) > total(b.second);
    return a.second[2] > b.second[2];
  });
  if (top.size() > n) top.resize(n);
  return top;
}

}  // namespace

std::vector<std::pair<std::string, SeverityCounts>> top_units(const run::RunResult& r, std::size_t n) {
  std::map<std::string, SeverityCounts> by_unit;
  for (const auto& f : r.findings)
    if (!f.finding.org_unit.empty() && run::counts_as_open(f)) ++by_unit[f.finding.org_unit][int(f.severity)];
  return most(by_unit, n);
}

std::vector<std::pair<std::string, SeverityCounts>> top_units(const FindingSummary& s, std::size_t n) {
  std::map<std::string, SeverityCounts> by_unit;
  for (const auto& [unit, rules] : s.by_unit) {
    if (unit.empty()) continue;
    SeverityCounts& a = by_unit[unit];
    for (const auto& [rule, c] : rules)
      for (int i = 0; i < 3; ++i) a[i] += c[i];
  }
  return most(by_unit, n);
}

FindingSummary summarize_findings(const run::RunResult& r, std::size_t top) {
  FindingSummary s;
  // The `top` kept so far in a heap whose first is the one to drop next: the
  // lowest severity, and of those the latest in the report's order.
  struct Kept {
    int severity;
    std::uint64_t index;
    run::AuditFinding finding;
  };
  auto worse = [](const Kept& a, const Kept& b) {  // a before b in the report's top list
    return a.severity != b.severity ? a.severity > b.severity : a.index < b.index;
  };
  std::vector<Kept> heap;
  std::uint64_t index = 0;
  run::for_each_finding(r, [&](const run::AuditFinding& f) {
    const std::uint64_t i = index++;
    s.plugins.insert(f.plugin);
    if (!run::counts_as_open(f)) return;
    ++s.by_unit[f.finding.org_unit][f.finding.rule][int(f.severity)];
    if (top == 0) return;
    Kept k{int(f.severity), i, {}};
    if (heap.size() == top && !worse(k, heap.front())) return;
    k.finding = f;
    heap.push_back(std::move(k));
    std::push_heap(heap.begin(), heap.end(), worse);
    if (heap.size() > top) {
      std::pop_heap(heap.begin(), heap.end(), worse);
      heap.pop_back();
    }
  });
  std::sort(heap.begin(), heap.end(), worse);
  s.top.reserve(heap.size());
  for (auto& k : heap) s.top.push_back(std::move(k.finding));
  return s;
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
