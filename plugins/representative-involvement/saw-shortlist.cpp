#include "rules.hpp"

namespace representative_involvement {

RuleInfo saw_shortlist_info() {
  return {"saw-shortlist",
          "The representative saw who is called to interview before the interviews were held.",
          "The representative's task is to ask who is called to interview and why others are not; that is only "
          "possible with the shortlist in hand before the interviews.",
          "Oslo kommune Dok 24 Del I (Avtale om likestilling); Oslo kommune's hiring policy for applicants with "
          "minority background (the representative asks who is called to interview)",
          "innstillingsliste / intervjuliste",
          Severity::warning,
          Scope::round};
}

void check_saw_shortlist(const Round& r, const Config&, Sink& sink) {
  const char* rule = "saw-shortlist";
  const Representative* rep = appointed(r);
  if (!rep) return sink.round_verdict(r, rule, Verdict::not_applicable, kNoRepresentative);
  const auto first = r.first_interview();
  if (!first) return sink.round_verdict(r, rule, Verdict::not_applicable, "No interview is recorded in this round.");
  Evidence e;
  e.date("first_interview_at", *first);
  const RepEvent* shared = rep->first(RepEventType::shortlist_shared);
  if (!shared)
    return sink.round_verdict(r, rule, Verdict::breach,
                              "The shortlist was never shared with the representative; interviews began on "
                              "{first_interview_at}.",
                              std::move(e));
  e.date("shortlist_shared_at", shared->at);
  if (shared->at.before(*first))
    return sink.round_verdict(r, rule, Verdict::complies,
                              "The shortlist was shared on {shortlist_shared_at}, before the first interview on "
                              "{first_interview_at}.",
                              std::move(e));
  sink.round_verdict(r, rule, Verdict::breach,
                     "The shortlist was shared on {shortlist_shared_at}, not before the first interview on "
                     "{first_interview_at}.",
                     std::move(e));
}

}  // namespace representative_involvement
