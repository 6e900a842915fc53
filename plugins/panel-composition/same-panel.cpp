// panel-composition/same-panel — candidates are assessed on the same terms
// (Norway: Sivilombudet on likebehandling of applicants and
// kvalifikasjonsprinsippet; Sweden: regeringsformen 1 kap. 9 §; Denmark: a
// kommune's own guidelines). The export names no interviewer, so a panel is
// compared by its composition: the roles and genders of its members. A
// change is explained by a document of type `panel_change`; where the export
// does not record documents, a breach becomes insufficient_data
// (needs_for_breach).
#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "rules.hpp"

namespace panel_composition {
namespace {

std::vector<std::string> composition(const Interview& iv) {
  std::vector<std::string> members;
  for (const auto& m : iv.panel) members.push_back(m.role + "/" + to_string(m.gender));
  std::sort(members.begin(), members.end());
  return members;
}

}  // namespace

void same_panel(const Round& r, const Call& call, Sink& sink) {
  const auto panels = recorded_panels(r, call, sink);
  if (panels.empty()) return;
  if (panels.size() == 1)
    return sink.round_verdict(r, call.rule, Verdict::not_applicable,
                              "Only one interview with its panel is recorded in this round.");
  std::set<std::vector<std::string>> distinct;
  for (const Interview* iv : panels) distinct.insert(composition(*iv));
  bool reason = false;
  for (const auto& d : r.documents)
    if (d.type == "panel_change") reason = true;

  Evidence e;
  e.number("interviews", static_cast<std::int64_t>(panels.size()));
  e.number("distinct_panels", static_cast<std::int64_t>(distinct.size()));
  e.boolean("panel_change_recorded", reason);
  if (distinct.size() == 1)
    return sink.round_verdict(r, call.rule, Verdict::complies, "The same panel interviewed every candidate.",
                              std::move(e));
  if (reason)
    return sink.round_verdict(r, call.rule, Verdict::complies,
                              "The panel changed between candidates ({distinct_panels} panels), and a panel_change "
                              "document records why.",
                              std::move(e));
  sink.round_verdict(r, call.rule, Verdict::breach,
                     "The candidates were interviewed by {distinct_panels} different panels, and no panel_change "
                     "document records why.",
                     std::move(e), {}, call.severity);
}

}  // namespace panel_composition
