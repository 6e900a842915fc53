// The run's figures summed up for the HTML report: findings by severity, by
// rule and by unit, and the applicant funnel of each group over all units.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "run/result.hpp"

namespace fairaudit::emit::html {

// As in the JSON summary: the severities count the findings not suppressed
// in review; suppressed ones are counted apart.
struct FindingCounts {
  std::uint64_t by[3] = {0, 0, 0};  // index: Severity
  std::uint64_t suppressed = 0;
  std::set<std::string> plugins;  // those with findings
};
FindingCounts count_findings(const run::RunResult& r);

using SeverityCounts = std::array<std::uint64_t, 3>;  // index: Severity
// Findings per rule (the full id).
std::map<std::string, SeverityCounts> findings_by_rule(const run::RunResult& r);
// The `n` units with most findings of their own (not their subunits'), most first.
std::vector<std::pair<std::string, SeverityCounts>> top_units(const run::RunResult& r, std::size_t n);
inline std::uint64_t total(const SeverityCounts& a) { return a[0] + a[1] + a[2]; }

struct FunnelSum {
  std::int64_t applied = 0, qualified = 0, invited = 0, interviewed = 0, hired = 0;
};

// The self-declared attributes the report charts, in its order.
inline constexpr std::array<const char*, 4> kAttributes = {"gender", "immigrant_background", "disability", "cv_gap"};

// Per group ("gender=woman", …), over all units.
std::map<std::string, FunnelSum> funnels(const run::RunResult& r);
std::string attr_of(const std::string& group);   // "gender"
std::string value_of(const std::string& group);  // "woman"

}  // namespace fairaudit::emit::html
