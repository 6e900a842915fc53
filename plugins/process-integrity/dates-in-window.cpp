// process-integrity/dates-in-window — no binding source: a check of the
// record. An application dated before the advertisement or after the closing
// date is a data error more often than a late applicant let in; either way
// someone should look. Both window dates are needed.
#include <cstdint>
#include <string>
#include <vector>

#include "rules.hpp"

namespace process_integrity {

void dates_in_window(const Round& r, const Call& call, Sink& sink) {
  if (!r.advertised_at || !r.closes_at)
    return sink.round_verdict(r, call.rule, Verdict::not_applicable,
                              "The advertising window is not recorded (advertised_at and closes_at).");
  std::int64_t applications = 0, early = 0, late = 0;
  std::vector<std::string> outside;
  for (const auto& a : r.applicants) {
    const StageEvent* applied = a.first(Stage::applied);
    if (!applied) continue;
    ++applications;
    const bool before = applied->at.before(*r.advertised_at);
    const bool after = r.closes_at->before(applied->at);
    early += before ? 1 : 0;
    late += after ? 1 : 0;
    if (before || after) outside.push_back(a.id);
  }
  if (applications == 0)
    return sink.round_verdict(r, call.rule, Verdict::not_applicable, "No application date is recorded in this round.");
  Evidence e;
  e.date("advertised_at", *r.advertised_at);
  e.date("closes_at", *r.closes_at);
  e.count("applications", applications);
  e.count("before_advertised", early);
  e.count("after_closing", late);
  if (outside.empty())
    return sink.round_verdict(r, call.rule, Verdict::complies,
                              "Every application is dated inside the advertising window ({advertised_at} to "
                              "{closes_at}).",
                              std::move(e));
  sink.round_verdict(r, call.rule, Verdict::breach,
                     "Applications dated outside the advertising window {advertised_at} to {closes_at}: before it "
                     "{before_advertised}, after it {after_closing}.",
                     std::move(e), std::move(outside), call.severity);
}

}  // namespace process_integrity
