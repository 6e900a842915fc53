// interview-call-diversity/pooled-disparity — the selection-rate comparison
// pooled over every round of an org unit and of each parent in its path
// (oslo/bydel-x/helse pools into oslo/bydel-x and oslo). Single hiring rounds
// are small; UGESP 1607.4(D) tells users to pool over time or sites, and the
// Cochran–Mantel–Haenszel test does so without letting different base rates
// between rounds masquerade as a disparity (Simpson's paradox: UCBAdmissions).
//
// Each round is one stratum. The state kept per (unit, analysis, transition)
// is a handful of sums, so memory does not grow with the number of rounds.
#include <algorithm>
#include <stdexcept>

#include "rules.hpp"

namespace icd {
namespace {

std::vector<std::string> units_of(const std::string& org_unit, bool parents) {
  std::vector<std::string> out;
  if (org_unit.empty()) return out;
  out.push_back(org_unit);
  if (!parents) return out;
  for (auto pos = org_unit.rfind('/'); pos != std::string::npos && pos > 0; pos = org_unit.rfind('/', pos - 1))
    out.push_back(org_unit.substr(0, pos));
  return out;
}

}  // namespace

st::GroupCount& PooledDisparity::Cell::total(std::uint16_t id, const std::string& group) {
  for (std::size_t i = 0; i < total_ids.size(); ++i)
    if (total_ids[i] == id) return totals[i].second;
  total_ids.push_back(id);
  totals.emplace_back(group, st::GroupCount{});
  return totals.back().second;
}

st::CmhAccumulator& PooledDisparity::Cell::pair(std::uint16_t first_id, std::uint16_t second_id,
                                                const std::string& first, const std::string& second) {
  const std::uint32_t key = std::uint32_t(first_id) << 16 | second_id;
  for (std::size_t i = 0; i < pair_keys.size(); ++i)
    if (pair_keys[i] == key) return pairs[i].sums;
  pair_keys.push_back(key);
  pairs.push_back({first, second, {}});
  return pairs.back().sums;
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

const st::CmhAccumulator* PooledDisparity::Cell::find_pair(const std::string& first,
                                                           const std::string& second) const {
  for (const auto& p : pairs)
    if (p.first == first && p.second == second) return &p.sums;
  return nullptr;
}

const std::vector<PooledDisparity::UnitCells*>& PooledDisparity::cells_of(const std::string& org_unit) {
  auto it = paths_.find(org_unit);
  if (it != paths_.end()) return it->second;
  std::vector<UnitCells*> cells;
  for (const auto& u : units_of(org_unit, config_->pool_parents)) {
    auto& slot = units_[u];
    if (!slot) slot = std::make_unique<UnitCells>(analyses(*config_) * config_->transitions.size());
    cells.push_back(slot.get());
  }
  return paths_.emplace(org_unit, std::move(cells)).first->second;
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
  const auto& units = cells_of(r.org_unit);
  for (std::size_t k = 0; k < all.size(); ++k) {
    const TransitionCounts& counts = all[k];
    if (counts.groups.empty() && counts.unknown.n == 0) continue;
    const auto& groups = counts.groups;
    round_ids_.clear();
    for (const auto& [g, gc] : groups) round_ids_.push_back(id_of(k / c.transitions.size(), g));
    for (UnitCells* cells : units) {
      Cell& cell = (*cells)[k];
      ++cell.rounds;
      cell.unknown.n += counts.unknown.n;
      cell.unknown.selected += counts.unknown.selected;
      for (std::size_t i = 0; i < groups.size(); ++i) {
        auto& tot = cell.total(round_ids_[i], groups[i].first);
        tot.n += groups[i].second.n;
        tot.selected += groups[i].second.selected;
      }
      // The groups are in name order, so first < second in every pair.
      for (std::size_t i = 0; i < groups.size(); ++i)
        for (std::size_t j = i + 1; j < groups.size(); ++j)
          cell.pair(round_ids_[i], round_ids_[j], groups[i].first, groups[j].first)
              .add(st::table(groups[i].second, groups[j].second));
    }
  }
}

void PooledDisparity::report(fairaudit::Sink& sink) const {
  const Config& c = *config_;
  // By unit name, then analysis and transition.
  std::vector<const std::string*> names;
  for (const auto& [unit, cells] : units_) names.push_back(&unit);
  std::sort(names.begin(), names.end(), [](const std::string* x, const std::string* y) { return *x < *y; });
  const std::size_t transitions = c.transitions.size();
  for (const std::string* name : names) {
    const std::string& unit = *name;
    const UnitCells& cells = *units_.at(unit);
    for (std::size_t k = 0; k < cells.size(); ++k) {
      const Cell& cell = cells[k];
      if (cell.rounds == 0) continue;
      const Analysis& a = analysis_at(c, k / transitions);
      const Transition& t = c.transitions[k % transitions];
      const std::string rule_key = a.name + "/" + t.key();
      GroupCounts totals_by_name = cell.totals;  // in the order groups first came
      std::sort(totals_by_name.begin(), totals_by_name.end(),
                [](const auto& x, const auto& y) { return x.first < y.first; });

      std::string ref = totals_by_name.size() >= 2 ? reference_group(c, a.name, totals_by_name) : std::string{};
      // As for a round: worked out in full only when the evidence is read.
      auto compare_all = [&](bool full) {
        std::vector<Comparison> out;
        if (ref.empty()) return out;
        const st::GroupCount rc = *find_group(totals_by_name, ref);
        for (const auto& [g, gc] : totals_by_name) {
          if (g == ref) continue;
          st::CmhAccumulator acc;
          if (g < ref) {
            if (const auto* p = cell.find_pair(g, ref)) acc = *p;
          } else if (const auto* p = cell.find_pair(ref, g)) {
            acc = p->swapped();  // stored with the reference first
          }
          out.push_back(compare(c, g, gc, ref, rc, acc.result(), acc.strata(), full));
        }
        return out;
      };
      std::vector<Comparison> comparisons;
      Summary s = summarise_as_needed(comparisons, compare_all, sink.wants_check_evidence());
      Evidence ev;
      if (s.verdict == fairaudit::Verdict::breach || sink.wants_check_evidence()) {
        TransitionCounts totals{totals_by_name, cell.unknown};
        ev = disparity_evidence(c, a, t, ref, totals, comparisons, s, true);
        ev.number("rounds", cell.rounds);
      }

      std::string reason;
      if (ref.empty() || nobody_selected(totals_by_name)) {
        s.verdict = fairaudit::Verdict::not_applicable;
        s.severity.reset();
        reason = ref.empty() ? "Fewer than two {attribute} groups reached {stage_from} in the unit's rounds."
                             : "Nobody in the unit's rounds has reached {stage_to} yet.";
      } else if (s.verdict == fairaudit::Verdict::breach) {
        reason = s.worst->cmh && s.worst->cmh->rate_ratio &&
                         *s.worst->cmh->rate_ratio * static_cast<double>(c.threshold.den) <
                             static_cast<double>(c.threshold.num)
                     ? "{attribute}, pooled over {rounds} rounds: within rounds, the rate from {stage_from} to "
                       "{stage_to} for {group} is below {threshold} of the rate for {reference_group}."
                     : "{attribute}, pooled over {rounds} rounds: the rate from {stage_from} to {stage_to} for {group} "
                       "is significantly lower than for {reference_group} within rounds.";
      } else if (s.verdict == fairaudit::Verdict::complies) {
        reason = "{attribute}, pooled over {rounds} rounds: no group is selected from {stage_from} to {stage_to} at a "
                 "rate below {threshold} of {reference_group}'s, or less often within the unit's rounds.";
      } else {
        reason = "{attribute}, pooled over {rounds} rounds: still too few people, or too few rounds with both groups, "
                 "for a verdict from {stage_from} to {stage_to}.";
      }
      sink.unit_verdict(unit, kPooled, s.verdict, std::move(reason), std::move(ev), s.severity, rule_key);
    }
  }
}

}  // namespace icd
