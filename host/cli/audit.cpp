#include "cli/audit.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <thread>
#include <utility>

#include "cli/cli.hpp"
#include "cli/convert.hpp"
#include "cli/guard.hpp"
#include "cli/progress.hpp"
#include "common/enums.hpp"
#include "common/paths.hpp"
#include "common/phase.hpp"
#include "common/printable.hpp"
#include "cli/report.hpp"
#include "emit/output.hpp"
#include "emit/render.hpp"
#include "fairaudit_version.hpp"
#include "i18n/i18n.hpp"
#include "ingest/pii.hpp"
#include "policy/policy.hpp"
#include "run/memory.hpp"
#include "run/runner.hpp"
#include "run/spill.hpp"

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

namespace {

// A translated text with {key} replaced by `value` (translate first, then fill: i18n.hpp).
std::string fill_in(std::string text, std::string_view key, const std::string& value) {
  const std::string mark = "{" + std::string(key) + "}";
  if (const std::size_t at = text.find(mark); at != std::string::npos) text.replace(at, mark.size(), value);
  return text;
}

// The store's writing of a run beside the rendering of its output: joined
// (its error rethrown) before the output is committed, and on every other
// way out, before the run's result and the writer it uses are gone.
class StoreThread {
 public:
  StoreThread() = default;
  StoreThread(const StoreThread&) = delete;
  StoreThread& operator=(const StoreThread&) = delete;
  ~StoreThread() {
    if (thread_.joinable()) thread_.join();
  }
  template <typename Fn>
  void start(Fn fn) {
    thread_ = std::thread([this, fn]() mutable {
      // The new findings' and details' INSERTs each free a temporary
      // B-tree's page cache (run/memory.hpp): kept a second, it is reused
      // by the next statement instead of faulted in again.
      run::hold_freed_memory_on_this_thread(1000);
      try {
        fn();
      } catch (...) {
        error_ = std::current_exception();
      }
    });
  }
  void join() {
    if (thread_.joinable()) thread_.join();
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  }

