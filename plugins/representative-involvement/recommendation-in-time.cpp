// representative-involvement/recommendation-in-time — Dok 24 Del D § 3: the
// recommendation goes to the unions before the decision, with time enough to
// write a statement on it.
#include "rules.hpp"

namespace representative_involvement {

void recommendation_in_time(const Round& r, const Call& call, Sink& sink) {
  Evidence e;
  const Representative* rep = representative_before_decision(r, call, sink, e);
  if (!rep) return;
  e.number("required_working_days", call.context.min_working_days);
  const RepEvent* rec = rep->first(RepEventType::recommendation_received);
  if (!rec)
    return sink.round_verdict(r, call.rule, Verdict::breach,
                              "The representative never received the recommendation; the decision was made on "
                              "{decision_at}.",
                              std::move(e));
  const int days = working_days_between(rec->at, *r.decision_at, call.context.calendar);
  e.date("received_at", rec->at);
  e.number("working_days", days);
  e.text("calendar", to_string(call.context.calendar));
  if (!rec->at.before(*r.decision_at))
    return sink.round_verdict(r, call.rule, Verdict::breach,
                              "The representative received the recommendation on {received_at}, not before the "
                              "decision on {decision_at}.",
                              std::move(e));
  if (days >= call.context.min_working_days)
    return sink.round_verdict(r, call.rule, Verdict::complies,
                              "Received on {received_at}, {working_days} working days before the decision on "
                              "{decision_at} (at least {required_working_days} required).",
                              std::move(e));
  sink.round_verdict(r, call.rule, Verdict::breach,
                     "The representative received the recommendation on {received_at}, only {working_days} working "
                     "days before the decision on {decision_at}; at least {required_working_days} are required.",
                     std::move(e));
}

}  // namespace representative_involvement
