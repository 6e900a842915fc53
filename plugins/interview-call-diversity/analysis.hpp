// interview-call-diversity — what the rules share: the configuration read
// from the policy, how applicants fall into groups, who is counted at a stage
// transition, and how one group is compared with the reference group.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fairaudit/finding.hpp"
#include "fairaudit/model.hpp"
#include "fairaudit/options.hpp"
#include "fairaudit/rule_table.hpp"
#include "fairaudit/stats.hpp"

namespace icd {

using fairaudit::Applicant;
using fairaudit::Evidence;
using fairaudit::Round;
using fairaudit::Severity;
namespace st = fairaudit::stats;

inline constexpr const char* kPlugin = "interview-call-diversity";
// The rule ids as strings: the Sink takes them by reference, sixteen times a
// round, so they are not made again from text each time.
inline const std::string kSelectionRate = "selection-rate-disparity";
inline const std::string kIntersectional = "intersectional-disparity";
inline const std::string kPooled = "pooled-disparity";
inline const std::string kUnknownShare = "unknown-share";
inline const std::string kMissingGroup = "missing-group";

// One protected attribute as the export carries it.
enum class AttrKind : std::uint8_t { gender, self_id, age_band };
struct Attribute {
  std::string name;  // "gender", "immigrant_background", "age_band", …
  AttrKind kind = AttrKind::gender;
  fairaudit::SelfIdField field = fairaudit::SelfIdField::immigrant_background;
};
std::optional<Attribute> attribute_from_name(const std::string& name);

// How an applicant answered: a group of their own, or the unknown category
// (declined, unknown, not asked — never counted as "no"; docs/input-format.md).
// Views of the vocabulary's words or of the applicant's own text: valid while
// the round is.
struct Answer {
  std::string_view value;   // the group ("woman", "yes", "30-39"); empty when unknown
  std::string_view reason;  // when unknown: "declined", "unknown" or "not_asked"
  bool known() const { return !value.empty(); }
};
Answer answer_of(const Attribute& a, const Applicant& p);

// An analysis over one attribute, or over a combination of attributes
// (intersectional: the group is the combination of answers, unknown when any
// part is unknown).
struct Analysis {
  std::string name;  // "gender" or "gender+immigrant_background"
  std::vector<Attribute> parts;
  bool intersectional() const { return parts.size() > 1; }
};
// An intersection's group joins its parts with '+' in `buf`, which the
// answer's value then points into.
Answer answer_of(const Analysis& a, const Applicant& p, std::string& buf);

// A point in the hiring process: the assessment outcome "qualified" or a stage event.
struct StagePoint {
  std::string name;  // "qualified", "interview_invited", …
  bool qualified = false;
  fairaudit::Stage stage = fairaudit::Stage::applied;
};
std::optional<StagePoint> stage_point_from_name(const std::string& name);
bool reached(const Applicant& p, const StagePoint& s);

struct Transition {
  StagePoint from;
  StagePoint to;
  std::string key() const { return from.name + ">" + to.name; }
};

struct Config {
  st::Fraction threshold;      // impact_ratio as an exact fraction
  double threshold_value = 0.8;
  double alpha = 0.05;
  std::vector<Analysis> attributes;     // single attributes
  std::vector<Analysis> intersections;  // combinations
  std::vector<Transition> transitions;
  st::ReferenceMode reference_mode = st::ReferenceMode::highest_rate;
  std::string reference_mode_name = "highest_rate";
  std::map<std::string, std::string> declared_reference;  // analysis name → group
  std::int64_t min_cell = 5;
  double min_expected = 1.0;
  double unknown_share_threshold = 0.2;
  st::Fraction unknown_share_fraction{200, 1000};
  std::vector<std::pair<Attribute, std::string>> expected_groups;
  std::int64_t missing_group_min_pool = 10;
  bool pool = true;
  bool pool_parents = true;
  std::int64_t pooled_min_rounds = 2;
  // "attribute/from>to" per analysis and transition (as count_all orders them).
  std::vector<std::string> keys;
};
// The plugin's options: each declaration with where its value goes in Config
// and how it is checked.
const std::vector<fairaudit::Option<Config>>& config_options();
// Reads and cross-checks the options; throws fairaudit::OptionError.
Config read_config(const fairaudit::Options& options);

// Known groups and their counts, ordered by name.
using GroupCounts = std::vector<std::pair<std::string, st::GroupCount>>;
// A group's counts; nullptr when it is not there.
const st::GroupCount* find_group(const GroupCounts& groups, std::string_view group);
// Whether no group has anyone selected yet: then there is nothing to compare.
bool nobody_selected(const GroupCounts& groups);

// The people of one round at one transition, by group.
struct TransitionCounts {
  GroupCounts groups;
  st::GroupCount unknown;
};
// Who counts: everyone who reached `from`; an applicant who withdrew without
// reaching `to` is left out (they were not passed over).
bool in_pool(const Applicant& p, const Transition& t);
// The counts of every analysis (the single attributes, then the
// intersections) at every transition of the policy, for one round:
// element ai × transitions + ti. Worked out once per round and shared by the
// round's rules and the pooled analysis.
std::vector<TransitionCounts> count_all(const Config& c, const Round& r);
// The same into `out`, whose vectors are reused from round to round, as is
// `flags`, its scratch space. (Kept by the caller: a thread_local with a
// destructor in a library that is unloaded again trips LeakSanitizer.)
void count_all(const Config& c, const Round& r, std::vector<TransitionCounts>& out, std::vector<std::uint8_t>& flags);
// Analysis number ai: the single attributes first, then the intersections.
const Analysis& analysis_at(const Config& c, std::size_t ai);
inline std::size_t analyses(const Config& c) { return c.attributes.size() + c.intersections.size(); }

// The outcome of comparing one group with the reference group.
enum class Outcome : std::uint8_t {
  none,               // no disparity the policy cares about
  insufficient_data,  // below min_cell or the minimum expected count: no verdict
  note,               // adverse, but one selection moved would reverse it (flip test)
  warning,            // practically significant only
  error,              // adverse, statistically significant, survives the flip test
};
const char* to_string(Outcome);

struct Comparison {
  std::string group;
  std::string reference;
  st::GroupCount focal;
  st::GroupCount ref;
  st::ImpactRatio ir;
  st::FisherResult fisher;
  std::optional<double> z;
  std::optional<st::Interval> ci;
  std::int64_t shortfall_parity = 0;
  std::int64_t shortfall_threshold = 0;
  bool flip = false;
  bool plus_two = false;
  bool sufficient = false;
  Outcome outcome = Outcome::none;
  // Whether every figure is worked out; otherwise only ir, sufficient and
  // what the outcome turned on (for a verdict whose evidence nobody reads).
  bool full = true;
  // Pooled only.
  std::optional<st::CmhAccumulator::Result> cmh;
};

// Compares `focal` with `ref` under the policy. With `cmh` given (pooled
// analyses) significance is the Cochran–Mantel–Haenszel test across rounds;
// otherwise Fisher's exact test on the round's 2×2 table.
Comparison compare(const Config& c, const std::string& group, st::GroupCount focal, const std::string& reference,
                   st::GroupCount ref, std::optional<st::CmhAccumulator::Result> cmh = std::nullopt,
                   std::int64_t strata = 0, bool full = true);

// The reference group among `counts` under the policy's mode; empty when none.
std::string reference_group(const Config& c, const std::string& analysis, const GroupCounts& groups);

// Evidence for one compared group: its counts and the reference group's next
// to every figure derived from them (the host hides derived values in an
// object that holds a small count).
Evidence group_evidence(const Comparison& cmp);

// The verdict of one (analysis, transition) over a set of comparisons.
struct Summary {
  fairaudit::Verdict verdict = fairaudit::Verdict::not_applicable;
  std::optional<Severity> severity;
  const Comparison* worst = nullptr;
};
Summary summarise(const std::vector<Comparison>& comparisons);
// The comparisons of one (analysis, transition) into `comparisons`, and their
// summary. compare_all(full) makes them; they are worked out in full only
// when `full` (someone reads the evidence) or when the verdict is a breach,
// whose finding always carries its evidence.
template <typename CompareAll>
Summary summarise_as_needed(std::vector<Comparison>& comparisons, CompareAll compare_all, bool full) {
  comparisons = compare_all(full);
  Summary s = summarise(comparisons);
  if (s.verdict == fairaudit::Verdict::breach && !comparisons.empty() && !comparisons.front().full) {
    comparisons = compare_all(true);
    s = summarise(comparisons);
  }
  return s;
}

// The whole evidence object of a disparity check.
Evidence disparity_evidence(const Config& c, const Analysis& a, const Transition& t, const std::string& reference,
                            const TransitionCounts& counts, const std::vector<Comparison>& comparisons,
                            const Summary& s, bool pooled);

// A rule's check over one (analysis, transition) for a round: shared by
// selection-rate-disparity and intersectional-disparity.
void round_disparity(const Config& c, const Round& r, const Analysis& a, const Transition& t,
                     const TransitionCounts& counts, const std::string& key, const std::string& rule,
                     fairaudit::Sink& sink);

}  // namespace icd
