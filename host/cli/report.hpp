// fairaudit report: render a stored run again, with today's review states;
// and what the store adds to `fairaudit audit --store` (new versus known
// findings, the exit code of a nightly run).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cli/common.hpp"
#include "emit/render.hpp"
#include "run/result.hpp"
#include "store/store.hpp"

namespace fairaudit::cli {

struct ReportArgs {
  std::string store;
  std::string run = "latest";
  std::string policy;  // with --run latest: the newest run of this policy
  std::string format = "text";
  std::string output;
  std::string audience = "representative";
  std::string csv_separator = ",";
  bool include_resolved = false;  // SARIF: results (kind pass) for findings the previous run had
};

int cmd_report(const ReportArgs& a, const Common& c);

// With a store, only new findings fail a run: exit 1 when a finding that the
// previous run of the policy did not have, and that is not suppressed, is at
// or above `fail_on`. A plugin failure is exit 3 as without a store.
int nightly_exit_code(const run::RunResult& r, const std::string& fail_on);

// The store's part of `fairaudit audit --store`, after the run and before
// rendering: compares with the previous run of the same policy and selection,
// labels every finding (baseline, review state), fills ctx.run.id, baseline
// (its absent findings) and trends (for formats that chart them), sets ctx.run.exit_code
// (nightly_exit_code) and writes the run in one transaction, which the
// caller commits (RunWriter::commit) once the output is in place: a run
// killed before that leaves no stored run, so the next night compares with
// the night before and counts nothing as persisting that no output showed.
// Throws store::StoreError.
//
// With `defer_write`, only the comparison is made here (what the output
// shows: labels, counts, exit code); the findings' observations and the
// rest of the run are written by finish_record(), which the caller may run
// on a thread of its own while the output is rendered. Formats that chart
// trends need the run's observations first: not with them.
store::RunWriter record_run(store::Store& st, const std::string& started_at, const std::string& selection,
                            run::RunResult& result, emit::RenderContext& ctx, bool with_trends,
                            bool defer_write = false);
// The rest of a run record_run(…, defer_write) began: reads `result` and
// `ctx` (run, rules), writes only through the writer's connection.
void finish_record(store::RunWriter& writer, const run::RunResult& result, const emit::RenderContext& ctx);

// Fills the context of a stored run's rendering from the store.
void fill_from_store(emit::RenderContext& ctx, std::int64_t run_id, const run::BaselineSummary& cmp,
                     std::vector<run::TrendPoint> trends);

}  // namespace fairaudit::cli
