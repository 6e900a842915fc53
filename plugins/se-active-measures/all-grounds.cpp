// se-active-measures/all-grounds — Diskrimineringslagen (SFS 2008:567) 3 kap.
// 1 § with 1 kap. 1 §: the work with active measures covers every ground of
// discrimination — sex, transgender identity or expression, ethnicity,
// religion or other belief, disability, sexual orientation and age — not only
// sex, as the equality plans before 2017 did.
#include "rules.hpp"

namespace se_active_measures {

void all_grounds(const MeasuresRecord& m, const Call& call, Sink& sink) {
  if (!in_scope(m, call, sink)) return;
  std::string missing;
  for (const auto& g : call.context.grounds) {
    bool found = false;
    for (const auto& c : m.grounds_covered) found = found || c == g;
    if (!found) missing += (missing.empty() ? "" : ", ") + g;
  }
  Evidence e = evidence_of(m);
  e.number("grounds_required", static_cast<std::int64_t>(call.context.grounds.size()));
  if (!missing.empty()) {
    e.text("missing_grounds", missing);
    return verdict(m, call, sink, Verdict::breach,
                   "In {year} the work on recruitment and promotion does not cover the grounds: {missing_grounds}.",
                   std::move(e));
  }
  verdict(m, call, sink, Verdict::complies,
          "In {year} the work on recruitment and promotion covers all {grounds_required} grounds of "
          "discrimination.",
          std::move(e));
}

}  // namespace se_active_measures
