// process-integrity/recommendation-before-decision — for Oslo kommune Dok 24
// Del D § 3.1 (the innstilling goes to the unions for their statement before
// the decision); elsewhere the policy's practice. The recommendation's date is
// the round's recommendation_at, or else the date of its recommendation
// document; without either the rule cannot tell, which is not a breach.
#include <optional>

#include "rules.hpp"

namespace process_integrity {

void recommendation_before_decision(const Round& r, const Call& call, Sink& sink) {
  if (!r.decision_at)
    return sink.round_verdict(r, call.rule, Verdict::not_applicable, "No decision is recorded yet in this round.");
  std::optional<Timestamp> recommendation = r.recommendation_at;
  if (!recommendation)
    for (const auto& d : r.documents)
      if (d.type == "recommendation" && d.at && (!recommendation || d.at->before(*recommendation)))
        recommendation = d.at;
  if (!recommendation)
    return sink.round_verdict(r, call.rule, Verdict::insufficient_data,
                              "No recommendation date is recorded (neither recommendation_at nor a dated "
                              "recommendation document).");
  Evidence e;
  e.date("recommendation_at", *recommendation);
  e.date("decision_at", *r.decision_at);
  if (recommendation->on_or_before(*r.decision_at))
    return sink.round_verdict(r, call.rule, Verdict::complies,
                              "The recommendation ({recommendation_at}) precedes the decision ({decision_at}).",
                              std::move(e));
  sink.round_verdict(r, call.rule, Verdict::breach,
                     "The recommendation is dated {recommendation_at}, after the decision of {decision_at}.",
                     std::move(e), {}, call.severity);
}

}  // namespace process_integrity
