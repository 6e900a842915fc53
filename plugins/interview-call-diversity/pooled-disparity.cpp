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

const Analysis& PooledDisparity::analysis(std::size_t i) const {
  const auto& singles = config_->attributes;
  return i < singles.size() ? singles[i] : config_->intersections[i - singles.size()];
}

void PooledDisparity::add(const Round& r) {
  const Config& c = *config_;
  if (!c.pool) return;
  const auto units = units_of(r.org_unit, c.pool_parents);
  if (units.empty()) return;
  const std::size_t analyses = c.attributes.size() + c.intersections.size();
  for (std::size_t ai = 0; ai < analyses; ++ai) {
    const Analysis& a = analysis(ai);
    for (std::size_t ti = 0; ti < c.transitions.size(); ++ti) {
      TransitionCounts counts = count(r, a, c.transitions[ti]);
      if (counts.groups.empty() && counts.unknown.n == 0) continue;
      for (const auto& u : units) {
        Cell& cell = cells_[CellKey{u, ai, ti}];
        ++cell.rounds;
        cell.unknown.n += counts.unknown.n;
        cell.unknown.selected += counts.unknown.selected;
        for (const auto& [g, gc] : counts.groups) {
          auto& tot = cell.totals[g];
          tot.n += gc.n;
          tot.selected += gc.selected;
        }
        // std::map iterates in name order, so first < second in every pair.
        for (auto i = counts.groups.begin(); i != counts.groups.end(); ++i)
          for (auto j = std::next(i); j != counts.groups.end(); ++j)
            cell.pairs[{i->first, j->first}].add(st::table(i->second, j->second));
      }
    }
  }
}

void PooledDisparity::report(fairaudit::Sink& sink) const {
  const Config& c = *config_;
  for (const auto& [key, cell] : cells_) {
    const auto& [unit, ai, ti] = key;
    const Analysis& a = analysis(ai);
    const Transition& t = c.transitions[ti];
    const std::string rule_key = a.name + "/" + t.key();

    std::string ref = cell.totals.size() >= 2 ? reference_group(c, a.name, cell.totals) : std::string{};
    std::vector<Comparison> comparisons;
    if (!ref.empty()) {
      const st::GroupCount rc = cell.totals.at(ref);
      for (const auto& [g, gc] : cell.totals) {
        if (g == ref) continue;
        st::CmhAccumulator acc;
        if (g < ref) {
          if (auto it = cell.pairs.find({g, ref}); it != cell.pairs.end()) acc = it->second;
        } else if (auto it = cell.pairs.find({ref, g}); it != cell.pairs.end()) {
          acc = it->second.swapped();  // stored with the reference first
        }
        comparisons.push_back(compare(c, g, gc, ref, rc, acc.result(), acc.strata()));
      }
    }
    Summary s = summarise(comparisons);
    TransitionCounts totals{cell.totals, cell.unknown};
    Evidence ev = disparity_evidence(c, a, t, ref, totals, comparisons, s, true);
    ev.number("rounds", cell.rounds);

    std::string reason;
    const bool nobody = !ref.empty() && std::all_of(cell.totals.begin(), cell.totals.end(),
                                                     [](const auto& kv) { return kv.second.selected == 0; });
    if (ref.empty() || nobody) {
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

}  // namespace icd
