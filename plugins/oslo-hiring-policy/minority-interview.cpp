// oslo-hiring-policy/minority-interview
//
// State employers: the government's Handlingsplan mot rasisme og
// diskriminering på grunn av etnisitet requires at least one qualified
// applicant with immigrant background to be called to interview. Oslo kommune
// follows the same practice in its personnel policy for recruiting people with
// minority background; it is local practice there, not a binding rule, hence
// the lower default severity under the `oslo` profile. Only the applicant's
// opt-in declaration counts: Oslo kommune does not register ethnicity in
// personnel data, and fairaudit infers nothing from names or countries.
#include "rules.hpp"

namespace fairaudit::oslo_hiring {

void minority_interview(const Round& round, const RuleContext& ctx, Sink& sink) {
  // Each reason a whole sentence: the catalog translates sentences, not parts.
  static const DutyTexts kTexts{
      .unassessed = "applicants who declared immigrant background have no assessment recorded, so whether the "
          "duty applies cannot be told (declared, not assessed: {declared_unassessed})",
      .all_withdrew = "every qualified applicant who declared immigrant background withdrew before the "
          "interviews without having been invited (withdrew: {withdrew_before_interviews})",
      .none_asked = "no qualified applicant was asked about immigrant background, so whether the duty applies "
          "cannot be told (qualified: {qualified})",
      .none_declared = "no qualified applicant declared immigrant background (qualified: {qualified}; declined "
          "to answer: {declined}; not asked: {not_asked})",
      .invited_no_deadline = "qualified applicants who declared immigrant background have been invited to interview "
          "(declared: {declared}; invited: {invited}); there is no recommendation or decision yet",
      .none_invited_no_deadline = "no recommendation or decision date yet, and no qualified applicant who declared "
          "immigrant background has been invited so far (declared: {declared})",
      .invited_in_time = "qualified applicants who declared immigrant background were invited to interview before "
          "the {deadline_kind} on {deadline} (declared: {declared}; invited in time: "
          "{invited_in_time})",
      .invited_late = "no qualified applicant who declared immigrant background was invited to interview before "
          "the {deadline_kind} on {deadline} (declared: {declared}; invited only later: "
          "{invited_late}, the first on {first_invitation})",
      .none_invited = "no qualified applicant who declared immigrant background was invited to interview before "
          "the {deadline_kind} on {deadline} (declared: {declared}; none invited)",
  };
  interview_duty(round, ctx, sink, SelfIdField::immigrant_background, kTexts);
}

}  // namespace fairaudit::oslo_hiring
