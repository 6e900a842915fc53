#include "emit/html/charts.hpp"

#include <algorithm>
#include <array>
#include <optional>

#include "emit/chart.hpp"
#include "emit/flat.hpp"
#include "emit/html/text.hpp"
#include "fairaudit/shapes.hpp"

namespace fairaudit::emit::html {
namespace {

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
  c.title = "Selection rate by " + humanise(attr) + ": " + humanise(from) + " → " + humanise(to);
  c.max = 1;
  c.percent = true;
  c.table_head = {"group", "in pool", "selected", "selection rate", "impact ratio", "four-fifths", "outcome"};

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
    ref_row = {{ref_name + " (reference)", ""},
               {rn ? shown_text(*rn, d, withheld_at(d, g, gc::kReferencePool)) : "", "count"},
               {rs ? shown_text(*rs, d, withheld_at(d, g, gc::kReferenceSelected)) : "", "count"},
               {percent(rr->d), "rate"},
               {"1.00", "ratio"},
               {"", ""},
               {"reference", ""}};
    break;
  }
  ChartRow rr;
  rr.label = ref_name + " (reference)";
  rr.cells.push_back(ref_rate ? ChartCell{*ref_rate, percent(*ref_rate), "ref"}
                              : ChartCell{std::nullopt, "hidden: small numbers", ""});
  c.rows.push_back(rr);
  if (!ref_row.empty()) c.table_rows.push_back(ref_row);

  int shown = 0, withheld = 0;
  for (const auto& g : groups->children) {
    const bool hidden = withheld_at(d, g, gc::kRate);
    const bool ir_hidden = withheld_at(d, g, gc::kImpactRatio);
    ChartRow row;
    row.label = text_of(g, gc::kGroup);
    const EvidenceValue* rate = find_kind(g, gc::kRate, K::rate);
    const EvidenceValue* ir = ir_hidden ? nullptr : find_kind(g, gc::kImpactRatio, K::ratio);
    const std::string ff = withheld_at(d, g, gc::kFourFifths) ? std::string() : text_of(g, gc::kFourFifths);
    ChartCell cell;
    if (hidden) {
      cell.text = "hidden: small numbers";
      ++withheld;
    } else if (rate) {
      cell.value = rate->d;
      cell.text = percent(rate->d) + (ir ? " · IR " + fixed2(ir->d) : "") + (ff == gc::kAdverse ? " ▼" : "");
      cell.tone = ff == gc::kAdverse ? "adverse" : "";
      ++shown;
    } else {
      cell.text = "no one in the pool";
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
                            {ff, ""},
                            {withheld_at(d, g, gc::kOutcome) ? "" : text_of(g, gc::kOutcome), ""}});
  }
  if (ref_rate) {
    c.marker = threshold * *ref_rate;
    c.marker_label = "four-fifths line (" + fixed2(threshold) + " × " + ref_name + ")";
  }
  c.description = "Bar chart of the selection rate from " + humanise(from) + " to " + humanise(to) + " for each " +
                  humanise(attr) + " group, against the reference group " + ref_name + ". " + std::to_string(shown) +
                  " group(s) shown" + (withheld ? ", " + std::to_string(withheld) + " withheld for small numbers" : "") +
                  ". Bars that end left of the dashed four-fifths line are below " + fixed2(threshold) +
                  " of the reference rate.";
  return render_chart(c);
}

std::string selection_chart(const std::map<std::string, FunnelSum>& fs, const std::string& attr, bool invite,
                            const Disclosure& d) {
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> counts;
  for (const auto& [g, f] : fs)
    if (attr_of(g) == attr && is_declared(g))
      counts[g] = invite ? std::make_pair(f.qualified, f.invited) : std::make_pair(f.invited, f.hired);
  auto rates = rates_by_group(counts, d);
  int with_pool = 0;
  for (const auto& [g, gr] : rates) with_pool += gr.n > 0;
  if (with_pool < 2) return {};

  const std::string from = invite ? "qualified" : "invited to interview";
  const std::string to = invite ? "invited to interview" : "hired";
  Chart c;
  c.id = "chart-rate-" + attr + (invite ? "-invited" : "-hired");
  c.title = "Selection rate by " + humanise(attr) + ": " + from + " → " + to + " (all rounds)";
  c.max = 1;
  c.percent = true;
  c.table_head = {"group", invite ? "qualified" : "invited", invite ? "invited" : "hired", "selection rate",
                  "impact ratio", "below four-fifths"};
  std::optional<double> ref_rate;
  std::string ref_name;
  int adverse = 0, withheld = 0;
  for (const auto& [g, gr] : rates) {
    if (gr.reference && gr.rate) {
      ref_rate = gr.rate;
      ref_name = value_of(g);
    }
    ChartRow row;
    row.label = value_of(g) + (gr.reference ? " (reference)" : "");
    ChartCell cell;
    if (gr.withheld) {
      cell.text = "hidden: small numbers";
      ++withheld;
    } else if (gr.rate) {
      cell.value = gr.rate;
      cell.text = percent(*gr.rate) + (gr.ratio ? " · IR " + fixed2(*gr.ratio) : "") + (gr.adverse ? " ▼" : "") +
                  (gr.ratio_withheld ? " · IR hidden" : "");
      cell.tone = gr.reference ? "ref" : gr.adverse ? "adverse" : "";
      adverse += gr.adverse;
    } else {
      cell.text = "no one at this stage";
    }
    row.cells.push_back(cell);
    c.rows.push_back(row);
    c.table_rows.push_back({{value_of(g), ""},
                            {gr.pool_withheld && !d.small(gr.n) ? "hidden" : d.count_text(gr.n), "count", gr.pool_withheld},
                            {d.count_text(gr.selected), "count", d.small(gr.selected)},
                            {gr.withheld ? "hidden" : gr.rate ? percent(*gr.rate) : "", "rate", gr.withheld},
                            {gr.ratio_withheld ? "hidden" : gr.ratio ? fixed2(*gr.ratio) : "", "ratio",
                             gr.ratio_withheld},
                            {gr.ratio_withheld ? "" : gr.adverse ? "yes" : "no", ""}});
  }
  if (ref_rate) {
    // UGESP 1607.4(D): four-fifths of the highest group's rate.
    c.marker = 0.8 * *ref_rate;
    c.marker_label = "four-fifths line (0.8 × " + ref_name + ")";
  }
  c.description = "Bar chart of the share of " + from + " applicants who were " + to + ", for each declared " +
                  humanise(attr) + " group over all audited rounds. " +
                  (ref_rate ? "The reference is " + ref_name + " at " + percent(*ref_rate) + "; " +
                                  std::to_string(adverse) + " group(s) fall below the four-fifths line."
                            : std::string("No reference rate can be shown.")) +
                  (withheld ? " " + std::to_string(withheld) + " group(s) withheld for small numbers." : "");
  c.note = "Declined, unknown and not-asked answers are not a group here; see the funnel below for their numbers.";
  return render_chart(c);
}

