// panel-composition/panel-gender-mix — no binding source sets the
// composition of an interview panel; a panel of more than one gender serves
// the equality duty each profile's law or agreement names (Dok 24 Del I § 3,
// likestillings- og diskrimineringsloven § 26, diskrimineringslagen 3 kap.
// 5 §, a Danish kommune's own guidelines): good practice. Only woman, man and
// other are genders here; an interviewer recorded unknown or declined leaves
// the panel undetermined unless the others already differ.
#include <cstdint>
#include <set>

#include "rules.hpp"

namespace panel_composition {

void panel_gender_mix(const Round& r, const Call& call, Sink& sink) {
  const auto panels = recorded_panels(r, call, sink);
  if (panels.empty()) return;
  std::int64_t single = 0, undetermined = 0;
  for (const Interview* iv : panels) {
    std::set<Gender> genders;
    bool unknown = false;
    for (const auto& m : iv->panel) {
      if (m.gender == Gender::woman || m.gender == Gender::man || m.gender == Gender::other)
        genders.insert(m.gender);
      else
        unknown = true;
    }
    if (genders.size() >= 2) continue;
    if (unknown)
      ++undetermined;
    else
      ++single;
  }
  Evidence e;
  e.number("interviews", static_cast<std::int64_t>(panels.size()));
  e.number("single_gender_panels", single);
  e.number("undetermined_panels", undetermined);
  if (single > 0)
    return sink.round_verdict(r, call.rule, Verdict::breach,
                              "Interviews whose panel is all of one gender: {single_gender_panels} of {interviews}.",
                              std::move(e), {}, call.severity);
  if (undetermined > 0)
    return sink.round_verdict(r, call.rule, Verdict::insufficient_data,
                              "Interviews whose panel's genders are not all recorded: {undetermined_panels} of "
                              "{interviews}.",
                              std::move(e));
  sink.round_verdict(r, call.rule, Verdict::complies, "Every interview panel had interviewers of more than one gender.",
                     std::move(e));
}

}  // namespace panel_composition
