#include "rules.hpp"

namespace representative_involvement {

RuleInfo attended_interview_info() {
  return {"attended-interview",
          "The representative attended at least one interview, or a waiver is recorded.",
          "Being on the panel is how the representative sees whether candidates are assessed on the same terms; "
          "a recorded waiver shows the absence was a decision, not an oversight.",
          "Oslo kommune Dok 24 Del D § 3 (union participation in interviews); Dok 24 Del I (Avtale om likestilling)",
          "deltakelse i intervju",
          Severity::warning,
          Scope::round};
}

void check_attended_interview(const Round& r, const Config& cfg, Sink& sink) {
  const char* rule = "attended-interview";
  const Representative* rep = appointed(r);
  if (!rep) return sink.round_verdict(r, rule, Verdict::not_applicable, kNoRepresentative);
  if (!r.first_interview())
    return sink.round_verdict(r, rule, Verdict::not_applicable, "No interview is recorded in this round.");

  bool on_panel = false;
  for (const auto& iv : r.interviews)
    for (const auto& m : iv.panel)
      if (cfg.counts(m.role)) on_panel = true;
  const bool attended = rep->first(RepEventType::attended_interview) != nullptr || on_panel;
  const bool waiver = rep->first(RepEventType::waiver) != nullptr;

  Evidence e;
  e.number("interviews", static_cast<std::int64_t>(r.interviews.size()));
  e.boolean("attended", attended);
  e.boolean("waiver", waiver);
  if (attended)
    return sink.round_verdict(r, rule, Verdict::complies, "The representative attended at least one interview.",
                              std::move(e));
  if (waiver && cfg.waiver_excuses_absence)
    return sink.round_verdict(r, rule, Verdict::complies,
                              "The representative did not attend, and a waiver is recorded.", std::move(e));
  sink.round_verdict(r, rule, Verdict::breach,
                     waiver ? "The representative attended none of the interviews; a waiver is recorded, but this "
                              "policy does not accept a waiver in place of attendance."
                            : "The representative attended none of the interviews, and no waiver is recorded.",
                     std::move(e));
}

}  // namespace representative_involvement
