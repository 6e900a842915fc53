#include "cli/audit.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "cli/cli.hpp"
#include "cli/convert.hpp"
#include "cli/progress.hpp"
#include "common/enums.hpp"
#include "cli/report.hpp"
#include "emit/output.hpp"
#include "emit/render.hpp"
#include "fairaudit_version.hpp"
#include "policy/policy.hpp"
#include "run/memory.hpp"
#include "run/runner.hpp"

namespace fairaudit::cli {

namespace fs = std::filesystem;

int exit_code_for(const run::RunResult& r, const std::string& fail_on) {
  if (r.counts.plugin_failures) return kExitPlugin;
  if (fail_on == "never") return kExitOk;
  const Severity threshold = common::severity_from_string(fail_on).value_or(Severity::error);
  if (r.spilled) {
    // Findings on disk come straight from the run: none has a review state yet.
    const run::FindingTally t = run::tally_findings(r);
    for (int s = int(threshold); s <= int(Severity::error); ++s)
      if (t.by_severity[s]) return kExitFindings;
    return kExitOk;
  }
  for (const auto& f : r.findings)
    if (f.severity >= threshold) return kExitFindings;
  return kExitOk;
}

int cmd_audit(const AuditArgs& a, const Common& c) {
  auto format = emit::format_from_string(a.format);
  if (!format) return fail("--format: '" + a.format + "' is not one of text, json");
  auto audience = emit::audience_from_string(a.audience);
  if (!audience) return fail("--audience: '" + a.audience + "' is not one of internal, representative, union");

  spdlog::debug("memory allocator: {}", run::allocator_is_jemalloc() ? "jemalloc" : "the C library's malloc");
  fs::path policy_path = a.policy;
  if (policy_path.empty()) {
    policy_path = policy::default_policy_path();
    spdlog::info("no --policy given: using the default policy {}", policy_path.string());
  }
  policy::Policy pol;
  std::vector<run::EnabledPlugin> plugins;
  try {
    pol = policy::load_policy(policy_path);
    plugins = run::enable_plugins(pol, make_loader(c));
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  if (a.policy.empty() && *format == emit::Format::text)
    std::fprintf(stderr, "fairaudit: no --policy given; using the default policy %s (%s)\n", pol.name.c_str(),
                 policy_path.c_str());

  run::RunOptions ro;
  ro.selection.rounds.insert(a.rounds.begin(), a.rounds.end());
  ro.selection.org_unit_prefixes = a.org_units;
  ro.strict = a.strict;
  ro.threads = a.threads > 0 ? a.threads : int(std::max(1u, std::thread::hardware_concurrency()));
  const bool checklist = a.rounds.size() == 1 && a.org_units.empty();
  ro.keep_checks = a.checks || checklist;
  ro.isolation.enabled = a.isolate;
  ro.isolation.timeout = std::chrono::milliseconds(static_cast<long long>(a.plugin_timeout * 1000));
  ro.isolation.memory_mb = a.plugin_memory;
  // How many findings are held in memory before a sorted chunk goes to disk
  // (docs/guarantees.md); 0 keeps them all in memory.
  if (const char* n = std::getenv("FAIRAUDIT_SPILL_FINDINGS")) {
    char* end = nullptr;
    const unsigned long long v = std::strtoull(n, &end, 10);
    if (!*n || *end) return fail("FAIRAUDIT_SPILL_FINDINGS: '" + std::string(n) + "' is not a whole number");
    ro.spill_findings = std::size_t(v);
  }

  std::vector<std::string> inputs = a.inputs;
  if (inputs.empty()) {
    if (isatty(STDIN_FILENO)) return fail("no input: name one or more export files, or '-' for standard input");
    inputs.push_back("-");
  }

  // Opened before the run, so a store that cannot be used fails in a second, not after the export.
  std::optional<store::Store> st;
  const std::string started_at = store::now_utc();
  try {
    if (!a.store.empty()) st.emplace(a.store);
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  // --mapping: the flat export becomes a temporary canonical file, audited and removed.
  std::unique_ptr<ConvertedExport> converted;
  if (!a.mapping.empty()) {
    try {
      converted = convert_for_audit(a.mapping, inputs, a.strict);
    } catch (const std::exception& e) {
      return fail(e.what());
    }
    inputs = {converted->path()};
  }
  ProgressBar bar(progress_mode_from_string(a.progress).value_or(ProgressMode::automatic), total_input_bytes(inputs));
  if (bar.active()) {
    ro.progress = [&bar](std::uint64_t bytes, std::uint64_t rounds) { bar.update(bytes, rounds); };
    bar.attach_to_log();
  }

  run::RunResult result;
  try {
    result = run::run_audit(plugins, pol, inputs, ro);
    bar.finish();
  } catch (const common::StrictError& e) {
    return fail("--strict: " + std::string(e.what()) + " (nothing was written)");
  } catch (const std::exception& e) {
    return fail(e.what());
  }

  // JSON and SARIF read findings kept on disk one at a time; the store and
  // the other formats need them all in memory.
  if (st || (*format != emit::Format::json && *format != emit::Format::sarif)) {
    try {
      run::materialize(result);
    } catch (const std::exception& e) {
      return fail(e.what());
    }
  }

  emit::RenderContext ctx;
  ctx.disclosure = emit::Disclosure(*audience, pol.min_cell);
  ctx.run.tool_version = FAIRAUDIT_VERSION;
  ctx.run.policy_name = pol.name;
  ctx.run.policy_version = pol.version;
  ctx.run.policy_sha256 = pol.sha256;
  ctx.run.policy_path = pol.path;
  ctx.run.policy_files = pol.files;
  for (const auto& p : plugins) ctx.run.plugins.push_back({p.loaded.name, p.loaded.info.version});
  ctx.rules = rule_catalogue(plugins);
  ctx.run.fail_on = a.fail_on;
  // Findings on disk are counted while the JSON writer reads them, and their
  // exit code is worked out then, not with a reading of its own first.
  const bool exit_code_late = result.spilled && *format == emit::Format::json;
  if (exit_code_late)
    ctx.exit_code_after_findings = [&result, &a] { return exit_code_for(result, a.fail_on); };
  else
    ctx.run.exit_code = exit_code_for(result, a.fail_on);
  ctx.checklist = checklist;
  ctx.csv_separator = a.csv_separator == ";" ? ';' : ',';
  if (checklist && result.counts.rounds == 0)
    spdlog::warn("round {} was not found in the input", a.rounds.front());
  if (st) {
    try {
      record_run(*st, started_at, store::selection_key(ro.selection.rounds, a.org_units), result, ctx,
                 *format == emit::Format::html);
    } catch (const std::exception& e) {
      return fail(std::string(e.what()) + " (the run was not stored; nothing was written)");
    }
  }

  try {
    emit::AtomicOutput out(a.output);
    emit::render_to(*format, result, ctx, out);
    if (exit_code_late) ctx.run.exit_code = exit_code_for(result, a.fail_on);
    out.commit();
  } catch (const std::exception& e) {
    if (st) return fail(std::string(e.what()) + " (the run is stored as run " + ctx.run.id_text() + "; fairaudit report --run " +
                        ctx.run.id_text() + " renders it again)");
    return fail(e.what());
  }
  return ctx.run.exit_code;
}


}  // namespace fairaudit::cli
