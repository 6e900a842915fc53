// What the process-integrity rules share.
#include "rules.hpp"

namespace process_integrity {

bool interviewed(const Round& r, const Applicant& a) {
  if (a.reached(Stage::interview_held)) return true;
  for (const auto& iv : r.interviews)
    if (iv.applicant == a.id) return true;
  return false;
}

const StageEvent* exit_event(const Applicant& a) {
  const StageEvent* out = nullptr;
  for (const auto& e : a.events)
    if ((e.type == Stage::rejected || e.type == Stage::withdrawn) && (!out || e.at.before(out->at))) out = &e;
  return out;
}

}  // namespace process_integrity
