#include "emit/units.hpp"

#include <algorithm>
#include <array>

#include "fairaudit/stats.hpp"

namespace fairaudit::emit {
namespace {

namespace st = fairaudit::stats;

constexpr std::array<const char*, 4> kAttributeOrder = {"gender", "immigrant_background", "disability", "cv_gap"};

std::size_t attribute_rank(const std::string& attr) {
  for (std::size_t i = 0; i < kAttributeOrder.size(); ++i)
    if (attr == kAttributeOrder[i]) return i;
  return kAttributeOrder.size();
}

std::string attribute_of(const std::string& group) { return group.substr(0, group.find('=')); }


}  // namespace

bool is_declared(const std::string& group) {
  auto eq = group.find('=');
  std::string v = eq == std::string::npos ? group : group.substr(eq + 1);
  return !v.empty() && v != "declined" && v != "unknown" && v != "not_asked";
}

bool is_open(const run::AuditFinding& f) {
  return f.review_state != common::ReviewState::resolved && f.review_state != common::ReviewState::suppressed;
}

std::map<std::string, GroupRate> rates_by_group(
    const std::map<std::string, std::pair<std::int64_t, std::int64_t>>& counts, const Disclosure& d) {
  std::map<std::string, GroupRate> out;
  // Per attribute: the groups in name order, and the reference among them.
  std::map<std::string, std::vector<std::string>> by_attr;
  for (const auto& [g, c] : counts)
    if (is_declared(g)) by_attr[attribute_of(g)].push_back(g);
  for (const auto& [attr, names] : by_attr) {
    std::vector<st::GroupCount> gc;
    for (const auto& n : names) gc.push_back({counts.at(n).first, counts.at(n).second});
    // UGESP 1607.4(D): compare with the group with the highest selection rate.
    auto ref = st::pick_reference(gc, st::ReferenceMode::highest_rate);
    for (std::size_t i = 0; i < names.size(); ++i) {
      GroupRate g;
      g.group = names[i];
      g.n = gc[i].n;
      g.selected = gc[i].selected;
      // A group's own rate needs only its own counts; its ratio, the
      // reference mark and the four-fifths verdict also say something about
      // the reference group's counts.
      g.withheld = d.small(g.n) || d.small(g.selected) || d.small(g.n - g.selected);
      g.pool_withheld = d.small(g.n) || (!d.small(g.selected) && d.small(g.n - g.selected));
      g.selected_withheld = d.small(g.selected);
      const bool ref_small =
          ref && (d.small(gc[*ref].n) || d.small(gc[*ref].selected) || d.small(gc[*ref].n - gc[*ref].selected));
      g.ratio_withheld = g.withheld || ref_small;
      if (!g.withheld) g.rate = st::selection_rate(gc[i]);
      if (ref && !ref_small) g.reference = *ref == i;
      if (ref && !g.ratio_withheld) {
        auto ir = st::impact_ratio(gc[i], gc[*ref]);
        g.ratio = ir.ratio;
        g.adverse = ir.verdict == st::FourFifths::adverse;
      }
      out.emplace(g.group, std::move(g));
    }
  }
  return out;
}

void withhold_count(std::map<std::string, GroupRate>& groups, const std::string& group, char measure) {
  auto it = groups.find(group);
  if (it == groups.end()) return;
  GroupRate& g = it->second;
  (measure == 'n' ? g.pool_withheld : g.selected_withheld) = true;
  g.withheld = g.ratio_withheld = true;
  g.rate.reset();
  g.ratio.reset();
  g.adverse = false;
  const bool was_reference = g.reference;
  g.reference = false;
  if (!was_reference) return;
  // The others' ratios are to this group's rate.
  for (auto& [name, other] : groups)
    if (attribute_of(name) == attribute_of(group)) {
      other.ratio_withheld = true;
      other.ratio.reset();
      other.adverse = false;
    }
}

namespace {

struct RowAcc {
  UnitRow row;
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> groups;  // qualified, invited
};

// The rows of the run's indicators, with what `findings` adds to `acc`.
template <typename Findings>
std::vector<UnitRow> rows_with(const run::RunResult& r, const Disclosure& d, Findings&& findings) {
  using Acc = RowAcc;
  std::map<std::string, Acc> acc;
  for (const auto& [unit, ind] : r.indicators.units()) {
    for (const auto& u : with_parents(unit)) {
      Acc& a = acc[u];
      a.row.org_unit = u;
      if (ind.rounds) ++a.row.units;  // an employer's measures records alone are no unit with rounds
      a.row.rounds += ind.rounds;
      a.row.applications += static_cast<std::int64_t>(ind.applications);
      a.row.rep_checked += ind.rep_checked;
      a.row.rep_in_time += ind.rep_in_time;
      a.row.measures_checked += ind.measures_checked;
      a.row.measures_complied += ind.measures_complied;
      for (const auto& [g, f] : ind.groups) {
        auto& c = a.groups[g];
        c.first += static_cast<std::int64_t>(f.qualified);
        c.second += static_cast<std::int64_t>(f.invited);
      }
    }
  }
  findings(acc);
  std::vector<UnitRow> rows;
  rows.reserve(acc.size());
  for (auto& [u, a] : acc) {
    if (a.row.rep_checked)
      a.row.rep_share = static_cast<double>(a.row.rep_in_time) / static_cast<double>(a.row.rep_checked);
    a.row.groups = rates_by_group(a.groups, d);
    const Complements* c = d.complements();
    a.row.applications_withheld = d.small(a.row.applications) || (c && c->applications(u));
    if (c)
      for (const auto& [g, _] : a.groups)
        for (const char m : {'n', 's'})
          if (c->unit(u, g, m)) withhold_count(a.row.groups, g, m);
    rows.push_back(std::move(a.row));
  }
  return rows;
}

}  // namespace

std::vector<UnitRow> unit_rows(const run::RunResult& r, const Disclosure& d) {
  return rows_with(r, d, [&](std::map<std::string, RowAcc>& acc) {
    run::for_each_finding(r, [&](const run::AuditFinding& f) {
      if (!is_open(f)) return;
      const std::string& rule = f.finding.rule;
      const std::string plugin = rule.substr(0, rule.find('/'));
      for (const auto& u : with_parents(f.finding.org_unit)) {
        RowAcc& a = acc[u];
        a.row.org_unit = u;
        ++a.row.open[int(f.severity)];
        ++a.row.open_by_plugin[plugin];
      }
    });
  });
}

std::vector<UnitRow> unit_rows_without_findings(const run::RunResult& r, const Disclosure& d,
                                                const std::set<std::string>& finding_units) {
  return rows_with(r, d, [&](std::map<std::string, RowAcc>& acc) {
    for (const auto& unit : finding_units)
      for (const auto& u : with_parents(unit)) acc[u].row.org_unit = u;
  });
}

std::vector<std::string> plugin_columns(const std::map<std::string, fairaudit::RuleInfo>& rules) {
  std::vector<std::string> plugins;
  for (const auto& [id, info] : rules) {
    const std::string plugin = id.substr(0, id.find('/'));
    if (plugin == "host" || id.find('/') == std::string::npos) continue;
    if (plugins.empty() || plugins.back() != plugin) plugins.push_back(plugin);
  }
  return plugins;  // the map is ordered by id, so by plugin
}

std::vector<std::string> group_columns(const std::vector<UnitRow>& rows) {
  std::vector<std::string> cols;
  for (const auto& row : rows)
    for (const auto& [g, _] : row.groups)
      if (std::find(cols.begin(), cols.end(), g) == cols.end()) cols.push_back(g);
  std::sort(cols.begin(), cols.end(), [](const std::string& a, const std::string& b) {
    auto ra = attribute_rank(attribute_of(a)), rb = attribute_rank(attribute_of(b));
    return ra != rb ? ra < rb : a < b;
  });
  return cols;
}

// The unit itself and every parent in its path: "a/b/c" -> a/b/c, a/b, a.
std::vector<std::string> with_parents(const std::string& unit) {
  std::vector<std::string> out;
  if (unit.empty()) return out;
  out.push_back(unit);
  for (auto pos = unit.rfind('/'); pos != std::string::npos && pos > 0; pos = unit.rfind('/', pos - 1))
    out.push_back(unit.substr(0, pos));
  return out;
}

}  // namespace fairaudit::emit
