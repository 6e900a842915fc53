// process-integrity/invited-assessed — Sivilombudet (Norway) expects the
// comparative assessment of the applicants, above all of those interviewed,
// to be recorded so that the qualification principle can be reviewed; in
// Sweden and Denmark the rule is good practice (saklighet, RF 1:9; what a
// reasoned refusal rests on). An applicant called to interview whose
// assessment is `not_assessed` (or absent) breaks it.
#include <cstdint>
#include <string>
#include <vector>

#include "rules.hpp"

namespace process_integrity {

void invited_assessed(const Round& r, const Call& call, Sink& sink) {
  std::int64_t invited = 0;
  std::vector<std::string> unassessed;
  for (const auto& a : r.applicants) {
    if (!a.reached(Stage::interview_invited)) continue;
    ++invited;
    if (a.assessment.outcome == Outcome::not_assessed) unassessed.push_back(a.id);
  }
  if (invited == 0)
    return sink.round_verdict(r, call.rule, Verdict::not_applicable,
                              "No applicant has been called to interview in this round.");
  // An export that records no assessment for anyone in the round does not
  // record assessments: not recorded, never a breach.
  bool any_assessed = false;
  for (const auto& a : r.applicants) any_assessed = any_assessed || a.assessment.outcome != Outcome::not_assessed;
  if (!any_assessed)
    return sink.round_verdict(r, call.rule, Verdict::insufficient_data,
                              "not recorded in this export: no applicant of the round has an assessment");
  Evidence e;
  e.count("invited", invited);
  e.count("invited_not_assessed", static_cast<std::int64_t>(unassessed.size()));
  if (unassessed.empty())
    return sink.round_verdict(r, call.rule, Verdict::complies,
                              "Every applicant called to interview has an assessment recorded.", std::move(e));
  sink.round_verdict(r, call.rule, Verdict::breach,
                     "Called to interview without an assessment recorded: {invited_not_assessed} (called: {invited}).",
                     std::move(e), std::move(unassessed), call.severity);
}

}  // namespace process_integrity
