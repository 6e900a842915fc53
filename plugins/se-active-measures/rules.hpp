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
#include <utility>
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

struct Context;
using Call = RuleCall<Context>;
using MeasuresCheck = void (*)(const MeasuresRecord&, const Call&, Sink&);
// A record a rule cannot judge until the export's latest date is known, and
// the rule's check.
using Undecided = std::pair<MeasuresRecord, MeasuresCheck>;

// What the checks read besides the configuration: the latest date in the
// records seen so far (in finish(): in the whole export), and where a rule
// leaves a record it cannot judge until that date is known.
struct Context : Config {
  std::optional<Timestamp> latest;
  std::vector<Undecided>* undecided = nullptr;
};

// The day the record's year is judged as of: the policy's as_of, else the
// latest date seen.
inline std::optional<Timestamp> as_of_of(const Context& c) { return c.as_of ? c.as_of : c.latest; }
// Whether the record's year is over on that day (from 1 January of the next
// year on, everything of the year is due).
inline bool year_over(const MeasuresRecord& m, const Context& c) {
  const std::optional<Timestamp> as_of = as_of_of(c);
  const auto next_year = Timestamp::from_ymd(m.year + 1, 1, 1);
  return as_of && next_year && !as_of->before(*next_year);
}
// Leaves the record for finish() when its year is not over by the dates seen
// so far and the policy sets no as-of date; true if it did.
inline bool defer(const MeasuresRecord& m, const Call& call, MeasuresCheck check) {
  const Context& c = call.context;
  if (year_over(m, c) || c.as_of || !c.undecided) return false;
  c.undecided->emplace_back(m, check);
  return true;
}

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
