// What the representative-involvement rules share.
#include "rules.hpp"

namespace representative_involvement {

const Representative* representative_for(const Round& r, const Call& call, Sink& sink) {
  const Representative* rep = appointed_representative(r);
  if (!rep)
    sink.round_verdict(r, call.rule, Verdict::not_applicable,
                       "no representative is appointed for this round (see appointed)");
  return rep;
}

const Representative* representative_before_decision(const Round& r, const Call& call, Sink& sink, Evidence& e) {
  const Representative* rep = representative_for(r, call, sink);
  if (!rep) return nullptr;
  if (!r.decision_at) {
    sink.round_verdict(r, call.rule, Verdict::not_applicable, "No decision is recorded yet in this round.");
    return nullptr;
  }
  e.date("decision_at", *r.decision_at);
  return rep;
}

// invited-before-interviews and saw-shortlist: whether one step of the
// representative's came before anyone was interviewed.
void step_before_interviews(const Round& r, const Call& call, Sink& sink, RepEventType step,
                            const BeforeInterviewsTexts& texts) {
  const Representative* rep = representative_for(r, call, sink);
  if (!rep) return;
  const auto first = r.first_interview();
  if (!first)
    return sink.round_verdict(r, call.rule, Verdict::not_applicable, "No interview is recorded in this round.");
  Evidence e;
  e.date("first_interview_at", *first);
  const RepEvent* event = rep->first(step);
  if (!event) return sink.round_verdict(r, call.rule, Verdict::breach, texts.never, std::move(e));
  e.date(texts.at_key, event->at);
  if (event->at.before(*first))
    return sink.round_verdict(r, call.rule, Verdict::complies, texts.in_time, std::move(e));
  sink.round_verdict(r, call.rule, Verdict::breach, texts.too_late, std::move(e));
}

}  // namespace representative_involvement
