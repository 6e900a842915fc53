#include "cli/options.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <string_view>
#include <vector>

#include "cli/cli.hpp"
#include "common/paths.hpp"
#include "fairaudit_version.hpp"
#include "i18n/i18n.hpp"

namespace fairaudit::cli {
namespace {

// A help text in the reader's language (the host's catalog, whose msgid is
// the English).
std::string htr(const char* english) { return i18n::text(english); }

// The reader's language for the help and the options' descriptions, before
// the command line is parsed: --lang if it gives one, else the locale (the
// policy, read later, cannot choose the help's language).
void use_help_language(int argc, char** argv) {
  std::string lang;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--lang" && i + 1 < argc) lang = argv[i + 1];
    else if (a.rfind("--lang=", 0) == 0) lang = std::string(a.substr(7));
  }
  try {
    i18n::use(i18n::choose(lang, ""), i18n::catalog_dirs(common::plugin_dirs({})));
  } catch (const std::exception&) {
    // A code that is not a language: the option's own check says so.
  }
}

// CLI11's headings in the reader's language; every subcommand shares the formatter.
void translate_headings(CLI::App& app) {
  auto f = app.get_formatter();
  for (const char* label : {"Usage", "OPTIONS", "SUBCOMMAND", "SUBCOMMANDS", "Positionals", "REQUIRED", "Excludes",
                            "Needs", "Env"})
    f->label(label, htr(label));
}

void translate_groups(CLI::App* app) {
  // The help flag is made with each subcommand, before the group of its options is set.
  if (CLI::Option* help = app->get_help_ptr()) help->group(htr("Options"));
  for (CLI::App* sub : app->get_subcommands([](CLI::App*) { return true; })) {
    sub->group(htr("Subcommands"));
    translate_groups(sub);
  }
}

constexpr const char* kExamples = R"(
Examples:
  fairaudit audit fixtures/oslo/export.jsonl
  fairaudit audit fixtures/oslo/export.jsonl --round OSL-BGO-2026-0101   # one round, as a checklist
  fairaudit audit export.jsonl --org-unit oslo/bydel-stovner --format json --output stovner.json
  fairaudit audit export.jsonl --policy policies/norway-state.json --audience union
  fairaudit validate export.jsonl
  fairaudit convert --mapping policies/mappings/webcruiter-no.json soknader.csv --output export.jsonl
  fairaudit audit soknader.csv --mapping policies/mappings/webcruiter-no.json   # a flat ATS export directly
  fairaudit coverage soknader.csv --mapping policies/mappings/webcruiter-no.json  # which rules it can answer
  fairaudit plugins
  fairaudit rules --plugin representative-involvement
  fairaudit policy check policies/oslo-kommune.json
  fairaudit policy show policies/oslo-kommune.json
  fairaudit user add kari --role tillitsvalgt --lang nb --store nightly.db   # password on stdin
  fairaudit serve --store nightly.db --listen 127.0.0.1:8080

Exit codes: 0 no finding at or above --fail-on; 1 such findings; 2 bad usage, policy or input
(also: a --round or --org-unit that matches nothing, an export with no valid round, too many
rejected lines, or a sharp drop in rounds since the stored run: nothing is written or stored);
3 a plugin failed (its failures are reported as host/plugin-failure findings).
)";

