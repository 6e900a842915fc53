#include "cli/report.hpp"

#include <spdlog/spdlog.h>

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <thread>

#include "cli/cli.hpp"
#include "common/enums.hpp"
#include "common/paths.hpp"
#include "emit/complements.hpp"
#include "emit/disclosure.hpp"
#include "emit/output.hpp"
#include "emit/render.hpp"
#include "run/runner.hpp"
#include "run/spill.hpp"

namespace fairaudit::cli {

int nightly_exit_code(const run::RunResult& r, const std::string& fail_on) {
  if (r.counts.plugin_failures) return kExitPlugin;
  if (fail_on == "never") return kExitOk;
  const Severity threshold = common::severity_from_string(fail_on).value_or(Severity::error);
  // The tally's new findings are the open ones (not suppressed) the previous run did not have.
  const run::FindingTally t = run::tally_findings(r);
  for (int s = int(threshold); s <= int(Severity::error); ++s)
    if (t.new_by_severity[s]) return kExitFindings;
  return kExitOk;
}

void fill_from_store(emit::RenderContext& ctx, std::int64_t run_id, const run::BaselineSummary& cmp,
                     std::vector<run::TrendPoint> trends) {
  ctx.run.id = run_id;
  ctx.baseline = cmp;
  ctx.trends = std::move(trends);
}

store::RunWriter record_run(store::Store& st, const std::string& started_at, const std::string& selection,
                            run::RunResult& result, emit::RenderContext& ctx, bool with_trends, bool defer_write) {
  run::RunInfo info = ctx.run;
  info.started_at = started_at;
  info.selection = selection;
  info.min_cell = ctx.disclosure.min_cell();

  const auto t0 = std::chrono::steady_clock::now();
  auto writer = st.begin_run(std::move(info));
  const auto& cmp = writer.label(result);
  ctx.run.exit_code = nightly_exit_code(result, ctx.run.fail_on);
  const std::string previous = cmp.previous_run ? "run " + std::to_string(*cmp.previous_run) : std::string("no earlier run");
  const auto ms = [&t0] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  };
  if (defer_write && !with_trends) {
    spdlog::info("compared as run {} in {} in {} ms (with {}); written while the output is, committed once it is in place",
                 writer.run_id(), st.path(), ms(), previous);
    fill_from_store(ctx, writer.run_id(), cmp, {});
    return writer;
  }
  finish_record(writer, result, ctx);
  spdlog::info("written as run {} in {} in {} ms (compared with {}); committed once the output is in place",
               writer.run_id(), st.path(), ms(), previous);
  fill_from_store(ctx, writer.run_id(), cmp, with_trends ? st.trend_states(writer.run_id()) : std::vector<run::TrendPoint>{});
  return writer;
}

void finish_record(store::RunWriter& writer, const run::RunResult& result, const emit::RenderContext& ctx) {
  // fairaudit serve's union pages hide what a union report of this run
  // hides. The plan reads every finding, as the observations do: it is made
  // on a thread of its own while they are written (with the run's shared
  // reading, from the same findings read once).
  const emit::Disclosure union_(emit::Audience::union_, ctx.disclosure.min_cell());
  std::vector<store::RunWriter::Withheld> rows;
  std::exception_ptr plan_error;
  std::thread planning([&] {
    run::LeavesSharedReading leaves(result);
    try {
      if (const auto plan = emit::Complements::build(result, union_))
        plan->each(
            [&](const std::string& scope, const std::string& group, char m) { rows.push_back({scope, group, m}); });
    } catch (...) {
      plan_error = std::current_exception();
    }
  });
  try {
    run::LeavesSharedReading leaves(result);
    writer.observe(result);
    writer.write(result, ctx.rules, ctx.run.exit_code);
  } catch (...) {
    planning.join();
    throw;
  }
  planning.join();
  if (plan_error) std::rethrow_exception(plan_error);
  writer.write_withheld(rows);
}

