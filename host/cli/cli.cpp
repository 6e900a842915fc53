#include "cli/cli.hpp"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <string_view>
#include <thread>
#include <utility>

#include "cli/options.hpp"
#include "cli/serve.hpp"
#include "cli/user.hpp"
#include "emit/output.hpp"
#include "emit/render.hpp"
#include "i18n/i18n.hpp"
#include "ingest/input.hpp"
#include "ingest/profile.hpp"
#include "loader/loader.hpp"
#include "common/names.hpp"
#include "common/paths.hpp"
#include "policy/policy.hpp"
#include "run/isolate.hpp"
#include "run/runner.hpp"

namespace fairaudit::cli {
namespace {

namespace fs = std::filesystem;

// The level of a message in the reader's language ("fairaudit: feil: …"):
// errors and warnings by the severity words of the reports, the other levels
// as spdlog names them. Formatted when the message is written, so the
// language chosen after logging is set up (--lang, the policy's) applies.
class LevelWord : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    // The process's language: a line logged while a server's thread answers
    // a reader in another language is still the operator's.
    const i18n::Scoped operator_language(i18n::process_language());
    const std::string word = msg.level == spdlog::level::err    ? i18n::severity("error")
                             : msg.level == spdlog::level::warn ? i18n::severity("warning")
                                                                : std::string(spdlog::level::to_string_view(msg.level).data(),
                                                                              spdlog::level::to_string_view(msg.level).size());
    dest.append(word.data(), word.data() + word.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<LevelWord>(); }
};

void setup_logging(const std::string& level) {
  auto logger = spdlog::stderr_color_mt("fairaudit");
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  formatter->add_flag<LevelWord>('*').set_pattern("fairaudit: %^%*%$: %v");
  logger->set_formatter(std::move(formatter));
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(level));
}

// ---------------------------------------------------------------- validate

