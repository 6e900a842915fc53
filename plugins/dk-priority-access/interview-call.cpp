// dk-priority-access/interview-call
//
// Kompensationsloven's fortrinsadgang, as bekendtgørelse nr. 1174 af 25.
// november 2019 sets it out: a public employer calls to a personal interview
// an applicant with a disability who is referred by a jobcenter, or who
// invokes priority access and meets the post's formal requirements, before
// the post is filled. Not where the post is filled internally.
#include <string>
#include <vector>

#include "rules.hpp"

namespace fairaudit::dk_priority {

void interview_call(const Round& round, const RuleContext& ctx, Sink& sink) {
  const PriorityAccess pa = priority_access(round);
  Evidence ev = priority_evidence(pa);

  if (pa.holders.empty()) {
    if (pa.formal_unknown > 0) {
      sink.round_verdict(round, ctx.rule, Verdict::insufficient_data,
                         "applicants invoked priority access, but whether they meet the formal requirements is not "
                         "recorded (not recorded: {formal_requirements_not_recorded})",
                         std::move(ev));
    } else if (pa.withdrew > 0) {
      sink.round_verdict(round, ctx.rule, Verdict::not_applicable,
                         "every applicant with priority access withdrew before being called (withdrew: {withdrew})",
                         std::move(ev));
    } else {
      sink.round_verdict(round, ctx.rule, Verdict::not_applicable,
                         "no applicant holds priority access (invoked: {invoked}; formal requirements not met: "
                         "{formal_requirements_not_met})",
                         std::move(ev));
    }
    return;
  }

  const std::optional<Timestamp> filled = filled_at(round);
  std::int64_t called = 0;
  std::vector<std::string> not_called;
  for (const Applicant* a : pa.holders) {
    const StageEvent* inv = invitation(*a);
    // Called before the post was filled (on the same day counts: the export
    // rarely holds the hour of either).
    if (inv && (!filled || inv->at.on_or_before(*filled)))
      ++called;
    else
      not_called.push_back(a->id);
  }
  ev.count("called", called);
  if (filled)
    ev.date("filled_at", *filled);
  else
    ev.null("filled_at");

  if (not_called.empty()) {
    sink.round_verdict(round, ctx.rule, Verdict::complies,
                       "every applicant with priority access was called to interview (holders: {holders})",
                       std::move(ev));
    return;
  }
  if (!filled) {
    sink.round_verdict(round, ctx.rule, Verdict::insufficient_data,
                       "applicants with priority access have not been called yet, and the post is not filled "
                       "(holders: {holders}; called: {called})",
                       std::move(ev));
    return;
  }
  sink.round_verdict(round, ctx.rule, Verdict::breach,
                     "applicants with priority access were not called to interview before the post was filled on "
                     "{filled_at} (holders: {holders}; called: {called})",
                     std::move(ev), std::move(not_called), ctx.severity);
}

}  // namespace fairaudit::dk_priority
