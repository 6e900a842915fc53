// process-integrity: does the record of a hiring round hang together — its
// events in order, the hire chosen from those interviewed, nothing done after
// the decision that should have come before it, every invited applicant
// assessed, and the applications inside the advertising window?
//
// plugin.cpp holds the table of rules and options; each rule's check lives
// in the file named after the rule's id.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "fairaudit/plugin.hpp"
#include "fairaudit/profile.hpp"
#include "fairaudit/rule_table.hpp"

namespace process_integrity {

using namespace fairaudit;

// The employer the rules run for, which decides the legal basis each rule
// cites (docs/legal-sources.md, "Rules × profiles").
struct Config {
  Profile profile = Profile::oslo;
};

using Call = RuleCall<Config>;

// Whether the applicant was interviewed: an interview_held event, or an
// entry of the round's interview list.
bool interviewed(const Round& r, const Applicant& a);

// The applicant's rejection or withdrawal, whichever is dated first; nullptr
// when neither is recorded.
const StageEvent* exit_event(const Applicant& a);

// One check per rule, in the file named after it.
void events_in_order(const Round& r, const Call& call, Sink& sink);
void hire_was_interviewed(const Round&, const Call&, Sink&);
void no_interview_after_decision(const Round&, const Call&, Sink&);
void recommendation_before_decision(const Round&, const Call&, Sink&);
void invited_assessed(const Round&, const Call&, Sink&);
void dates_in_window(const Round&, const Call&, Sink&);
// add-rule.py: new check declarations go above this line.

}  // namespace process_integrity
