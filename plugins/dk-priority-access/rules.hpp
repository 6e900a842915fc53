// dk-priority-access — what the rule files share: the settings read once in
// configure(), who holds priority access in a round, and one check per rule
// (plugin.cpp holds the table that names them).
//
// Every rule reports exactly one verdict per round through
// Sink::round_verdict. Counts of people go into the evidence as `count`
// values and are named in messages as {key}.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "fairaudit/finding.hpp"
#include "fairaudit/model.hpp"
#include "fairaudit/options.hpp"
#include "fairaudit/rule_table.hpp"

namespace fairaudit::dk_priority {

// Which employer's sources the rules cite. Every Danish public employer is
// bound by the same law; "dk-kommune" is the one profile so far.
enum class Profile { dk_kommune };

struct Settings {
  Profile profile = Profile::dk_kommune;
};

using RuleContext = RuleCall<Settings>;

void interview_call(const Round& round, const RuleContext& ctx, Sink& sink);
void explanation_before_filling(const Round& round, const RuleContext& ctx, Sink& sink);
// add-rule.py: new check declarations go above this line.

// Who in a round holds priority access (fortrinsadgang), as the export
// records it. An applicant referred by a jobcenter holds it (the jobcenter
// judged that they can fill the post); one who invoked it (self_id
// priority_access `yes`) holds it when they meet the post's formal
// requirements. Applicants who withdrew before being called are left out.
struct PriorityAccess {
  std::vector<const Applicant*> holders;  // owed an interview
  std::int64_t referred = 0;              // holders referred by a jobcenter
  std::int64_t invoked = 0;               // applicants who invoked it (yes), holders or not
  std::int64_t formal_not_met = 0;        // invoked, not referred, formal requirements not met
  std::int64_t formal_unknown = 0;        // invoked, not referred, formal requirements not recorded
  std::int64_t withdrew = 0;              // would hold it, but withdrew before being called
  bool referrals_recorded = false;        // the export records jobcenter referrals
};
PriorityAccess priority_access(const Round& round);

// The applicant's call to interview: interview_invited, else interview_held.
const StageEvent* invitation(const Applicant& a);

// When the post was filled: the decision date, else the first `hired` event;
// none while nobody is hired.
std::optional<Timestamp> filled_at(const Round& round);

// The evidence every rule starts from: the counts of PriorityAccess.
Evidence priority_evidence(const PriorityAccess& pa);

}  // namespace fairaudit::dk_priority
