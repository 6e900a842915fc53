// fairaudit plugin SDK — what the host's reports read in a plugin's results
// beyond verdicts and findings: the indicator roles a rule can declare, and
// the evidence shapes a report draws as more than a list of values.
//
// Both are a contract: a plugin that declares a role or writes a shape
// promises the meaning given here, and the host relies on nothing else
// (no plugin or rule name). docs/plugins.md says the same for authors.
#pragma once

#include <cstdint>

namespace fairaudit {

// What a rule's checks feed besides its verdict tallies: the per-unit
// indicators of the report (the indicator table, its chart, the units CSV).
// A rule declares it in RuleInfo::indicator; the host keeps every check of
// such a rule whole, so declare a role only where it is meant.
enum class Indicator : std::uint8_t {
  none,
  // Round checks on whether the representative received the recommendation
  // in time before the decision: complies = in time, breach = not; other
  // verdicts are not counted.
  representative_in_time,
  // Org-unit checks on an employer's yearly active-measures record
  // (Diskrimineringslagen ch. 3), the org unit being the employer: complies
  // = the year's work holds, breach = not; other verdicts are not counted.
  active_measures,
};

// Evidence shapes: the key names (and the kinds of their values) of evidence
// the host recognizes. The host tells a shape by the keys below, so a plugin
// that uses one of these names for something else must not use it with the
// kind given here.
namespace shapes {

// A group comparison: selection rates of the groups of one characteristic
// between two stages, each against a reference group, with the impact ratio
// of the four-fifths rule (UGESP 29 CFR 1607.4(D)). The HTML report draws it
// as a bar chart with the four-fifths line, disclosure control applied per
// group. Recognized by a list `groups` whose first entry has a `rate`.
namespace group_comparison {
// At the top of the finding's evidence.
inline constexpr const char* kGroups = "groups";                   // list: one object per group, keys below
inline constexpr const char* kAttribute = "attribute";             // text: the characteristic ("gender", …)
inline constexpr const char* kStageFrom = "stage_from";            // text: the stage the pool is counted at
inline constexpr const char* kStageTo = "stage_to";                // text: the stage selection reaches
inline constexpr const char* kReferenceGroup = "reference_group";  // text: also in each group
inline constexpr const char* kThreshold = "threshold";             // real, optional: the impact ratio line (0.8)
// In each entry of `groups`.
inline constexpr const char* kGroup = "group";                           // text: the group's name
inline constexpr const char* kPool = "n";                                // count: in the pool
inline constexpr const char* kSelected = "selected";                     // count: of them, selected
inline constexpr const char* kRate = "rate";                             // rate, or null for an empty pool
inline constexpr const char* kReferencePool = "reference_n";             // count
inline constexpr const char* kReferenceSelected = "reference_selected";  // count
inline constexpr const char* kReferenceRate = "reference_rate";          // rate, or null
inline constexpr const char* kImpactRatio = "impact_ratio";              // ratio: rate / reference rate, or null
// text: "adverse" below the line, else "not_adverse" or "undefined"
inline constexpr const char* kFourFifths = "four_fifths";
inline constexpr const char* kOutcome = "outcome";                       // text: the plugin's outcome for the group
inline constexpr const char* kAdverse = "adverse";                       // the value of `four_fifths` below the line
}  // namespace group_comparison

}  // namespace shapes
}  // namespace fairaudit
