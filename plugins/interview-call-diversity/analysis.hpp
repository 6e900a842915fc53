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
  // A group with less than this share of the compared people is not compared
  // and cannot be the reference; it is listed with its counts (6 RCNY § 5-301).
  double exclude_share = 0.02;
  st::Fraction exclude_fraction{20, 1000};
  double unknown_share_threshold = 0.2;
  st::Fraction unknown_share_fraction{200, 1000};
  std::int64_t unknown_share_min_pool = 20;
  std::vector<std::pair<Attribute, std::string>> expected_groups;
  std::int64_t missing_group_min_pool = 10;
  bool pool = true;
  bool pool_parents = true;
  std::int64_t pooled_min_rounds = 2;
  // Multiple testing: the comparisons of one round are one family, every
  // pooled comparison of the run another.
  st::Adjustment round_adjustment = st::Adjustment::holm;
  double round_level = 0.05;
  st::Adjustment pooled_adjustment = st::Adjustment::benjamini_hochberg;
  double pooled_level = 0.05;
  // The severity of a disparity that passes both gates.
  Severity round_severity = Severity::warning;
  Severity pooled_severity = Severity::error;
  double power = 0.8;  // for the smallest detectable impact ratio
  // Whose activity duty each rule cites: "oslo" and "state" (Norway),
  // "se-kommun", "dk-kommune".
  std::string profile = "oslo";
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
// Who counts at `t`: everyone who reached `from`, except an applicant who
// withdrew before the round's selection for `to` was over (their withdrawal
// is dated before the round's last `to` event, or nobody has reached `to`
// yet) and did not reach `to`: they were never passed over. One who withdrew
// after the last selection had been passed over already and counts as not
// selected. `last_to` is the round's last `to` event (last_to_event()).
bool in_pool(const Applicant& p, const Transition& t, const std::optional<fairaudit::Timestamp>& last_to);
// The round's last event of `t.to`; nullopt when `to` is the assessment or
// nobody reached it.
std::optional<fairaudit::Timestamp> last_to_event(const Round& r, const Transition& t);
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
  none,               // neither gate holds: no disparity the policy cares about
  insufficient_data,  // too few people: no verdict
  note,               // one gate only: monitor
  warning,            // both gates, and the policy's severity for them is warning
  error,              // both gates, and the policy's severity for them is error
};
const char* to_string(Outcome);

// The two gates of a verdict (UGESP 29 CFR 1607.4(D): the four-fifths rule is
// a rule of thumb; a difference counts when it is both practically and
// statistically significant).
enum class Gate : std::uint8_t { neither, practical, statistical, both };
const char* to_string(Gate);

struct Comparison {
  std::string group;
  std::string reference;
  // Rounds: the round's counts. Pooled: the crude totals of the unit (shown;
  // never the basis of a verdict).
  st::GroupCount focal;
  st::GroupCount ref;
  // What the verdict rests on: the round's counts, or for a pooled comparison
  // the sums over the rounds in which both groups took part.
  st::GroupCount strata_focal;
  st::GroupCount strata_ref;
  double expected_focal = 0;  // focal selections expected at the reference's rate (per round, summed)
  std::int64_t strata = 0;    // rounds the comparison rests on (1 for a round)
  st::ImpactRatio ir;
  // Fisher's exact test on strata_focal and strata_ref. A round's verdict
  // rests on it; a pooled comparison only shows it (its verdict is the
  // Cochran–Mantel–Haenszel test's), so there it is left to the evidence,
  // which works it out for the comparisons shown (group_evidence).
  st::FisherResult fisher;
  bool fisher_left_to_evidence = false;
  std::optional<double> z;
  std::optional<st::Interval> ci;
  std::int64_t shortfall_parity = 0;
  std::int64_t shortfall_threshold = 0;
  bool flip = false;
  bool plus_two = false;
  bool sufficient = false;
  bool lower = false;   // the focal group is selected less (pooled: within rounds)
  bool adverse = false;  // below the threshold (pooled: the Mantel–Haenszel rate ratio)
  bool tested = false;  // a member of its family
  std::optional<double> p;           // the test's p-value
  std::optional<double> p_adjusted;  // after the family's adjustment
  bool practical = false;
  bool statistical = false;
  Gate gate = Gate::neither;
  Outcome outcome = Outcome::none;
  std::optional<double> detectable;  // the smallest impact ratio these numbers could have found
  // Pooled only.
  std::optional<st::CmhAccumulator::Result> cmh;
};

