// interview-call-diversity — who is called to interview and who is hired, by
// group: the plugin's table of rules (the texts `fairaudit rules` prints and
// SARIF is built from, and the check of each; options are declared with the
// configuration in analysis.cpp), and the dispatch of rounds to the rules.
#include <memory>
#include <string_view>

#include "fairaudit/plugin.hpp"
#include "fairaudit/rule_table.hpp"
#include "rules.hpp"

namespace icd {
namespace {

using fairaudit::RuleTable;
using fairaudit::Scope;

// The activity duty that binds the employer, by the policy's profile: the
// Norwegian act for a Norwegian kommune or the state, the Swedish act for a
// Swedish kommun, the Danish acts for a Danish kommune (docs/legal-sources.md,
// "Rules × profiles"; tests/data/legal-bases.json is the table the texts are
// tested against). Each rule's basis is written with the Norwegian text first;
// basis_by_profile puts the profile's in its place.
const char* const kActivityDuty =
    "Likestillings- og diskrimineringsloven (LOV-2017-06-16-51) §§ 26 and 26a (aktivitets- og "
    "redegjørelsesplikt: investigate, analyse, act and evaluate, including in recruitment, together with the "
    "employees' representatives)";
const char* const kSwedishDuty =
    "Diskrimineringslagen (SFS 2008:567) 3 kap. 1–2 §§ and 5 § (aktiva åtgärder: undersöka, analysera, åtgärda, "
    "följa upp och utvärdera — rekrytering och befordran — in samverkan with the employees); "
    "Diskrimineringsombudsmannen's guidance: the investigation concerns how recruitment happens, not a register of "
    "the applicants' ethnicity or religion, so a Swedish policy compares gender only";
const char* const kDanishDuty =
    "Ligestillingsloven (lov om ligestilling af kvinder og mænd) § 4 (public authorities work for gender equality "
    "in all their planning and administration); forskelsbehandlingsloven § 4 (the employer may not ask for, "
    "collect, receive or use information on an applicant's race, colour, religion or belief, political opinion, "
    "sexual orientation or national, social or ethnic origin), so a Danish policy compares gender and the "
    "applicant's own declaration of a disability or of priority access, nothing else";

void basis_by_profile(fairaudit::RuleInfo& info, const Config& c) {
  const char* duty = c.profile == "se-kommun" ? kSwedishDuty : c.profile == "dk-kommune" ? kDanishDuty : nullptr;
  const std::string_view norwegian(kActivityDuty);
  if (duty != nullptr && info.basis.compare(0, norwegian.size(), norwegian) == 0)
    info.basis.replace(0, norwegian.size(), duty);
}

const char* const kFourFifths =
    "the four-fifths practice of the Uniform Guidelines on Employee Selection Procedures, 29 CFR 1607.4(D), "
    "with its Questions and Answers nos. 12 and 20–22 (practical significance, small numbers, pooling); statistics "
    "that cover enough individuals and are not fortuitous (CJEU C-127/92 Enderby, C-167/97 Seymour-Smith)";

const std::string kLocalTerm = "aktivitetsplikt (NO), aktiva åtgärder (SE)";

const RuleTable<Config, RoundData>& table() {
  static const RuleTable<Config, RoundData> t{
      kPlugin,
      "0.1.0",
      "Selection rates by self-declared group at each stage transition (qualified to interview, interview to "
      "hire): four-fifths impact ratios, exact tests, practical significance, and results pooled across the "
      "rounds of each org unit.",
      {
          {{kSelectionRate,
            "A group's selection rate at a stage transition is below four-fifths of the reference group's.",
            "Who is invited to interview decides who can be hired. A group selected at a clearly lower rate than "
            "others is the first thing the activity duty asks employers to investigate. A finding needs two gates: "
            "practical significance (below four-fifths in exact arithmetic, not reversed by moving one selection) "
            "and statistical significance (Fisher's exact test, adjusted for the round's other comparisons); one "
            "gate alone is a note to monitor. Small groups get no verdict; a compliant round says the smallest "
            "disparity its numbers could have found.",
            std::string(kActivityDuty) + "; " + kFourFifths + ".", kLocalTerm, Severity::warning, Scope::round},
           &selection_rate_disparity, nullptr, nullptr, &basis_by_profile},
          {{kIntersectional,
            "A combination of groups (e.g. women with immigrant background) is selected at a rate below "
            "four-fifths of the reference combination's.",
            "Disadvantage can fall on a combination of characteristics and be invisible in each one alone. The "
            "comparison is the same as for single attributes, over the combinations the policy lists.",
            std::string(kActivityDuty) + "; " + kFourFifths +
                "; intersectional categories as in the NYC bias-audit rule, 6 RCNY § 5-301(b)(3)(iii).",
            kLocalTerm, Severity::warning, Scope::round},
           &intersectional_disparity, nullptr, nullptr, &basis_by_profile},
          // Pooled over rounds: PooledDisparity, fed by round() and reported by finish().
          {{kPooled,
            "Pooled over all rounds of an org unit (and its parents), a group is selected at a lower rate.",
            "Single hiring rounds are small, so a pattern shows only when rounds are pooled. The "
            "Cochran–Mantel–Haenszel test compares groups within each round, so that rounds with different base "
            "rates do not create or hide a disparity; every pooled comparison of the run is adjusted together "
            "(Benjamini–Hochberg), and a disparity is reported at the deepest unit where it holds.",
            std::string(kActivityDuty) + "; " + kFourFifths + " (Q&A 20: pooling over time and sites).", kLocalTerm,
            Severity::warning, Scope::org_unit},
           nullptr, nullptr, nullptr, &basis_by_profile},
          {{kUnknownShare,
            "Too many applicants declined, were not asked or gave no answer for an attribute.",
            "Self-declaration is voluntary and unknown answers are never counted as 'no'. When they are frequent, "
            "the groups' selection rates cannot be relied on; asking applicants in a way that invites an answer is "
            "part of investigating the recruitment process.",
            std::string(kActivityDuty) +
                "; unknown categories are reported as in the NYC bias-audit rule, 6 RCNY § 5-301(b)(5).",
            "undersøkelsesplikt (NO), undersöka (SE)", Severity::warning, Scope::round},
           &unknown_share, nullptr, nullptr, &basis_by_profile},
          {{kMissingGroup,
            "A group the policy expects (e.g. women or men) is absent from the applicant pool.",
            "A group that never applies cannot be selected: the gap lies in how the position was advertised. This "
            "is an outreach signal for the recruitment part of the activity duty, not a finding about the "
            "selection.",
            kActivityDuty, kLocalTerm, Severity::note, Scope::round},
           &missing_group, nullptr, nullptr, &basis_by_profile},
          // add-rule.py: new rules go above this line.
      },
      config_options()};
  return t;
}

class InterviewCallDiversity final : public fairaudit::Plugin {
 public:
  fairaudit::PluginInfo info() const override { return table().info(config_); }

  void configure(const fairaudit::Options& options, fairaudit::Logger& /*log*/) override {
    config_ = read_config(options);
    pooled_ = std::make_unique<PooledDisparity>(config_);
  }

  void round(const fairaudit::Round& r, fairaudit::Sink& sink) override {
    count_all(config_, r, counts_, flags_);
    evaluate_round(config_, counts_, results_);
    table().round(r, config_, RoundData{config_, counts_, results_}, sink);
    if (pooled_) pooled_->add(r, counts_);
  }

  void finish(fairaudit::Sink& sink) override {
    if (pooled_) pooled_->report(sink);
  }

 private:
  Config config_;
  std::unique_ptr<PooledDisparity> pooled_;
  std::vector<TransitionCounts> counts_;  // the current round's, reused
  std::vector<RoundResult> results_;       // the current round's, reused
  std::vector<std::uint8_t> flags_;        // count_all's scratch space, reused
};

}  // namespace
}  // namespace icd

FAIRAUDIT_PLUGIN(icd::InterviewCallDiversity)
