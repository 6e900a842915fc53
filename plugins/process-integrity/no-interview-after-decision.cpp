// process-integrity/no-interview-after-decision — a hiring decision is an
// enkeltvedtak and is made on a case investigated as fully as possible
// (Norway: forvaltningsloven § 17, as Sivilombudet applies it to hiring);
// elsewhere the rule is the record's consistency. An interview dated after
// the decision (calendar day; both times when both carry one) either did not
// inform it or is dated wrongly.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rules.hpp"

namespace process_integrity {

void no_interview_after_decision(const Round& r, const Call& call, Sink& sink) {
  if (!r.decision_at)
    return sink.round_verdict(r, call.rule, Verdict::not_applicable, "No decision is recorded yet in this round.");
  const auto first = r.first_interview();
  if (!first)
    return sink.round_verdict(r, call.rule, Verdict::not_applicable, "No interview is recorded in this round.");

  const Timestamp& decision = *r.decision_at;
  std::vector<std::string> late;
  std::optional<Timestamp> last;
  auto note = [&](const std::string& applicant, const Timestamp& at) {
    if (!last || last->before(at)) last = at;
    if (!decision.before(at)) return;
    for (const auto& id : late)
      if (id == applicant) return;
    late.push_back(applicant);
  };
  for (const auto& iv : r.interviews) note(iv.applicant, iv.at);
  for (const auto& a : r.applicants)
    for (const auto& ev : a.events)
      if (ev.type == Stage::interview_held) note(a.id, ev.at);

  Evidence e;
  e.date("decision_at", decision);
  e.date("last_interview_at", *last);
  e.count("interviewed_after_decision", static_cast<std::int64_t>(late.size()));
  if (late.empty())
    return sink.round_verdict(r, call.rule, Verdict::complies, "Every interview was held before the decision.",
                              std::move(e));
  sink.round_verdict(r, call.rule, Verdict::breach,
                     "Applicants interviewed after the decision of {decision_at}: {interviewed_after_decision} (last "
                     "interview {last_interview_at}).",
                     std::move(e), std::move(late), call.severity);
}

}  // namespace process_integrity
