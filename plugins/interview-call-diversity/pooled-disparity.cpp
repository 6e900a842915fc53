// interview-call-diversity/pooled-disparity — the selection-rate comparison
// pooled over the rounds of an org unit and, with pool_parents, of each parent
// in its path (oslo/bydel-x/helse pools into oslo/bydel-x and oslo). Single
// hiring rounds are small; UGESP 1607.4(D) and Q&A 20 tell users to pool over
// time or sites, and the Cochran–Mantel–Haenszel test does so without letting
// different base rates between rounds masquerade as a disparity (Simpson's
// paradox: UCBAdmissions).
//
// Each round is one stratum, and a pair of groups is compared over the rounds
// in which both took part. Every pair is tested once, with the group selected
// less within rounds as the focal group — whatever the crude totals say — and
// every pooled comparison of the run is one family for the multiple-testing
// adjustment (Benjamini–Hochberg by default). A disparity is reported at the
// deepest unit where it holds: a parent pools only the rounds of sub-units
// that did not report it themselves, so one piece of evidence gives one
// finding. The state kept per (unit, analysis, transition) is a handful of
// sums, so memory does not grow with the number of rounds.
#include <algorithm>
#include <map>
#include <stdexcept>

#include "rules.hpp"

namespace icd {
namespace {

std::string parent_of(const std::string& unit) {
  const auto pos = unit.rfind('/');
  return pos == std::string::npos || pos == 0 ? std::string{} : unit.substr(0, pos);
}

int depth_of(const std::string& unit) { return static_cast<int>(std::count(unit.begin(), unit.end(), '/')); }

void add_to(st::GroupCount& into, st::GroupCount g) {
  into.n += g.n;
  into.selected += g.selected;
}

}  // namespace

st::GroupCount& PooledDisparity::Cell::total(std::uint16_t id, const std::string& group) {
  for (std::size_t i = 0; i < total_ids.size(); ++i)
    if (total_ids[i] == id) return totals[i].second;
  total_ids.push_back(id);
  totals.emplace_back(group, st::GroupCount{});
  return totals.back().second;
}

PooledDisparity::PairSums& PooledDisparity::Cell::pair(std::uint16_t first_id, std::uint16_t second_id,
                                                       const std::string& first, const std::string& second) {
  const std::uint32_t key = std::uint32_t(first_id) << 16 | second_id;
  for (auto& p : pairs)
    if (p.key == key) return p;
  pairs.push_back({key, first, second, {}, {}, {}, 0, 0});
  return pairs.back();
}

void PooledDisparity::Cell::merge(const Cell& o) {
  rounds += o.rounds;
  add_to(unknown, o.unknown);
  for (std::size_t i = 0; i < o.totals.size(); ++i) add_to(total(o.total_ids[i], o.totals[i].first), o.totals[i].second);
  for (const auto& p : o.pairs) {
    PairSums& mine = pair(std::uint16_t(p.key >> 16), std::uint16_t(p.key & 0xFFFF), p.first, p.second);
    mine.sums.merge(p.sums);
    add_to(mine.first_n, p.first_n);
    add_to(mine.second_n, p.second_n);
    mine.first_expected += p.first_expected;
    mine.second_expected += p.second_expected;
  }
}

std::uint16_t PooledDisparity::id_of(std::size_t analysis, const std::string& group) {
  if (analysis >= names_.size()) names_.resize(analysis + 1);
  auto& names = names_[analysis];
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == group) return std::uint16_t(i);
  if (names.size() >= 0xFFFF) throw std::length_error("interview-call-diversity: more than 65,535 groups in one analysis");
  names.push_back(group);
  return std::uint16_t(names.size() - 1);
}

std::size_t PooledDisparity::cells() const {
  std::size_t n = 0;
  for (const auto& [unit, cells] : units_)
    for (const auto& cell : *cells) n += cell.rounds > 0;
  return n;
}