namespace {

// The union audience's plan kept with the run (finish_record): it was decided
// from the whole run, the units table included, which the store does not
// keep, so a report of the run hides what the run's own output hid. Null for
// a run stored before plans were; its report decides from the findings.
std::shared_ptr<const emit::Complements> stored_plan(store::Store& st, std::int64_t run_id) {
  auto has = st.connection().prepare("SELECT 1 FROM run_plans WHERE run_id = ?");
  has.bind(1, run_id);
  if (!has.step()) return nullptr;
  auto plan = std::make_shared<emit::Complements>();
  auto rows = st.connection().prepare("SELECT scope, grp, measure FROM run_withheld WHERE run_id = ?");
  rows.bind(1, run_id);
  while (rows.step()) plan->add(rows.text(0), rows.text(1), rows.text(2).empty() ? 'n' : rows.text(2)[0]);
  return plan;
}

}  // namespace

int cmd_report(const ReportArgs& a, const Common&) {
  auto format = emit::format_from_string(a.format);
  if (!format) return fail("--format: '" + a.format + "' is not a known output format (text, json, sarif, csv, html)");
  if (*format == emit::Format::csv_units || *format == emit::Format::csv_units_long)
    return fail("--format " + a.format +
                ": the per-unit indicators are not kept in the store; run fairaudit audit for them");
  auto audience = emit::audience_from_string(a.audience);
  if (!audience) return fail("--audience: '" + a.audience + "' is not one of internal, representative, union");
  if (!std::filesystem::exists(a.store)) return fail("no store at " + a.store + " (fairaudit audit --store creates one)");

  try {
    store::Store st(a.store);
    std::int64_t id = 0;
    if (a.run == "latest") {
      auto latest = st.latest_run(a.policy);
      if (!latest)
        return fail("store " + a.store + " holds no run" + (a.policy.empty() ? "" : " of policy " + a.policy) + " yet");
      id = *latest;
    } else {
      if (a.run.empty() || !std::all_of(a.run.begin(), a.run.end(), [](unsigned char ch) { return std::isdigit(ch); }))
        return fail("--run: '" + a.run + "' is neither 'latest' nor a run id");
      id = std::stoll(a.run);
      if (!st.run_info(id)) return fail("store " + a.store + " has no run " + a.run);
    }
    // A run of many findings is rendered from disk, as `fairaudit audit`
    // renders it (FAIRAUDIT_SPILL_FINDINGS as there; 0 reads it into memory).
    std::size_t spill_above = run::kDefaultSpillFindings;
    if (const char* n = std::getenv("FAIRAUDIT_SPILL_FINDINGS")) {
      char* end = nullptr;
      const unsigned long long v = std::strtoull(n, &end, 10);
      if (!*n || *end) return fail("FAIRAUDIT_SPILL_FINDINGS: '" + std::string(n) + "' is not a whole number");
      spill_above = std::size_t(v);
    }
    auto stored = st.load_run(id, spill_above);
    // Only the HTML report of a run small enough for its full form reads
    // them into memory (emit::html_full_findings()), as audit does.
    if (*format == emit::Format::html && stored.result.spilled &&
        run::finding_count(stored.result) <= emit::html_full_findings())
      run::materialize(stored.result);

    emit::RenderContext ctx;
    ctx.disclosure = emit::Disclosure(*audience, stored.info.min_cell);
    if (*audience == emit::Audience::union_)
      if (auto plan = stored_plan(st, id)) ctx.disclosure.set_complements(std::move(plan));
    ctx.run = stored.info;
    ctx.rules = stored.rules;
    ctx.csv_separator = a.csv_separator == ";" ? ';' : ',';
    ctx.include_resolved = a.include_resolved;
    ctx.docs_dir = common::docs_dir().string();
    fill_from_store(ctx, id, stored.comparison,
                    *format == emit::Format::html ? st.trend_states(id) : std::vector<run::TrendPoint>{});
    emit::AtomicOutput out(a.output);
    emit::render_to(*format, stored.result, ctx, out);
    out.commit();
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  return kExitOk;
}

}  // namespace fairaudit::cli
