// The per-unit indicator table (HTML report and `--format csv-units`), so
// that units can compare themselves with each other — benchmarking, as
// Swedish municipalities do in SKR's model-municipality work. Every row is a
// unit together with the units below it in its path (oslo holds
// oslo/bydel-x/helse), so districts compare as well as services.
//
// Disclosure control is applied here: for the union audience a count of
// people below min_cell is "<N" and a rate or ratio computed from such a
// count is withheld, and so is a pool whose complement (n - selected) is small.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <optional>
#include <string>
#include <vector>

#include "emit/disclosure.hpp"
#include "fairaudit/plugin.hpp"  // RuleInfo
#include "run/result.hpp"

namespace fairaudit::emit {

// The selection rate of one declared group at one stage transition; in the
// indicator table, invitation to interview among the qualified.
struct GroupRate {
  std::string group;  // "gender=woman"
  std::int64_t n = 0, selected = 0;  // reached the earlier stage; of those, the later one
  std::optional<double> rate;   // selected / n; nullopt when undefined or withheld
  std::optional<double> ratio;  // rate / the highest rate among the attribute's groups
  bool withheld = false;        // the rate is hidden: n, selected or n - selected is small
  bool pool_withheld = false;   // n is hidden: it is small, or n - selected is (n minus selected would give it)
  bool selected_withheld = false;  // selected is hidden: it is small (or hidden across tables, complements.hpp)
  bool ratio_withheld = false;  // the ratio is hidden: this group's or the reference's counts are small
  bool reference = false;       // the group with the highest rate of its attribute (not said when that group is small)
  bool adverse = false;         // below four-fifths of the reference (exact, integers)
};

struct UnitRow {
  std::string org_unit;
  std::uint64_t units = 0;  // units with rounds of their own in this row (1 for a leaf)
  std::uint64_t rounds = 0;
  std::int64_t applications = 0;
  bool applications_withheld = false;  // small, or hidden across tables (Complements::applications)
  std::uint64_t rep_checked = 0, rep_in_time = 0;
  std::optional<double> rep_share;  // rep_in_time / rep_checked; rounds are not people
  std::uint64_t measures_checked = 0, measures_complied = 0;  // employers' active-measures records (Sweden)
  std::map<std::string, GroupRate> groups;  // declared groups only (not declined, unknown, not asked)
  std::uint64_t open[3] = {0, 0, 0};        // open findings by Severity (note, warning, error)
  // Open findings by plugin (the part of the rule id before '/'): the rule
  // families a committee compares units on, the process rules and each
  // country's own among them.
  std::map<std::string, std::uint64_t> open_by_plugin;
};

// The plugins of the run's rules ("plugin/rule" ids; host rules left out), in
// name order: one open-findings column each in the units table, present
// whether or not a unit has such a finding, so runs of one policy compare.
std::vector<std::string> plugin_columns(const std::map<std::string, fairaudit::RuleInfo>& rules);
// One row per unit and per parent in the units' paths, ordered by path.
std::vector<UnitRow> unit_rows(const run::RunResult& r, const Disclosure& d);
// The same rows without their open findings' counts (open, open_by_plugin
// zero), for a reader that has read the findings already: the units of the
// run's indicators and `finding_units` (the units of its open findings;
// their parents are added here), so no second reading of the findings.
std::vector<UnitRow> unit_rows_without_findings(const run::RunResult& r, const Disclosure& d,
                                                const std::set<std::string>& finding_units);

// The union of the rows' group names: attributes in a fixed order (gender,
// immigrant_background, disability, cv_gap), groups by name within each.
std::vector<std::string> group_columns(const std::vector<UnitRow>& rows);

// True for a group value that is a declared answer ("woman", "yes", "no"),
// false for declined, unknown, not asked.
bool is_declared(const std::string& group);
// The unit itself and every parent in its path: "a/b/c" -> a/b/c, a/b, a.
std::vector<std::string> with_parents(const std::string& unit);

// Hides a group's count `measure` ('n' or 's') as a withheld cell: its rate,
// and where it is its attribute's reference, the others' ratios and verdicts
// (what is derived from it) with it. For the counts Complements hides.
void withhold_count(std::map<std::string, GroupRate>& groups, const std::string& group, char measure);

// Selection rates, the reference group (highest rate) and impact ratios of
// declared groups ("attr=value" -> {n, selected}) within each attribute.
std::map<std::string, GroupRate> rates_by_group(const std::map<std::string, std::pair<std::int64_t, std::int64_t>>& counts,
                                                const Disclosure& d);

// A finding still needs attention: not resolved and not suppressed in review.
bool is_open(const run::AuditFinding& f);

}  // namespace fairaudit::emit
