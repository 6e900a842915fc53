// The HTML report: one self-contained file for the people who review
// findings — equality representatives, unions, HR. Nothing is fetched
// (emit/html/style.hpp).
//
// Order: summary, charts, the per-unit indicator table, findings by unit and
// round (with a filter), the rules with their legal basis, the run's inputs.
// Disclosure control is applied to every figure, chart and table.
#include <algorithm>
#include <array>
#include <cstdlib>
#include <initializer_list>
#include <map>
#include <sstream>

#include "emit/chart.hpp"
#include "emit/flat.hpp"
#include "emit/html/aggregate.hpp"
#include "emit/html/charts.hpp"
#include "emit/html/findings.hpp"
#include "emit/html/style.hpp"
#include "emit/html/text.hpp"
#include "emit/render.hpp"
#include "emit/units.hpp"
#include "i18n/i18n.hpp"

namespace fairaudit::emit {
namespace {

// A translated sentence with its {placeholders} filled (translate first,
// then fill: i18n.hpp).
std::string fill_words(std::string text, std::initializer_list<std::pair<const char*, std::string>> values) {
  for (const auto& [key, value] : values) {
    const std::string mark = std::string("{") + key + "}";
    if (const std::size_t at = text.find(mark); at != std::string::npos) text.replace(at, mark.size(), value);
  }
  return text;
}

using namespace html;

// The full id of the run's rule with the representative-in-time role, from
// the catalogue ("" when no enabled plugin declares one).
std::string representative_rule_of(const RenderContext& ctx) {
  for (const auto& [id, info] : ctx.rules)
    if (info.indicator == Indicator::representative_in_time) return id;
  return {};
}

}  // namespace

std::uint64_t html_full_findings() {
  static const std::uint64_t n = [] {
    const char* v = std::getenv("FAIRAUDIT_HTML_FULL_FINDINGS");
    if (!v || !*v) return kHtmlFullFindings;
    char* end = nullptr;
    const unsigned long long x = std::strtoull(v, &end, 10);
    return *end ? kHtmlFullFindings : std::uint64_t(x);
  }();
  return n;
}

std::string render_html(const run::RunResult& r, const RenderContext& ctx) {
  const Disclosure& d = ctx.disclosure;
  const auto& cnt = r.counts;
  std::ostringstream o;
  const std::string script = html::script();
  // One tally for the tiles and the table by rule (and every other format).
  const run::FindingTally tally = run::tally_findings(r);
  const auto& by = tally.by_severity;
  const std::uint64_t suppressed = tally.suppressed;
  // A run with more findings than the report shows in full gets its summary
  // form, built in one reading of the findings (render.hpp, docs/report.md).
  const std::uint64_t n_findings = run::finding_count(r);
  const bool summary_form = n_findings > html_full_findings();
  html::FindingSummary sum;
  if (summary_form) sum = html::summarize_findings(r, kHtmlTopFindings);

  o << "<!DOCTYPE html>\n<html lang=\"" << i18n::to_string(i18n::current()) << "\">\n<head>\n<meta charset=\"utf-8\">\n"
    << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
       "img-src data:; script-src "
    << csp_hash(script) << "\">\n"
    << "<meta name=\"generator\" content=\"fairaudit " << esc(ctx.run.tool_version) << "\">\n"
    << "<title>fairaudit " << esc(i18n::text("report")) << " — " << esc(ctx.run.policy_name) << " " << esc(ctx.run.policy_version) << "</title>\n"
    << "<style>" << html::style() << "</style>\n</head>\n<body>\n";

  // Header: what this is and for whom.
  o << "<header><h1>" << esc(i18n::text("Hiring-round audit")) << "</h1>";
  o << "<p>" << esc(i18n::text("Policy")) << " <strong>" << esc(ctx.run.policy_name) << "</strong> " << esc(ctx.run.policy_version) << " · fairaudit "
    << esc(ctx.run.tool_version);
  if (ctx.run.id) o << " · " << esc(i18n::text("run")) << " " << esc(ctx.run.id_text());
  o << "</p>";
  o << "<p class=\"audience\" data-audience=\"" << to_string(d.audience()) << "\">" << esc(i18n::text("Audience:")) << " "
    << esc(i18n::text(to_string(d.audience()))) << " — ";
  switch (d.audience()) {
    case Audience::internal: o << esc(i18n::text("everything is shown, including pseudonymous applicant ids.")); break;
    case Audience::representative: o << esc(i18n::text("counts are shown; applicant ids are not.")); break;
    case Audience::union_:
      o << esc(i18n::text("no applicant ids; counts of people below")) << " " << d.min_cell() << " "
        << esc(i18n::text("are shown as")) << " " << esc(d.small_text()) << " "
        << esc(i18n::text("and the rates and ratios computed from them are hidden."));
      break;
  }
  o << "</p></header>\n";
  o << "<nav>";
  for (const char* section : {"Summary", "Charts", "Units", "Findings", "Rules", "Run"}) {
    std::string id = section;
    id[0] = static_cast<char>(id[0] - 'A' + 'a');
    o << "<a href=\"#" << id << "\">" << esc(i18n::text(section)) << "</a>";
  }
  o << "</nav>\n<main>\n";

  // ---- summary
  o << "<section id=\"summary\"><h2>" << esc(i18n::text("Summary")) << "</h2><div class=\"cards\">";
  auto card = [&](const char* cls, const char* key, const std::string& n, const std::string& label) {
    o << "<div class=\"card " << cls << "\"><span class=\"n\" data-summary=\"" << key << "\">" << esc(n)
      << "</span>" << esc(i18n::text(label)) << "</div>";
  };
  card("", "rounds", std::to_string(cnt.rounds), cnt.rounds == 1 ? "hiring round audited" : "hiring rounds audited");
  card("", "applications", d.run_applications_text(cnt.applications), "applications");
  if (r.indicators_kept) card("", "units", std::to_string(r.indicators.units().size()), "org units with rounds");
  card("", "findings", std::to_string(tally.findings()), i18n::plural_word(tally.findings(), "finding", "findings"));
  for (Severity s : {Severity::error, Severity::warning, Severity::note})
    card(to_string(s), to_string(s), std::to_string(by[int(s)]), severity_word(s, by[int(s)]));
  if (suppressed) card("", "suppressed", std::to_string(suppressed), "suppressed in review");
  o << "</div>";
  if (cnt.rejected)
    o << "<p><strong data-summary=\"rejected\">" << cnt.rejected
      << "</strong> input line(s) were rejected and skipped; see <a href=\"#run\">Run</a>.</p>";
  if (cnt.plugin_failures)
    o << "<p><strong data-summary=\"plugin-failures\">" << cnt.plugin_failures
      << "</strong> plugin failure(s): the rules of the failed plugin could not be checked there "
         "(host/plugin-failure findings).</p>";
  if (ctx.baseline) {
    const auto& b = *ctx.baseline;
    o << "<p>Compared with the previous run" << (!b.previous_run ? "" : " " + esc(b.previous_text())) << ": <strong>"
      << b.new_findings << "</strong> new, " << b.unchanged << " unchanged, " << b.resolved << " resolved, "
      << b.suppressed << " suppressed.</p>";
  }

  // Findings by rule, with how the rule fared across the rounds.
  const auto& by_rule = tally.by_rule;
  if (!by_rule.empty()) {
    std::vector<std::vector<TableCell>> rows;
    for (const auto& [rule, a] : by_rule) {
      std::string checked;
      if (auto t = r.tally.find(rule); t != r.tally.end())
        checked = std::to_string(t->second.breach) + " / " + std::to_string(t->second.complies) + " / " +
                  std::to_string(t->second.not_applicable) + " / " + std::to_string(t->second.insufficient_data);
      rows.push_back({{rule, ""},
                      {std::to_string(a[2]), "findings"},
                      {std::to_string(a[1]), "findings"},
                      {std::to_string(a[0]), "findings"},
                      {checked, ""}});
    }
    o << render_table({i18n::text("rule"), i18n::text("errors"), i18n::text("warnings"), i18n::text("notes"),
                       i18n::text("breach / complies / n.a. / insufficient data")},
                      rows, i18n::text("Findings by rule"), "by-rule");
  }
  // Units with most findings (their own, not their subunits').
  if (const auto top = summary_form ? html::top_units(sum, 10) : html::top_units(r, 10); !top.empty()) {
    std::vector<std::vector<TableCell>> rows;
    for (const auto& [u, a] : top)
      rows.push_back({{u, ""},
                      {std::to_string(total(a)), "findings"},
                      {std::to_string(a[2]), "findings"},
                      {std::to_string(a[1]), "findings"},
                      {std::to_string(a[0]), "findings"}});
    o << render_table({i18n::text("unit"), i18n::text("findings"), i18n::text("errors"), i18n::text("warnings"),
                       i18n::text("notes")},
                      rows, i18n::text("Units with most findings"), "top-units");
  }
  o << "</section>\n";

  // ---- charts
  const auto fs = funnels(r);
  const auto unit_table = unit_rows(r, d);
  o << "<section id=\"charts\"><h2>" << esc(i18n::text("Charts")) << "</h2>";
  if (!r.indicators_kept) {
    // Missing is not nil: no chart may say "no rates" or "no verdict" of
    // figures the store never had.
    o << "<p data-summary=\"not-kept\">"
      << esc(i18n::text("The store keeps what a run found, not its per-unit figures: the selection rates, funnels, "
                        "representative involvement and units compared are in the report that fairaudit audit "
                        "writes for the export."))
      << "</p>";
    if (!ctx.trends.empty()) o << "<h3>" << esc(i18n::text("Trend")) << "</h3>" << trend_charts(ctx.trends);
    o << "</section>\n";
  } else {
    // Prose of the host's own catalog, written raw as the English always was
    // (esc would turn its apostrophe into &#39;): no catalog entry holds markup.
    o << "<p>"
      << i18n::text("Selection rates of each self-declared group at each stage, over all audited rounds, with each "
                    "group's impact ratio against the group with the highest rate and the four-fifths line (UGESP 29 "
                    "CFR 1607.4(D)). The statistical verdicts per round and pooled per unit are in the findings of "
                    "interview-call-diversity below.")
      << "</p>";
    o << "<h3>" << esc(i18n::text("Selection rates by group")) << "</h3>";
    bool any_rate = false;
    for (const char* a : kAttributes)
      for (bool invite : {true, false}) {
        std::string ch = selection_chart(fs, a, invite, d);
        any_rate = any_rate || !ch.empty();
        o << ch;
      }
    if (!any_rate)
      o << "<p>" << esc(i18n::text("No attribute has two declared groups at a stage: there are no rates to compare."))
        << "</p>";
    o << "<h3>" << esc(i18n::text("Applicant funnel by group")) << "</h3>";
    for (const char* a : kAttributes) o << funnel_chart(fs, a, d);
    o << "<h3>" << esc(i18n::text("Representative involvement")) << "</h3>";
    std::string rep = involvement_chart(r, ctx.rules);
    if (rep.empty()) {
      const std::string rule = representative_rule_of(ctx);
      o << "<p>" << esc(i18n::text("No round gave a verdict on")) << " "
        << (rule.empty() ? esc(i18n::text("representative involvement in time")) : esc(rule)) << ".</p>";
    } else {
      o << rep;
    }
    // Units compared fairly: each against the limits for its own size.
    {
      std::string plots;
      for (const char* a : kAttributes) plots += funnel_plot(r, a, d);
      if (!plots.empty()) o << "<h3>" << esc(i18n::text("Units compared: funnel plots")) << "</h3>" << plots;
    }
    if (!ctx.trends.empty()) o << "<h3>" << esc(i18n::text("Trend")) << "</h3>" << trend_charts(ctx.trends);
    o << "</section>\n";

    // ---- per-unit indicators
    o << "<section id=\"units\"><h2>" << esc(i18n::text("Units compared")) << "</h2>"
         "<p>"
      << esc(i18n::text("One row per unit; a unit higher in the path includes the units below it. Invitation rate: the "
                        "share of qualified applicants of a group who were invited to interview; ratio: that rate "
                        "against the highest rate among the groups of the same attribute in the unit. Open findings are "
                        "those not resolved or suppressed in review."))
      << "</p>";
    {
      const auto cols = group_columns(unit_table);
      std::vector<std::string> head = {i18n::text("unit"), i18n::text("rounds"), i18n::text("applications"),
                                       i18n::text("representative in time")};
      for (const auto& g : cols) head.push_back(humanise(g) + ": " + i18n::text("invited / qualified (ratio)"));
      head.insert(head.end(), {i18n::text("open errors"), i18n::text("open warnings"), i18n::text("open notes")});
      std::vector<std::vector<TableCell>> rows;
      for (const auto& row : unit_table) {
        std::vector<TableCell> tr{{row.org_unit, ""},
                                  {std::to_string(row.rounds), "rounds"},
                                  {row.applications_withheld && !d.small(row.applications) ? i18n::text("hidden") : d.count_text(row.applications),
                                   "count", row.applications_withheld}};
        tr.push_back({row.rep_share ? percent(*row.rep_share) + " " + i18n::text("of") + " " + std::to_string(row.rep_checked)
                                    : std::string("—"),
                      "share_of_rounds"});
        for (const auto& g : cols) {
          auto it = row.groups.find(g);
          if (it == row.groups.end()) {
            tr.push_back({"", ""});
            continue;
          }
          const GroupRate& gr = it->second;
          // A pool whose complement is small is withheld as well (docs/report.md, "Disclosure").
          std::string t = (gr.selected_withheld && !d.small(gr.selected) ? i18n::text("hidden") : d.count_text(gr.selected)) + " / " + (gr.pool_withheld && !d.small(gr.n) ? i18n::text("hidden") : d.count_text(gr.n));
          if (gr.withheld) t += " " + i18n::text("(hidden)");
          else if (gr.rate) t += " = " + percent(*gr.rate) + (gr.ratio ? " (" + fixed2(*gr.ratio) + ")" : "");
          if (!gr.withheld && gr.ratio_withheld) t += " " + i18n::text("(ratio hidden)");
          if (gr.adverse) t += " ▼";
          tr.push_back({t, "group_rate", gr.withheld});
        }
        for (Severity s : {Severity::error, Severity::warning, Severity::note})
          tr.push_back({std::to_string(row.open[int(s)]), "findings"});
        rows.push_back(std::move(tr));
      }
      if (rows.empty()) o << "<p>" << esc(i18n::text("No unit had rounds or findings.")) << "</p>";
      else o << render_table(head, rows, i18n::text("Indicators per unit"), "units-table");
      o << "<p class=\"chart-note\">▼ " << i18n::text("below four-fifths of the highest group's rate. The same table as CSV:")
        << " <code>fairaudit audit … --format csv-units</code>.</p>";
    }
    o << "</section>\n";
  }

  // ---- findings
  o << "<section id=\"findings\"><h2>" << esc(i18n::text("Findings by unit and round")) << "</h2>";
  if (summary_form) {
    std::string intro = i18n::text(
        "This run has {findings} findings, more than this report shows in full ({limit}). Below, the open findings "
        "of each unit counted by rule, and the first {top} open findings by severity in full. Every finding is in "
        "the CSV and JSON of the same run:");
    const auto put = [&intro](std::string_view key, const std::string& value) {
      if (const auto at = intro.find(key); at != std::string::npos) intro.replace(at, key.size(), value);
    };
    put("{findings}", std::to_string(n_findings));
    put("{limit}", std::to_string(html_full_findings()));
    put("{top}", std::to_string(sum.top.size()));
    o << "<p class=\"summary-form\" data-summary=\"summary-form\">" << esc(intro)
      << " <code>fairaudit audit … --format csv</code> / <code>--format json</code>"
      << (ctx.run.id ? " (<code>fairaudit report --run " + esc(ctx.run.id_text()) + " --format csv</code>)"
                     : std::string())
      << ".</p>";
    o << "<h3>" << esc(i18n::text("Open findings per unit")) << "</h3>";
    for (const auto& [unit, rules] : sum.by_unit) {
      o << "<section class=\"unit\" data-unit=\"" << esc(unit) << "\"><h4>"
        << (unit.empty() ? esc(i18n::text("Whole run")) : esc(unit)) << "</h4>";
      std::vector<std::vector<TableCell>> rows;
      for (const auto& [rule, a] : rules)
        rows.push_back({{rule, ""},
                        {std::to_string(a[2]), "findings"},
                        {std::to_string(a[1]), "findings"},
                        {std::to_string(a[0]), "findings"}});
      o << render_table({i18n::text("rule"), i18n::text("errors"), i18n::text("warnings"), i18n::text("notes")}, rows,
                          i18n::text("Open findings by rule"));
      o << "</section>";
    }
    o << "<h3>" << esc(i18n::text("Top findings")) << "</h3>";
    for (const auto& af : sum.top) {
      const Finding& f = af.finding;
      o << "<section class=\"round\" data-unit=\"" << esc(f.org_unit) << "\" data-round=\""
        << esc(f.scope == Scope::round ? f.round_id : std::string()) << "\"><h4>"
        << (f.org_unit.empty() ? esc(i18n::text("Whole run")) : esc(f.org_unit)) << " · ";
      if (f.scope == Scope::round)
        o << esc(i18n::text("Round")) << " " << esc(f.round_id);
      else
        o << esc(i18n::text(f.scope == Scope::run ? "Whole run" : "Unit level"));
      o << "</h4>";
      finding_html(o, af, ctx);
      o << "</section>";
    }
  } else if (r.findings.empty()) {
    o << "<p>" << esc(i18n::text("No findings.")) << "</p>";
  } else {
    o << "<form id=\"filter\" hidden><label>Search <input type=\"search\" name=\"q\" placeholder=\"rule, round, unit, "
         "text\"></label>";
    for (Severity s : {Severity::error, Severity::warning, Severity::note})
      o << "<label><input type=\"checkbox\" name=\"sev\" value=\"" << to_string(s) << "\" checked> "
        << esc(i18n::text(to_string(s))) << "</label>";
    o << "<label>Plugin <select name=\"plugin\"><option value=\"\">all</option>";
    for (const auto& p : html::plugins_with_findings(r)) o << "<option>" << esc(p) << "</option>";
    o << "</select></label><output id=\"filter-count\" aria-live=\"polite\"></output></form>";

    std::string unit = "\x01", round = "\x01";
    bool unit_open = false, round_open = false;
    for (const auto& af : r.findings) {
      const Finding& f = af.finding;
      if (f.org_unit != unit) {
        if (round_open) o << "</section>";
        if (unit_open) o << "</section>";
        round_open = false;
        unit = f.org_unit;
        round = "\x01";
        o << "<section class=\"unit\" data-unit=\"" << esc(unit) << "\"><h3>"
          << (unit.empty() ? esc(i18n::text("Whole run")) : esc(unit)) << "</h3>";
        unit_open = true;
      }
      const std::string here = f.scope == Scope::round ? f.round_id : std::string();
      if (here != round) {
        if (round_open) o << "</section>";
        round = here;
        o << "<section class=\"round\" data-round=\"" << esc(here) << "\"><h4>";
        if (f.scope == Scope::round)
          o << esc(i18n::text("Round")) << " " << esc(f.round_id);
        else
          o << esc(i18n::text(f.scope == Scope::run ? "Whole run" : "Unit level"));
        o << "</h4>";
        round_open = true;
      }
      finding_html(o, af, ctx);
    }
    if (round_open) o << "</section>";
    if (unit_open) o << "</section>";
  }
  if (ctx.checklist && !r.checks.empty()) html::checklist_html(o, r, ctx);
  if (ctx.baseline && run::any_absent(*ctx.baseline)) {
    o << "<h3>" << esc(i18n::text("No longer found")) << "</h3><p>"
      << esc(i18n::text("Findings of the previous run that this run did not find again:")) << "</p><ul>";
    run::for_each_absent(*ctx.baseline, [&](const run::AuditFinding& af) {
      o << "<li><code>" << esc(af.finding.rule) << "</code> " << esc(af.finding.org_unit) << " "
        << esc(af.finding.round_id) << "</li>";
    });
    o << "</ul>";
  }
  o << "</section>\n";

  // ---- rules
  o << "<section id=\"rules\"><h2>" << esc(i18n::text("Rules and their legal basis")) << "</h2>";
  for (const auto& [id, info] : ctx.rules) {
    o << "<article class=\"rule\" id=\"" << anchor(id) << "\"><h3>" << esc(id) << "</h3>";
    o << "<p><strong>" << esc(i18n::rule_text(id, info.summary)) << "</strong></p>";
    if (!info.rationale.empty()) o << "<p>" << esc(i18n::rule_text(id, info.rationale)) << "</p>";
    o << "<p class=\"basis\"><strong>" << esc(i18n::text("Legal basis:")) << "</strong> "
      << esc(i18n::rule_text(id, info.basis)) << "</p>";
    o << "<p class=\"meta\">" << esc(i18n::text("Default severity:")) << " "
      << esc(i18n::text(to_string(info.default_severity))) << " · " << esc(i18n::text("scope:")) << " "
      << esc(i18n::text(to_string(info.scope)));
    if (!info.local_term.empty()) o << " · " << esc(i18n::text("term:")) << " " << esc(i18n::rule_text(id, info.local_term));
    if (auto t = r.tally.find(id); t != r.tally.end())
      o << " · " << esc(i18n::text("this run:")) << " " << t->second.breach << " " << esc(i18n::text("breach")) << ", "
        << t->second.complies << " " << esc(i18n::text("complies")) << ", " << t->second.not_applicable << " "
        << esc(i18n::text("not applicable")) << ", " << t->second.insufficient_data << " "
        << esc(i18n::text("insufficient data"));
    o << "</p></article>";
  }
  o << "</section>\n";

  // ---- run
  o << "<section id=\"run\"><h2>" << esc(i18n::text("Run")) << "</h2>";
  {
    std::vector<std::vector<TableCell>> rows;
    for (const auto& in : r.inputs)
      rows.push_back({{in.path == "-" ? i18n::text("standard input") : in.path, ""},
                      {std::to_string(in.lines), "lines"},
                      {std::to_string(in.bytes), "bytes"},
                      {in.sha256, ""}});
    o << render_table({i18n::text("input"), i18n::text("lines"), i18n::text("bytes"), "SHA-256"}, rows,
                      i18n::text("Inputs"));
  }
  o << "<p>"
    << esc(fill_words(i18n::text("Policy {name} {version} ({path}), SHA-256"),
                      {{"name", ctx.run.policy_name}, {"version", ctx.run.policy_version}, {"path", ctx.run.policy_path}}))
    << " <code>" << esc(ctx.run.policy_sha256) << "</code>. " << esc(i18n::text("Plugins:"));
  for (const auto& p : ctx.run.plugins) o << " " << esc(p.name) << " " << esc(p.version) << ";";
  o << " "
    << esc(fill_words(i18n::text("exit status {status} (fail on {level})."),
                      {{"status", std::to_string(ctx.run.exit_code)}, {"level", i18n::severity(ctx.run.fail_on)}}))
    << "</p>";
  if (!r.rejected.empty()) {
    o << "<h3>" << esc(i18n::text("Rejected lines")) << "</h3><ul class=\"rejected\">";
    for (const auto& e : r.rejected) o << "<li><code>" << esc(e.to_string()) << "</code></li>";
    if (cnt.rejected > r.rejected.size())
      o << "<li>… " << esc(i18n::text("and")) << " " << (cnt.rejected - r.rejected.size()) << " "
        << esc(i18n::text("more")) << "</li>";
    o << "</ul>";
  }
  o << "</section>\n</main>\n";
  o << "<footer>"
    << esc(fill_words(i18n::text("Made by fairaudit {version}. This file is self-contained: it loads nothing from the "
                                 "network."),
                      {{"version", ctx.run.tool_version}}))
    << "</footer>\n";
  o << "<script>" << script << "</script>\n</body>\n</html>\n";
  return o.str();
}

}  // namespace fairaudit::emit