void PooledDisparity::add(const Round& r, const std::vector<TransitionCounts>& all) {
  const Config& c = *config_;
  if (!c.pool || r.org_unit.empty()) return;
  auto& slot = units_[r.org_unit];
  if (!slot) slot = std::make_unique<UnitCells>(analyses(c) * c.transitions.size());
  for (std::size_t k = 0; k < all.size(); ++k) {
    const TransitionCounts& counts = all[k];
    if (counts.groups.empty() && counts.unknown.n == 0) continue;
    const auto& groups = counts.groups;
    round_ids_.clear();
    for (const auto& [g, gc] : groups) round_ids_.push_back(id_of(k / c.transitions.size(), g));
    Cell& cell = (*slot)[k];
    ++cell.rounds;
    add_to(cell.unknown, counts.unknown);
    for (std::size_t i = 0; i < groups.size(); ++i) add_to(cell.total(round_ids_[i], groups[i].first), groups[i].second);
    // The groups are in name order, so first < second in every pair. A group
    // in the round has at least one person.
    for (std::size_t i = 0; i < groups.size(); ++i)
      for (std::size_t j = i + 1; j < groups.size(); ++j) {
        const st::GroupCount gi = groups[i].second, gj = groups[j].second;
        PairSums& p = cell.pair(round_ids_[i], round_ids_[j], groups[i].first, groups[j].first);
        p.sums.add(st::table(gi, gj));
        add_to(p.first_n, gi);
        add_to(p.second_n, gj);
        p.first_expected += static_cast<double>(gi.n) * static_cast<double>(gj.selected) / static_cast<double>(gj.n);
        p.second_expected += static_cast<double>(gj.n) * static_cast<double>(gi.selected) / static_cast<double>(gi.n);
      }
  }
}

namespace {

using Cell = PooledDisparity::Cell;
using UnitCells = PooledDisparity::UnitCells;

// One (unit, analysis, transition) as report() works it out.
struct PooledCheck {
  GroupCounts totals;  // by name
  GroupCounts excluded;
  std::string reference;  // the crude reference, for groups with no pair test
  std::vector<Comparison> pairs;  // both orientations of every pair
  std::vector<Comparison> comparisons;  // one per group shown
  Summary summary;
  std::vector<std::string> reported_below;  // sub-units whose rounds are left out
  std::int64_t rounds = 0;                  // the rounds pooled here
  std::int64_t left_out = 0;                // rounds of those sub-units
  st::GroupCount unknown;
  // The one sub-unit whose rounds are all the unit pools here (none of its
  // own): the same evidence as that sub-unit's check, not tested again.
  std::string same_as;
};

// Both orientations of every pair of groups not excluded, each tested only in
// the direction in which its focal group is selected less within rounds.
void pair_comparisons(const Config& c, const Cell& cell, PooledCheck& pc) {
  for (const auto& p : cell.pairs) {
    if (find_group(pc.excluded, p.first) || find_group(pc.excluded, p.second)) continue;
    const st::GroupCount first_total = *find_group(pc.totals, p.first);
    const st::GroupCount second_total = *find_group(pc.totals, p.second);
    Comparison a = compare_pooled(c, p.first, first_total, p.second, second_total,
                                  Strata{p.sums, p.first_n, p.second_n, p.first_expected});
    Comparison b = compare_pooled(c, p.second, second_total, p.first, first_total,
                                  Strata{p.sums.swapped(), p.second_n, p.first_n, p.second_expected});
    // The pair has the sufficiency of its lower orientation: the other cannot
    // show a disparity against its focal group and must not make the pair
    // look decided.
    Comparison* lower = a.lower ? &a : b.lower ? &b : nullptr;
    Comparison* upper = lower == &a ? &b : &a;
    if (lower && !lower->sufficient) {
      upper->sufficient = false;
      upper->tested = false;
      upper->outcome = Outcome::insufficient_data;
    }
    pc.pairs.push_back(std::move(a));
    pc.pairs.push_back(std::move(b));
  }
}

// Of a group's comparisons, the one it is shown with: the worst outcome, then
// the smallest adjusted p, then the comparison with the crude reference.
void choose_entries(PooledCheck& pc) {
  pc.comparisons.clear();
  for (const auto& [g, gc] : pc.totals) {
    if (find_group(pc.excluded, g)) continue;
    const Comparison* best = nullptr;
    auto better = [&](const Comparison& x, const Comparison& y) {
      if (x.outcome != y.outcome) return x.outcome > y.outcome;
      if (x.tested != y.tested) return x.tested;
      if (x.tested && *x.p_adjusted != *y.p_adjusted) return *x.p_adjusted < *y.p_adjusted;
      if ((x.reference == pc.reference) != (y.reference == pc.reference)) return x.reference == pc.reference;
      return x.reference < y.reference;
    };
    for (const auto& cmp : pc.pairs)
      if (cmp.group == g && (!best || better(cmp, *best))) best = &cmp;
    if (!best) continue;
    // The crude reference is shown only when it is itself selected less
    // within rounds than another group.
    if (g == pc.reference && !best->tested) continue;
    pc.comparisons.push_back(*best);
  }
  pc.summary = summarise(pc.comparisons);
}

}  // namespace

