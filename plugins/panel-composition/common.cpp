// What the panel-composition rules share.
#include "rules.hpp"

namespace panel_composition {

std::vector<const Interview*> recorded_panels(const Round& r, const Call& call, Sink& sink) {
  std::vector<const Interview*> out;
  for (const auto& iv : r.interviews)
    if (!iv.panel.empty()) out.push_back(&iv);
  if (r.interviews.empty())
    sink.round_verdict(r, call.rule, Verdict::not_applicable, "No interview is recorded in this round.");
  else if (out.empty())
    sink.round_verdict(r, call.rule, Verdict::insufficient_data,
                       "The interviews of this round are recorded without their panels.");
  return out;
}

}  // namespace panel_composition
