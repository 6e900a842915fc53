// representative-involvement/attended-interview — for Oslo kommune Dok 24
// Del D §§ 3.2–3.3 (the unions' right to take part in interviews; for the
// state Statens personalhåndbok 2.4.3): on the panel the representative sees
// whether candidates are assessed alike.
#include "rules.hpp"

namespace representative_involvement {

void attended_interview(const Round& r, const Call& call, Sink& sink) {
  const Representative* rep = representative_for(r, call, sink);
  if (!rep) return;
  if (!r.first_interview())
    return sink.round_verdict(r, call.rule, Verdict::not_applicable, "No interview is recorded in this round.");

  // Only the appointed representative's attendance counts: their own event,
  // or a panel seat in a role the policy lists for that purpose
  // (attendance_panel_roles) — not any union representative on a panel.
  bool on_panel = false;
  for (const auto& iv : r.interviews)
    for (const auto& m : iv.panel)
      if (call.context.attends_on_panel(m.role)) on_panel = true;
  const bool attended = rep->first(RepEventType::attended_interview) != nullptr || on_panel;
  const bool waiver = rep->first(RepEventType::waiver) != nullptr;

  Evidence e;
  e.number("interviews", static_cast<std::int64_t>(r.interviews.size()));
  e.boolean("attended", attended);
  e.boolean("waiver", waiver);
  if (attended)
    return sink.round_verdict(r, call.rule, Verdict::complies, "The representative attended at least one interview.",
                              std::move(e));
  if (waiver && call.context.waiver_excuses_absence)
    return sink.round_verdict(r, call.rule, Verdict::complies,
                              "The representative did not attend, and a waiver is recorded.", std::move(e));
  sink.round_verdict(r, call.rule, Verdict::breach,
                     waiver ? "The representative attended none of the interviews; a waiver is recorded, but this "
                              "policy does not accept a waiver in place of attendance."
                            : "The representative attended none of the interviews, and no waiver is recorded.",
                     std::move(e));
}

}  // namespace representative_involvement
