#include "rules.hpp"

namespace representative_involvement {

RuleInfo invited_before_interviews_info() {
  return {"invited-before-interviews",
          "The representative was invited into the round before the first interview.",
          "A representative invited after interviews have begun can no longer influence who is called; the "
          "involvement has to start while the shortlist is being made.",
          "Oslo kommune Dok 24 Del I (Avtale om likestilling); Dok 24 Del D § 3 (the unions take part in "
          "interviews)",
          "innkalling av likestillingsrepresentant",
          Severity::warning,
          Scope::round};
}

void check_invited_before_interviews(const Round& r, const Config&, Sink& sink) {
  const char* rule = "invited-before-interviews";
  const Representative* rep = appointed(r);
  if (!rep) return sink.round_verdict(r, rule, Verdict::not_applicable, kNoRepresentative);
  const auto first = r.first_interview();
  if (!first) return sink.round_verdict(r, rule, Verdict::not_applicable, "No interview is recorded in this round.");
  Evidence e;
  e.date("first_interview_at", *first);
  const RepEvent* inv = rep->first(RepEventType::invited);
  if (!inv)
    return sink.round_verdict(r, rule, Verdict::breach,
                              "No invitation of the representative is recorded; the first interview was on "
                              "{first_interview_at}.",
                              std::move(e));
  e.date("invited_at", inv->at);
  if (inv->at.before(*first))
    return sink.round_verdict(r, rule, Verdict::complies,
                              "Invited on {invited_at}, before the first interview on {first_interview_at}.",
                              std::move(e));
  sink.round_verdict(r, rule, Verdict::breach,
                     "The representative was invited on {invited_at}, not before the first interview on "
                     "{first_interview_at}.",
                     std::move(e));
}

}  // namespace representative_involvement
