// What the pages read from the store beyond store::Store's own questions:
// the runs with their counts, one page of a run's findings with filters, and
// one round's findings, each by SQL that reads only what the page shows
// (LIMIT/OFFSET on the observations' key, never a whole run in memory).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "emit/disclosure.hpp"
#include "run/result.hpp"
#include "store/store.hpp"

namespace fairaudit::serve {

struct RunRow {
  std::int64_t id = 0;
  std::string started_at, policy_name;
  std::int64_t min_cell = 5;
  std::int64_t findings = 0, fresh = 0, persisting = 0, resolved = 0, suppressed = 0;
};

// Finished runs, newest first.
std::vector<RunRow> list_runs(store::Store& st, int limit, int offset = 0);
std::optional<RunRow> run_row(store::Store& st, std::int64_t id);

struct ListFilter {
  std::int64_t run = 0;  // the run whose findings are listed
  std::string unit, rule, severity;
  std::string state;                 // a review state; "open": never reviewed
  std::optional<std::int64_t> since; // first seen after this run
  int limit = 100, offset = 0;
};

struct ListRow {
  std::string fingerprint, rule, scope, org_unit, round_id, key, severity, baseline;
  std::int64_t first_seen = 0, last_seen = 0;
  std::optional<std::int64_t> resolved;
  std::string state;  // "open" when never reviewed
};

// Up to limit + 1 rows (one more says there is a next page), in the order
// the run stored them.
std::vector<ListRow> list_findings(store::Store& st, const ListFilter& f);

// The rules' metadata of a run (its catalogue), cached per thread.
const store::Catalogue& run_catalogue(store::Store& st, std::int64_t run_id);

// The findings one run recorded for one round, in full (message, evidence, basis).
std::vector<run::AuditFinding> round_findings(store::Store& st, std::int64_t run_id, const std::string& round_id);

// A union disclosure of `run_id` that hides, in these findings, what a union
// report of the run hides (the run's stored plan, emit/complements.hpp): the
// plan's rows of their scopes only. A run stored before plans were kept
// fails safe: every group count of the findings is hidden. Other audiences:
// `base` as it is.
emit::Disclosure served_disclosure(store::Store& st, std::int64_t run_id, const emit::Disclosure& base,
                                   const std::vector<const run::AuditFinding*>& findings);

}  // namespace fairaudit::serve
