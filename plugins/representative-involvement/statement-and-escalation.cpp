#include "rules.hpp"

namespace representative_involvement {

RuleInfo statement_and_escalation_info() {
  return {"statement-and-escalation",
          "The representative filed a statement before the decision; a disagreement was escalated before the "
          "decision.",
          "The statement is the representative's record of whether equality was considered. When the "
          "representative disagrees, the agreement requires the disagreement to be taken further before the "
          "employer decides; deciding first makes the escalation meaningless.",
          "Oslo kommune Dok 24 Del I § 7.3 (disagreement is taken to Kontaktutvalget); Dok 24 Del D § 4 (the "
          "statement addresses gender equality)",
          "uttalelse; uenighet",
          Severity::warning,
          Scope::round};
}

void check_statement_and_escalation(const Round& r, const Config&, Sink& sink) {
  const char* rule = "statement-and-escalation";
  const Representative* rep = appointed(r);
  if (!rep) return sink.round_verdict(r, rule, Verdict::not_applicable, kNoRepresentative);
  if (!r.decision_at)
    return sink.round_verdict(r, rule, Verdict::not_applicable, "No decision is recorded yet in this round.");
  Evidence e;
  e.date("decision_at", *r.decision_at);
  const RepEvent* st = nullptr;
  for (const auto& ev : rep->events)
    if (ev.type == RepEventType::statement_filed && ev.at.on_or_before(*r.decision_at)) st = &ev;  // the last one in time
  if (!st)
    return sink.round_verdict(r, rule, Verdict::breach,
                              "No statement from the representative is recorded before the decision on {decision_at}.",
                              std::move(e));
  e.date("statement_at", st->at);
  if (st->agrees.has_value()) e.boolean("agrees", *st->agrees);
  if (st->agrees.value_or(true))
    return sink.round_verdict(r, rule, Verdict::complies, "A statement was filed on {statement_at}, before the decision.",
                              std::move(e));
  const RepEvent* esc = nullptr;
  for (const auto& ev : rep->events)
    if (ev.type == RepEventType::escalated && st->at.on_or_before(ev.at) && ev.at.before(*r.decision_at)) esc = &ev;
  if (esc) {
    e.date("escalated_at", esc->at);
    return sink.round_verdict(r, rule, Verdict::complies,
                              "The representative disagreed on {statement_at}; the disagreement was escalated on "
                              "{escalated_at}, before the decision.",
                              std::move(e));
  }
  // Deciding over an unescalated disagreement breaks a binding agreement: error.
  sink.round_verdict(r, rule, Verdict::breach,
                     "The representative disagreed on {statement_at}, and the decision on {decision_at} was made "
                     "without the disagreement being escalated first.",
                     std::move(e), {}, Severity::error);
}

}  // namespace representative_involvement
