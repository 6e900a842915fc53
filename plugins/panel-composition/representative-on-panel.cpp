// panel-composition/representative-on-panel — for Oslo kommune Dok 24 Del D
// §§ 3.2–3.3 and for the state Statens personalhåndbok 2.4.3 the employees'
// representatives may take part in interviews; in Sweden and Denmark a local
// agreement or guideline may give them a seat. A right, not a duty, so the
// rule applies only where the policy switches it on
// (require_representative_on_panel). A waiver in the round's representative
// record satisfies it.
#include <cstdint>

#include "rules.hpp"

namespace panel_composition {

void representative_on_panel(const Round& r, const Call& call, Sink& sink) {
  if (!call.context.require_representative)
    return sink.round_verdict(r, call.rule, Verdict::not_applicable,
                              "This policy does not ask for a representative on every interview panel.");
  const auto panels = recorded_panels(r, call, sink);
  if (panels.empty()) return;
  std::int64_t without = 0;
  for (const Interview* iv : panels) {
    bool present = false;
    for (const auto& m : iv->panel)
      if (call.context.is_representative(m.role)) present = true;
    if (!present) ++without;
  }
  const bool waiver = r.representative && r.representative->first(RepEventType::waiver) != nullptr;
  Evidence e;
  e.number("interviews", static_cast<std::int64_t>(panels.size()));
  e.number("panels_without_representative", without);
  e.boolean("waiver", waiver);
  if (without == 0)
    return sink.round_verdict(r, call.rule, Verdict::complies, "A representative sat on every interview panel.",
                              std::move(e));
  if (waiver)
    return sink.round_verdict(r, call.rule, Verdict::complies,
                              "A representative was missing from {panels_without_representative} of {interviews} "
                              "panels, and the representative recorded a waiver.",
                              std::move(e));
  sink.round_verdict(r, call.rule, Verdict::breach,
                     "Interview panels without a representative: {panels_without_representative} of {interviews}, "
                     "and no waiver is recorded.",
                     std::move(e), {}, call.severity);
}

}  // namespace panel_composition
