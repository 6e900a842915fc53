#include "rules.hpp"

namespace representative_involvement {

RuleInfo routine_documented_info() {
  return {"routine-documented",
          "The unit has a documented routine for the representative's part in hiring.",
          "Involvement that depends on each manager's habits varies from round to round; a written routine is "
          "what the unit's equality report asks for.",
          "Oslo kommune Dok 24 Del I (Avtale om likestilling): routines for the likestillingsrepresentant's part "
          "in the hiring process; likestillings- og diskrimineringsloven § 26 (documented activity duty)",
          "rutine for likestillingsrepresentantens deltakelse i ansettelsesprosessen",
          Severity::warning,
          Scope::org_unit};
}

void check_routine_documented(const UnitRecord& u, const Config&, Sink& sink) {
  Evidence e;
  e.text("period", u.period);
  if (u.representative_routine && u.representative_routine->documented) {
    if (!u.representative_routine->version.empty()) e.text("version", u.representative_routine->version);
    return sink.unit_verdict(u.org_unit, "routine-documented", Verdict::complies,
                             "A routine for the representative's part is documented for {period}.", std::move(e));
  }
  sink.unit_verdict(u.org_unit, "routine-documented", Verdict::breach,
                    "No documented routine for the representative's part in hiring for {period}.", std::move(e));
}

}  // namespace representative_involvement
