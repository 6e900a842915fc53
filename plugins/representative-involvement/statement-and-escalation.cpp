// representative-involvement/statement-and-escalation — Dok 24 Del I § 7.3
// (a disagreement is taken to Kontaktutvalget) and Del D § 4 (the statement
// addresses gender equality).
#include "rules.hpp"

namespace representative_involvement {

void statement_and_escalation(const Round& r, const Call& call, Sink& sink) {
  Evidence e;
  const Representative* rep = representative_before_decision(r, call, sink, e);
  if (!rep) return;
  const RepEvent* st = nullptr;
  for (const auto& ev : rep->events)
    if (ev.type == RepEventType::statement_filed && ev.at.on_or_before(*r.decision_at)) st = &ev;  // the last one in time
  if (!st)
    return sink.round_verdict(r, call.rule, Verdict::breach,
                              "No statement from the representative is recorded before the decision on {decision_at}.",
                              std::move(e));
  e.date("statement_at", st->at);
  if (st->agrees.has_value()) e.boolean("agrees", *st->agrees);
  if (st->agrees.value_or(true))
    return sink.round_verdict(r, call.rule, Verdict::complies, "A statement was filed on {statement_at}, before the decision.",
                              std::move(e));
  const RepEvent* esc = nullptr;
  for (const auto& ev : rep->events)
    if (ev.type == RepEventType::escalated && st->at.on_or_before(ev.at) && ev.at.before(*r.decision_at)) esc = &ev;
  if (esc) {
    e.date("escalated_at", esc->at);
    return sink.round_verdict(r, call.rule, Verdict::complies,
                              "The representative disagreed on {statement_at}; the disagreement was escalated on "
                              "{escalated_at}, before the decision.",
                              std::move(e));
  }
  // Deciding over an unescalated disagreement breaks a binding agreement: error.
  sink.round_verdict(r, call.rule, Verdict::breach,
                     "The representative disagreed on {statement_at}, and the decision on {decision_at} was made "
                     "without the disagreement being escalated first.",
                     std::move(e), {}, Severity::error);
}

}  // namespace representative_involvement
