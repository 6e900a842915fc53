// Per-unit indicators for benchmarking units against each other (the report's
// indicator table and charts): rounds, representative involvement in time,
// and the applicant funnel per declared group. O(units × groups), never
// O(rounds).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "fairaudit/finding.hpp"
#include "fairaudit/model.hpp"
#include "fairaudit/shapes.hpp"

namespace fairaudit::run {

struct Funnel {
  std::uint64_t applied = 0, qualified = 0, invited = 0, interviewed = 0, hired = 0;
};

struct UnitIndicators {
  std::uint64_t rounds = 0, applications = 0;
  // Rounds where a rule with the role Indicator::representative_in_time gave
  // a verdict, and those where it complied.
  std::uint64_t rep_checked = 0, rep_in_time = 0;
  // The employer's measures records on which a rule with the role
  // Indicator::active_measures gave a verdict, and those where it complied.
  std::uint64_t measures_checked = 0, measures_complied = 0;
  // Every round rule's verdicts in the unit's rounds (full rule id ->
  // complies, breach, not applicable, insufficient data): the report's
  // involvement chart shows each rule apart, "not recorded" as its own part.
  std::map<std::string, std::array<std::uint64_t, 4>> round_verdicts;
  // The verdicts the run only counted, by the rule's slot
  // (Indicators::rule_slot), added into round_verdicts by Indicators::finish().
  std::vector<std::array<std::uint64_t, 4>> verdicts_by_slot;
  // "gender=woman", "immigrant_background=yes", "disability=declined", …
  std::map<std::string, Funnel> groups;
  // The same by slot (gender, then each self-declared field by answer),
  // summed per round and named into `groups` by Indicators::finish().
  std::array<Funnel, 20> by_slot{};
};

class Indicators {
 public:
  void add_round(const Round& r);
  // A check of the rule `rule` (the full id "plugin/rule"), whose declared
  // role is `role`: counted only for a role.
  void add_check(Indicator role, const std::string& rule, const Check& c);
  // The place of the rule `rule` (a full id) among the counters of
  // add_verdict: a verdict is then counted without a lookup by name.
  std::size_t rule_slot(const std::string& rule);
  // The same check by its parts, `rule_slot` being rule_slot(rule): a round
  // check is counted by slot (add_verdict), as finish() then names it.
  void add_check(Indicator role, const std::string& rule, std::size_t rule_slot, const std::string& org_unit,
                 Scope scope, Verdict v);
  // The indicators of the unit `org_unit`, for add_verdict. The last unit
  // asked for is remembered: a round's replies, and a unit's rounds, come
  // one after the other.
  UnitIndicators& unit(const std::string& org_unit) {
    if (last_.unit && org_unit == last_.name) return *last_.unit;
    last_.unit = &units_[org_unit];
    last_.name = org_unit;
    return *last_.unit;
  }
  // A round rule's verdict the run only counted (no Check kept): into
  // UnitIndicators::round_verdicts of the round's unit `u`, by the rule's slot.
  static void add_verdict(UnitIndicators& u, std::size_t rule_slot, Verdict v) {
    if (u.verdicts_by_slot.size() <= rule_slot) u.verdicts_by_slot.resize(rule_slot + 1);
    ++u.verdicts_by_slot[rule_slot][static_cast<int>(v)];
  }
  // Names the groups counted by slot (UnitIndicators::groups) and the rules'
  // verdicts counted by slot (UnitIndicators::round_verdicts); once all
  // rounds are in, before units() is read.
  void finish();
  const std::map<std::string, UnitIndicators>& units() const { return units_; }
  // The full id of the first rule whose checks were counted as
  // representative_in_time ("" when none was), for the reports to name.
  const std::string& representative_rule() const { return representative_rule_; }

 private:
  std::map<std::string, UnitIndicators> units_;
  // unit()'s last answer (a node of units_, which moves with the map); a
  // copy of the indicators starts without one.
  struct LastUnit {
    std::string name;
    UnitIndicators* unit = nullptr;
    LastUnit() = default;
    LastUnit(const LastUnit&) {}
    LastUnit& operator=(const LastUnit&) {
      unit = nullptr;
      return *this;
    }
    LastUnit(LastUnit&&) noexcept = default;
    LastUnit& operator=(LastUnit&&) noexcept = default;
  };
  LastUnit last_;
  std::vector<std::string> slot_rules_;  // rule_slot's rules, by slot
  std::string representative_rule_;
};

}  // namespace fairaudit::run
