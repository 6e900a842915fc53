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
// The share of rounds with the representative involved in time, per unit;
// `rule` is the full id of the rule that gave those verdicts. "" when none did.
std::string representative_chart(const std::vector<UnitRow>& rows, const std::string& rule);
// Findings by severity in each stored run of the policy, oldest first.
std::string trend_chart(const std::vector<run::TrendPoint>& trends);

}  // namespace fairaudit::emit::html