std::string funnel_chart(const std::map<std::string, FunnelSum>& fs, const std::string& attr, const Disclosure& d) {
  Chart c;
  c.id = "chart-funnel-" + attr;
  c.title = "Applicant funnel by " + humanise(attr) + " (all rounds)";
  c.series = {"applied", "qualified", "invited", "interviewed", "hired"};
  c.table_head = {"group", "applied", "qualified", "invited", "interviewed", "hired"};
  int groups = 0;
  for (const auto& [g, f] : fs) {
    if (attr_of(g) != attr) continue;
    ++groups;
    ChartRow row;
    row.label = humanise(value_of(g));
    std::vector<TableCell> trow{{humanise(value_of(g)), ""}};
    for (std::int64_t v : {f.applied, f.qualified, f.invited, f.interviewed, f.hired}) {
      // A small count gets no bar at all: its length would tell the number.
      if (d.small(v)) row.cells.push_back({std::nullopt, d.small_text(), ""});
      else row.cells.push_back({static_cast<double>(v), std::to_string(v), ""});
      trow.push_back({d.count_text(v), "count", d.small(v)});
    }
    c.rows.push_back(row);
    c.table_rows.push_back(trow);
  }
  if (groups == 0) return {};
  c.description = "Grouped bar chart: for each " + humanise(attr) +
                  " answer, how many applicants applied, were qualified, invited to interview, interviewed and "
                  "hired, over all audited rounds." +
                  (d.audience() == Audience::union_ ? " Counts below " + std::to_string(d.min_cell()) +
                                                          " are shown as " + d.small_text() + " without a bar."
                                                    : std::string());
  return render_chart(c);
}

std::string representative_chart(const std::vector<UnitRow>& rows, const std::string& rule) {
  Chart c;
  c.id = "chart-representative";
  c.title = "Representative involved in time, by unit";
  c.max = 1;
  c.percent = true;
  c.table_head = {"unit", "rounds with a verdict", "in time", "share"};
  for (const auto& row : rows) {
    if (!row.rep_checked) continue;
    ChartRow cr;
    cr.label = row.org_unit;
    cr.cells.push_back({row.rep_share, std::to_string(row.rep_in_time) + " of " + std::to_string(row.rep_checked) +
                                           " (" + percent(*row.rep_share) + ")",
                        ""});
    c.rows.push_back(cr);
    c.table_rows.push_back({{row.org_unit, ""},
                            {std::to_string(row.rep_checked), "rounds"},
                            {std::to_string(row.rep_in_time), "rounds"},
                            {percent(*row.rep_share), "share_of_rounds"}});
  }
  if (c.rows.empty()) return {};
  c.description =
      "Bar chart: for each unit (and the units above it, which include their subunits), the share of hiring rounds "
      "in which the representative received the recommendation in time before the decision (" +
      rule + "), of the rounds where that rule gave a verdict.";
  c.note = "Counts here are of hiring rounds, not of people.";
  return render_chart(c);
}

std::string trend_chart(const std::vector<run::TrendPoint>& trends) {
  if (trends.empty()) return {};
  std::vector<std::string> order;
  std::map<std::string, std::array<std::uint64_t, 3>> by_run;
  std::map<std::string, std::string> when;
  for (const auto& t : trends) {
    const std::string id = std::to_string(t.run_id);
    if (!by_run.count(id)) order.push_back(id);
    auto& a = by_run[id];
    a[0] += t.error;
    a[1] += t.warning;
    a[2] += t.note;
    when[id] = t.started_at;
  }
  std::stable_sort(order.begin(), order.end(), [&](const auto& a, const auto& b) { return when[a] < when[b]; });
  Chart c;
  c.id = "chart-trend";
  c.title = "Findings across stored runs";
  c.series = {"errors", "warnings", "notes"};
  c.table_head = {"run", "started", "errors", "warnings", "notes"};
  for (const auto& id : order) {
    const auto& a = by_run[id];
    ChartRow row;
    row.label = when[id].substr(0, 16) + " " + id.substr(0, 8);
    std::vector<TableCell> trow{{id, ""}, {when[id], ""}};
    for (auto v : a) {
      row.cells.push_back({static_cast<double>(v), std::to_string(v), ""});
      trow.push_back({std::to_string(v), "findings"});
    }
    c.rows.push_back(row);
    c.table_rows.push_back(trow);
  }
  c.description = "Grouped bar chart of the number of findings by severity in each stored run of this policy, oldest "
                  "first.";
  return render_chart(c);
}

}  // namespace fairaudit::emit::html
