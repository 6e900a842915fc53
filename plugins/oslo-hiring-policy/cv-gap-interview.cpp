// oslo-hiring-policy/cv-gap-interview
//
// Forskrift til statsansatteloven § 4 a: applicants who declare a gap in
// their CV (hull i CV-en: at least two of the last five years outside work,
// education or training) are treated like applicants with a disability: at
// least one qualified such applicant is called to interview before the
// recommendation. Binding on state employers; local practice in Oslo kommune,
// whose recruitment scheme (rekrutteringsordningen) targets the same group.
#include "rules.hpp"

namespace fairaudit::oslo_hiring {

void cv_gap_interview(const Round& round, const RuleContext& ctx, Sink& sink) {
  // Each reason a whole sentence: the catalog translates sentences, not parts.
  static const DutyTexts kTexts{
      .unassessed = "applicants who declared a CV gap have no assessment recorded, so whether the duty "
          "applies cannot be told (declared, not assessed: {declared_unassessed})",
      .all_withdrew = "every qualified applicant who declared a CV gap withdrew before the interviews without "
          "having been invited (withdrew: {withdrew_before_interviews})",
      .none_asked = "no qualified applicant was asked about a CV gap, so whether the duty applies cannot be "
          "told (qualified: {qualified})",
      .none_declared = "no qualified applicant declared a CV gap (qualified: {qualified}; declined to answer: "
          "{declined}; not asked: {not_asked})",
      .invited_no_deadline = "qualified applicants who declared a CV gap have been invited to interview (declared: "
          "{declared}; invited: {invited}); there is no recommendation or decision yet",
      .none_invited_no_deadline = "no recommendation or decision date yet, and no qualified applicant who declared "
          "a CV gap has been invited so far (declared: {declared})",
      .invited_in_time = "qualified applicants who declared a CV gap were invited to interview before the "
          "{deadline_kind} on {deadline} (declared: {declared}; invited in time: {invited_in_time})",
      .invited_late = "no qualified applicant who declared a CV gap was invited to interview before the "
          "{deadline_kind} on {deadline} (declared: {declared}; invited only later: {invited_late}, "
          "the first on {first_invitation})",
      .none_invited = "no qualified applicant who declared a CV gap was invited to interview before the "
          "{deadline_kind} on {deadline} (declared: {declared}; none invited)",
  };
  interview_duty(round, ctx, sink, SelfIdField::cv_gap, kTexts);
}

}  // namespace fairaudit::oslo_hiring
