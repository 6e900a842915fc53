// se-active-measures/four-steps — Diskrimineringslagen (SFS 2008:567) 3 kap.
// 2 § (the work is done in four steps: investigate risks and obstacles,
// analyse their causes, take the measures that can reasonably be required,
// follow up and evaluate) and 3 kap. 5 § point 3 (recruitment and promotion is
// one of the areas the employer works in). Every employer does all four
// steps, whatever its size.
//
// The work is yearly (3 kap. 13 §: documented "varje kalenderår"), so a
// year's steps are due by its end: a step not yet dated in a year that is
// not over on the as-of date is not yet due, never a breach. The as-of date
// is the policy's (option as_of) or the latest date in the export's records;
// a record whose year those seen so far do not show over waits for the
// export's last record (finish()).
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
  const Context& c = call.context;
  const std::optional<Timestamp> as_of = as_of_of(c);
  const bool over = year_over(m, c);
  bool any_missing = false;
  for (const auto& step : steps) any_missing = any_missing || !*step.second;
  if (any_missing && defer(m, call, &four_steps)) return;  // judged in finish(), as of the export's latest date

  Evidence e = evidence_of(m);
  std::string missing;
  for (const auto& [name, at] : steps) {
    if (*at)
      e.date(std::string(name) + "_at", **at);
    else
      missing += (missing.empty() ? "" : ", ") + std::string(name);
  }
  if (!missing.empty() && over) {
    e.text("missing_steps", missing);
    return verdict(m, call, sink, Verdict::breach,
                   "In {year} the work on recruitment and promotion records no date for: {missing_steps}.",
                   std::move(e));
  }
  // The steps that are dated are in order, whether or not the year is over.
  const std::optional<Timestamp>* previous = nullptr;
  const char* previous_name = nullptr;
  for (const auto& [name, at] : steps) {
    if (!*at) continue;
    if (previous && (*at)->before(**previous)) {
      e.text("step", name);
      e.text("before_step", previous_name);
      return verdict(m, call, sink, Verdict::breach,
                     "In {year} the step {step} is dated before the step {before_step}: the steps are not taken in "
                     "order.",
                     std::move(e));
    }
    previous = at;
    previous_name = name;
  }
  if (missing.empty())
    return verdict(m, call, sink, Verdict::complies,
                   "In {year} all four steps of the work on recruitment and promotion are dated, in order.",
                   std::move(e));
  e.text("steps_not_due", missing);
  if (!as_of)
    return verdict(m, call, sink, Verdict::insufficient_data,
                   "No date in this export shows whether {year} is over (set the option as_of): the steps "
                   "{steps_not_due} cannot be judged yet.",
                   std::move(e));
  e.date("as_of", *as_of);
  verdict(m, call, sink, Verdict::not_applicable,
          c.as_of ? "{year} is not over on {as_of}, the policy's as-of date: the steps {steps_not_due} are not yet "
                    "due."
                  : "{year} is not over on {as_of}, the latest date in this export: the steps {steps_not_due} are "
                    "not yet due.",
          std::move(e));
}

}  // namespace se_active_measures
