// rejection-reasons/reason-recorded — Norway: Sivilombudet (forvaltningsloven
// §§ 24–25 do not apply directly to hiring, but the decision is objectively
// justified and its main points recorded in writing); Sweden: regeringsformen
// 1 kap. 9 § and diskrimineringslagen 2 kap. 4 § (the applicant not chosen may
// ask for the merits of the one who was); Denmark: forvaltningsloven § 22 (a
// written refusal of a job application is reasoned). Every qualified
// applicant not hired, and not withdrawn, has a rejection whose reason_code
// is on the policy's controlled list. Before the decision only the
// rejections already made are checked.
#include <cstdint>
#include <string>
#include <vector>

#include "rules.hpp"

namespace rejection_reasons {

void reason_recorded(const Round& r, const Call& call, Sink& sink) {
  const bool decided = r.decision_at.has_value();
  std::int64_t checked = 0, no_rejection = 0, no_code = 0, unlisted = 0;
  std::vector<std::string> concerned;
  for (const auto& a : r.applicants) {
    if (!a.qualified() || a.reached(Stage::hired) || a.reached(Stage::withdrawn)) continue;
    const StageEvent* rejected = rejection(a);
    if (!rejected && !decided) continue;  // still in the running
    ++checked;
    if (!rejected)
      ++no_rejection;
    else if (rejected->reason_code.empty())
      ++no_code;
    else if (!listed(call.context.reason_codes, rejected->reason_code))
      ++unlisted;
    else
      continue;
    concerned.push_back(a.id);
  }
  if (checked == 0)
    return sink.round_verdict(r, call.rule, Verdict::not_applicable,
                              decided ? "No qualified applicant was turned down in this round."
                                      : "No decision is recorded yet, and no qualified applicant has been rejected.");
  // An export that gives no rejection of the round a reason code does not
  // record reasons: not recorded, never a breach.
  bool any_code = false;
  for (const auto& a : r.applicants)
    if (const StageEvent* ev = rejection(a); ev && !ev->reason_code.empty()) any_code = true;
  if (!any_code)
    return sink.round_verdict(r, call.rule, Verdict::insufficient_data,
                              "not recorded in this export: no rejection of the round has a reason code");
  // The codes themselves stay out of the evidence: a code not on the list may
  // be anything an ATS let a user type.
  Evidence e;
  e.count("qualified_not_hired", checked);
  e.count("no_rejection_recorded", no_rejection);
  e.count("no_reason_code", no_code);
  e.count("code_not_on_list", unlisted);
  if (concerned.empty())
    return sink.round_verdict(r, call.rule, Verdict::complies,
                              "Every qualified applicant turned down has a reason from the controlled list.",
                              std::move(e));
  sink.round_verdict(r, call.rule, Verdict::breach,
                     "Qualified applicants turned down without a reason from the controlled list: no rejection "
                     "recorded {no_rejection_recorded}, a rejection without a reason code {no_reason_code}, a code "
                     "not on the list {code_not_on_list} (of {qualified_not_hired}).",
                     std::move(e), std::move(concerned), call.severity);
}

}  // namespace rejection_reasons
