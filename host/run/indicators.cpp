#include "run/indicators.hpp"

#include <array>
#include <iterator>
#include <tuple>

namespace fairaudit::run {

namespace {

constexpr std::size_t kGenders = std::size_t(Gender::declined) + 1;
constexpr std::size_t kAnswers = std::size_t(Answer::not_asked) + 1;
constexpr SelfIdField kFields[] = {SelfIdField::immigrant_background, SelfIdField::disability, SelfIdField::cv_gap};
// Slots: the genders, then per field its answers.
constexpr std::size_t kSlots = kGenders + std::size(kFields) * kAnswers;
static_assert(kStageCount <= 32, "add_round keeps the stages reached as bits of a 32-bit word");
static_assert(kSlots == std::tuple_size_v<decltype(UnitIndicators::by_slot)>);

// The group name of each slot, made once.
const std::array<std::string, kSlots>& slot_names() {
  static const auto names = [] {
    std::array<std::string, kSlots> n;
    for (std::size_t v = 0; v < kGenders; ++v) n[v] = std::string("gender=") + to_string(Gender(v));
    for (std::size_t i = 0; i < std::size(kFields); ++i)
      for (std::size_t v = 0; v < kAnswers; ++v)
        n[kGenders + i * kAnswers + v] = std::string(to_string(kFields[i])) + "=" + to_string(Answer(v));
    return n;
  }();
  return names;
}

}  // namespace

void Indicators::add_round(const Round& r) {
  UnitIndicators& u = unit(r.org_unit);
  ++u.rounds;
  u.applications += r.applicants.size();
  // Counted in the unit's slots, indexed by the answer: no string or map
  // work per applicant or per round; finish() names the groups.
  for (const auto& a : r.applicants) {
    // The stages reached, in one pass over the events (not one per stage).
    std::uint32_t reached = 0;
    for (const auto& e : a.events) reached |= std::uint32_t(1) << std::size_t(e.type);
    const auto has = [reached](Stage s) { return ((reached >> std::size_t(s)) & 1) != 0; };
    const bool qualified = a.qualified(), invited = has(Stage::interview_invited),
               interviewed = has(Stage::interview_held), hired = has(Stage::hired);
    auto count = [&](Funnel& f) {
      ++f.applied;
      f.qualified += qualified;
      f.invited += invited;
      f.interviewed += interviewed;
      f.hired += hired;
    };
    count(u.by_slot[std::size_t(a.gender)]);
    for (std::size_t i = 0; i < std::size(kFields); ++i)
      count(u.by_slot[kGenders + i * kAnswers + std::size_t(a.self_id.get(kFields[i]))]);
  }
}

std::size_t Indicators::rule_slot(const std::string& rule) {
  for (std::size_t i = 0; i < slot_rules_.size(); ++i)
    if (slot_rules_[i] == rule) return i;
  slot_rules_.push_back(rule);
  return slot_rules_.size() - 1;
}

void Indicators::finish() {
  const auto& names = slot_names();
  for (auto& [unit, u] : units_) {
    // A rule is in round_verdicts once it has a verdict in the unit.
    for (std::size_t k = 0; k < u.verdicts_by_slot.size(); ++k) {
      const auto& counts = u.verdicts_by_slot[k];
      if (counts == std::array<std::uint64_t, 4>{}) continue;
      auto& to = u.round_verdicts[slot_rules_[k]];
      for (std::size_t v = 0; v < counts.size(); ++v) to[v] += counts[v];
    }
    u.verdicts_by_slot = {};
    for (std::size_t k = 0; k < kSlots; ++k) {
      const Funnel& f = u.by_slot[k];
      if (!f.applied) continue;
      Funnel& g = u.groups[names[k]];
      g.applied += f.applied;
      g.qualified += f.qualified;
      g.invited += f.invited;
      g.interviewed += f.interviewed;
      g.hired += f.hired;
    }
    u.by_slot = {};
  }
}

void Indicators::add_check(Indicator role, const std::string& rule, const Check& c) {
  if (c.scope == Scope::round) ++unit(c.org_unit).round_verdicts[rule][static_cast<int>(c.verdict)];
  if (c.verdict != Verdict::complies && c.verdict != Verdict::breach) return;
  if (c.scope == Scope::org_unit && role == Indicator::active_measures) {
    UnitIndicators& u = unit(c.org_unit);
    ++u.measures_checked;
    if (c.verdict == Verdict::complies) ++u.measures_complied;
    return;
  }
  if (c.scope != Scope::round || role != Indicator::representative_in_time) return;
  if (representative_rule_.empty()) representative_rule_ = rule;
  UnitIndicators& u = unit(c.org_unit);
  ++u.rep_checked;
  if (c.verdict == Verdict::complies) ++u.rep_in_time;
}

void Indicators::add_check(Indicator role, const std::string& rule, std::size_t rule_slot,
                           const std::string& org_unit, Scope scope, Verdict v) {
  if (scope == Scope::round) add_verdict(unit(org_unit), rule_slot, v);
  if (v != Verdict::complies && v != Verdict::breach) return;
  if (scope == Scope::org_unit && role == Indicator::active_measures) {
    UnitIndicators& u = unit(org_unit);
    ++u.measures_checked;
    if (v == Verdict::complies) ++u.measures_complied;
    return;
  }
  if (scope != Scope::round || role != Indicator::representative_in_time) return;
  if (representative_rule_.empty()) representative_rule_ = rule;
  UnitIndicators& u = unit(org_unit);
  ++u.rep_checked;
  if (v == Verdict::complies) ++u.rep_in_time;
}

}  // namespace fairaudit::run
