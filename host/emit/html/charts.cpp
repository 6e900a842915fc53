#include "emit/html/charts.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <set>

#include "emit/chart.hpp"
#include "emit/flat.hpp"
#include "emit/html/text.hpp"
#include "emit/sentences.hpp"  // code_words
#include "fairaudit/shapes.hpp"
#include "fairaudit/time.hpp"
#include "i18n/i18n.hpp"

namespace fairaudit::emit::html {
namespace {

// A chart's words in the reader's language: `text` (a msgid of the host's
// catalog) with its {placeholders} filled in.
std::string say(const char* text, std::initializer_list<std::pair<const char*, std::string>> values) {
  std::string out = i18n::text(text);
  for (const auto& [key, value] : values) {
    const std::string mark = std::string("{") + key + "}";
    for (std::size_t at = out.find(mark); at != std::string::npos; at = out.find(mark, at + value.size()))
      out.replace(at, mark.size(), value);
  }
  return out;
}

// A group's name as the evidence gives it in English (as it always read),
// else in the words of the rule's catalog or the host's.
std::string group_as_words(const std::string& rule_id, const std::string& group);

// A code of the evidence (an attribute, a stage, a group) as words: in
// English as it always read (underscores as spaces), in another language the
// word of the rule's catalog or the host's.
std::string code_as_words(const std::string& rule_id, const std::string& code) {
  if (i18n::current() == i18n::Language::en) return humanise(code);
  std::string w = code_words(rule_id, code);
  if (w == humanise(code)) w = code_words("host", code);
  return w;
}

std::string group_as_words(const std::string& rule_id, const std::string& group) {
  return i18n::current() == i18n::Language::en ? group : code_as_words(rule_id, group);
}


const EvidenceValue* find_kind(const Evidence& e, std::string_view k, EvidenceValue::Kind kind) {
  const EvidenceValue* v = e.find(k);
  return v && v->kind == kind ? v : nullptr;
}

std::string text_of(const Evidence& e, std::string_view k) {
  const EvidenceValue* v = e.find(k);
  return v && v->kind == EvidenceValue::Kind::text ? v->s : std::string();
}

// Whether the entry `key` of `e` is withheld from the audience.
bool withheld_at(const Disclosure& d, const Evidence& e, std::string_view key) {
  const auto w = d.withheld(e);
  for (std::size_t i = 0; i < e.entries().size(); ++i)
    if (e.entries()[i].first == key) return w[i];
  return false;
}

}  // namespace

std::string finding_chart(const run::AuditFinding& af, const Disclosure& d, const std::string& id) {
  using K = EvidenceValue::Kind;
  namespace gc = shapes::group_comparison;
  const Evidence& e = af.finding.evidence;
  const EvidenceValue* groups = find_kind(e, gc::kGroups, K::list);
  if (!groups || groups->children.empty() || !groups->children.front().find(gc::kRate)) return {};
  double threshold = 0.8;
  if (const EvidenceValue* t = find_kind(e, gc::kThreshold, K::real)) threshold = t->d;

  Chart c;
  c.id = id;
  const std::string attr = text_of(e, gc::kAttribute), from = text_of(e, gc::kStageFrom),
                    to = text_of(e, gc::kStageTo);
  const std::string& rule = af.finding.rule;
  c.title = say("Selection rate by {attribute}: {from} → {to}", {{"attribute", code_as_words(rule, attr)},
                                                                  {"from", code_as_words(rule, from)},
                                                                  {"to", code_as_words(rule, to)}});
  c.max = 1;
  c.percent = true;
  c.table_head = {i18n::text("group"),          i18n::text("in pool"),      i18n::text("selected"),
                  i18n::text("selection rate"), i18n::text("impact ratio"), i18n::text("four-fifths"),
                  i18n::text("outcome")};

  // The reference group's rate, from a group whose figures may be shown.
  std::optional<double> ref_rate;
  std::string ref_name = text_of(e, gc::kReferenceGroup);
  std::vector<TableCell> ref_row;
  for (const auto& g : groups->children) {
    // Withheld as every format withholds it (Disclosure::withheld): a group's
    // figures hide only for its own small counts.
    const EvidenceValue* rr = find_kind(g, gc::kReferenceRate, K::rate);
    if (!rr || withheld_at(d, g, gc::kReferenceRate)) continue;
    ref_rate = rr->d;
    if (ref_name.empty()) ref_name = text_of(g, gc::kReferenceGroup);
    const EvidenceValue* rn = g.find(gc::kReferencePool);
    const EvidenceValue* rs = g.find(gc::kReferenceSelected);
    ref_row = {{group_as_words(rule, ref_name) + " " + i18n::text("(reference)"), ""},
               {rn ? shown_text(*rn, d, withheld_at(d, g, gc::kReferencePool)) : "", "count"},
               {rs ? shown_text(*rs, d, withheld_at(d, g, gc::kReferenceSelected)) : "", "count"},
               {percent(rr->d), "rate"},
               {i18n::decimal("1.00"), "ratio"},
               {"", ""},
               {i18n::text("reference"), ""}};
    break;
  }
  ChartRow rr;
  rr.label = group_as_words(rule, ref_name) + " " + i18n::text("(reference)");
  rr.cells.push_back(ref_rate ? ChartCell{*ref_rate, percent(*ref_rate), "ref"}
                              : ChartCell{std::nullopt, i18n::text("hidden: small numbers"), ""});
  c.rows.push_back(rr);
  if (!ref_row.empty()) c.table_rows.push_back(ref_row);

  int shown = 0, withheld = 0;
  for (const auto& g : groups->children) {
    const bool hidden = withheld_at(d, g, gc::kRate);
    const bool ir_hidden = withheld_at(d, g, gc::kImpactRatio);
    ChartRow row;
    row.label = group_as_words(rule, text_of(g, gc::kGroup));
    const EvidenceValue* rate = find_kind(g, gc::kRate, K::rate);
    const EvidenceValue* ir = ir_hidden ? nullptr : find_kind(g, gc::kImpactRatio, K::ratio);
    const std::string ff = withheld_at(d, g, gc::kFourFifths) ? std::string() : text_of(g, gc::kFourFifths);
    ChartCell cell;
    if (hidden) {
      cell.text = i18n::text("hidden: small numbers");
      ++withheld;
    } else if (rate) {
      cell.value = rate->d;
      cell.text = percent(rate->d) + (ir ? " · " + i18n::text("IR") + " " + fixed2(ir->d) : "") +
                  (ff == gc::kAdverse ? " ▼" : "");
      cell.tone = ff == gc::kAdverse ? "adverse" : "";
      ++shown;
    } else {
      cell.text = i18n::text("no one in the pool");
    }
    row.cells.push_back(cell);
    c.rows.push_back(row);
    const EvidenceValue* n = g.find(gc::kPool);
    const EvidenceValue* s = g.find(gc::kSelected);
    c.table_rows.push_back({{row.label, ""},
                            {n ? shown_text(*n, d, withheld_at(d, g, gc::kPool)) : "", "count", withheld_at(d, g, gc::kPool)},
                            {s ? shown_text(*s, d, withheld_at(d, g, gc::kSelected)) : "", "count", withheld_at(d, g, gc::kSelected)},
                            {rate ? shown_text(*rate, d, hidden) : "", "rate", hidden},
                            {ir ? value_text(*ir, d, false) : (ir_hidden ? shown_text({}, d, true) : ""), "ratio", ir_hidden},
                            {group_as_words(rule, ff), ""},
                            {withheld_at(d, g, gc::kOutcome) ? ""
                             : group_as_words(rule, text_of(g, gc::kOutcome)),
                             ""}});
  }
  if (ref_rate) {
    c.marker = threshold * *ref_rate;
    c.marker_label = say("four-fifths line ({threshold} × {reference})",
                         {{"threshold", fixed2(threshold)}, {"reference", group_as_words(rule, ref_name)}});
  }
  c.description = say("Bar chart of the selection rate from {from} to {to} for each {attribute} group, against the "
                      "reference group {reference}.",
                      {{"from", code_as_words(rule, from)},
                       {"to", code_as_words(rule, to)},
                       {"attribute", code_as_words(rule, attr)},
                       {"reference", group_as_words(rule, ref_name)}}) +
                  " " + say("{shown} group(s) shown", {{"shown", std::to_string(shown)}}) +
                  (withheld ? ", " + say("{withheld} withheld for small numbers", {{"withheld", std::to_string(withheld)}})
                            : "") +
                  ". " +
                  say("Bars that end left of the dashed four-fifths line are below {threshold} of the reference rate.",
                      {{"threshold", fixed2(threshold)}});
  return render_chart(c);
}

std::string selection_chart(const std::map<std::string, FunnelSum>& fs, const std::string& attr, bool invite,
                            const Disclosure& d) {
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> counts;
  for (const auto& [g, f] : fs)
    if (attr_of(g) == attr && is_declared(g))
      counts[g] = invite ? std::make_pair(f.qualified, f.invited) : std::make_pair(f.invited, f.hired);
  auto rates = rates_by_group(counts, d);
  // The run's counts hidden across tables (complements.hpp): those of the
  // units table, qualified to invited.
  if (const Complements* cm = d.complements(); cm && invite)
    for (const auto& [g, _] : counts)
      for (const char m : {'n', 's'})
        if (cm->run_total(g, m)) withhold_count(rates, g, m);
  int with_pool = 0;
  for (const auto& [g, gr] : rates) with_pool += gr.n > 0;
  if (with_pool < 2) return {};

  const std::string from = i18n::text(invite ? "qualified" : "invited to interview");
  const std::string to = i18n::text(invite ? "invited to interview" : "hired");
  Chart c;
  c.id = "chart-rate-" + attr + (invite ? "-invited" : "-hired");
  c.title = say("Selection rate by {attribute}: {from} → {to}",
                {{"attribute", code_as_words("host", attr)}, {"from", from}, {"to", to}}) +
            " " + i18n::text("(all rounds)");
  c.max = 1;
  c.percent = true;
  c.table_head = {i18n::text("group"),          i18n::text(invite ? "qualified" : "invited"),
                  i18n::text(invite ? "invited" : "hired"), i18n::text("selection rate"),
                  i18n::text("impact ratio"),   i18n::text("below four-fifths")};
  std::optional<double> ref_rate;
  std::string ref_name;
  int adverse = 0, withheld = 0;
  for (const auto& [g, gr] : rates) {
    if (gr.reference && gr.rate) {
      ref_rate = gr.rate;
      ref_name = value_of(g);
    }
    ChartRow row;
    const std::string group_words = group_as_words("host", value_of(g));
    row.label = group_words + (gr.reference ? " " + i18n::text("(reference)") : "");
    ChartCell cell;
    if (gr.withheld) {
      cell.text = i18n::text("hidden: small numbers");
      ++withheld;
    } else if (gr.rate) {
      cell.value = gr.rate;
      cell.text = percent(*gr.rate) + (gr.ratio ? " · " + i18n::text("IR") + " " + fixed2(*gr.ratio) : "") +
                  (gr.adverse ? " ▼" : "") + (gr.ratio_withheld ? " · " + i18n::text("IR hidden") : "");
      cell.tone = gr.reference ? "ref" : gr.adverse ? "adverse" : "";
      adverse += gr.adverse;
    } else {
      cell.text = i18n::text("no one at this stage");
    }
    row.cells.push_back(cell);
    c.rows.push_back(row);
    c.table_rows.push_back({{group_words, ""},
                            {gr.pool_withheld && !d.small(gr.n) ? i18n::text("hidden") : d.count_text(gr.n), "count",
                             gr.pool_withheld},
                            {gr.selected_withheld && !d.small(gr.selected) ? i18n::text("hidden") : d.count_text(gr.selected),
                             "count", gr.selected_withheld},
                            {gr.withheld ? i18n::text("hidden") : gr.rate ? percent(*gr.rate) : "", "rate", gr.withheld},
                            {gr.ratio_withheld ? i18n::text("hidden") : gr.ratio ? fixed2(*gr.ratio) : "", "ratio",
                             gr.ratio_withheld},
                            {gr.ratio_withheld ? "" : i18n::text(gr.adverse ? "yes" : "no"), ""}});
  }
  if (ref_rate) {
    // UGESP 1607.4(D): four-fifths of the highest group's rate.
    c.marker = 0.8 * *ref_rate;
    c.marker_label = say("four-fifths line (0.8 × {reference})",
                         {{"reference", group_as_words("host", ref_name)}});
  }
  const std::string ref_words = group_as_words("host", ref_name);
  c.description =
      say("Bar chart of the share of {from} applicants who were {to}, for each declared {attribute} group over all "
          "audited rounds.",
          {{"from", from}, {"to", to}, {"attribute", code_as_words("host", attr)}}) +
      " " +
      (ref_rate ? say("The reference is {reference} at {rate}; {adverse} group(s) fall below the four-fifths line.",
                      {{"reference", ref_words}, {"rate", percent(*ref_rate)}, {"adverse", std::to_string(adverse)}})
                : i18n::text("No reference rate can be shown.")) +
      (withheld ? " " + say("{withheld} group(s) withheld for small numbers.", {{"withheld", std::to_string(withheld)}})
                : "");
  c.note = i18n::text(
      "Declined, unknown and not-asked answers are not a group here; see the funnel below for their numbers.");
  return render_chart(c);
}

std::string funnel_chart(const std::map<std::string, FunnelSum>& fs, const std::string& attr, const Disclosure& d) {
  Chart c;
  c.id = "chart-funnel-" + attr;
  c.title = say("Applicant funnel by {attribute}", {{"attribute", code_as_words("host", attr)}}) + " " +
            i18n::text("(all rounds)");
  c.series = {i18n::text("applied"), i18n::text("qualified"), i18n::text("invited"), i18n::text("interviewed"),
              i18n::text("hired")};
  c.table_head = {i18n::text("group"),   i18n::text("applied"),     i18n::text("qualified"),
                  i18n::text("invited"), i18n::text("interviewed"), i18n::text("hired")};
  int groups = 0;
  for (const auto& [g, f] : fs) {
    if (attr_of(g) != attr) continue;
    ++groups;
    ChartRow row;
    row.label = code_as_words("host", value_of(g));
    std::vector<TableCell> trow{{row.label, ""}};
    const Complements* cm = d.complements();
    int column = 0;
    for (std::int64_t v : {f.applied, f.qualified, f.invited, f.interviewed, f.hired}) {
      // Qualified and invited are the units table's counts, hidden with it
      // where a unit's would be found from the run's (complements.hpp).
      const int at = column++;
      if (cm && ((at == 1 && cm->run_total(g, 'n')) || (at == 2 && cm->run_total(g, 's')))) {
        row.cells.push_back({std::nullopt, i18n::text("hidden"), ""});
        trow.push_back({i18n::text("hidden"), "count", true});
        continue;
      }
      // A small count gets no bar at all: its length would tell the number.
      if (d.small(v)) row.cells.push_back({std::nullopt, d.small_text(), ""});
      else row.cells.push_back({static_cast<double>(v), std::to_string(v), ""});
      trow.push_back({d.count_text(v), "count", d.small(v)});
    }
    c.rows.push_back(row);
    c.table_rows.push_back(trow);
  }
  if (groups == 0) return {};
  c.description = say("Grouped bar chart: for each {attribute} answer, how many applicants applied, were qualified, "
                      "invited to interview, interviewed and hired, over all audited rounds.",
                      {{"attribute", code_as_words("host", attr)}}) +
                  (d.audience() == Audience::union_
                       ? " " + say("Counts below {min_cell} are shown as {small} without a bar.",
                                   {{"min_cell", std::to_string(d.min_cell())}, {"small", d.small_text()}})
                       : std::string());
  return render_chart(c);
}

namespace {

// "{key}" in a translated text replaced by its value.
std::string fill(std::string t, std::string_view key, const std::string& value) {
  if (const auto at = t.find(key); at != std::string::npos) t.replace(at, key.size(), value);
  return t;
}

std::string plugin_of(const std::string& rule) { return rule.substr(0, rule.find('/')); }

}  // namespace

std::string involvement_chart(const run::RunResult& r, const std::map<std::string, RuleInfo>& rules,
                              std::size_t max_units) {
  // The plugin that declares the representative-in-time rule, and its round rules.
  std::string plugin;
  for (const auto& [id, info] : rules)
    if (info.indicator == Indicator::representative_in_time) plugin = plugin_of(id);
  if (plugin.empty()) return {};
  std::vector<std::string> ids;
  for (const auto& [id, info] : rules)
    if (plugin_of(id) == plugin && info.scope == Scope::round) ids.push_back(id);

  using Tally = std::array<std::uint64_t, 4>;  // Verdict order
  struct Unit {
    std::string name;
    std::uint64_t breaches = 0;
    std::vector<Tally> by_rule;
  };
  std::vector<Unit> units;
  for (const auto& [name, ind] : r.indicators.units()) {
    Unit u{name, 0, {}};
    bool any = false;
    for (const auto& id : ids) {
      Tally t{};
      if (auto it = ind.round_verdicts.find(id); it != ind.round_verdicts.end()) t = it->second;
      any = any || t[0] + t[1] + t[2] + t[3] > 0;
      u.breaches += t[1];
      u.by_rule.push_back(t);
    }
    if (any) units.push_back(std::move(u));
  }
  if (units.empty()) return {};
  const std::size_t all_units = units.size();
  std::stable_sort(units.begin(), units.end(), [](const Unit& a, const Unit& b) { return a.breaches > b.breaches; });
  if (units.size() > max_units) units.resize(max_units);

  StackChart c;
  c.id = "chart-involvement";
  c.title = i18n::text("Representative involvement, rule by rule, per unit");
  // Complies, breach, not applicable, not recorded: the Verdict order.
  c.parts = {i18n::text("complies"), i18n::text("breach"), i18n::text("not applicable"),
             i18n::text("not recorded")};
  c.colours = {"#009E73", "#D55E00", "#BBBBBB", "#56B4E9"};
  c.table_head = {i18n::text("unit"),   i18n::text("rule"),           i18n::text("complies"),
                  i18n::text("breach"), i18n::text("not applicable"), i18n::text("not recorded")};
  for (const auto& u : units)
    for (std::size_t i = 0; i < ids.size(); ++i) {
      const Tally& t = u.by_rule[i];
      const auto it = rules.find(ids[i]);
      StackRow row;
      row.group = u.name;
      row.label = i18n::rule_text(ids[i], it->second.summary);
      row.parts.assign(t.begin(), t.end());
      const std::uint64_t decided = t[0] + t[1];
      row.text = decided ? fill(fill(i18n::text("{complies} of {rounds} complied"), "{complies}", std::to_string(t[0])),
                                "{rounds}", std::to_string(decided))
                         : i18n::text("no verdict");
      c.rows.push_back(std::move(row));
      c.table_rows.push_back({{u.name, ""},
                              {ids[i], ""},
                              {std::to_string(t[0]), "rounds"},
                              {std::to_string(t[1]), "rounds"},
                              {std::to_string(t[2]), "rounds"},
                              {std::to_string(t[3]), "rounds"}});
    }
  c.description = i18n::text(
      "Stacked bars: for each unit and each rule on the representative's part in a hiring round, how many of the "
      "unit's rounds complied, were in breach, where the rule did not apply, and where the export did not record "
      "what the rule needs. A rule with nothing recorded is not counted as complied.");
  c.note = i18n::text("Counts here are of hiring rounds, not of people.");
  if (all_units > units.size())
    c.note += " " + fill(fill(i18n::text("{shown} of {units} units shown, those with most breaches first."), "{shown}",
                              std::to_string(units.size())),
                         "{units}", std::to_string(all_units));
  return render_stack_chart(c);
}

std::string funnel_plot(const run::RunResult& r, const std::string& attr, const Disclosure& d) {
  // Pooled over all units: the two declared groups with the most qualified
  // applicants (women and men; with and without), the one invited less often
  // the focal group, the other the reference. A small group (another gender)
  // would make every unit's ratio noise, and hide most units from the union.
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> pooled;
  for (const auto& [unit, ind] : r.indicators.units())
    for (const auto& [g, f] : ind.groups)
      if (attr_of(g) == attr && is_declared(g)) {
        pooled[g].first += static_cast<std::int64_t>(f.qualified);
        pooled[g].second += static_cast<std::int64_t>(f.invited);
      }
  std::vector<std::pair<std::string, std::pair<std::int64_t, std::int64_t>>> by_size(pooled.begin(), pooled.end());
  std::stable_sort(by_size.begin(), by_size.end(),
                   [](const auto& a, const auto& b) { return a.second.first > b.second.first; });
  if (by_size.size() < 2 || by_size[1].second.first <= 0) return {};
  const auto rate_of = [](const std::pair<std::int64_t, std::int64_t>& ns) {
    return double(ns.second) / double(ns.first);
  };
  const bool first_lower = rate_of(by_size[0].second) < rate_of(by_size[1].second);
  const std::string focus = by_size[first_lower ? 0 : 1].first, reference = by_size[first_lower ? 1 : 0].first;
  const double p1 = rate_of(pooled[focus]), p2 = rate_of(pooled[reference]);
  if (p1 <= 0 || p2 <= 0 || p1 >= 1 || p2 >= 1) return {};
  for (const auto& g : {focus, reference}) {
    const auto [n, s] = pooled[g];
    if (d.small(n) || d.small(s) || d.small(n - s)) return {};
  }
  const double ratio0 = p1 / p2;
  const double share = double(pooled[focus].first) / double(pooled[focus].first + pooled[reference].first);

  struct Point {
    std::string unit;
    std::int64_t n1, s1, n2, s2;
  };
  std::vector<Point> points;
  int withheld = 0, no_reference = 0;
  std::int64_t n_max = 0;
  const Complements* cm = d.complements();
  const auto hidden = [&](const std::string& unit, const std::string& g, std::int64_t n, std::int64_t s) {
    return d.small(n) || d.small(s) || d.small(n - s) || (cm && (cm->own(unit, g, 'n') || cm->own(unit, g, 's')));
  };
  for (const auto& [unit, ind] : r.indicators.units()) {
    auto f = ind.groups.find(focus), g = ind.groups.find(reference);
    if (f == ind.groups.end() || g == ind.groups.end() || f->second.qualified == 0 || g->second.qualified == 0) continue;
    const auto n1 = static_cast<std::int64_t>(f->second.qualified), s1 = static_cast<std::int64_t>(f->second.invited);
    const auto n2 = static_cast<std::int64_t>(g->second.qualified), s2 = static_cast<std::int64_t>(g->second.invited);
    if (hidden(unit, focus, n1, s1) || hidden(unit, reference, n2, s2)) {
      ++withheld;
      continue;
    }
    if (s2 == 0) {
      ++no_reference;
      continue;
    }
    points.push_back({unit, n1, s1, n2, s2});
    n_max = std::max(n_max, n1 + n2);
  }
  if (points.empty()) return {};

  // "woman", "man"; for the other attributes the answer alone ("no") says
  // too little: "immigrant background: no".
  const auto group_label = [&](const std::string& g) {
    const std::string value = code_as_words("host", value_of(g));
    return attr == "gender" ? value : code_as_words("host", attr) + ": " + value;
  };
  const std::string focal_words = group_label(focus);
  const std::string reference_words = group_label(reference);
  XYChart c;
  c.id = "chart-units-funnel-" + attr;
  c.title = say("Funnel plot: the impact ratio of {focal} to {reference} ({attribute}) in each unit, by the unit's size",
                {{"focal", focal_words}, {"reference", reference_words}, {"attribute", code_as_words("host", attr)}});
  c.x_label = say("qualified applicants of {focal} and {reference} in the unit",
                  {{"focal", focal_words}, {"reference", reference_words}});
  c.y_label = say("impact ratio ({focal} ÷ {reference})", {{"focal", focal_words}, {"reference", reference_words}});
  const double x_step = nice_step(double(n_max));
  c.x_max = std::ceil(double(n_max) * 1.05 / x_step) * x_step;
  for (double t = 0; t <= c.x_max + 1e-9; t += x_step) c.x_ticks.push_back({t, std::to_string(std::int64_t(t))});

  // The limits drawn from the smallest plotted unit's size to the axis' end,
  // for a unit whose groups are in the pooled proportion; each unit's own
  // position (the table) uses its own two group sizes.
  std::int64_t n_min = n_max;
  for (const auto& p : points) n_min = std::min(n_min, p.n1 + p.n2);
  const double from = std::max(2.0, double(n_min) / 2);
  struct Level {
    double p;
    const char* label;
    const char* dash;
  };
  const Level levels[] = {{0.001, "99.8 % limits", "2 3"}, {0.025, "95 % limits", "6 3"}};
  double y_max = std::max(1.5, 1.2 * ratio0);
  for (const auto& p : points)
    y_max = std::max(y_max, (double(p.s1) / double(p.n1)) / (double(p.s2) / double(p.n2)) * 1.1);
  y_max = std::min(y_max, 4.0);
  for (const Level& l : levels) {
    XYLine lo{i18n::text(l.label), {}, "#555", l.dash, false}, hi{"", {}, "#555", l.dash, false};
    for (int i = 0; i <= 80; ++i) {
      const double n = from * std::pow(c.x_max / from, i / 80.0);
      const double n1 = std::max(1.0, n * share), n2 = std::max(1.0, n * (1 - share));
      lo.points.push_back({n, ratio_limit(n1, n2, p1, p2, l.p)});
      hi.points.push_back({n, std::min(y_max, ratio_limit(n1, n2, p1, p2, 1 - l.p))});
    }
    c.lines.push_back(std::move(lo));
    c.lines.push_back(std::move(hi));
  }
  c.lines.push_back({i18n::text("impact ratio over all units"), {{0, ratio0}, {c.x_max, ratio0}}, "#009E73", "", false});
  c.lines.push_back({i18n::text("equal rates"), {{0, 1}, {c.x_max, 1}}, "#999", "1 2", false});
  c.y_max = y_max;
  const double y_step = nice_step(c.y_max);
  for (double t = 0; t <= c.y_max + 1e-9; t += y_step) c.y_ticks.push_back({t, fixed2(t)});

  c.table_head = {i18n::text("unit"),
                  say("qualified ({group})", {{"group", focal_words}}),
                  say("invited ({group})", {{"group", focal_words}}),
                  say("qualified ({group})", {{"group", reference_words}}),
                  say("invited ({group})", {{"group", reference_words}}),
                  i18n::text("impact ratio"),
                  i18n::text("95 % limits"),
                  i18n::text("position")};
  int below = 0, above = 0;
  for (const auto& p : points) {
    const double ratio = (double(p.s1) / double(p.n1)) / (double(p.s2) / double(p.n2));
    // A unit with a group all or none invited has no log ratio: half an
    // applicant is added to each count of its two groups for its position.
    const bool edge = p.s1 == 0 || p.s1 == p.n1 || p.s2 == p.n2;
    const double r_pos = edge ? ((p.s1 + 0.5) / (p.n1 + 1.0)) / ((p.s2 + 0.5) / (p.n2 + 1.0)) : ratio;
    const double n1 = double(p.n1), n2 = double(p.n2);
    const double lo95 = ratio_limit(n1, n2, p1, p2, 0.025), hi95 = ratio_limit(n1, n2, p1, p2, 0.975);
    const double lo998 = ratio_limit(n1, n2, p1, p2, 0.001), hi998 = ratio_limit(n1, n2, p1, p2, 0.999);
    std::string where;
    std::string tone;
    if (r_pos < lo998) where = i18n::text("below the 99.8 % limit"), tone = "adverse", ++below;
    else if (r_pos < lo95) where = i18n::text("below the 95 % limit"), tone = "adverse", ++below;
    else if (r_pos > hi998) where = i18n::text("above the 99.8 % limit"), tone = "high", ++above;
    else if (r_pos > hi95) where = i18n::text("above the 95 % limit"), tone = "high", ++above;
    else where = i18n::text("within the limits");
    c.points.push_back({double(p.n1 + p.n2), std::min(ratio, y_max), p.unit + ": " + fixed2(ratio) + " — " + where, tone});
    c.table_rows.push_back({{p.unit, ""},
                            {std::to_string(p.n1), "count"},
                            {std::to_string(p.s1), "count"},
                            {std::to_string(p.n2), "count"},
                            {std::to_string(p.s2), "count"},
                            {fixed2(ratio), "ratio"},
                            {fixed2(lo95) + " – " + fixed2(hi95), "ratio"},
                            {where, ""}});
  }
  c.description = say(
      "Funnel plot: each dot is a unit, placed by how many qualified applicants of {focal} and {reference} it had "
      "and by its impact ratio, the invitation rate of {focal} divided by that of {reference} in the unit. Over all "
      "units the ratio is {ratio} ({focal_rate} against {reference_rate}). The dashed lines are the 95 % and 99.8 % "
      "limits within which a unit of that size falls by chance alone when its groups are invited at the rates over "
      "all units. {below} unit(s) fall below the 95 % limit, {above} above it.",
      {{"focal", focal_words},
       {"reference", reference_words},
       {"ratio", fixed2(ratio0)},
       {"focal_rate", percent(p1)},
       {"reference_rate", percent(p2)},
       {"below", std::to_string(below)},
       {"above", std::to_string(above)}});
  c.note = i18n::text(
      "A small unit varies more by chance: compare a unit with the limits at its own size, not with the largest "
      "units. Outside the 95 % limit is worth a question; outside the 99.8 % limit, a closer look.");
  if (withheld)
    c.note += " " + fill(i18n::text("{units} unit(s) left out: their counts are hidden for small numbers."), "{units}",
                         std::to_string(withheld));
  if (no_reference)
    c.note += " " + say("{units} unit(s) left out: no applicant of {reference} was invited there, so they have no ratio.",
                        {{"units", std::to_string(no_reference)}, {"reference", reference_words}});
  return render_xy_chart(c);
}

std::string trend_charts(const std::vector<run::TrendPoint>& trends, std::size_t max_units) {
  if (trends.empty()) return {};
  std::map<std::string, std::vector<const run::TrendPoint*>> by_unit;
  std::int64_t newest = 0;
  for (const auto& t : trends) {
    by_unit[t.org_unit].push_back(&t);
    newest = std::max(newest, t.run_id);
  }
  auto open_of = [](const run::TrendPoint& t) { return t.fresh + t.persisting; };
  std::vector<std::pair<std::string, std::uint64_t>> order;
  for (auto& [unit, pts] : by_unit) {
    std::sort(pts.begin(), pts.end(), [](auto* a, auto* b) { return a->run_id < b->run_id; });
    std::uint64_t last = 0, any = 0;
    for (auto* p : pts) {
      any += open_of(*p) + p->resolved + p->suppressed;
      if (p->run_id == newest) last = open_of(*p);
    }
    if (any) order.push_back({unit, last});
  }
  if (order.empty()) return {};
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  const std::size_t all_units = order.size();
  if (order.size() > max_units) order.resize(max_units);

  std::string out;
  int index = 0;
  for (const auto& [unit, last] : order) {
    const auto& pts = by_unit[unit];
    XYChart c;
    c.id = "chart-trend-" + std::to_string(index++);
    const std::string name = unit.empty() ? i18n::text("the whole export") : unit;
    c.title = fill(i18n::text("Trend for {unit}: findings by state in each run"), "{unit}", name);
    c.x_label = i18n::text("run");
    c.y_label = i18n::text("findings");
    struct State {
      const char* word;
      const char* colour;
      std::uint64_t run::TrendPoint::*field;
    };
    const State states[] = {{"new", "#D55E00", &run::TrendPoint::fresh},
                            {"persisting", "#0072B2", &run::TrendPoint::persisting},
                            {"resolved", "#009E73", &run::TrendPoint::resolved},
                            {"suppressed", "#999999", &run::TrendPoint::suppressed}};
    double x_min = 0, x_max = 0, y_max = 0;
    bool first = true;
    std::vector<double> xs;
    for (auto* p : pts) {
      const auto t = Timestamp::parse(p->started_at);
      const double x = t ? t->days() + (t->has_time() ? t->seconds() / 86400.0 : 0) : 0;
      xs.push_back(x);
      x_min = first ? x : std::min(x_min, x);
      x_max = first ? x : std::max(x_max, x);
      first = false;
      for (const State& s : states) y_max = std::max(y_max, double((*p).*(s.field)));
    }
    const double pad = std::max(0.5, (x_max - x_min) * 0.05);
    c.x_min = x_min - pad;
    c.x_max = x_max + pad;
    const double y_step = nice_step(std::max(1.0, y_max));
    c.y_max = std::max(1.0, std::ceil(y_max / y_step) * y_step);
    for (double t = 0; t <= c.y_max + 1e-9; t += y_step) c.y_ticks.push_back({t, std::to_string(std::int64_t(t))});
    // A tick per run, or per k-th run when there are many; each day once.
    const std::size_t every = std::max<std::size_t>(1, (pts.size() + 5) / 6);
    std::set<std::int32_t> ticked;
    for (std::size_t i = 0; i < pts.size(); i += every) {
      const auto t = Timestamp::parse(pts[i]->started_at);
      if (!t || !ticked.insert(t->days()).second) continue;
      c.x_ticks.push_back({xs[i], i18n::date(Timestamp::from_days(t->days()))});
    }
    for (const State& s : states) {
      XYLine l{i18n::text(s.word), {}, s.colour, "", true};
      for (std::size_t i = 0; i < pts.size(); ++i) l.points.push_back({xs[i], double((*pts[i]).*(s.field))});
      c.lines.push_back(std::move(l));
    }
    c.table_head = {i18n::text("run"),      i18n::text("started"),  i18n::text("new"),
                    i18n::text("persisting"), i18n::text("resolved"), i18n::text("suppressed")};
    for (auto* p : pts) {
      const auto t = Timestamp::parse(p->started_at);
      c.table_rows.push_back({{std::to_string(p->run_id), ""},
                              {t ? i18n::date(*t) : p->started_at, ""},
                              {std::to_string(p->fresh), "findings"},
                              {std::to_string(p->persisting), "findings"},
                              {std::to_string(p->resolved), "findings"},
                              {std::to_string(p->suppressed), "findings"}});
    }
    c.description = fill(i18n::text(
        "Timeline of the stored runs of this policy for {unit}: in each run, the findings that were new, those that "
        "persisted from the run before, those resolved since it, and those suppressed in review, each as it stood "
        "when that run was made: a later review does not change an earlier run."), "{unit}", name);
    out += render_xy_chart(c);
  }
  if (all_units > order.size())
    out += "<p class=\"chart-note\">" +
           html_escape(fill(fill(i18n::text("{shown} of {units} units shown, those with most open findings first."),
                                 "{shown}", std::to_string(order.size())),
                            "{units}", std::to_string(all_units))) +
           "</p>";
  return out;
}

}  // namespace fairaudit::emit::html
