// What the se-active-measures rules share.
#include "rules.hpp"

namespace se_active_measures {

bool in_scope(const MeasuresRecord& m, const Call& call, Sink& sink) {
  if (call.context.covers_area(m.area)) return true;
  Evidence e = evidence_of(m);
  e.text("area", m.area);
  verdict(m, call, sink, Verdict::not_applicable,
          "The record is about the area {area}; this rule looks at recruitment and promotion (option areas).",
          std::move(e));
  return false;
}

}  // namespace se_active_measures
