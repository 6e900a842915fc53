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
  interview_duty(round, ctx, sink, SelfIdField::immigrant_background, "immigrant background");
}

}  // namespace fairaudit::oslo_hiring
