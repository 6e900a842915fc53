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
  interview_duty(round, ctx, sink, SelfIdField::disability, "a disability");
}

}  // namespace fairaudit::oslo_hiring
