// representative-involvement/routine-documented — Dok 24 Del I (Avtale om
// likestilling) and likestillings- og diskrimineringsloven § 26: the
// representative's part in hiring is a written routine of the unit.
#include "rules.hpp"

namespace representative_involvement {

void routine_documented(const UnitRecord& u, const Call& call, Sink& sink) {
  Evidence e;
  e.text("period", u.period);
  if (u.representative_routine && u.representative_routine->documented) {
    if (!u.representative_routine->version.empty()) e.text("version", u.representative_routine->version);
    return sink.unit_verdict(u.org_unit, call.rule, Verdict::complies,
                             "A routine for the representative's part is documented for {period}.", std::move(e));
  }
  sink.unit_verdict(u.org_unit, call.rule, Verdict::breach,
                    "No documented routine for the representative's part in hiring for {period}.", std::move(e));
}

}  // namespace representative_involvement
