// rejection-reasons/second-look — a language requirement the work does not
// need can be indirect discrimination on ethnicity (Norway: likestillings- og
// diskrimineringsloven; Sweden: diskrimineringslagen 1 kap. 4 §; Denmark:
// forskelsbehandlingsloven § 2), and a judgment of personal suitability must
// rest on a thorough investigation (Sivilombudet on forvaltningsloven § 17).
// Neither reason is wrong in itself: each rejection giving one is noted for
// someone to read again (a note).
#include <cstdint>
#include <string>
#include <vector>

#include "rules.hpp"

namespace rejection_reasons {

void second_look(const Round& r, const Call& call, Sink& sink) {
  std::int64_t rejected = 0;
  std::vector<std::string> for_review;
  for (const auto& a : r.applicants) {
    const StageEvent* e = rejection(a);
    if (!e) continue;
    ++rejected;
    if (listed(call.context.review_codes, e->reason_code)) for_review.push_back(a.id);
  }
  if (rejected == 0)
    return sink.round_verdict(r, call.rule, Verdict::not_applicable, "No rejection is recorded in this round.");
  std::string codes;
  for (const auto& c : call.context.review_codes) codes += (codes.empty() ? "" : ", ") + c;
  Evidence e;
  e.count("rejected", rejected);
  e.count("for_review", static_cast<std::int64_t>(for_review.size()));
  e.text("review_reason_codes", codes);
  if (for_review.empty())
    return sink.round_verdict(r, call.rule, Verdict::complies,
                              "No rejection rests on a reason that needs a second look ({review_reason_codes}).",
                              std::move(e));
  sink.round_verdict(r, call.rule, Verdict::breach,
                     "Rejections resting on a reason that needs a second look ({review_reason_codes}): {for_review} "
                     "of {rejected}; read each against the post's documented requirements.",
                     std::move(e), std::move(for_review), call.severity);
}

}  // namespace rejection_reasons
