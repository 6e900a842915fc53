// panel-composition/panel-size — no binding source requires more than one
// interviewer (docs/legal-sources.md): good practice, so that no single
// person's impression decides who goes forward. Every interview whose panel
// is recorded has at least min_panel_size members.
#include <algorithm>
#include <cstdint>

#include "rules.hpp"

namespace panel_composition {

void panel_size(const Round& r, const Call& call, Sink& sink) {
  const auto panels = recorded_panels(r, call, sink);
  if (panels.empty()) return;
  std::int64_t small = 0;
  std::size_t smallest = panels.front()->panel.size();
  for (const Interview* iv : panels) {
    smallest = std::min(smallest, iv->panel.size());
    if (iv->panel.size() < static_cast<std::size_t>(call.context.min_panel_size)) ++small;
  }
  // Interviews and interviewers are numbers of staff and of meetings, not of
  // applicants with a characteristic: plain numbers.
  Evidence e;
  e.number("interviews", static_cast<std::int64_t>(panels.size()));
  e.number("smallest_panel", static_cast<std::int64_t>(smallest));
  e.number("min_panel_size", call.context.min_panel_size);
  e.number("interviews_below_minimum", small);
  if (small == 0)
    return sink.round_verdict(r, call.rule, Verdict::complies,
                              "Every interview had at least {min_panel_size} interviewers.", std::move(e));
  sink.round_verdict(r, call.rule, Verdict::breach,
                     "Interviews with fewer than {min_panel_size} interviewers: {interviews_below_minimum} of "
                     "{interviews} (smallest panel: {smallest_panel}).",
                     std::move(e), {}, call.severity);
}

}  // namespace panel_composition
