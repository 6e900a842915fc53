// representative-involvement/appointed — Oslo kommune Dok 24 Del I (Avtale om
// likestilling): someone is appointed to ask who is called to interview and
// who is hired; every other rule of the plugin depends on it.
#include "rules.hpp"

namespace representative_involvement {

void appointed(const Round& r, const Call& call, Sink& sink) {
  const Representative* rep = appointed_representative(r);
  if (!rep) {
    sink.round_verdict(r, call.rule, Verdict::breach, "No representative is appointed for this round.");
    return;
  }
  if (!rep->role.empty() && !call.context.counts(rep->role)) {
    Evidence e;
    e.text("role", rep->role);
    sink.round_verdict(r, call.rule, Verdict::breach,
                       "The person appointed has the role {role}, which this policy does not count as a representative.",
                       std::move(e));
    return;
  }
  Evidence e;
  e.text("role", rep->role.empty() ? "unspecified" : rep->role);
  sink.round_verdict(r, call.rule, Verdict::complies, "A representative ({role}) is appointed.", std::move(e));
}

}  // namespace representative_involvement