int cmd_validate(const ValidateArgs& a) {
  ingest::StreamOptions so;
  so.threads = a.threads > 0 ? a.threads : int(std::max(1u, std::thread::hardware_concurrency()));
  if (!a.policy.empty()) {
    // Only the policy's jurisdiction matters here: no plugin is loaded.
    try {
      so.limits.profile = ingest::profile_for_jurisdiction(policy::load_policy(a.policy).jurisdiction);
    } catch (const std::exception& e) {
      return fail(e.what());
    }
  }
  // A file refused whole (gzip, a spreadsheet, a CSV) is said as a file,
  // not counted as one bad line of it.
  std::uint64_t lines = 0, bad = 0, rounds = 0, units = 0, measures = 0, files_refused = 0;
  auto report = [&](const ingest::LineError& e) {
    ++bad;
    std::printf("%s\n", e.to_string().c_str());
  };
  std::vector<ingest::InputInfo> infos;
  try {
    infos = ingest::stream_records(a.inputs, so, [&](ingest::ParseOutcome&& o) {
      if (o.error && o.error->kind == "file") {
        ++files_refused;
        std::printf("%s\n", o.error->to_string().c_str());
        return;
      }
      ++lines;
      if (o.error) return report(*o.error);
      if (std::holds_alternative<Round>(*o.record)) {
        ++rounds;
      } else if (std::holds_alternative<UnitRecord>(*o.record)) {
        ++units;
      } else {
        ++measures;
      }
    });
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  // Each count with its word in the form the number takes ("1 line", "3
  // lines"); in English the words the line has always read, which scripts
  // may match, in the other languages the catalogue's.
  const bool english = i18n::current() == i18n::Language::en;
  const auto count = [english](std::uint64_t n, const char* en_one, const char* en_many, const char* one,
                               const char* many) {
    return english ? i18n::plural(n, en_one, en_many) : i18n::plural(n, one, many);
  };
  std::string summary = i18n::text("{lines}: {rounds}, {units}, {measures} valid; {bad}");
  for (const auto& [key, words] :
       {std::pair<const char*, std::string>{"lines", count(lines, "line", "lines", "export line", "export lines")},
        {"rounds", count(rounds, "round", "rounds", "hiring round", "hiring rounds")},
        {"units", i18n::plural(units, "unit record", "unit records")},
        {"measures", i18n::plural(measures, "measures record", "measures records")},
        {"bad", count(bad, "bad", "bad", "bad line", "bad lines")}}) {
    const std::string mark = std::string("{") + key + "}";
    if (const std::size_t at = summary.find(mark); at != std::string::npos) summary.replace(at, mark.size(), words);
  }
  std::printf("%s\n", summary.c_str());
  if (files_refused)
    std::printf("%s\n", i18n::plural(files_refused, "file not read (what it seems to be, and what to do, is said above)",
                                      "files not read (what they seem to be, and what to do, is said above)")
                             .c_str());
  return bad || files_refused ? kExitUsage : kExitOk;
}

// ---------------------------------------------------------------- plugins and rules

// A plugin's description, asked in a process of its own (run/isolate.hpp):
// nothing of the plugin runs in this one. Throws loader::LoadError (the gate,
// or what the loader refused in the child) or run::PluginFault.
loader::LoadedPlugin describe(const fs::path& path, const std::string& name) {
  loader::check_gate(path, name);
  run::IsolatedPlugin child(path, name, describing_isolation());
  loader::LoadedPlugin out;
  out.name = name;
  out.path = path;
  out.info = child.info();
  return out;
}

// `fairaudit plugins [PATH…]`: every plugin in the plugin directories, or in
// the directories and files given. A file that is no fairaudit plugin at all
// (no ELF library, no stamp) is reported and skipped; a plugin that cannot
// be used (refused by the gate, failing to start, a name that is not its
// file's) is reported and makes the exit status 2, after the whole listing.
int cmd_plugins(const Common& c, const std::vector<std::string>& paths) {
  auto loader = make_loader(c);
  std::vector<fs::path> libs;
  if (paths.empty()) {
    libs = loader.available();
  } else {
    for (const auto& p : paths) {
      std::error_code ec;
      if (fs::is_directory(p, ec)) {
        std::vector<fs::path> here;
        for (const auto& e : fs::directory_iterator(p, ec))
          if (e.path().extension() == ".so") here.push_back(e.path());
        std::sort(here.begin(), here.end());
        libs.insert(libs.end(), here.begin(), here.end());
      } else if (fs::exists(p, ec)) {
        libs.push_back(p);
      } else {
        return fail(p + ": no such file or directory");
      }
    }
  }
  if (libs.empty()) {
    std::printf("No plugins found. Plugin directories searched:\n");
    if (paths.empty())
      for (const auto& d : loader.dirs()) std::printf("  %s\n", d.c_str());
    for (const auto& d : paths) std::printf("  %s\n", d.c_str());
    return kExitUsage;
  }
  int status = kExitOk;
  std::size_t listed = 0;
  for (const auto& path : libs) {
    const std::string name = path.stem().string();
    // Not a plugin at all: said, and skipped.
    std::string not_plugin;
    try {
      if (!loader::read_stamp(path, name)) not_plugin = "it carries no fairaudit stamp";
    } catch (const loader::LoadError& e) {
      not_plugin = "it is not a library this fairaudit can read";
    }
    if (not_plugin.empty() && !common::is_plugin_name(name))
      not_plugin = "its name is not a plugin name (lower-case letters, digits and hyphens)";
    if (!not_plugin.empty()) {
      std::printf("%s: not a fairaudit plugin (%s); skipped\n", path.c_str(), not_plugin.c_str());
      continue;
    }
    try {
      auto p = describe(path, name);
      std::printf("%s %s — %s\n  %zu rules, %zu options; %s\n", p.info.name.c_str(), p.info.version.c_str(),
                  p.info.description.c_str(), p.info.rules.size(), p.info.options.size(), path.c_str());
      if (const auto hidden = common::hidden_bundled_plugin(path, name))
        std::printf("  hides the bundled %s: a policy naming %s gets this one\n", hidden->c_str(), name.c_str());
      ++listed;
    } catch (const run::PluginFault& e) {
      std::printf("%s: cannot be used: plugin '%s' %s\n", name.c_str(), name.c_str(), e.what());
      status = kExitUsage;
    } catch (const std::exception& e) {
      std::printf("%s: cannot be used: %s\n", name.c_str(), e.what());
      status = kExitUsage;
    }
  }
  if (listed == 0 && status == kExitOk) return kExitUsage;  // nothing in the listing is a plugin
  return status;
}

void print_rule(const std::string& id, const RuleInfo& r) {
  // The rule's texts in the reader's language (i18n; English unchanged).
  auto t = [&](const std::string& text) { return i18n::rule_text(id, text); };
  std::printf("%s  [%s, %s]\n", id.c_str(), i18n::text(to_string(r.default_severity)).c_str(),
              i18n::text(to_string(r.scope)).c_str());
  std::printf("  %s\n", t(r.summary).c_str());
  if (!r.local_term.empty()) std::printf("  %s %s\n", i18n::text("term:").c_str(), t(r.local_term).c_str());
  std::printf("  %s %s\n", i18n::text("why:").c_str(), t(r.rationale).c_str());
  std::printf("  %s %s\n", i18n::text("basis:").c_str(), t(r.basis).c_str());
  // The fields the rule reads (fairaudit coverage): without them, insufficient_data.
  auto fields = [](const std::vector<Field>& fs) {
    std::string s;
    for (Field f : fs) s += (s.empty() ? "" : ", ") + std::string(to_string(f));
    return s;
  };
  if (!r.needs.empty()) std::printf("  needs: %s\n", fields(r.needs).c_str());
  if (!r.needs_for_breach.empty()) std::printf("  a breach needs: %s\n", fields(r.needs_for_breach).c_str());
  std::printf("\n");
}

int cmd_rules(const Common& c, const std::string& only, const std::string& format) {
  auto loader = make_loader(c);
  std::vector<loader::LoadedPlugin> plugins;
  // A plugin that cannot be described is named, and the others are still
  // listed: one broken library in a directory does not hide every rule.
  int status = kExitOk;
  auto add = [&](const std::filesystem::path& path, const std::string& name) {
    try {
      plugins.push_back(describe(path, name));
    } catch (const run::PluginFault& e) {
      status = fail("plugin '" + name + "' " + e.what() + "; its rules are not listed");
    } catch (const std::exception& e) {
      status = fail(std::string(e.what()) + "; its rules are not listed");  // the loader's messages name the plugin
    }
  };
  try {
    if (!only.empty()) {
      add(loader.find(only), only);
    } else {
      for (const auto& path : loader.available()) add(path, path.stem().string());
    }
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  if (!only.empty() && plugins.empty()) return status;
  if (format == "json") {
    rapidjson::StringBuffer sb;
    rapidjson::PrettyWriter<rapidjson::StringBuffer> w(sb);
    w.StartArray();
    auto rule = [&](const std::string& id, const RuleInfo& r) {
      w.StartObject();
      w.Key("id"); w.String(id.c_str());
      w.Key("severity"); w.String(to_string(r.default_severity));
      w.Key("scope"); w.String(to_string(r.scope));
      w.Key("summary"); w.String(r.summary.c_str());
      w.Key("rationale"); w.String(r.rationale.c_str());
      w.Key("basis"); w.String(r.basis.c_str());
      w.Key("local_term"); w.String(r.local_term.c_str());
      w.Key("needs");
      w.StartArray();
      for (Field f : r.needs) w.String(to_string(f));
      w.EndArray();
      w.Key("needs_for_breach");
      w.StartArray();
      for (Field f : r.needs_for_breach) w.String(to_string(f));
      w.EndArray();
      w.EndObject();
    };
    for (const auto& p : plugins)
      for (const auto& r : p.info.rules) rule(p.name + "/" + r.id, r);
    if (only.empty()) rule("host/plugin-failure", run::plugin_failure_rule());
    w.EndArray();
    std::printf("%s\n", sb.GetString());
    return status;
  }
  if (format != "text") return fail("--format: '" + format + "' is not one of text, json");
  for (const auto& p : plugins) {
    std::printf("== %s %s — %s\n\n", p.name.c_str(), p.info.version.c_str(),
                i18n::text(p.name, p.info.description).c_str());
    for (const auto& r : p.info.rules) print_rule(p.name + "/" + r.id, r);
    if (!p.info.options.empty()) {
      std::printf("Options of %s:\n", p.name.c_str());
      for (const auto& o : p.info.options)
        std::printf("  %s (%s, default %s): %s\n", o.key.c_str(), to_string(o.type),
                    policy::to_json(o.default_value).c_str(), i18n::text(p.name, o.description).c_str());
      std::printf("\n");
    }
  }
  if (only.empty()) print_rule("host/plugin-failure", run::plugin_failure_rule());
  return status;
}

// ---------------------------------------------------------------- policy

int cmd_policy(const Common& c, const std::string& file, bool show) {
  policy::Policy pol;
  std::vector<run::EnabledPlugin> plugins;
  if (int rc = load_policy_and_plugins(file, c, pol, plugins)) return rc;
  if (!show) {
    std::size_t rules = 0;
    for (const auto& p : plugins) rules += p.loaded.info.rules.size();
    std::printf("%s: policy %s %s is valid: %zu plugins, %zu rules, min_cell %d\n", file.c_str(), pol.name.c_str(),
                pol.version.c_str(), plugins.size(), rules, pol.min_cell);
    return kExitOk;
  }
  rapidjson::StringBuffer sb;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(sb);
  w.StartObject();
  w.Key("policy"); w.String(pol.name.c_str());
  w.Key("version"); w.String(pol.version.c_str());
  w.Key("description"); w.String(pol.description.c_str());
  w.Key("jurisdiction"); w.String(pol.jurisdiction.c_str());
  // null: the reports' language comes from --lang or the locale.
  w.Key("language");
  if (pol.language.empty()) w.Null(); else w.String(pol.language.c_str());
  w.Key("files");
  w.StartArray();
  for (const auto& f : pol.files) w.String(f.c_str());
  w.EndArray();
  w.Key("sha256"); w.String(pol.sha256.c_str());
  w.Key("disclosure");
  w.StartObject();
  w.Key("min_cell"); w.Int(pol.min_cell);
  w.EndObject();
  w.Key("guard");
  w.StartObject();
  for (const auto& o : policy::guard_options()) {
    w.Key(o.key);
    w.Double(pol.guard.*o.field);
  }
  w.EndObject();
  w.Key("review");
  w.StartObject();
  w.Key("suppression_needs_two_sides"); w.Bool(pol.suppression_needs_two_sides);
  w.EndObject();
  w.Key("plugins");
  w.StartObject();
  for (const auto& p : plugins) {
    w.Key(p.loaded.name.c_str());
    w.StartObject();
    w.Key("version"); w.String(p.loaded.info.version.c_str());
    w.Key("options");
    w.StartObject();
    for (const auto& [k, v] : p.options.values()) {
      w.Key(k.c_str());
      std::string j = policy::to_json(v);
      w.RawValue(j.c_str(), j.size(), rapidjson::kObjectType);
    }
    w.EndObject();
    w.Key("rules");
    w.StartObject();
    for (const auto& r : p.loaded.info.rules) {
      std::string id = p.loaded.name + "/" + r.id;
      w.Key(r.id.c_str());
      auto ov = pol.severity.find(id);
      if (ov == pol.severity.end()) w.String(to_string(r.default_severity));
      else w.String(ov->second.severity ? to_string(*ov->second.severity) : "off");
    }
    w.EndObject();
    w.EndObject();
  }
  w.EndObject();
  w.EndObject();
  std::printf("%s\n", sb.GetString());
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  // A plugin's own process (run/isolate.hpp), before anything of the host.
  if (argc >= 2 && std::string_view(argv[1]) == run::kPluginProcessCommand) run::plugin_process_main(argc, argv);
  run::use_exec_for_plugin_processes();
  // A file-size limit (ulimit -f) would end the process at the first write
  // past it, with no word said (exit 153); ignored, the write fails with
  // EFBIG and the output's own error says which file and why.
  ::signal(SIGXFSZ, SIG_IGN);
  CommandLine cl;
  if (auto rc = parse_command_line(argc, argv, cl)) return *rc;
  setup_logging(cl.common.log_level);
  use_language(cl.common);

  int rc = kExitUsage;
  try {
    switch (cl.command) {
      case Command::audit: rc = cmd_audit(cl.audit, cl.common); break;
      case Command::validate: rc = cmd_validate(cl.validate); break;
      case Command::plugins: rc = cmd_plugins(cl.common, cl.plugin_paths); break;
      case Command::rules: rc = cmd_rules(cl.common, cl.rules.plugin, cl.rules.format); break;
      case Command::policy_check: rc = cmd_policy(cl.common, cl.policy_file, false); break;
      case Command::policy_show: rc = cmd_policy(cl.common, cl.policy_file, true); break;
      case Command::review: rc = cmd_review(cl.review, cl.common); break;
      case Command::report: rc = cmd_report(cl.report, cl.common); break;
      case Command::convert: rc = cmd_convert(cl.convert); break;
      case Command::coverage: rc = cmd_coverage(cl.coverage, cl.common); break;
      case Command::user: rc = cmd_user(cl.user, cl.common); break;
      case Command::serve: rc = cmd_serve(cl.serve, cl.common); break;
    }
  } catch (const std::exception& e) {
    rc = fail(std::string("unexpected error: ") + e.what());
  }
  // What a command printed is still in stdout's buffer: a full disk or a
  // closed file behind it shows only here. A listing that did not reach its
  // reader is not a success (`fairaudit review list > /dev/full`).
  // A command that failed has said why already (audit names its output).
  errno = 0;
  const bool unwritten = std::fflush(stdout) != 0 || std::ferror(stdout);
  const int e = errno;
  if (unwritten && (rc == kExitOk || rc == kExitFindings))
    return fail(std::string("cannot write standard output") + (e ? std::string(": ") + std::strerror(e) : ""));
  return rc;
}

}  // namespace fairaudit::cli
