// GET /rounds/ROUND/checklist?run=ID and /units/UNIT/trend (and their /api/
// forms): a round's checklist as the report renders it, from what the run
// stored of that round, and a unit's timeline over the runs of its series
// with the states each run had then (Store::trend_states).

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <sstream>

#include "common/enums.hpp"
#include "common/json.hpp"
#include "emit/checklist.hpp"
#include "emit/html/charts.hpp"
#include "emit/html/findings.hpp"
#include "emit/sentences.hpp"
#include "i18n/i18n.hpp"
#include "serve/layout.hpp"
#include "serve/queries.hpp"
#include "serve/views.hpp"

namespace fairaudit::serve::views {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;
using common::key;
using common::str;

// The run a page is about: ?run=ID, else the newest.
std::optional<RunRow> chosen_run(Ctx& c, std::optional<Response>& fail) {
  const std::string run = c.rq.param("run");
  if (!run.empty()) {
    auto id = parse_id(run);
    if (!id) {
      fail = error(c, 400, i18n::text("The run is not a run number."));
      return std::nullopt;
    }
    auto r = run_row(c.st, *id);
    if (!r) fail = error(c, 404, i18n::text("The store has no such run."));
    return r;
  }
  auto latest = c.st.latest_run();
  if (!latest) {
    fail = error(c, 404, i18n::text("No run has been stored yet."));
    return std::nullopt;
  }
  return run_row(c.st, *latest);
}

}  // namespace

Response checklist(Ctx& c, const std::string& round) {
  std::optional<Response> fail;
  const auto run = chosen_run(c, fail);
  if (!run) return *fail;
  emit::RenderContext ctx;
  ctx.disclosure = emit::Disclosure(c.audience, int(run->min_cell));
  ctx.rules = run_catalogue(c.st, run->id);
  ctx.checklist = true;
  run::RunResult r;
  r.findings = round_findings(c.st, run->id, round);
  {
    std::vector<const run::AuditFinding*> of;
    for (const auto& af : r.findings) of.push_back(&af);
    ctx.disclosure = served_disclosure(c.st, run->id, ctx.disclosure, of);
  }
  // The store keeps what a run found, not every verdict: each finding of the
  // round is its rule's breach here.
  for (const auto& af : r.findings) {
    run::AuditCheck ac;
    ac.check.rule = af.finding.rule;
    ac.check.scope = af.finding.scope;
    ac.check.round_id = af.finding.round_id;
    ac.check.org_unit = af.finding.org_unit;
    ac.check.key = af.finding.key;
    ac.check.verdict = Verdict::breach;
    ac.check.reason = af.finding.message;
    ac.check.evidence = af.finding.evidence;
    r.checks.push_back(std::move(ac));
  }

  if (c.rq.wants_json) {
    const emit::Checklist list = emit::build_checklist(r, ctx);
    rapidjson::StringBuffer sb;
    Writer w(sb);
    w.StartObject();
    key(w, "run"); w.Int64(run->id);
    key(w, "round_id"); str(w, round);
    key(w, "lines");
    w.StartArray();
    for (const auto& g : list.groups)
      for (const auto& l : g.lines) {
        if (!l.check) continue;
        const Check& ch = l.check->check;
        w.StartObject();
        key(w, "plugin"); str(w, g.plugin);
        key(w, "rule"); str(w, ch.rule);
        key(w, "summary"); str(w, emit::rule_summary(ctx, ch.rule));
        key(w, "verdict"); str(w, to_string(ch.verdict));
        key(w, "key"); str(w, ch.key);
        const emit::Disclosure cd = ctx.disclosure.for_check(*l.check);
        key(w, "reason"); str(w, emit::fill_translated(ch.rule, ch.reason, ch.evidence, cd));
        key(w, "sentences"); common::str_list(w, emit::evidence_sentences(ch.rule, ch.evidence, cd));
        key(w, "basis"); str(w, emit::rule_basis(ctx, ch.rule));
        w.EndObject();
      }
    w.EndArray();
    w.EndObject();
    return json(sb.GetString());
  }

  const std::string title = i18n::text("Checklist") + ": " + round;
  std::ostringstream o;
  o << "<h1>" << esc(title) << "</h1><p class=\"meta\">" << esc(run_label(run->id)) << ", " << esc(when(run->started_at))
    << "</p>";
  if (r.findings.empty()) {
    o << "<p class=\"none\">" << esc(i18n::text("The run found nothing in this round.")) << "</p>";
  } else {
    emit::html::checklist_html(o, r, ctx);
    o << "<p class=\"meta\">"
      << esc(i18n::text("The store keeps what each run found, not every verdict: a rule not listed here has no finding "
                        "for this round in this run. It held, did not apply, or the export did not record what it "
                        "needs; fairaudit audit --round gives the whole checklist."))
      << "</p><ul class=\"round-findings\">";
    for (const auto& af : r.findings)
      o << "<li><a href=\"/findings/" << esc(pct(af.fingerprint)) << "\">"
        << esc(emit::fill_translated(af.finding.rule, af.finding.message, af.finding.evidence,
                                     ctx.disclosure.for_finding(af)))
        << "</a> <span class=\"meta\">" << esc(state_words(to_string(af.review_state))) << "</span></li>";
    o << "</ul>";
  }
  return html(c, title, o.str());
}

Response trend(Ctx& c, const std::string& unit) {
  std::optional<Response> fail;
  const auto run = chosen_run(c, fail);
  if (!run) return *fail;
  std::vector<run::TrendPoint> points;
  for (auto& p : c.st.trend_states(run->id))
    if (p.org_unit == unit) points.push_back(std::move(p));
  if (points.empty()) return error(c, 404, i18n::text("No run of this series has findings in this unit."));

  if (c.rq.wants_json) {
    rapidjson::StringBuffer sb;
    Writer w(sb);
    w.StartObject();
    key(w, "org_unit"); str(w, unit);
    key(w, "runs");
    w.StartArray();
    for (const auto& p : points) {
      w.StartObject();
      key(w, "run"); w.Int64(p.run_id);
      key(w, "started_at"); str(w, p.started_at);
      key(w, "new"); w.Uint64(p.fresh);
      key(w, "persisting"); w.Uint64(p.persisting);
      key(w, "resolved"); w.Uint64(p.resolved);
      key(w, "suppressed"); w.Uint64(p.suppressed);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    return json(sb.GetString());
  }

  const std::string title = i18n::text("Trend") + ": " + unit;
  std::ostringstream o;
  o << "<h1>" << esc(title) << "</h1>";
  o << emit::html::trend_charts(points, 1);
  o << "<table class=\"trend\"><thead><tr>";
  for (const char* h : {"run", "time", "new", "persisting", "resolved", "suppressed"})
    o << "<th scope=\"col\">" << esc(i18n::text(h)) << "</th>";
  o << "</tr></thead><tbody>";
  for (const auto& p : points)
    o << "<tr><td><a href=\"/findings?run=" << p.run_id << "&amp;unit=" << esc(pct(unit)) << "\">"
      << esc(run_label(p.run_id)) << "</a></td><td>" << esc(when(p.started_at)) << "</td><td class=\"num\">" << p.fresh
      << "</td><td class=\"num\">" << p.persisting << "</td><td class=\"num\">" << p.resolved << "</td><td class=\"num\">"
      << p.suppressed << "</td></tr>";
  o << "</tbody></table>";
  return html(c, title, o.str());
}

}  // namespace fairaudit::serve::views
