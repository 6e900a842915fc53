// A run's metadata and what the store says about it, as `fairaudit audit`
// knows them and the store keeps them; emit renders the same values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "run/result.hpp"

namespace fairaudit::run {

struct PluginRef {
  std::string name, version;
};

struct RunInfo {
  std::int64_t id = 0;  // the store's run id; 0 when the run is not stored
  std::string started_at, finished_at;
  std::string tool_version;
  std::string policy_name, policy_version, policy_sha256, policy_path;
  std::vector<std::string> policy_files;
  std::vector<PluginRef> plugins;
  std::string selection;  // "" for the whole export
  int min_cell = 5;
  std::string fail_on = "error";  // "error", "warning", "note", "never"
  int exit_code = 0;
  std::optional<std::int64_t> previous_run;
  // The policy's "review": {"suppression_needs_two_sides": …} (docs/policies.md):
  // a suppression takes effect only once HR and the union or the
  // representative have both set it.
  bool suppression_needs_two_sides = false;

  // The id as reports write it: "" when the run is not stored.
  std::string id_text() const { return id ? std::to_string(id) : std::string(); }
};

// How a stored run compares with the previous run of its policy and
// selection. new + unchanged + suppressed = the run's findings: suppressed
// ones are counted apart, whatever their baseline.
struct BaselineSummary {
  std::optional<std::int64_t> previous_run;  // none for the first run
  std::uint64_t new_findings = 0, unchanged = 0, resolved = 0, suppressed = 0;
  std::vector<AuditFinding> absent;  // found by the previous run, not by this one (SARIF "absent")

  // The previous run's id as reports write it: "" for the first run.
  std::string previous_text() const { return previous_run ? std::to_string(*previous_run) : std::string(); }
};

// One point of a unit's trend: the open findings (not suppressed) of one run.
struct TrendPoint {
  std::int64_t run_id = 0;
  std::string started_at, org_unit;
  std::uint64_t error = 0, warning = 0, note = 0;
  // Store::trend_states: the findings' states as that run had them, with the
  // review trail read as of the run's end (a later review does not rewrite
  // it). new and persisting are open findings the previous run did not /
  // did have; resolved: found by the previous run and not by this one, or
  // marked resolved in review by then; suppressed in review by then.
  std::uint64_t fresh = 0, persisting = 0, resolved = 0, suppressed = 0;
};

}  // namespace fairaudit::run
