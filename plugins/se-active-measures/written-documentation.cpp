// se-active-measures/written-documentation — Diskrimineringslagen (SFS
// 2008:567) 3 kap. 13 §: an employer that had 25 or more employees at the
// start of the calendar year documents the year's work with active measures
// in writing, and the documentation accounts for the follow-up and evaluation
// of the measures planned the year before. Smaller employers have no such
// duty (the rule does not apply to them). The documentation of a year is due
// by the year's end: a year not over on the as-of date (four-steps.cpp) has
// none due yet.
#include "rules.hpp"

namespace se_active_measures {

void written_documentation(const MeasuresRecord& m, const Call& call, Sink& sink) {
  if (!in_scope(m, call, sink)) return;
  Evidence e = evidence_of(m);
  e.number("min_employees", call.context.documentation_min_employees);
  if (small_employer(m, call.context))
    return verdict(m, call, sink, Verdict::not_applicable,
                   "The employer had fewer than {min_employees} employees: no yearly written documentation is "
                   "required (3 kap. 13 §).",
                   std::move(e));
  const MeasuresDocumentation& d = m.documentation;
  if (!d.written) {
    // The documentation of a year is due by its end: in a year not over on
    // the as-of date, none yet is not a breach.
    if (defer(m, call, &written_documentation)) return;  // judged in finish()
    const Context& c = call.context;
    if (year_over(m, c))
      return verdict(m, call, sink, Verdict::breach,
                     "No written documentation of the work with active measures for {year}.", std::move(e));
    const std::optional<Timestamp> as_of = as_of_of(c);
    if (!as_of)
      return verdict(m, call, sink, Verdict::insufficient_data,
                     "No date in this export shows whether {year} is over (set the option as_of): its written "
                     "documentation cannot be judged yet.",
                     std::move(e));
    e.date("as_of", *as_of);
    return verdict(m, call, sink, Verdict::not_applicable,
                   c.as_of ? "{year} is not over on {as_of}, the policy's as-of date: its written documentation is "
                             "not yet due."
                           : "{year} is not over on {as_of}, the latest date in this export: its written "
                             "documentation is not yet due.",
                   std::move(e));
  }
  if (d.at) e.date("documented_at", *d.at);
  if (!d.previous_year_evaluated) {
    e.text("not_recorded", "measures.documentation.previous_year_evaluated");
    return verdict(m, call, sink, Verdict::insufficient_data, "not recorded in this export: {not_recorded}",
                   std::move(e));
  }
  if (!*d.previous_year_evaluated)
    return verdict(m, call, sink, Verdict::breach,
                   "The documentation for {year} does not evaluate how the measures planned the year before were "
                   "carried out.",
                   std::move(e));
  verdict(m, call, sink, Verdict::complies,
          "The work for {year} is documented in writing and evaluates the measures planned the year before.",
          std::move(e));
}

}  // namespace se_active_measures