 private:
  std::thread thread_;
  std::exception_ptr error_;
};

}  // namespace

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
  // Each plugin in a process of its own from its first instruction, under
  // the limits of its rounds (run/isolate.hpp), unless --no-isolate.
  run::IsolationOptions isolation;
  isolation.enabled = !a.no_isolate;
  // In fairaudit's own process nothing bounds a plugin: say so rather than
  // take the limits silently (a hang there is not stopped).
  if (const AuditArgs defaults; a.no_isolate && (a.plugin_timeout != defaults.plugin_timeout ||
                                                  a.plugin_memory != defaults.plugin_memory))
    spdlog::warn("--plugin-timeout and --plugin-memory bound isolated plugins only; with --no-isolate they do not "
                 "apply, and a plugin that hangs is not stopped");
  isolation.timeout = std::chrono::milliseconds(static_cast<long long>(a.plugin_timeout * 1000));
  isolation.memory_mb = a.plugin_memory;
  policy::Policy pol;
  std::vector<run::EnabledPlugin> plugins;
  if (int rc = load_policy_and_plugins(policy_path, c, pol, plugins, isolation)) return rc;
  if (a.policy.empty() && *format == emit::Format::text)
    std::fprintf(stderr, "fairaudit: %s\n",
                 fill_in(fill_in(i18n::text("no --policy given; using the default policy {name} ({path})"), "name",
                                 pol.name),
                         "path", policy_path.string())
                     .c_str());

  run::RunOptions ro;
  ro.selection.rounds.insert(a.rounds.begin(), a.rounds.end());
  ro.selection.org_unit_prefixes = a.org_units;
  ro.strict = a.strict;
  ro.threads = a.threads > 0 ? a.threads : int(std::max(1u, std::thread::hardware_concurrency()));
  const bool checklist = a.rounds.size() == 1 && a.org_units.empty();
  ro.keep_checks = a.checks || checklist;
  ro.isolation = isolation;
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
  // The names the inputs are reported under (--artifact-name, --source-root).
  std::vector<std::string> reported;
  try {
    reported = reported_names(inputs, a.artifact_name, a.source_root);
  } catch (const std::exception& e) {
    return fail(e.what());
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
  run::Origins origins;
  if (converted) {
    for (const auto& rr : converted->report.round_rows)
      origins.add_round(converted->path(), reported[rr.input], rr.first, rr.last);
  } else {
    for (std::size_t i = 0; i < inputs.size(); ++i)
      if (reported[i] != inputs[i]) origins.rename(inputs[i], reported[i]);
  }
  if (!origins.empty()) ro.origins = &origins;
  ProgressBar bar(progress_mode_from_string(a.progress).value_or(ProgressMode::automatic), total_input_bytes(inputs));
  if (bar.active()) {
    ro.progress = [&bar](std::uint64_t bytes, std::uint64_t rounds) { bar.update(bytes, rounds); };
    bar.attach_to_log();
  }

  // The previous night's findings are sorted for the comparison while the
  // plugins run (the one part of it that needs no finding of this run).
  const std::string selection = store::selection_key(ro.selection.rounds, a.org_units);
  if (st) st->sort_previous_early(pol.name, selection);

  run::RunResult result;
  try {
    result = run::run_audit(plugins, pol, inputs, ro);
    bar.finish();
  } catch (const common::StrictError& e) {
    return fail("--strict: " + std::string(e.what()) + " (nothing was written)");
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  // Audited through a mapping, the run's inputs are the flat files as read
  // (their SHA-256), never the temporary canonical file.
  if (converted) {
    result.inputs.clear();
    const auto& in = converted->report.inputs;
    for (std::size_t i = 0; i < in.size() && i < reported.size(); ++i)
      result.inputs.push_back({reported[i], in[i].sha256, in[i].bytes, in[i].lines});
    // The rows the mapping rejected are the run's rejected lines, listed like a JSON Lines export's.
    result.counts.rejected += converted->report.rejected_rows();
    auto rows = converted->report.line_errors();
    result.rejected.insert(result.rejected.begin(), rows.begin(), rows.end());
    if (result.rejected.size() > run::kMaxKeptErrors) result.rejected.resize(run::kMaxKeptErrors);
  }

  // A night never rewrites history (cli/guard.hpp): refused before anything
  // is written or stored.
  {
    GuardInput g;
    g.result = &result;
    g.guard = pol.guard;
    g.conversion = converted ? &converted->report : nullptr;
    g.accept_drop = a.accept_drop;
    try {
      if (st) g.previous = st->latest_in_series(pol.name, selection);
    } catch (const std::exception& e) {
      return fail(e.what());
    }
    if (auto why = refusal(g)) return fail(*why);
  }

  // Findings kept on disk are read back one at a time by the store and every
  // format; only the HTML report of a run small enough for its full form
  // (emit::html_full_findings()) reads them into memory, as it always did.
  if (*format == emit::Format::html && result.spilled && run::finding_count(result) <= emit::html_full_findings()) {
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
  ctx.run.suppression_needs_two_sides = pol.suppression_needs_two_sides;
  ctx.run.policy_path = pol.path;
  ctx.run.policy_files = pol.files;
  for (const auto& p : plugins) ctx.run.plugins.push_back({p.loaded.name, p.loaded.info.version});
  ctx.rules = rule_catalogue(plugins);
  ctx.run.fail_on = a.fail_on;
  // Findings on disk are counted while the JSON writer reads them, and their
  // exit code is worked out then, not with a reading of its own first (with
  // a store the exit code is the store's, known before).
  const bool exit_code_late = result.spilled && *format == emit::Format::json && !st;
  if (exit_code_late)
    ctx.exit_code_after_findings = [&result, &a] { return exit_code_for(result, a.fail_on); };
  else if (!st)  // with a store, the store's comparison gives it (record_run)
    ctx.run.exit_code = exit_code_for(result, a.fail_on);
  ctx.checklist = checklist;
  ctx.csv_separator = a.csv_separator == ";" ? ';' : ',';
  ctx.include_resolved = a.include_resolved;
  ctx.docs_dir = common::docs_dir().string();
  // With a store, the run is written first (its comparison labels the
  // findings the output shows) and committed only once the output is in
  // place: a run killed in between is not stored, and the next night
  // compares with the night before it (docs/nightly.md).
  // The comparison comes first (the output shows it); writing the findings'
  // observations, the store's larger part, then runs on a thread of its own
  // while the output is rendered from the same findings, and the output is
  // committed only once both are done (HTML charts the run's trends, which
  // needs its observations: stored first).
  std::optional<store::RunWriter> stored;
  const bool with_trends = *format == emit::Format::html;
  if (st) {
    try {
      stored.emplace(record_run(*st, started_at, selection, result, ctx, with_trends, /*defer_write=*/true));
    } catch (const std::exception& e) {
      return fail(std::string(e.what()) + " (the run was not stored; nothing was written)");
    }
  }
  // Findings on disk are then read by three at once, the output, the
  // observations and the union audience's plan (finish_record): merged and
  // decoded once for all three (run::SharedReading), and each finding's
  // details' digest made there too, off the thread that writes the store,
  // whose pace the others keep.
  if (stored && !with_trends && result.spilled)
    result.shared_reading = std::make_shared<run::SharedReading>(result, 3, store::RunWriter::prepare_details);
  StoreThread writing;
  if (stored && !with_trends) writing.start([&] { finish_record(*stored, result, ctx); });

  try {
    emit::AtomicOutput out(a.output);
    {
      common::Phase phase("run", "the output written");
      run::LeavesSharedReading leaves(result);
      emit::render_to(*format, result, ctx, out);
    }
    if (exit_code_late) ctx.run.exit_code = exit_code_for(result, a.fail_on);
    // On the disk while the store's thread finishes (its tracking takes a
    // quarter of a second on a nightly run of 176,000 findings); renamed
    // into place only once the run is written.
    if (stored) out.sync();
    try {
      std::optional<common::Phase> waited;
      if (stored) waited.emplace("run", "the store's thread waited for");
      writing.join();
    } catch (const std::exception& e) {
      return fail(std::string(e.what()) + " (the run was not stored; nothing was written)");
    }
    out.commit();
  } catch (const std::exception& e) {
    if (st) return fail(std::string(e.what()) + " (the run was not stored)");
    return fail(e.what());
  }
  if (stored) {
    try {
      stored->commit();
    } catch (const std::exception& e) {
      return fail(std::string(e.what()) + " (the output was written; the run was not stored)");
    }
  }
  // Output in a file: one line on stderr says what the cron mail is about.
  if (!a.output.empty() && a.output != "-") {
    try {
      std::fprintf(stderr, "%s\n",
                   summary_line(result, run::tally_findings(result), ctx.run, ctx.baseline ? &*ctx.baseline : nullptr)
                       .c_str());
    } catch (const std::exception& e) {
      spdlog::warn("no summary line: {}", e.what());
    }
  }
  return ctx.run.exit_code;
}

namespace {

// Why `name` may not be shown (an identifier in one of its parts, a control
// character), in words that do not quote it; none when it may.
std::optional<std::string> unshowable(std::string_view name) {
  if (const auto c = common::first_control(name))
    return "holds a control character (" + common::describe_code_point(*c) + ")";
  for (const auto& part : fs::path(name))
    if (const auto kind = ingest::scan(part.native(), ingest::FieldClass::any))
      return std::string("holds what looks like a direct identifier (") + ingest::to_string(*kind) + ")";
  return std::nullopt;
}

}  // namespace

std::vector<std::string> reported_names(const std::vector<std::string>& inputs, const std::string& artifact_name,
                                        const std::string& source_root) {
  // Every output and the store name the input a finding was read from, the
  // union's included: a name that could identify someone (a personnummer in
  // a folder's name, an e-mail as --artifact-name) or that would reach a
  // reader's terminal as a control sequence is refused, and never quoted.
  std::vector<std::string> out = inputs;
  if (!artifact_name.empty()) {
    if (inputs.size() != 1)
      throw std::runtime_error("--artifact-name names one input; " + std::to_string(inputs.size()) + " were given");
    if (auto why = unshowable(artifact_name))
      throw std::runtime_error("--artifact-name " + *why + "; the value is withheld. Outputs name their input by it: "
                               "give a name without it");
    if (artifact_name.find('\0') != std::string::npos || artifact_name.front() == '/')
      throw std::runtime_error("--artifact-name: give a relative name, such as export.csv");
    out.front() = fs::path(artifact_name).lexically_normal().string();
    if (out.front().rfind("..", 0) == 0) throw std::runtime_error("--artifact-name: the name must not begin with '..'");
    return out;
  }
  if (!source_root.empty()) {
    if (auto why = unshowable(source_root)) throw std::runtime_error("--source-root " + *why + "; the value is withheld");
    std::error_code ec;
    const fs::path root = fs::weakly_canonical(fs::absolute(source_root, ec), ec);
    if (ec || !fs::is_directory(root))
      throw std::runtime_error("--source-root (the value given, not shown) is not a directory");
    for (auto& name : out) {
      if (name == "-") continue;
      if (auto why = unshowable(name))
        throw std::runtime_error("an input's path " + *why + "; the value is withheld");
      const fs::path p = fs::weakly_canonical(fs::absolute(name, ec), ec);
      const fs::path rel = p.lexically_relative(root);
      if (ec || rel.empty() || rel.begin()->string() == "..")
        throw std::runtime_error("input " + name + " is not under --source-root (the value given, not shown)");
      name = rel.string();
    }
  }
  for (std::size_t i = 0; i < out.size(); ++i)
    if (out[i] != "-")
      if (auto why = unshowable(out[i]))
        throw std::runtime_error("input " + std::to_string(i + 1) + "'s path " + *why +
                                 "; the value is withheld. Outputs and the store name the input a finding was read "
                                 "from: rename the file or its folder, or give --artifact-name");
  return out;
}


}  // namespace fairaudit::cli
