// A night never rewrites history: before a run is reported or stored, what
// it read is compared with what a night is expected to read. A --round or
// --org-unit that matches nothing, an export that yields no valid round, a
// share of rejected lines above the policy's guard, or valid rounds fallen
// past the guard since the previous stored run of the same policy and
// selection (unless --accept-drop) refuse the run: exit 2, nothing written,
// nothing stored, the store's baseline untouched (docs/nightly.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "convert/convert.hpp"
#include "policy/policy.hpp"
#include "run/result.hpp"
#include "run/run_info.hpp"
#include "store/store.hpp"

namespace fairaudit::cli {

struct GuardInput {
  const run::RunResult* result = nullptr;
  policy::Guard guard;
  const convert::ConvertReport* conversion = nullptr;  // with --mapping
  std::optional<store::Store::SeriesRun> previous;     // with --store: the run this one is compared with
  bool accept_drop = false;
};

// Why the run is refused, saying what it saw against what was expected;
// none when it may go on.
std::optional<std::string> refusal(const GuardInput& in);

// One line for stderr when the output goes to a file (cron mail, logs): the
// run, its rounds, its findings by severity, the new ones by severity (with
// a store), the exit status and why.
// `baseline`: with a store, the comparison with the previous run.
std::string summary_line(const run::RunResult& r, const run::FindingTally& t, const run::RunInfo& info,
                         const run::BaselineSummary* baseline);

}  // namespace fairaudit::cli
