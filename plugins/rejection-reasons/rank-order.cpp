// rejection-reasons/rank-order — the qualification principle (Norway:
// kvalifikasjonsprinsippet, for the state statsansatteloven § 3 first
// paragraph) and the reasons a refusal gives (Denmark: forvaltningsloven
// § 22); in Sweden good practice. A hire ranked below a rejected qualified
// applicant is explained by a recorded decision_reason, by the hire being
// recorded as equally qualified with the top (a moderate quota or another
// preference among equals), or by the rejected applicant's own reason when it
// is more than the ranking (declined_offer, references, …). A rejection that
// only says the ranking was followed (ranking_reason_codes) explains nothing.
// Where the export does not record decision reasons, a breach becomes
// insufficient_data (needs_for_breach).
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "rules.hpp"

namespace rejection_reasons {

void rank_order(const Round& r, const Call& call, Sink& sink) {
  std::vector<const Applicant*> hires;
  for (const auto& a : r.applicants)
    if (a.reached(Stage::hired)) hires.push_back(&a);
  if (hires.empty())
    return sink.round_verdict(r, call.rule, Verdict::not_applicable, "No one has been hired in this round.");

  int lowest_hire = 0;  // the worst rank among hires not recorded equal with the top
  bool any_ranked = false;
  for (const Applicant* h : hires) {
    if (!h->assessment.rank) continue;
    any_ranked = true;
    if (!h->assessment.equally_qualified_with_top.value_or(false))
      lowest_hire = std::max(lowest_hire, *h->assessment.rank);
  }
  if (!any_ranked)
    return sink.round_verdict(r, call.rule, Verdict::insufficient_data,
                              "The ranking of the person hired is not recorded.");

  std::vector<std::string> passed_over;
  for (const auto& a : r.applicants) {
    const StageEvent* e = rejection(a);
    if (!e || !a.qualified() || !a.assessment.rank || a.reached(Stage::hired)) continue;
    if (*a.assessment.rank >= lowest_hire) continue;
    if (!e->reason_code.empty() && !listed(call.context.ranking_codes, e->reason_code)) continue;
    passed_over.push_back(a.id);
  }
  const bool reason = !r.decision_reason.empty();
  Evidence ev;
  ev.count("hired", static_cast<std::int64_t>(hires.size()));
  ev.number("lowest_rank_hired", lowest_hire);
  ev.count("ranked_above_and_rejected", static_cast<std::int64_t>(passed_over.size()));
  ev.boolean("decision_reason_recorded", reason);
  if (passed_over.empty())
    return sink.round_verdict(r, call.rule, Verdict::complies,
                              "No rejected applicant was ranked above the person hired without a reason of their own.",
                              std::move(ev));
  if (reason)
    return sink.round_verdict(r, call.rule, Verdict::complies,
                              "Rejected applicants ranked above the person hired: {ranked_above_and_rejected}; the "
                              "round records a decision reason.",
                              std::move(ev));
  std::vector<std::string> concerned = passed_over;
  for (const Applicant* h : hires)
    if (h->assessment.rank && *h->assessment.rank == lowest_hire) concerned.push_back(h->id);
  sink.round_verdict(r, call.rule, Verdict::breach,
                     "The person hired was ranked {lowest_rank_hired}, below rejected qualified applicants "
                     "({ranked_above_and_rejected}) whose rejection gives only the ranking as its reason, and the "
                     "round records no decision reason.",
                     std::move(ev), std::move(concerned), call.severity);
}

}  // namespace rejection_reasons
