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

// The summary's counts are run::tally_findings, as in every format: the
// severities, the findings and the table by rule count the findings not
// suppressed in review; suppressed ones are counted apart.
using run::SeverityCounts;
// The plugins that have findings (for the filter).
std::set<std::string> plugins_with_findings(const run::RunResult& r);
// The `n` units with most open findings of their own (not their subunits'), most first.
std::vector<std::pair<std::string, SeverityCounts>> top_units(const run::RunResult& r, std::size_t n);
inline std::uint64_t total(const SeverityCounts& a) { return a[0] + a[1] + a[2]; }

// What the summary form of the report (a run with more findings than it
// shows in full) is built from, in one reading of the findings: memory grows
// with units, rules and plugins, not with findings.
struct FindingSummary {
  std::set<std::string> plugins;  // with findings
  // Open findings of each unit (its own), by rule and severity.
  std::map<std::string, std::map<std::string, SeverityCounts>> by_unit;
  // The `top` first open findings by severity (errors first), each severity
  // in the report's order.
  std::vector<run::AuditFinding> top;
};
FindingSummary summarize_findings(const run::RunResult& r, std::size_t top);
// top_units() from a summary.
std::vector<std::pair<std::string, SeverityCounts>> top_units(const FindingSummary& s, std::size_t n);

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
