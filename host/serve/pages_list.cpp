// GET /runs and /findings (and their /api/ forms): the runs newest first with
// their counts, and one page of a run's findings with the filters of
// docs/serve.md in a plain GET form.

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <array>

#include "common/json.hpp"
#include "i18n/i18n.hpp"
#include "serve/layout.hpp"
#include "serve/queries.hpp"
#include "serve/views.hpp"

namespace fairaudit::serve::views {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;
using common::key;
using common::str;

constexpr int kPageSize = 100;
constexpr int kMaxPageSize = 500;
constexpr std::array<const char*, 3> kSeverities{"error", "warning", "note"};
constexpr std::array<const char*, 5> kStates{"open", "acknowledged", "disputed", "resolved", "suppressed"};

template <std::size_t N>
bool one_of(const std::string& s, const std::array<const char*, N>& a) {
  for (const char* x : a)
    if (s == x) return true;
  return false;
}

std::string summary_words(const store::Catalogue& cat, const std::string& rule) {
  auto it = cat.find(rule);
  return it == cat.end() || it->second.summary.empty() ? std::string() : i18n::rule_text(rule, it->second.summary);
}

std::string th(const std::string& words) { return "<th scope=\"col\">" + esc(words) + "</th>"; }

// The query string of the filters, with `offset` replaced.
std::string filter_query(const ListFilter& f, bool run_given, int offset) {
  std::string q;
  auto add = [&](const char* k, const std::string& v) {
    if (v.empty()) return;
    q += q.empty() ? "?" : "&";
    q += k;
    q += '=';
    q += pct(v);
  };
  if (run_given) add("run", std::to_string(f.run));
  add("unit", f.unit);
  add("rule", f.rule);
  add("severity", f.severity);
  add("state", f.state);
  if (f.since) add("since", std::to_string(*f.since));
  if (f.limit != kPageSize) add("limit", std::to_string(f.limit));
  if (offset) add("offset", std::to_string(offset));
  return q;
}

std::string select(const char* name, const std::string& label, const std::vector<std::pair<std::string, std::string>>& opts,
                   const std::string& chosen) {
  std::string o = "<label>" + esc(label) + " <select name=\"" + name + "\">";
  o += "<option value=\"\">" + esc(i18n::text("any")) + "</option>";
  for (const auto& [value, words] : opts) {
    o += "<option value=\"" + esc(value) + "\"";
    if (value == chosen) o += " selected";
    o += ">" + esc(words) + "</option>";
  }
  return o + "</select></label> ";
}

}  // namespace

Response runs(Ctx& c) {
  const auto rows = list_runs(c.st, 200);
  if (c.rq.wants_json) {
    rapidjson::StringBuffer sb;
    Writer w(sb);
    w.StartArray();
    for (const auto& r : rows) {
      w.StartObject();
      key(w, "id"); w.Int64(r.id);
      key(w, "started_at"); str(w, r.started_at);
      key(w, "policy"); str(w, r.policy_name);
      key(w, "findings"); w.Int64(r.findings);
      key(w, "new"); w.Int64(r.fresh);
      key(w, "persisting"); w.Int64(r.persisting);
      key(w, "resolved"); w.Int64(r.resolved);
      key(w, "suppressed"); w.Int64(r.suppressed);
      w.EndObject();
    }
    w.EndArray();
    return json(sb.GetString());
  }
  std::string o = "<h1>" + esc(i18n::text("Runs")) + "</h1>";
  if (rows.empty()) {
    o += "<p>" + esc(i18n::text("No run has been stored yet.")) + "</p>";
    return html(c, i18n::text("Runs"), o);
  }
  o += "<table class=\"runs\"><thead><tr>" + th(i18n::text("run")) + th(i18n::text("time")) + th(i18n::text("policy")) +
       th(i18n::text("findings")) + th(i18n::text("new")) + th(i18n::text("persisting")) + th(i18n::text("resolved")) +
       th(i18n::text("suppressed")) + "</tr></thead><tbody>";
  for (const auto& r : rows) {
    const std::string link = "/findings?run=" + std::to_string(r.id);
    o += "<tr><td><a href=\"" + esc(link) + "\">" + esc(run_label(r.id)) + "</a></td><td>" + esc(when(r.started_at)) +
         "</td><td>" + esc(r.policy_name) + "</td><td class=\"num\"><a href=\"" + esc(link) + "\">" +
         std::to_string(r.findings) + "</a></td><td class=\"num\">" + std::to_string(r.fresh) +
         "</td><td class=\"num\">" + std::to_string(r.persisting) + "</td><td class=\"num\">" +
         std::to_string(r.resolved) + "</td><td class=\"num\">" + std::to_string(r.suppressed) + "</td></tr>";
  }
  o += "</tbody></table>";
  return html(c, i18n::text("Runs"), o);
}