// A round's comparison of `focal` with `ref`: the figures, sufficiency and the
// practical gate; p is set when the comparison is tested. decide() completes
// it once the family's adjusted p-values are known.
Comparison compare(const Config& c, const std::string& group, st::GroupCount focal, const std::string& reference,
                   st::GroupCount ref);

// The sums a pooled comparison rests on: the rounds in which both groups took
// part, the focal group first.
struct Strata {
  st::CmhAccumulator cmh;
  st::GroupCount focal, ref;
  double expected_focal = 0;
};
// A pooled comparison: significance from the Cochran–Mantel–Haenszel test,
// the practical gate on the Mantel–Haenszel rate ratio and the flip test on
// the rounds that count. `focal_total`/`ref_total` are the unit's crude totals.
Comparison compare_pooled(const Config& c, const std::string& group, st::GroupCount focal_total,
                          const std::string& reference, st::GroupCount ref_total, const Strata& strata);

// The statistical gate and the outcome, once p_adjusted is set: both gates
// give `both_severity`, one gate a note, neither none.
void decide(const Config& c, Comparison& cmp, double level, Severity both_severity);
// Adjusts the p-values of the tested comparisons together (one family).
void adjust(std::vector<Comparison*>& family, st::Adjustment method);

// The reference group among `groups` under the policy's mode; empty when none
// is large enough (min_cell) and not excluded. `excluded` receives the groups
// whose share of the people is below exclude_share.
std::string reference_group(const Config& c, const std::string& analysis, const GroupCounts& groups,
                            GroupCounts* excluded = nullptr);
// Whether a group is excluded by its share of `total` people.
bool excluded_by_share(const Config& c, std::int64_t n, std::int64_t total);

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

// One (analysis, transition) of a round, decided.
struct RoundResult {
  std::string reference;
  std::vector<Comparison> comparisons;
  GroupCounts excluded;
  std::size_t compared_groups = 0;  // groups not excluded
  Summary summary;
  std::size_t family_size = 0;
};
// Every (analysis, transition) of a round, with the round's comparisons
// adjusted as one family: into `out`, reused.
void evaluate_round(const Config& c, const std::vector<TransitionCounts>& counts, std::vector<RoundResult>& out);

// The family a check's comparisons belong to, for its evidence.
struct Family {
  const char* name;  // "round" or "run"
  st::Adjustment method;
  double level;
  std::size_t size;
};

// The whole evidence object of a disparity check.
Evidence disparity_evidence(const Config& c, const Analysis& a, const Transition& t, const std::string& reference,
                            const TransitionCounts& counts, const std::vector<Comparison>& comparisons,
                            const GroupCounts& excluded, const Summary& s, const Family& family, bool pooled);

// The reason of a disparity verdict, saying which gate held; `pooled` words
// it for a unit.
std::string disparity_reason(const Summary& s, const std::vector<Comparison>& comparisons, bool pooled);

// A rule's check over one (analysis, transition) for a round: shared by
// selection-rate-disparity and intersectional-disparity.
void round_disparity(const Config& c, const Round& r, const Analysis& a, const Transition& t,
                     const TransitionCounts& counts, const RoundResult& result, const std::string& key,
                     const std::string& rule, fairaudit::Sink& sink);

}  // namespace icd
