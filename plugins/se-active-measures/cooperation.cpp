// se-active-measures/cooperation — Diskrimineringslagen (SFS 2008:567) 3 kap.
// 11 § (employer and employees cooperate — samverkan — on active measures)
// and 3 kap. 13 § (the documentation of an employer with 25 or more employees
// accounts for how the duty to cooperate was met). An employer below that
// size must cooperate too, but need not document it, so for it an
// undocumented cooperation is no breach.
#include "rules.hpp"

namespace se_active_measures {

void cooperation(const MeasuresRecord& m, const Call& call, Sink& sink) {
  if (!in_scope(m, call, sink)) return;
  Evidence e = evidence_of(m);
  if (m.cooperation_documented)
    return verdict(m, call, sink, Verdict::complies,
                   "In {year} the cooperation with the employees' organisations is documented.", std::move(e));
  if (small_employer(m, call.context)) {
    e.number("min_employees", call.context.documentation_min_employees);
    return verdict(m, call, sink, Verdict::not_applicable,
                   "No documented cooperation in {year}, but an employer with fewer than {min_employees} employees "
                   "need not document it (3 kap. 13 §); the cooperation itself is still required.",
                   std::move(e));
  }
  verdict(m, call, sink, Verdict::breach,
          "In {year} the cooperation with the employees' organisations on recruitment and promotion is not "
          "documented.",
          std::move(e));
}

}  // namespace se_active_measures
