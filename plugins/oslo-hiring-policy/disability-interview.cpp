// oslo-hiring-policy/disability-interview
//
// Forskrift til statsansatteloven § 6: when qualified applicants have declared
// a disability (funksjonsnedsettelse), at least one of them is called to
// interview before the recommendation (innstilling) is made. Binding on state
// employers; Oslo kommune applies the same practice under its action plan for
// people with disabilities, as local practice.
#include "rules.hpp"

namespace fairaudit::oslo_hiring {

void disability_interview(const Round& round, const RuleContext& ctx, Sink& sink) {
  // Each reason a whole sentence: the catalog translates sentences, not parts.
  static const DutyTexts kTexts{
      .unassessed = "applicants who declared a disability have no assessment recorded, so whether the duty "
          "applies cannot be told (declared, not assessed: {declared_unassessed})",
      .all_withdrew = "every qualified applicant who declared a disability withdrew before the interviews "
          "without having been invited (withdrew: {withdrew_before_interviews})",
      .none_asked = "no qualified applicant was asked about a disability, so whether the duty applies cannot "
          "be told (qualified: {qualified})",
      .none_declared = "no qualified applicant declared a disability (qualified: {qualified}; declined to "
          "answer: {declined}; not asked: {not_asked})",
      .invited_no_deadline = "qualified applicants who declared a disability have been invited to interview (declared: "
          "{declared}; invited: {invited}); there is no recommendation or decision yet",
      .none_invited_no_deadline = "no recommendation or decision date yet, and no qualified applicant who declared a "
          "disability has been invited so far (declared: {declared})",
      .invited_in_time = "qualified applicants who declared a disability were invited to interview before the "
          "{deadline_kind} on {deadline} (declared: {declared}; invited in time: {invited_in_time})",
      .invited_late = "no qualified applicant who declared a disability was invited to interview before the "
          "{deadline_kind} on {deadline} (declared: {declared}; invited only later: {invited_late}, "
          "the first on {first_invitation})",
      .none_invited = "no qualified applicant who declared a disability was invited to interview before the "
          "{deadline_kind} on {deadline} (declared: {declared}; none invited)",
  };
  interview_duty(round, ctx, sink, SelfIdField::disability, kTexts);
}

}  // namespace fairaudit::oslo_hiring
