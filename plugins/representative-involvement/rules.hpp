// representative-involvement: is the equality representative (or union
// representative) involved in who is called to interview and who is hired?
//
// plugin.cpp holds the table of rules and options; each rule's check lives
// in the file named after the rule's id.
#pragma once

#include <string>
#include <vector>

#include "fairaudit/plugin.hpp"
#include "fairaudit/profile.hpp"
#include "fairaudit/rule_table.hpp"

namespace representative_involvement {

using namespace fairaudit;

// The employer the rules run for, which decides the legal basis each rule
// cites (docs/legal-sources.md, "Rules × profiles").
struct Config {
  Profile profile = Profile::oslo;
  int min_working_days = 2;
  // Who may be appointed as the round's representative.
  std::vector<std::string> roles{"likestillingsrepresentant", "tillitsvalgt", "union_rep"};
  // Panel roles that show the representative attended an interview (besides
  // the representative's own attended_interview event). Apart from `roles`:
  // that a tillitsvalgt may be appointed does not make every tillitsvalgt on
  // a panel the appointed representative.
  std::vector<std::string> attendance_panel_roles;
  bool waiver_excuses_absence = true;
  Calendar calendar = Calendar::norway;
  std::vector<std::string> trekantmote_roles{"tjenesteleder", "tillitsvalgt", "verneombud",
                                             "likestillingsrepresentant"};

  bool counts(const std::string& role) const {
    for (const auto& r : roles)
      if (r == role) return true;
    return false;
  }
  bool attends_on_panel(const std::string& role) const {
    for (const auto& r : attendance_panel_roles)
      if (r == role) return true;
    return false;
  }
};

using Call = RuleCall<Config>;

// The representative of the round if one is appointed, else nullptr.
inline const Representative* appointed_representative(const Round& r) {
  return r.representative && r.representative->appointed ? &*r.representative : nullptr;
}

// The appointed representative, for a rule that is about what they did;
// without one the rule does not apply: says so and returns nullptr.
const Representative* representative_for(const Round& r, const Call& call, Sink& sink);
// The same for a rule about the time before the decision: also nullptr (and
// not_applicable) while no decision is recorded; otherwise the decision date
// is the first entry of the rule's evidence `e`.
const Representative* representative_before_decision(const Round& r, const Call& call, Sink& sink, Evidence& e);

// What a rule about a step before the interviews says in each case.
struct BeforeInterviewsTexts {
  const char* at_key;     // the evidence key of the step's date
  const char* never;      // the step is not recorded
  const char* in_time;    // it came before the first interview
  const char* too_late;   // it came on or after the first interview
};

// The rule shared by invited-before-interviews and saw-shortlist: the first
// `step` event of the representative comes before the round's first interview.
void step_before_interviews(const Round& r, const Call& call, Sink& sink, RepEventType step,
                            const BeforeInterviewsTexts& texts);

// One check per rule, in the file named after it.
void appointed(const Round&, const Call&, Sink&);
void invited_before_interviews(const Round&, const Call&, Sink&);
void saw_shortlist(const Round&, const Call&, Sink&);
void attended_interview(const Round&, const Call&, Sink&);
void recommendation_in_time(const Round&, const Call&, Sink&);
void statement_and_escalation(const Round&, const Call&, Sink&);
void routine_documented(const UnitRecord&, const Call&, Sink&);
void meets_in_trekantmote(const UnitRecord&, const Call&, Sink&);
// add-rule.py: new check declarations go above this line.

}  // namespace representative_involvement
