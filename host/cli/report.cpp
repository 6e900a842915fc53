#include "cli/report.hpp"

#include <spdlog/spdlog.h>

#include <cctype>
#include <chrono>
#include <filesystem>

#include "cli/cli.hpp"
#include "common/enums.hpp"
#include "emit/output.hpp"

namespace fairaudit::cli {

CLI::App* add_report(CLI::App& app, ReportArgs& args) {
  auto* r = app.add_subcommand("report", "Render a stored run again, with the review states of today");
  r->add_option("--store", args.store, "The store written by fairaudit audit --store")->required();
  r->add_option("--run", args.run, "'latest' or a run id (the text summary says 'Run N'; JSON has baseline.run)");
  r->add_option("--policy", args.policy, "With --run latest: the newest run of this policy name");
  r->add_option("--format", args.format, "text, json, sarif, csv or html");
  r->add_option("-o,--output", args.output, "Write to this file (whole or not at all) instead of stdout");
  r->add_option("--audience", args.audience, "Who reads it: internal, representative or union (hides small counts)")
      ->check(CLI::IsMember({"internal", "representative", "union"}));
  r->add_option("--csv-separator", args.csv_separator, "CSV field separator: ',' or ';'")
      ->check(CLI::IsMember({",", ";"}));
  return r;
}

int nightly_exit_code(const run::RunResult& r, const std::string& fail_on) {
  if (r.counts.plugin_failures) return kExitPlugin;
  if (fail_on == "never") return kExitOk;
  const Severity threshold = common::severity_from_string(fail_on).value_or(Severity::error);
  for (const auto& f : r.findings)
    if (f.baseline == common::BaselineState::new_ && f.review_state != common::ReviewState::suppressed &&
        f.severity >= threshold)
      return kExitFindings;
  return kExitOk;
}

void fill_from_store(emit::RenderContext& ctx, std::int64_t run_id, const store::Comparison& cmp,
                     const std::vector<store::TrendPoint>& trends) {
  ctx.run_id = std::to_string(run_id);
  emit::BaselineSummary b;
  b.new_findings = cmp.new_findings;
  b.unchanged = cmp.unchanged;
  b.resolved = cmp.resolved;
  b.suppressed = cmp.suppressed;
  if (cmp.previous_run) b.previous_run = std::to_string(*cmp.previous_run);
  ctx.baseline = b;
  ctx.absent = cmp.absent;
  ctx.trends.clear();
  for (const auto& t : trends) ctx.trends.push_back({std::to_string(t.run_id), t.started_at, t.org_unit, t.error, t.warning, t.note});
}

void record_run(store::Store& st, const std::string& started_at, const std::string& selection,
                run::RunResult& result, emit::RenderContext& ctx, bool with_trends) {
  store::RunInfo info;
  info.started_at = started_at;
  info.tool_version = ctx.tool_version;
  info.policy_name = ctx.policy_name;
  info.policy_version = ctx.policy_version;
  info.policy_sha256 = ctx.policy_sha256;
  info.policy_path = ctx.policy_path;
  info.policy_files = ctx.policy_files;
  for (const auto& p : ctx.plugins) info.plugins.emplace_back(p.name, p.version);
  info.selection = selection;
  info.min_cell = ctx.disclosure.min_cell();
  info.fail_on = ctx.fail_on;

  const auto t0 = std::chrono::steady_clock::now();
  auto writer = st.begin_run(std::move(info));
  const auto& cmp = writer.compare(result);
  ctx.exit_code = nightly_exit_code(result, ctx.fail_on);
  writer.commit(result, ctx.rules, ctx.exit_code);
  spdlog::info("stored as run {} in {} in {} ms (compared with {})", writer.run_id(), st.path(),
               std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count(),
               cmp.previous_run ? "run " + std::to_string(*cmp.previous_run) : std::string("no earlier run"));
  fill_from_store(ctx, writer.run_id(), cmp, with_trends ? st.trends(writer.run_id()) : std::vector<store::TrendPoint>{});
}

int cmd_report(const ReportArgs& a, const Common&) {
  auto format = emit::format_from_string(a.format);
  if (!format) return fail("--format: '" + a.format + "' is not a known output format (text, json, sarif, csv, html)");
  if (*format == emit::Format::csv_units)
    return fail("--format csv-units: the per-unit indicators are not kept in the store; run fairaudit audit for them");
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
    auto stored = st.load_run(id);

    emit::RenderContext ctx;
    const auto& info = stored.info;
    ctx.disclosure = emit::Disclosure(*audience, info.min_cell);
    ctx.tool_version = info.tool_version;
    ctx.policy_name = info.policy_name;
    ctx.policy_version = info.policy_version;
    ctx.policy_sha256 = info.policy_sha256;
    ctx.policy_path = info.policy_path;
    ctx.policy_files = info.policy_files;
    for (const auto& [name, version] : info.plugins) ctx.plugins.push_back({name, version});
    ctx.rules = stored.rules;
    ctx.fail_on = info.fail_on;
    ctx.exit_code = info.exit_code;
    ctx.csv_separator = a.csv_separator == ";" ? ';' : ',';
    fill_from_store(ctx, id, stored.comparison,
                    *format == emit::Format::html ? st.trends(id) : std::vector<store::TrendPoint>{});
    emit::AtomicOutput out(a.output);
    emit::render_to(*format, stored.result, ctx, out);
    out.commit();
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  return kExitOk;
}

}  // namespace fairaudit::cli
