#include "rules.hpp"

namespace representative_involvement {

RuleInfo recommendation_in_time_info() {
  return {"recommendation-in-time",
          "The representative received the recommendation (innstilling) at least N working days before the "
          "decision.",
          "A statement on the recommendation needs time to be written; a recommendation handed over the day "
          "before the decision makes the representative's part a formality. Working days exclude weekends and "
          "public holidays of the policy's calendar, and neither the day of receipt nor the day of the decision "
          "counts.",
          "Oslo kommune Dok 24 Del D § 3 (the recommendation goes to the unions before the decision); Dok 24 Del I "
          "(Avtale om likestilling)",
          "innstilling",
          Severity::warning,
          Scope::round, Indicator::representative_in_time};
}

void check_recommendation_in_time(const Round& r, const Config& cfg, Sink& sink) {
  const char* rule = "recommendation-in-time";
  const Representative* rep = appointed(r);
  if (!rep) return sink.round_verdict(r, rule, Verdict::not_applicable, kNoRepresentative);
  if (!r.decision_at)
    return sink.round_verdict(r, rule, Verdict::not_applicable, "No decision is recorded yet in this round.");
  Evidence e;
  e.date("decision_at", *r.decision_at);
  e.number("required_working_days", cfg.min_working_days);
  const RepEvent* rec = rep->first(RepEventType::recommendation_received);
  if (!rec)
    return sink.round_verdict(r, rule, Verdict::breach,
                              "The representative never received the recommendation; the decision was made on "
                              "{decision_at}.",
                              std::move(e));
  const int days = working_days_between(rec->at, *r.decision_at, cfg.calendar);
  e.date("received_at", rec->at);
  e.number("working_days", days);
  e.text("calendar", to_string(cfg.calendar));
  if (!rec->at.before(*r.decision_at))
    return sink.round_verdict(r, rule, Verdict::breach,
                              "The representative received the recommendation on {received_at}, not before the "
                              "decision on {decision_at}.",
                              std::move(e));
  if (days >= cfg.min_working_days)
    return sink.round_verdict(r, rule, Verdict::complies,
                              "Received on {received_at}, {working_days} working days before the decision on "
                              "{decision_at} (at least {required_working_days} required).",
                              std::move(e));
  sink.round_verdict(r, rule, Verdict::breach,
                     "The representative received the recommendation on {received_at}, only {working_days} working "
                     "days before the decision on {decision_at}; at least {required_working_days} are required.",
                     std::move(e));
}

}  // namespace representative_involvement
