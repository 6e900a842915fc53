// se-active-measures/four-steps — Diskrimineringslagen (SFS 2008:567) 3 kap.
// 2 § (the work is done in four steps: investigate risks and obstacles,
// analyse their causes, take the measures that can reasonably be required,
// follow up and evaluate) and 3 kap. 5 § point 3 (recruitment and promotion is
// one of the areas the employer works in). Every employer does all four
// steps, whatever its size.
#include <array>

#include "rules.hpp"

namespace se_active_measures {

void four_steps(const MeasuresRecord& m, const Call& call, Sink& sink) {
  if (!in_scope(m, call, sink)) return;
  const std::array<std::pair<const char*, const std::optional<Timestamp>*>, 4> steps{{
      {"investigate", &m.steps.investigate},
      {"analyse", &m.steps.analyse},
      {"act", &m.steps.act},
      {"follow_up", &m.steps.follow_up},
  }};
  Evidence e = evidence_of(m);
  std::string missing;
  for (const auto& [name, at] : steps) {
    if (*at)
      e.date(std::string(name) + "_at", **at);
    else
      missing += (missing.empty() ? "" : ", ") + std::string(name);
  }
  if (!missing.empty()) {
    e.text("missing_steps", missing);
    return verdict(m, call, sink, Verdict::breach,
                   "In {year} the work on recruitment and promotion records no date for: {missing_steps}.",
                   std::move(e));
  }
  for (std::size_t i = 1; i < steps.size(); ++i) {
    if ((*steps[i].second)->before(**steps[i - 1].second)) {
      e.text("step", steps[i].first);
      e.text("before_step", steps[i - 1].first);
      return verdict(m, call, sink, Verdict::breach,
                     "In {year} the step {step} is dated before the step {before_step}: the steps are not taken in "
                     "order.",
                     std::move(e));
    }
  }
  verdict(m, call, sink, Verdict::complies,
          "In {year} all four steps of the work on recruitment and promotion are dated, in order.", std::move(e));
}

}  // namespace se_active_measures
