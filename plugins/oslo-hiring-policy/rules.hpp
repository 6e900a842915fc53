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
// recommendation date, before the decision). `ground` names the declaration
// in reasons ("immigrant background").
void interview_duty(const Round& round, const RuleContext& ctx, Sink& sink, SelfIdField field,
                    const char* ground);

// People hired in the round: applicants with a `hired` event.
std::vector<const Applicant*> hires(const Round& round);

// Whether `sent_to` of a document names the unions.
bool sent_to_unions(const Document& doc);

}  // namespace fairaudit::oslo_hiring
