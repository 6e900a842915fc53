// Secondary (complementary) suppression for the union audience: the counts
// hidden because a shown total minus its shown parts would give a hidden
// count back (docs/report.md, "Disclosure across findings and tables").
//
// A count a union reader sees is a cell of one of these, by group and by
// measure (n: reached the earlier stage; selected: of them, the later one):
//   - a round finding's group entry (its round, attribute and transition),
//     and a check's, where checks are shown (`--checks`, the checklist);
//   - a unit finding's or check's group entry (pooled over the unit's rounds);
//   - a unit's row in the units table (its rounds and its sub-units'), and
//     the row's applications;
//   - a unit's own rounds (the funnel plot's points);
//   - the whole run (the report's "all rounds" charts, its applications).
// The relations between them are the ones a reader can add up: a row of the
// units table is its own rounds plus its sub-units' rows; a unit's own
// rounds, and a pooled finding, are the sum of their rounds (those with a
// finding or check of their own, and the rest as one unknown part); the run
// is the sum of its units; a row's applications are at least the qualified
// of each attribute's groups. A reader narrows every count to an interval
// through these relations, chains included; where a cell hidden by
// Disclosure::withheld (a primary cell) is left fewer than min_cell values,
// the relation that narrowed it has one more shown cell hidden (the smallest
// part, or the total, or for applications the applications first), and
// again until none is. Nothing is hidden that no primary cell is tied to.
// Computed once per rendering, from the whole run, and consulted by every
// renderer through Disclosure (for_finding, and the units table's rows).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>

#include "run/result.hpp"

namespace fairaudit::emit {

class Disclosure;

class Complements {
 public:
  // A group's count: 'n' (its pool) or 's' (its selected).
  using GroupMeasure = std::pair<std::string, char>;

  // Nothing for an audience other than union.
  static std::shared_ptr<const Complements> build(const run::RunResult& r, const Disclosure& primary);

  // The (group, measure) counts of a finding hidden beyond its own small
  // cells; null when none.
  const std::set<GroupMeasure>* finding(const run::AuditFinding& af) const;
  // A units-table row's group ("gender=woman") count.
  bool unit(const std::string& unit, const std::string& group, char measure) const;
  // A unit's own rounds (the funnel plot's point of that unit).
  bool own(const std::string& unit, const std::string& group, char measure) const;
  // The whole run's count of a group (the "all rounds" charts, qualified to invited).
  bool run_total(const std::string& group, char measure) const;
  // A units-table row's applications, and the run's (hidden where they would
  // narrow a small group's count: they bound the qualified of each attribute).
  bool applications(const std::string& unit) const;
  bool run_applications() const;
  // How many counts are hidden here, over every table and finding.
  std::size_t size() const { return size_; }

  // The key of a finding's group counts (its round or unit, attribute,
  // transition, the sub-units left out); empty when it shows none. A check
  // of the one-round checklist has the key of the finding it stands for.
  static std::string finding_scope(const run::AuditFinding& af);
  static std::string check_scope(const run::AuditCheck& ac);
  const std::set<GroupMeasure>* check(const run::AuditCheck& ac) const;

  // The plan as rows, to be kept with a stored run (fairaudit serve reads it
  // back): (scope, group, measure) with the scope a finding_scope(), or
  // "U\x1funit", "O\x1funit", "T\x1f" for the tables' cells.
  template <typename F>
  void each(F&& f) const {
    for (const auto& [scope, counts] : findings_)
      for (const auto& [g, m] : counts) f(scope, g, m);
    for (const auto& key : tables_) {
      const auto m = key.rfind('\x1f'), g = key.rfind('\x1f', m - 1);
      f(key.substr(0, g), key.substr(g + 1, m - g - 1), key[m + 1]);
    }
  }
  // A plan read back from rows each() gave.
  void add(const std::string& scope, const std::string& group, char measure);
  // The fail-safe plan of a finding whose run kept none (stored before
  // plans were): every group count of it hidden.
  static std::shared_ptr<const Complements> every_count(const run::AuditFinding& af);

 private:
  std::map<std::string, std::set<GroupMeasure>> findings_;  // finding_scope -> counts
  std::set<std::string> tables_;                            // "U|unit|group|m", "O|…", "T|…"
  std::size_t size_ = 0;
};

}  // namespace fairaudit::emit