Response findings(Ctx& c) {
  ListFilter f;
  const std::string run = c.rq.param("run"), since = c.rq.param("since"), limit = c.rq.param("limit"),
                    offset = c.rq.param("offset");
  f.unit = c.rq.param("unit");
  f.rule = c.rq.param("rule");
  f.severity = c.rq.param("severity");
  f.state = c.rq.param("state");
  // A filter that cannot match is said so, never passed on as it was written.
  if (!run.empty() && !parse_id(run)) return error(c, 400, i18n::text("The run is not a run number."));
  if (!since.empty() && !parse_id(since)) return error(c, 400, i18n::text("'New since' is not a run number."));
  if (!f.severity.empty() && !one_of(f.severity, kSeverities))
    return error(c, 400, i18n::text("The severity is not one of error, warning, note."));
  if (!f.state.empty() && !one_of(f.state, kStates))
    return error(c, 400, i18n::text("The state is not one of open, acknowledged, disputed, resolved, suppressed."));
  if (!limit.empty()) {
    auto n = parse_id(limit);
    if (!n || *n < 1) return error(c, 400, i18n::text("The number of findings per page is not a whole number."));
    f.limit = int(std::min<std::int64_t>(*n, kMaxPageSize));
  }
  if (!offset.empty()) {
    auto n = parse_id(offset);
    if (!n || *n > 100000000) return error(c, 400, i18n::text("The page's start is not a whole number."));
    f.offset = int(*n);
  }
  // New since run 0 is every finding: no condition.
  if (!since.empty() && *parse_id(since) > 0) f.since = *parse_id(since);

  std::optional<RunRow> chosen;
  if (!run.empty()) {
    chosen = run_row(c.st, *parse_id(run));
    if (!chosen) return error(c, 404, i18n::text("The store has no such run."));
  } else if (auto latest = c.st.latest_run()) {
    chosen = run_row(c.st, *latest);
  }
  std::vector<ListRow> rows;
  if (chosen) {
    f.run = chosen->id;
    rows = list_findings(c.st, f);
  }
  const bool more = int(rows.size()) > f.limit;
  if (more) rows.pop_back();
  static const store::Catalogue kNone;
  const store::Catalogue& cat = chosen ? run_catalogue(c.st, chosen->id) : kNone;

  if (c.rq.wants_json) {
    rapidjson::StringBuffer sb;
    Writer w(sb);
    w.StartObject();
    key(w, "run");
    if (chosen) w.Int64(chosen->id); else w.Null();
    key(w, "offset"); w.Int(f.offset);
    key(w, "limit"); w.Int(f.limit);
    key(w, "next_offset");
    if (more) w.Int(f.offset + f.limit); else w.Null();
    key(w, "findings");
    w.StartArray();
    for (const auto& r : rows) {
      w.StartObject();
      key(w, "fingerprint"); str(w, r.fingerprint);
      key(w, "rule"); str(w, r.rule);
      key(w, "summary"); str(w, summary_words(cat, r.rule));
      key(w, "severity"); str(w, r.severity);
      key(w, "scope"); str(w, r.scope);
      key(w, "org_unit"); str(w, r.org_unit);
      key(w, "round_id"); str(w, r.round_id);
      key(w, "key"); str(w, r.key);
      key(w, "baseline"); str(w, r.baseline);
      key(w, "review_state"); str(w, r.state);
      key(w, "first_seen"); w.Int64(r.first_seen);
      key(w, "last_seen"); w.Int64(r.last_seen);
      key(w, "resolved");
      if (r.resolved) w.Int64(*r.resolved); else w.Null();
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    return json(sb.GetString());
  }

  const std::string title = i18n::text("Findings");
  std::string o = "<h1>" + esc(title) + "</h1>";
  // The filters: a plain GET form, so that it works without the script.
  o += "<form class=\"filters\" method=\"get\" action=\"/findings\">";
  {
    std::vector<std::pair<std::string, std::string>> runs;
    for (const auto& r : list_runs(c.st, 50)) runs.emplace_back(std::to_string(r.id), run_label(r.id) + ", " + when(r.started_at));
    o += "<label>" + esc(i18n::text("run")) + " <select name=\"run\">";
    for (const auto& [value, words] : runs) {
      o += "<option value=\"" + esc(value) + "\"";
      if (chosen && value == std::to_string(chosen->id)) o += " selected";
      o += ">" + esc(words) + "</option>";
    }
    o += "</select></label> ";
  }
  o += "<label>" + esc(i18n::text("unit")) + " <input type=\"text\" name=\"unit\" value=\"" + esc(f.unit) + "\"></label> ";
  {
    std::vector<std::pair<std::string, std::string>> rules;
    for (const auto& [id, info] : cat) {
      const std::string s = summary_words(cat, id);
      rules.emplace_back(id, s.empty() ? id : s);
    }
    if (!f.rule.empty() && !cat.count(f.rule)) rules.emplace_back(f.rule, f.rule);
    o += select("rule", i18n::text("rule"), rules, f.rule);
  }
  {
    std::vector<std::pair<std::string, std::string>> sev;
    for (const char* s : kSeverities) sev.emplace_back(s, severity_words(s));
    o += select("severity", i18n::text("severity"), sev, f.severity);
    std::vector<std::pair<std::string, std::string>> st;
    for (const char* s : kStates) st.emplace_back(s, state_words(s));
    o += select("state", i18n::text("review"), st, f.state);
  }
  o += "<label>" + esc(i18n::text("new since run")) + " <input type=\"text\" inputmode=\"numeric\" name=\"since\" value=\"" +
       esc(since) + "\"></label> ";
  o += "<button type=\"submit\">" + esc(i18n::text("Show")) + "</button></form>";

  if (!chosen) {
    o += "<p>" + esc(i18n::text("No run has been stored yet.")) + "</p>";
    return html(c, title, o);
  }
  if (rows.empty()) {
    o += "<p class=\"none\">" + esc(i18n::text("No findings match these filters.")) + "</p>";
    return html(c, title, o);
  }
  o += "<p class=\"meta\">" + esc(run_label(chosen->id)) + ", " + esc(when(chosen->started_at)) + ": " +
       esc(i18n::text("findings")) + " " + std::to_string(f.offset + 1) + "–" + std::to_string(f.offset + int(rows.size())) +
       "</p>";
  o += "<table class=\"findings\"><thead><tr>" + th(i18n::text("severity")) + th(i18n::text("rule")) +
       th(i18n::text("unit")) + th(i18n::text("round")) + th(i18n::text("review")) + th(i18n::text("first seen")) +
       th(i18n::text("last seen")) + "</tr></thead><tbody>";
  const std::string run_q = "?run=" + std::to_string(chosen->id);
  for (const auto& r : rows) {
    const std::string summary = summary_words(cat, r.rule);
    o += "<tr class=\"" + esc(r.severity) + "\"><td><span class=\"badge " + esc(r.severity) + "\">" +
         esc(severity_words(r.severity)) + "</span></td><td><a href=\"/findings/" + esc(pct(r.fingerprint)) + "\">" +
         esc(summary.empty() ? r.rule : summary) + "</a>";
    if (!r.key.empty()) o += " <span class=\"meta\">" + esc(key_words(r.rule, r.key)) + "</span>";
    if (r.baseline == "new") o += " <span class=\"tag baseline\">" + esc(i18n::text("new")) + "</span>";
    o += "</td><td>";
    if (!r.org_unit.empty())
      o += "<a href=\"/units/" + esc(pct(r.org_unit)) + "/trend\">" + esc(r.org_unit) + "</a>";
    o += "</td><td>";
    if (!r.round_id.empty())
      o += "<a href=\"/rounds/" + esc(pct(r.round_id)) + "/checklist" + esc(run_q) + "\">" + esc(r.round_id) + "</a>";
    o += "</td><td>" + esc(state_words(r.state)) + "</td><td>" + esc(run_label(r.first_seen)) + "</td><td>" +
         esc(run_label(r.last_seen)) + "</td></tr>";
  }
  o += "</tbody></table><nav class=\"paging\">";
  if (f.offset > 0)
    o += "<a rel=\"prev\" href=\"/findings" + esc(filter_query(f, true, std::max(0, f.offset - f.limit))) + "\">" +
         esc(i18n::text("Previous page")) + "</a> ";
  if (more)
    o += "<a rel=\"next\" href=\"/findings" + esc(filter_query(f, true, f.offset + f.limit)) + "\">" +
         esc(i18n::text("Next page")) + "</a>";
  o += "</nav>";
  return html(c, title, o);
}

}  // namespace fairaudit::serve::views
