// The HTML report's charts (SVG drawn by emit/chart.hpp), each with the
// figures behind it as a table; disclosure control applied to every figure.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "emit/disclosure.hpp"
#include "emit/html/aggregate.hpp"
#include "emit/units.hpp"
#include "run/result.hpp"
#include "run/run_info.hpp"

namespace fairaudit::emit::html {

// A finding whose evidence has the group-comparison shape
// (fairaudit/shapes.hpp) gets a chart of the groups' selection rates against
// the reference group, with the four-fifths line; "" for any other finding.
std::string finding_chart(const run::AuditFinding& af, const Disclosure& d, const std::string& id);

// The selection rate of each declared group of `attr` over all rounds:
// qualified -> invited (`invite`) or invited -> hired. "" with fewer than two
// groups in the pool.
std::string selection_chart(const std::map<std::string, FunnelSum>& fs, const std::string& attr, bool invite,
                            const Disclosure& d);
// The applicant funnel of each answer to `attr`; "" when nobody answered.
std::string funnel_chart(const std::map<std::string, FunnelSum>& fs, const std::string& attr, const Disclosure& d);
// The representative's involvement rule by rule, per unit with rounds of its
// own: for each round rule of the plugin that declares the
// representative-in-time indicator (invited, saw the shortlist, attended,
// in time, statement), the unit's rounds by verdict — complies, breach, not
// applicable, not recorded (insufficient data) — as one stacked bar, so a
// round where nothing was recorded is never read as 100 %. At most
// `max_units` units, those with most breaches first. "" when no such rule
// gave a verdict.
std::string involvement_chart(const run::RunResult& r, const std::map<std::string, RuleInfo>& rules,
                              std::size_t max_units = 12);

// The funnel plot of one attribute (Spiegelhalter 2005): each unit's
// impact ratio — the invitation rate (qualified -> invited) of the focal
// group divided by the reference group's, in the unit — against the number
// of qualified applicants of the two groups in the unit, with 95 % and
// 99.8 % control limits of the ratio on the log scale around the ratio over
// all units. The two groups are the attribute's two largest declared groups,
// the one invited less often over all units the focal one. A unit outside
// the limits differs by more than chance among units of its size. Units
// whose counts disclosure control hides, and units where nobody of the
// reference group was invited, are left out (and counted in the note).
// "" with fewer than two declared groups or no unit to plot.
std::string funnel_plot(const run::RunResult& r, const std::string& attr, const Disclosure& d);

// One timeline per unit over the stored runs (Store::trend_states): new,
// persisting, resolved and suppressed findings as each run had them, dates
// in the reader's language. At most `max_units` units, those with most
// findings in the newest run first.
std::string trend_charts(const std::vector<run::TrendPoint>& trends, std::size_t max_units = 8);

}  // namespace fairaudit::emit::html
