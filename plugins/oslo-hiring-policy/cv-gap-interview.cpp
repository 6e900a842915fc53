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
  interview_duty(round, ctx, sink, SelfIdField::cv_gap, "a CV gap");
}

}  // namespace fairaudit::oslo_hiring
