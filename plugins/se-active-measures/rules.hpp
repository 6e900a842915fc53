// se-active-measures: does a Swedish employer's yearly work with active
// measures (aktiva åtgärder, Diskrimineringslagen 2008:567 ch. 3) in the area
// of recruitment and promotion hold, as its measures records state it?
//
// The rules read `measures` records (docs/input-format.md), one per employer,
// year and area; the employer is the org unit of their verdicts, keyed by
// year and area. plugin.cpp holds the table of rules and options; each rule's
// check lives in the file named after the rule's id.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "fairaudit/plugin.hpp"
#include "fairaudit/rule_table.hpp"

namespace se_active_measures {

using namespace fairaudit;

struct Config {
  // The areas of 3:5 these rules look at (recruitment_promotion: 3:5 point 3).
  std::vector<std::string> areas{"recruitment_promotion"};
  // The grounds of 1:1 the work must cover.
  std::vector<std::string> grounds{"sex",        "transgender_identity_or_expression", "ethnicity", "religion_or_belief",
                                   "disability", "sexual_orientation",                 "age"};
  // Employees at the start of the year from which the written documentation
  // of 3:13 is required.
  int documentation_min_employees = 25;
  // The day the audit judges the records as of (option as_of): a year not
  // over on that day has steps not yet due. Unset: the latest date in the
  // export's records, never the clock, so that the same export gives the
  // same verdicts on any day.
  std::optional<Timestamp> as_of;

  bool covers_area(const std::string& area) const {
    for (const auto& a : areas)
      if (a == area) return true;
    return false;
  }
};

// What the checks read besides the configuration: the latest date in the
// records seen so far (in finish(): in the whole export), and where
// four-steps leaves a record it cannot judge until that date is known.
struct Context : Config {
  std::optional<Timestamp> latest;
  std::vector<MeasuresRecord>* undecided = nullptr;
};

using Call = RuleCall<Context>;

// Whether the record's area is one the rules look at; if not, reports
// not_applicable and returns false.
bool in_scope(const MeasuresRecord& m, const Call& call, Sink& sink);
// The evidence every verdict starts from: the record's year.
inline Evidence evidence_of(const MeasuresRecord& m) {
  Evidence e;
  e.number("year", m.year);
  return e;
}
// The rule's verdict on the record: the employer's org-unit verdict, keyed by
// year and area.
inline void verdict(const MeasuresRecord& m, const Call& call, Sink& sink, Verdict v, std::string reason,
                    Evidence e) {
  sink.unit_verdict(m.employer, call.rule, v, std::move(reason), std::move(e), std::nullopt, measures_key(m));
}
// Whether the employer is below the size from which 3:13's documentation is
// required (employees recorded).
inline bool small_employer(const MeasuresRecord& m, const Config& c) {
  return m.coverage.has(Field::measures_employees) && m.employees < c.documentation_min_employees;
}

void four_steps(const MeasuresRecord& m, const Call& call, Sink& sink);
void all_grounds(const MeasuresRecord& m, const Call& call, Sink& sink);
void cooperation(const MeasuresRecord& m, const Call& call, Sink& sink);
void written_documentation(const MeasuresRecord& m, const Call& call, Sink& sink);
// add-rule.py: new check declarations go above this line.

}  // namespace se_active_measures