bool option_name(std::string_view t) {
  std::size_t i = 0;
  while (i < t.size() && i < 2 && t[i] == '-') ++i;
  if (i == 0 || i == t.size()) return false;
  for (; i < t.size(); ++i)
    if (!((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' && t[i] <= 'Z') || (t[i] >= '0' && t[i] <= '9') || t[i] == '-'))
      return false;
  return true;
}

// Replaces each whole-word occurrence of `token` in `msg` outside {...} and
// [...] (where CLI11 lists what is allowed) with `with`.
void replace_token(std::string& msg, std::string_view token, std::string_view with) {
  if (token.empty()) return;
  auto boundary = [](char c) { return c == ' ' || c == ':' || c == '=' || c == ',' || c == '\n' || c == '\''; };
  int depth = 0;
  for (std::size_t i = 0; i < msg.size();) {
    const char c = msg[i];
    if (c == '{' || c == '[') ++depth;
    if ((c == '}' || c == ']') && depth > 0) --depth;
    if (depth == 0 && msg.compare(i, token.size(), token) == 0 && (i == 0 || boundary(msg[i - 1])) &&
        (i + token.size() == msg.size() || boundary(msg[i + token.size()]))) {
      msg.replace(i, token.size(), with);
      i += with.size();
      continue;
    }
    ++i;
  }
}

// CLI11's messages quote the values given ("--format: Kari Nordmann not in
// {text,json}"): every argument that is not an option name is withheld, the
// longest first, so that no value typed on the command line is echoed.
std::string without_values(std::string msg, int argc, const char* const* argv) {
  std::vector<std::string_view> values;
  for (int i = 1; i < argc; ++i) {
    std::string_view t = argv[i];
    if (option_name(t)) continue;
    if (const auto eq = t.find('='); eq != std::string_view::npos && option_name(t.substr(0, eq)))
      t.remove_prefix(eq + 1);
    values.push_back(t);
  }
  std::sort(values.begin(), values.end(), [](auto a, auto b) { return a.size() > b.size(); });
  for (auto v : values) replace_token(msg, v, "(a value given, not shown)");
  return msg;
}

CLI::App* add_audit(CLI::App& app, AuditArgs& audit) {
  auto* a = app.add_subcommand("audit", htr("Audit hiring rounds: run the policy's plugins and report findings"));
  a->add_option("inputs", audit.inputs, htr("Export files (JSON Lines); '-' or none for standard input"));
  a->add_option("--policy", audit.policy, htr("Policy file (default: policies/oslo-kommune.json)"));
  a->add_option("--format", audit.format,
                htr("Output format; csv-units is the per-unit indicator table, csv-units-long its groups one a row"))
      ->check(CLI::IsMember({"text", "json", "sarif", "csv", "csv-units", "csv-units-long", "html"}));
  a->add_option("--csv-separator", audit.csv_separator, htr("CSV field separator: ',' or ';' (Nordic spreadsheets; decimal comma)"))
      ->check(CLI::IsMember({",", ";"}));
  a->add_option("-o,--output", audit.output, htr("Write to this file (whole or not at all) instead of stdout"));
  a->add_option("--audience", audit.audience, htr("Who reads it: internal shows applicant ids; union hides small counts"))
      ->check(CLI::IsMember({"internal", "representative", "union"}));
  a->add_option("--round", audit.rounds, htr("Audit only this round (repeatable); one round prints the full checklist"));
  a->add_option("--org-unit", audit.org_units, htr("Audit only rounds and units under this org-unit path (repeatable)"));
  a->add_option("--fail-on", audit.fail_on, htr("Exit 1 when a finding has at least this severity"))
      ->check(CLI::IsMember({"error", "warning", "note", "never"}));
  a->add_flag("--strict", audit.strict, htr("Any bad line stops the run with exit 2 before anything is written"));
  a->add_flag("--checks", audit.checks, htr("Include every rule's verdict per round (checks) in the output"));
  a->add_option("--threads", audit.threads,
                 htr("Parser threads (default: all cores); above 1, each plugin also runs on a thread of its own. The "
                 "findings are the same at any number"))
      ->check(CLI::Range(1, 256));
  auto* no_isolate = a->add_flag("--no-isolate", audit.no_isolate,
                                 htr("Run the plugins in fairaudit's own process (faster; a crash, hang or exit of a "
                                 "plugin then ends the run, and what a plugin prints reaches the output)"));
  // The default since isolation is; kept so that scripts written before still run.
  a->add_flag("--isolate", audit.isolate, htr("Each plugin in its own process (the default): a crash, hang, exit or runaway memory "
                           "becomes a finding, not the end"))
      ->excludes(no_isolate);
  a->add_option("--plugin-timeout", audit.plugin_timeout,
                htr("Seconds an isolated plugin may take to start, to be configured, and per record"))
      ->check(CLI::Range(0.01, 3600.0));
  a->add_option("--plugin-memory", audit.plugin_memory, htr("MiB of address space per isolated plugin process"))
      ->check(CLI::Range(64, 1 << 20));
  a->add_option("--store", audit.store,
                htr("Keep the run in this SQLite store: findings new/persisting/resolved since the previous run of the "
                "policy, review states; exit 1 only for new findings"));
  a->add_option("--mapping", audit.mapping,
                htr("The inputs are a flat ATS export (CSV or JSON, one row per application): convert them through this "
                "mapping file first, as `fairaudit convert` does"));
  a->add_option("--progress", audit.progress, htr("Progress on stderr: auto (when stderr is a terminal), always, never"))
      ->check(CLI::IsMember({"auto", "always", "never"}));
  a->add_flag("--accept-drop", audit.accept_drop,
              htr("Store the run although its valid rounds fell by more than the policy's guard.max_round_drop since the "
              "previous stored run (the drop is real)"));
  a->add_option("--source-root", audit.source_root,
                htr("Report the inputs by their path relative to this directory (SARIF artifact URIs relative to a "
                "checkout, the same every night)"));
  a->add_option("--artifact-name", audit.artifact_name,
                htr("Report the one input under this name in every location and format (a dated export, e.g. "
                "export-2026-05-04.csv, keeps one stable name)"));
  a->add_flag("--include-resolved", audit.include_resolved,
              htr("SARIF with --store: also a result (kind pass) for each finding the previous run had and this one "
              "has not"));
  return a;
}

CLI::App* add_convert(CLI::App& app, ConvertArgs& args) {
  auto* c = app.add_subcommand("convert",
                               htr("Convert a flat ATS export (CSV or JSON, one row per application) into canonical JSON "
                               "Lines through a mapping file"));
  c->add_option("--mapping", args.mapping, htr("Mapping file (JSON with comments), e.g. policies/mappings/webcruiter-no.json"))
      ->required();
  c->add_option("inputs", args.inputs, htr("Flat export files (CSV, JSON array or JSON Lines); '-' for standard input"))
      ->required();
  c->add_option("-o,--output", args.output, htr("Write the canonical export here (whole or not at all) instead of stdout"));
  c->add_flag("--strict", args.strict,
              htr("Any rejected row or round stops the conversion with exit 2 (with --output, nothing is written)"));
  c->add_option("--memory-limit", args.memory_mb,
                htr("MiB of rows held while grouping them by round; past it they are sorted through temporary files"))
      ->check(CLI::Range(1, 1 << 20));
  c->add_option("--temp-dir", args.temp_dir, htr("Where temporary files go (default: $TMPDIR or /tmp)"));
  c->footer(
      htr("\nEvery column the mapping does not read and every value its vocabularies do not know is reported on "
      "stderr with its count. A row holding a direct identifier in a mapped column is rejected; the value is "
      "never shown.\n\nExample:\n  fairaudit convert --mapping policies/mappings/webcruiter-no.json soknader.csv "
      "--output export.jsonl\n"));
  return c;
}


CLI::App* add_report(CLI::App& app, ReportArgs& args) {
  auto* r = app.add_subcommand("report", htr("Render a stored run again, with the review states of today"));
  r->add_option("--store", args.store, htr("The store written by fairaudit audit --store"))->required();
  r->add_option("--run", args.run, htr("'latest' or a run id (the text summary says 'Run N'; JSON has baseline.run)"));
  r->add_option("--policy", args.policy, htr("With --run latest: the newest run of this policy name"));
  r->add_option("--format", args.format, htr("text, json, sarif, csv or html"));
  r->add_option("-o,--output", args.output, htr("Write to this file (whole or not at all) instead of stdout"));
  r->add_option("--audience", args.audience, htr("Who reads it: internal, representative or union (hides small counts)"))
      ->check(CLI::IsMember({"internal", "representative", "union"}));
  r->add_option("--csv-separator", args.csv_separator, htr("CSV field separator: ',' or ';'"))
      ->check(CLI::IsMember({",", ";"}));
  r->add_flag("--include-resolved", args.include_resolved,
              htr("SARIF: also a result (kind pass) for each finding the previous run had and this one has not"));
  return r;
}


// The review subcommands, told apart after parsing.
struct ReviewCommands {
  CLI::App *list = nullptr, *show = nullptr, *set = nullptr, *history = nullptr;
  std::vector<CLI::App*> all() const { return {list, show, set, history}; }
  ReviewArgs::Action action() const {
    if (*list) return ReviewArgs::Action::list;
    if (*show) return ReviewArgs::Action::show;
    if (*set) return ReviewArgs::Action::set;
    if (*history) return ReviewArgs::Action::history;
    return ReviewArgs::Action::none;
  }
};

ReviewCommands add_review(CLI::App& app, ReviewArgs& args) {
  ReviewCommands out;
  auto* rv = app.add_subcommand("review", htr("Review stored findings: list, show, set a state, see the trail"));
  rv->require_subcommand(1);
  auto store_opt = [&](CLI::App* sub) {
    sub->add_option("--store", args.store, htr("The store written by fairaudit audit --store"))->required();
  };

  out.list = rv->add_subcommand("list", htr("Findings of the stored runs with their review state"));
  store_opt(out.list);
  out.list->add_option("--policy", args.policy, htr("Only findings of runs of this policy name"));
  // Checked by the command, which also takes the states' local names (bestridt, bekräftad, …).
  out.list->add_option("--state", args.state_filter,
                       htr("Only findings in this review state: open, acknowledged, disputed, resolved or suppressed "
                       "(or its local name)"));
  out.list->add_flag("--all", args.all, htr("Also findings that later runs no longer found"));
  out.list->add_option("--format", args.format, htr("text or json"))->check(CLI::IsMember({"text", "json"}));

  out.show = rv->add_subcommand("show", htr("One finding: what it says, when it was seen, its review trail"));
  out.show->add_option("fingerprint", args.fingerprint, htr("Fingerprint or a unique prefix (at least 4 hex digits)"))
      ->required();
  store_opt(out.show);
  out.show->add_option("--audience", args.audience, htr("internal, representative or union (hides small counts)"))
      ->check(CLI::IsMember({"internal", "representative", "union"}));

  out.set = rv->add_subcommand("set", htr("Append a review: a state, your role and a justification"));
  out.set->add_option("fingerprint", args.fingerprint, htr("Fingerprint or a unique prefix (at least 4 hex digits)"))
      ->required();
  store_opt(out.set);
  out.set->add_option("--state", args.state, htr("acknowledged, disputed, resolved or suppressed (or its local name)"))->required();
  out.set->add_option("--role", args.role, htr("Your role: representative, union or hr"))->required();
  out.set->add_option("--justification", args.justification, htr("Why: required, kept with the review for good"))
      ->required();
  out.set->add_option("--by", args.by, htr("Your name or initials (optional)"));

  out.history = rv->add_subcommand("history", htr("The review trail, oldest first: of one finding, or of all"));
  out.history->add_option("fingerprint", args.fingerprint, htr("Fingerprint or a unique prefix (optional)"));
  store_opt(out.history);
  out.history->add_option("--format", args.format, htr("text or json"))->check(CLI::IsMember({"text", "json"}));
  return out;
}

// The user subcommands, told apart after parsing.
struct UserCommands {
  CLI::App *add = nullptr, *passwd = nullptr, *disable = nullptr, *list = nullptr;
  std::vector<CLI::App*> all() const { return {add, passwd, disable, list}; }
  UserArgs::Action action() const {
    if (*add) return UserArgs::Action::add;
    if (*passwd) return UserArgs::Action::passwd;
    if (*disable) return UserArgs::Action::disable;
    if (*list) return UserArgs::Action::list;
    return UserArgs::Action::none;
  }
};

UserCommands add_user(CLI::App& app, UserArgs& args) {
  UserCommands out;
  auto* u = app.add_subcommand("user", htr("The users of fairaudit serve: add, new password, disable, list"));
  u->require_subcommand(1);
  auto store_opt = [&](CLI::App* sub) {
    sub->add_option("--store", args.store, htr("The store fairaudit serve reads"))->required();
  };
  out.add = u->add_subcommand("add", htr("Add a user; the password (at least 12 characters) is read from standard input"));
  out.add->add_option("name", args.name, htr("The user's sign-in name (a name or initials, shown in the review trail)"))
      ->required();
  out.add->add_option("--role", args.role,
                      htr("representative, union, hr or admin (local names too: tillitsvalgt, förtroendevald, …)"))
      ->required();
  store_opt(out.add);
  out.passwd = u->add_subcommand("passwd",
                                 htr("A new password from standard input; ends the user's sessions and unlocks the account"));
  out.passwd->add_option("name", args.name, htr("The user's sign-in name"))->required();
  store_opt(out.passwd);
  out.disable = u->add_subcommand("disable", htr("The user can no longer sign in; the user's sessions end"));
  out.disable->add_option("name", args.name, htr("The user's sign-in name"))->required();
  store_opt(out.disable);
  out.list = u->add_subcommand("list", htr("The users with role, language, state and last sign-in (never a password)"));
  store_opt(out.list);
  return out;
}

CLI::App* add_serve(CLI::App& app, ServeArgs& args) {
  auto* s = app.add_subcommand("serve", htr("Review the stored findings in a browser, behind a sign-in (docs/serve.md)"));
  s->add_option("--store", args.store, htr("The store written by fairaudit audit --store"))->required();
  s->add_option("--listen", args.listen, htr("HOST:PORT to listen on (default 127.0.0.1:8080; port 0: any free port)"));
  auto* cert = s->add_option("--tls-cert", args.tls_cert, htr("HTTPS: the certificate chain (PEM)"));
  auto* key = s->add_option("--tls-key", args.tls_key, htr("HTTPS: the certificate's private key (PEM)"));
  cert->needs(key);
  key->needs(cert);
  s->add_option("--ready-file", args.ready_file, htr("Write the address listened on to this file once connections are accepted"));
  s->add_option("--origin", args.origin,
                htr("The origin browsers use behind a reverse proxy (https://audit.example.no): POSTs must come from it, "
                "and cookies are Secure when it is https"));
  s->add_option("--threads", args.threads, htr("Threads answering requests (default 2)"))->check(CLI::Range(1, 64));
  s->add_option("--header-timeout", args.header_timeout, htr("Seconds a request's header may take (default 10)"))
      ->check(CLI::Range(0.1, 3600.0));
  s->add_option("--body-timeout", args.body_timeout, htr("Seconds a request's body, or a response, may take (default 30)"))
      ->check(CLI::Range(0.1, 3600.0));
  s->add_option("--idle-timeout", args.idle_timeout, htr("Seconds a kept-alive connection may wait idle (default 60)"))
      ->check(CLI::Range(0.1, 3600.0));
  s->add_option("--session-idle", args.session_idle_minutes, htr("Minutes without a request that end a session (default 30)"))
      ->check(CLI::Range(1, 24 * 60));
  s->add_option("--session-max", args.session_hours, htr("Hours after sign-in that end a session whatever (default 12)"))
      ->check(CLI::Range(1, 24 * 7));
  return s;
}

}  // namespace

std::optional<int> parse_command_line(int argc, char** argv, CommandLine& cl) {
  use_help_language(argc, argv);
  CLI::App app{htr("fairaudit — audits hiring rounds against fair-hiring rules and agreements")};
  translate_headings(app);
  app.set_help_flag("-h,--help", htr("Print this help message and exit"));
  app.option_defaults()->group(htr("Options"));
  app.footer(i18n::text(kExamples));
  app.set_version_flag("--version", std::string("fairaudit ") + FAIRAUDIT_VERSION, htr("Display program version information and exit"));
  app.require_subcommand(1);

  Common& common = cl.common;
  auto add_common = [&](CLI::App* sub) {
    sub->add_option("--plugin-dir", common.plugin_dirs, htr("Also look for plugins here (repeatable; before the defaults)"));
    sub->add_option("--log-level", common.log_level, htr("Log level on stderr"))
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
    sub->add_option("--lang", common.lang,
                    htr("Language of what people read: nb, nn, sv, da or en (default: the policy's \"language\", "
                    "then LC_ALL/LC_MESSAGES/LANG, then en)"))
        ->check(CLI::IsMember({"nb", "nn", "sv", "da", "en"}));
  };

  auto* a = add_audit(app, cl.audit);
  add_common(a);

  auto* v = app.add_subcommand("validate", htr("Check export files against the input format; list every bad line"));
  v->add_option("inputs", cl.validate.inputs, htr("Export files (JSON Lines); '-' for standard input"))->required();
  v->add_option("--threads", cl.validate.threads, htr("Parser threads (default: all cores)"))->check(CLI::Range(1, 256));
  v->add_option("--policy", cl.validate.policy,
                htr("Check as this policy's audit would: its jurisdiction picks the ingest profile (DK: the Danish one)"));
  add_common(v);

  auto* pl = app.add_subcommand("plugins", htr("List the plugins found in the plugin directories"));
  pl->add_option("paths", cl.plugin_paths,
                 htr("List the plugins in these directories or library files instead (each described in a process of "
                 "its own; exit 2 when one cannot be used)"));
  add_common(pl);

  auto* r = app.add_subcommand("rules", htr("Print every rule with its rationale and legal basis"));
  r->add_option("--plugin", cl.rules.plugin, htr("Only this plugin's rules"));
  r->add_option("--format", cl.rules.format, htr("text or json"))->check(CLI::IsMember({"text", "json"}));
  add_common(r);

  auto* pol = app.add_subcommand("policy", htr("Check or show a policy file"));
  pol->require_subcommand(1);
  auto* pc = pol->add_subcommand("check", htr("Load a policy and its plugins; report the first error with file and key"));
  pc->add_option("file", cl.policy_file, htr("Policy file"))->required();
  add_common(pc);
  auto* ps = pol->add_subcommand("show", htr("Print the effective configuration, defaults filled in"));
  ps->add_option("file", cl.policy_file, htr("Policy file"))->required();
  add_common(ps);

  auto review_subs = add_review(app, cl.review);
  for (auto* sub : review_subs.all()) add_common(sub);
  auto user_subs = add_user(app, cl.user);
  for (auto* sub : user_subs.all()) add_common(sub);
  auto* srv = add_serve(app, cl.serve);
  add_common(srv);
  auto* rep = add_report(app, cl.report);
  add_common(rep);
  auto* cv = add_convert(app, cl.convert);

  auto* cov = app.add_subcommand("coverage",
                                 htr("Which rules an export can answer: per rule, whether the fields it reads are "
                                 "recorded in all, some or none of the rounds, and which are not"));
  cov->add_option("inputs", cl.coverage.inputs, htr("Export files (canonical JSON Lines, or flat with --mapping)"));
  cov->add_option("--mapping", cl.coverage.mapping, htr("Read a flat ATS export (CSV or JSON) through this mapping file"));
  cov->add_option("--policy", cl.coverage.policy, htr("Policy file (default: the default policy, as audit)"));
  cov->add_option("--format", cl.coverage.format, htr("text or json"))->check(CLI::IsMember({"text", "json"}));
  add_common(cov);

  translate_groups(&app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e) == 0 ? kExitOk : kExitUsage;  // --help, --version
    std::fprintf(stderr, "%s\n%s\n", without_values(e.what(), argc, argv).c_str(),
                 htr("Run with --help for more information.").c_str());
    return kExitUsage;
  }

  if (*a) cl.command = Command::audit;
  else if (*v) cl.command = Command::validate;
  else if (*pl) cl.command = Command::plugins;
  else if (*r) cl.command = Command::rules;
  else if (*pc) cl.command = Command::policy_check;
  else if (*ps) cl.command = Command::policy_show;
  else if (app.got_subcommand("review")) cl.command = Command::review;
  else if (*rep) cl.command = Command::report;
  else if (*cv) cl.command = Command::convert;
  else if (*cov) cl.command = Command::coverage;
  else if (app.got_subcommand("user")) cl.command = Command::user;
  else if (*srv) cl.command = Command::serve;
  else return kExitUsage;
  if (app.got_subcommand("user")) cl.user.action = user_subs.action();
  // user add --lang: the language of the user's pages (the option every subcommand has).
  if (!cl.common.lang.empty()) cl.user.lang = cl.common.lang;
  if (app.got_subcommand("review")) cl.review.action = review_subs.action();
  return std::nullopt;
}

}  // namespace fairaudit::cli
