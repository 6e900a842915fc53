// interview-call-diversity — who is called to interview and who is hired, by
// group: the plugin's description, its rules and options (declared as data,
// so that `fairaudit rules` and SARIF are built from the same text), and the
// dispatch of rounds to the rules.
#include <memory>

#include "fairaudit/plugin.hpp"
#include "rules.hpp"

namespace icd {
namespace {

using fairaudit::OptionSpec;
using fairaudit::RuleInfo;
using fairaudit::Scope;

const char* const kActivityDuty =
    "Likestillings- og diskrimineringsloven §§ 26 and 26a (aktivitets- og redegjørelsesplikt: investigate, "
    "analyse, act and evaluate, including in recruitment, together with the employees' representatives); "
    "Diskrimineringslagen (2008:567) ch. 3 §§ 2, 5 (aktiva åtgärder: undersöka, analysera, åtgärda, följa upp "
    "— rekrytering och befordran)";
const char* const kFourFifths =
    "the four-fifths practice of the Uniform Guidelines on Employee Selection Procedures, 29 CFR 1607.4(D), "
    "with its Questions and Answers nos. 12 and 20–22 (practical significance, small numbers, pooling)";

std::vector<std::string> attribute_words() {
  return {"gender", "immigrant_background", "disability", "cv_gap", "priority_access", "age_band"};
}
std::vector<std::string> stage_words() {
  return {"applied",           "screened",    "qualified", "interview_invited", "interview_held",
          "reference_checked", "recommended", "offered",   "hired"};
}

fairaudit::PluginInfo describe() {
  fairaudit::PluginInfo info;
  info.name = kPlugin;
  info.version = "0.1.0";
  info.description =
      "Selection rates by self-declared group at each stage transition (qualified to interview, interview to "
      "hire): four-fifths impact ratios, exact tests, practical significance, and results pooled across the "
      "rounds of each org unit.";

  RuleInfo sel;
  sel.id = kSelectionRate;
  sel.summary = "A group's selection rate at a stage transition is below four-fifths of the reference group's.";
  sel.rationale =
      "Who is invited to interview decides who can be hired. A group selected at a clearly lower rate than "
      "others is the first thing the activity duty asks employers to investigate. The verdict is the "
      "four-fifths rule in exact arithmetic; Fisher's exact test, the shortfall and the flip test say whether "
      "the difference is statistically and practically significant. Small groups get no verdict.";
  sel.basis = std::string(kActivityDuty) + "; " + kFourFifths + ".";
  sel.local_term = "aktivitetsplikt (NO), aktiva åtgärder (SE)";
  sel.default_severity = fairaudit::Severity::warning;
  sel.scope = Scope::round;

  RuleInfo inter = sel;
  inter.id = kIntersectional;
  inter.summary = "A combination of groups (e.g. women with immigrant background) is selected at a rate below "
                  "four-fifths of the reference combination's.";
  inter.rationale =
      "Disadvantage can fall on a combination of characteristics and be invisible in each one alone. The "
      "comparison is the same as for single attributes, over the combinations the policy lists.";
  inter.basis = std::string(kActivityDuty) + "; " + kFourFifths +
                "; intersectional categories as in the NYC bias-audit rule, 6 RCNY § 5-301(b)(3)(iii).";

  RuleInfo pooled = sel;
  pooled.id = kPooled;
  pooled.summary = "Pooled over all rounds of an org unit (and its parents), a group is selected at a lower rate.";
  pooled.rationale =
      "Single hiring rounds are small, so a pattern shows only when rounds are pooled. The "
      "Cochran–Mantel–Haenszel test compares groups within each round, so that rounds with different base "
      "rates do not create or hide a disparity.";
  pooled.basis = std::string(kActivityDuty) + "; " + kFourFifths + " (Q&A 20: pooling over time and sites).";
  pooled.scope = Scope::org_unit;

  RuleInfo unknown;
  unknown.id = kUnknownShare;
  unknown.summary = "Too many applicants declined, were not asked or gave no answer for an attribute.";
  unknown.rationale =
      "Self-declaration is voluntary and unknown answers are never counted as 'no'. When they are frequent, "
      "the groups' selection rates cannot be relied on; asking applicants in a way that invites an answer is "
      "part of investigating the recruitment process.";
  unknown.basis = std::string(kActivityDuty) +
                  "; unknown categories are reported as in the NYC bias-audit rule, 6 RCNY § 5-301(b)(5).";
  unknown.local_term = "undersøkelsesplikt (NO), undersöka (SE)";
  unknown.default_severity = fairaudit::Severity::warning;

  RuleInfo missing;
  missing.id = kMissingGroup;
  missing.summary = "A group the policy expects (e.g. women or men) is absent from the applicant pool.";
  missing.rationale =
      "A group that never applies cannot be selected: the gap lies in how the position was advertised. This "
      "is an outreach signal for the recruitment part of the activity duty, not a finding about the "
      "selection.";
  missing.basis = kActivityDuty;
  missing.local_term = "aktivitetsplikt (NO), aktiva åtgärder (SE)";
  missing.default_severity = fairaudit::Severity::note;

  info.rules = {sel, inter, pooled, unknown, missing};

  info.options = {
      OptionSpec::real("impact_ratio", 0.8, 0.5, 1.0,
                       "A group is adversely affected when its selection rate is below this share of the "
                       "reference group's (four-fifths: 0.8). Compared exactly to three decimals."),
      OptionSpec::real("alpha", 0.05, 0.0001, 0.5,
                       "Significance level for Fisher's exact test (rounds), the Cochran–Mantel–Haenszel test "
                       "(pooled), the +2 test and the confidence level (1 − alpha) of the impact-ratio interval."),
      OptionSpec::list("attributes", {"gender", "immigrant_background", "disability", "cv_gap"},
                       attribute_words(), "The self-declared attributes whose groups are compared."),
      OptionSpec::lists("intersections", {{"gender", "immigrant_background"}}, attribute_words(),
                        "Combinations of attributes compared as combined groups."),
      OptionSpec::lists("transitions", {{"qualified", "interview_invited"}, {"interview_invited", "hired"}},
                        stage_words(),
                        "Stage transitions [from, to]: the pool is everyone who reached `from` (withdrawn "
                        "applicants who did not reach `to` are left out); `qualified` is the assessment outcome."),
      OptionSpec::string("reference_group", "highest_rate", {"highest_rate", "largest_group", "declared"},
                         "The group others are compared with: the highest selection rate (UGESP 1607.4(D)), "
                         "the largest pool, or the group declared in reference_groups."),
      OptionSpec::list("reference_groups", {}, {},
                       "Declared reference groups as attribute=group, e.g. gender=man or "
                       "gender+immigrant_background=man+no; attributes not listed use the highest rate."),
      OptionSpec::integer("min_cell", 5, 1, 1000,
                          "Fewest people a compared group (and the reference group) must have for a verdict; "
                          "below it the rule reports insufficient data."),
      OptionSpec::real("min_expected", 1.0, 0.0, 100.0,
                       "Fewest expected people in each cell of the 2×2 table under equal rates for a verdict."),
      OptionSpec::real("unknown_share_threshold", 0.2, 0.0, 1.0,
                       "Share of applicants with no usable answer above which unknown-share is reported."),
      OptionSpec::list("expected_groups", {"gender=woman", "gender=man"}, {},
                       "Groups whose absence from the applicant pool missing-group reports, as attribute=group."),
      OptionSpec::integer("missing_group_min_pool", 10, 1, 100000,
                          "Fewest applicants with a known answer before an absent group is reported."),
      OptionSpec::string("pool_by", "org_unit", {"org_unit", "none"},
                         "Pool rounds by org unit for pooled-disparity, or not at all."),
      OptionSpec::boolean("pool_parents", true,
                          "Also pool each unit's rounds into every parent in its path (oslo/bydel-x/helse into "
                          "oslo/bydel-x and oslo)."),
      OptionSpec::integer("pooled_min_rounds", 2, 1, 100000,
                          "Fewest rounds in which both compared groups took part before a pooled verdict."),
  };
  return info;
}

class InterviewCallDiversity final : public fairaudit::Plugin {
 public:
  fairaudit::PluginInfo info() const override { return describe(); }

  void configure(const fairaudit::Options& options, fairaudit::Logger& /*log*/) override {
    config_ = read_config(options);
    pooled_ = std::make_unique<PooledDisparity>(config_);
  }

  void round(const fairaudit::Round& r, fairaudit::Sink& sink) override {
    count_all(config_, r, counts_, flags_);
    selection_rate_disparity(config_, r, counts_, sink);
    intersectional_disparity(config_, r, counts_, sink);
    unknown_share(config_, r, sink);
    missing_group(config_, r, sink);
    if (pooled_) pooled_->add(r, counts_);
  }

  void finish(fairaudit::Sink& sink) override {
    if (pooled_) pooled_->report(sink);
  }

 private:
  Config config_;
  std::unique_ptr<PooledDisparity> pooled_;
  std::vector<TransitionCounts> counts_;  // the current round's, reused
  std::vector<std::uint8_t> flags_;        // count_all's scratch space, reused
};

}  // namespace
}  // namespace icd

FAIRAUDIT_PLUGIN(icd::InterviewCallDiversity)
