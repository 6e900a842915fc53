#include "rules.hpp"

namespace representative_involvement {

RuleInfo appointed_info() {
  return {"appointed",
          "A representative (likestillingsrepresentant or union representative) is appointed for the round.",
          "Without someone appointed to watch the round, nobody asks who is called to interview and why; every "
          "other check of this plugin depends on it.",
          "Oslo kommune Dok 24 Del I (Avtale om likestilling): the likestillingsrepresentant asks who is called to "
          "interview and who is hired; likestillings- og diskrimineringsloven § 26 (activity duty carried out with "
          "the employee representatives)",
          "likestillingsrepresentant",
          Severity::warning,
          Scope::round};
}

void check_appointed(const Round& r, const Config& cfg, Sink& sink) {
  const Representative* rep = appointed(r);
  if (!rep) {
    sink.round_verdict(r, "appointed", Verdict::breach, "No representative is appointed for this round.");
    return;
  }
  if (!rep->role.empty() && !cfg.counts(rep->role)) {
    Evidence e;
    e.text("role", rep->role);
    sink.round_verdict(r, "appointed", Verdict::breach,
                       "The person appointed has the role {role}, which this policy does not count as a representative.",
                       std::move(e));
    return;
  }
  Evidence e;
  e.text("role", rep->role.empty() ? "unspecified" : rep->role);
  sink.round_verdict(r, "appointed", Verdict::complies, "A representative ({role}) is appointed.", std::move(e));
}

}  // namespace representative_involvement