void PooledDisparity::report(fairaudit::Sink& sink) const {
  const Config& c = *config_;
  const std::size_t transitions = c.transitions.size();
  const std::size_t cells_per_unit = analyses(c) * transitions;

  // The units: those with rounds of their own and, with pool_parents, every
  // parent in their paths; each with its direct sub-units.
  std::map<std::string, std::vector<std::string>> children;
  for (const auto& [unit, cells] : units_) {
    children.try_emplace(unit);
    if (!c.pool_parents) continue;
    for (std::string u = unit, p = parent_of(u); !p.empty(); u = p, p = parent_of(u)) {
      auto& kids = children[p];
      if (std::find(kids.begin(), kids.end(), u) == kids.end()) kids.push_back(u);
    }
  }
  // Deepest first, so that a unit's sub-units are worked out before it.
  std::vector<const std::string*> order;
  for (const auto& [unit, kids] : children) order.push_back(&unit);
  std::stable_sort(order.begin(), order.end(),
                   [](const std::string* x, const std::string* y) { return depth_of(*x) > depth_of(*y); });

  // Every round below a unit, per cell (for the count of rounds left out).
  std::map<std::string, std::vector<std::int64_t>> all_rounds;
  for (const std::string* u : order) {
    auto& rounds = all_rounds[*u];
    rounds.assign(cells_per_unit, 0);
    if (auto it = units_.find(*u); it != units_.end())
      for (std::size_t k = 0; k < cells_per_unit; ++k) rounds[k] += (*it->second)[k].rounds;
    for (const auto& kid : children[*u]) {
      const auto& below = all_rounds[kid];
      for (std::size_t k = 0; k < cells_per_unit; ++k) rounds[k] += below[k];
    }
  }

  // Which (unit, cell) reports a disparity at warning or above. A parent's
  // pool leaves those sub-units out, which changes the family, so this is
  // repeated until it no longer changes (once more than the tree is deep at
  // most; with nothing reported, once).
  std::map<std::string, std::vector<char>> reported;
  for (const std::string* u : order) reported[*u].assign(cells_per_unit, 0);
  std::map<std::string, std::vector<PooledCheck>> checks;
  // A pass works out again only the cells whose pool changed: those above a
  // sub-unit whose reported flag changed in the last pass. Every other
  // cell's comparisons are those of the last pass (the family's adjustment
  // and the decision are made again, since the family may have changed).
  std::map<std::string, std::vector<PooledCheck>> previous;
  std::map<std::string, std::vector<char>> flipped, dirty;  // per unit and cell
  for (const std::string* u : order) {
    flipped[*u].assign(cells_per_unit, 1);
    dirty[*u].assign(cells_per_unit, 1);
  }
  int max_depth = 0;
  for (const std::string* u : order) max_depth = std::max(max_depth, depth_of(*u));
  // Kept from pass to pass, so that each pass's cells and checks are made
  // in the room of the last ones: every unit's are made again in order,
  // before anything reads them.
  std::map<std::string, UnitCells> residual;
  for (int pass = 0; pass <= max_depth + 1; ++pass) {
    std::swap(previous, checks);  // the last pass's checks
    std::vector<Comparison*> family;
    for (const std::string* u : order) {
      auto& again = dirty[*u];
      // Each unit's entries looked up once, not once per cell: the maps
      // are keyed by the unit's name, and the loops run over every cell.
      const auto& kids = children[*u];
      if (pass > 0) {
        again.assign(cells_per_unit, 0);
        for (const auto& kid : kids) {
          const auto& kid_flipped = flipped[kid];
          const auto& kid_dirty = dirty[kid];
          for (std::size_t k = 0; k < cells_per_unit; ++k)
            again[k] = again[k] || kid_flipped[k] || kid_dirty[k];
        }
      }
      UnitCells& mine = residual[*u];
      if (auto it = units_.find(*u); it != units_.end()) mine = *it->second;
      else mine.assign(cells_per_unit, Cell{});
      auto& pcs = checks[*u];
      pcs.assign(cells_per_unit, PooledCheck{});
      std::vector<int> contributors(cells_per_unit, 0);
      for (std::size_t k = 0; k < cells_per_unit; ++k) contributors[k] = mine[k].rounds > 0 ? 2 : 0;  // own rounds
      for (const auto& kid : kids) {
        const auto& kid_reported = reported[kid];
        const UnitCells& kid_residual = residual[kid];
        const auto& kid_checks = checks[kid];
        for (std::size_t k = 0; k < cells_per_unit; ++k) {
          if (kid_reported[k]) {
            pcs[k].reported_below.push_back(kid);
            continue;
          }
          if (kid_residual[k].rounds == 0) continue;
          if (++contributors[k] == 1) pcs[k].same_as = kid_checks[k].same_as.empty() ? kid : kid_checks[k].same_as;
          mine[k].merge(kid_residual[k]);
        }
      }
      for (std::size_t k = 0; k < cells_per_unit; ++k)
        if (contributors[k] != 1) pcs[k].same_as.clear();
      std::vector<PooledCheck>* previous_of_unit = nullptr;  // looked up when first needed
      const auto& rounds_below = all_rounds[*u];
      for (std::size_t k = 0; k < cells_per_unit; ++k) {
        const Cell& cell = mine[k];
        PooledCheck& pc = pcs[k];
        if (!again[k]) {
          if (!previous_of_unit) previous_of_unit = &previous[*u];
          pc = std::move((*previous_of_unit)[k]);
          continue;
        }
        pc.rounds = cell.rounds;
        pc.unknown = cell.unknown;
        pc.left_out = rounds_below[k] - cell.rounds;
        if (cell.rounds == 0 || !pc.same_as.empty()) continue;
        pc.totals = cell.totals;
        std::sort(pc.totals.begin(), pc.totals.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
        pc.reference = pc.totals.size() >= 2
                           ? reference_group(c, analysis_at(c, k / transitions).name, pc.totals, &pc.excluded)
                           : std::string{};
        if (pc.reference.empty()) continue;
        pair_comparisons(c, cell, pc);
      }
    }
    // Every pooled comparison of the run is one family.
    for (auto& [u, pcs] : checks)
      for (auto& pc : pcs)
        for (auto& cmp : pc.pairs)
          if (cmp.tested) family.push_back(&cmp);
    adjust(family, c.pooled_adjustment);
    bool changed = false;
    for (auto& [u, pcs] : checks) {
      auto& unit_flipped = flipped[u];
      auto& unit_reported = reported[u];
      for (std::size_t k = 0; k < pcs.size(); ++k) {
        PooledCheck& pc = pcs[k];
        for (auto& cmp : pc.pairs) decide(c, cmp, c.pooled_level, c.pooled_severity);
        choose_entries(pc);
        const char now = pc.summary.severity && *pc.summary.severity >= Severity::warning;
        unit_flipped[k] = now != unit_reported[k];
        if (now != unit_reported[k]) changed = true;
        unit_reported[k] = now;
      }
    }
    if (!changed) break;  // otherwise worked out again with the new exclusions
  }
  std::size_t family_size = 0;
  for (const auto& [u, pcs] : checks)
    for (const auto& pc : pcs)
      for (const auto& cmp : pc.pairs) family_size += cmp.tested;

  for (const auto& [unit, pcs] : checks) {
    for (std::size_t k = 0; k < pcs.size(); ++k) {
      const PooledCheck& pc = pcs[k];
      if (pc.rounds == 0 && pc.left_out == 0) continue;
      const Analysis& a = analysis_at(c, k / transitions);
      const Transition& t = c.transitions[k % transitions];
      const std::string rule_key = a.name + "/" + t.key();
      Summary s = pc.summary;
      std::string reason;
      if (pc.rounds == 0) {
        s = {};
        reason = "Every round of the unit from {stage_from} to {stage_to} is in a sub-unit that reports {attribute} "
                 "itself.";
      } else if (!pc.same_as.empty()) {
        s = {};
        reason = "{attribute}: the unit's rounds from {stage_from} to {stage_to} are those of one sub-unit "
                 "({same_as}), whose check is the same evidence.";
      } else if (pc.reference.empty() && pc.totals.size() - pc.excluded.size() >= 2) {
        s = {};
        s.verdict = fairaudit::Verdict::insufficient_data;
        reason = "{attribute}: no group from {stage_from} to {stage_to} has min_cell people in the unit's rounds to "
                 "compare the others with.";
      } else if (pc.reference.empty() || nobody_selected(pc.totals)) {
        s.verdict = fairaudit::Verdict::not_applicable;
        s.severity.reset();
        reason = pc.reference.empty()
                     ? "Fewer than two {attribute} groups large enough to compare reached {stage_from} in the unit's "
                       "rounds."
                     : "Nobody in the unit's rounds has reached {stage_to} yet.";
      } else {
        reason = disparity_reason(s, pc.comparisons, true);
      }
      if (!pc.reported_below.empty())
        reason += " The {rounds_left_out} rounds of sub-units that report this themselves are left out.";
      Evidence ev;
      if (!pc.same_as.empty()) {
        if (sink.wants_check_evidence()) {
          ev.text("attribute", a.name);
          ev.text("stage_from", t.from.name);
          ev.text("stage_to", t.to.name);
          ev.text("same_as", pc.same_as);
          ev.number("unit_rounds", pc.rounds);
        }
      } else if (s.verdict == fairaudit::Verdict::breach || sink.wants_check_evidence()) {
        TransitionCounts totals{pc.totals, pc.unknown};
        ev = disparity_evidence(c, a, t, pc.reference, totals, pc.comparisons, pc.excluded, s,
                                Family{"run", c.pooled_adjustment, c.pooled_level, family_size}, true);
        // The rounds the message names: those the headline comparison rests on.
        std::int64_t rounds = 0;
        if (s.worst) rounds = s.worst->strata;
        else
          for (const auto& cmp : pc.comparisons) rounds = std::max(rounds, cmp.strata);
        ev.number("rounds", rounds);
        ev.number("unit_rounds", pc.rounds);
        ev.number("rounds_left_out", pc.left_out);
        std::vector<Evidence> below;
        for (const auto& u : pc.reported_below) {
          Evidence b;
          b.text("org_unit", u);
          below.push_back(std::move(b));
        }
        ev.list("reported_below", std::move(below));
      }
      sink.unit_verdict(unit, kPooled, s.verdict, std::move(reason), std::move(ev), s.severity, rule_key);
    }
  }
}

}  // namespace icd
