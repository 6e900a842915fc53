// oslo-hiring-policy — what the rule files share: the profile, the settings
// read once in configure(), and one check per rule (plugin.cpp holds the
// table that names them).
//
// Every rule reports exactly one verdict per round through
// Sink::round_verdict. Counts of people go into the evidence as `count`
// values and are named in messages as {key}; they are never formatted into
// the text, so that the host can apply disclosure control.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "fairaudit/finding.hpp"
#include "fairaudit/model.hpp"
#include "fairaudit/options.hpp"
#include "fairaudit/rule_table.hpp"

namespace fairaudit::oslo_hiring {

// Which body of rules binds the employer: Oslo kommune (Dok 24 agreements,
// the city's recruitment scheme and personnel policy) or a state employer
// (statsansatteloven and its regulation, the government's action plans).
enum class Profile { oslo, state };

struct Settings {
  Profile profile = Profile::oslo;
  // Self-declared grounds that allow a moderate quota (moderat kvotering):
  // a target-group applicant equally qualified with the top-ranked one may be
  // hired ahead of them.
  StringList quota_groups;
};

// What a rule needs besides the round: the settings (ctx.context), its short
// id (e.g. "minority-interview") and the severity its breach carries under
// the configured profile.
using RuleContext = RuleCall<Settings>;

void minority_interview(const Round& round, const RuleContext& ctx, Sink& sink);
void disability_interview(const Round& round, const RuleContext& ctx, Sink& sink);
void cv_gap_interview(const Round& round, const RuleContext& ctx, Sink& sink);
void moderate_quota(const Round& round, const RuleContext& ctx, Sink& sink);
void reserved_position(const Round& round, const RuleContext& ctx, Sink& sink);
void recommendation_sent(const Round& round, const RuleContext& ctx, Sink& sink);
void equality_statement(const Round& round, const RuleContext& ctx, Sink& sink);
// add-rule.py: new check declarations go above this line.

// The interview duty shared by minority-, disability- and cv-gap-interview:
// if a qualified applicant declared `field`, at least one such applicant is
// invited to interview before the recommendation (or, without a
// recommendation date, before the decision). `texts` are its reasons for
// the declaration, each a whole sentence naming it ("immigrant background"),
// so that each is a message of the plugin's catalog as it stands.
struct DutyTexts {
  const char* unassessed;                // insufficient_data: declared, not assessed
  const char* all_withdrew;              // not_applicable: every declaring applicant withdrew before
  const char* none_asked;                // insufficient_data: no qualified applicant was asked
  const char* none_declared;             // not_applicable
  const char* invited_no_deadline;       // complies, no recommendation or decision yet
  const char* none_invited_no_deadline;  // insufficient_data, no recommendation or decision yet
  const char* invited_in_time;           // complies
  const char* invited_late;              // breach: invited, but only after the deadline
  const char* none_invited;              // breach: nobody invited
};
void interview_duty(const Round& round, const RuleContext& ctx, Sink& sink, SelfIdField field,
                    const DutyTexts& texts);

// People hired in the round: applicants with a `hired` event.
std::vector<const Applicant*> hires(const Round& round);

// Whether `sent_to` of a document names the unions.
bool sent_to_unions(const Document& doc);

}  // namespace fairaudit::oslo_hiring
