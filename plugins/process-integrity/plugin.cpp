// process-integrity — checks that the record of each hiring round hangs
// together: events in order, the hire chosen from those interviewed, no
// interview after the decision, the recommendation before the decision, an
// assessment for every applicant called to interview, and applications
// inside the advertising window. These are the facts every other rule reads;
// where they do not hold, a finding of another rule may rest on a wrong date.
//
// This file is the plugin's table: its rules (the texts `fairaudit rules`
// prints and SARIF's tool.driver.rules is built from, and the check of each)
// and its options; each check lives in the file named after its rule.
#include <string>

#include "rules.hpp"

namespace process_integrity {
namespace {

// Each rule's legal basis under each profile (fairaudit/profile.hpp): the source that binds that
// employer, or "no binding source" where the rule is good practice
// (docs/legal-sources.md, "Rules × profiles"; tests/data/legal-bases.json).
constexpr const char* kConsistencyNorway =
    "No binding source: the rule checks that the record is consistent, which every other rule relies on. "
    "Sivilombudet («Undersøkelse av eget tiltak – skriftlighet i tilsettingssaker») expects the main points of a "
    "hiring case to be recorded in writing so that the case can be reviewed afterwards.";
constexpr const char* kConsistency =
    "No binding source: the rule checks that the record is consistent, which every other rule relies on "
    "(good practice).";

constexpr ProfileBases kOrderBases{kConsistencyNorway, kConsistencyNorway, kConsistency, kConsistency};

constexpr const char* kInterviewedNorway =
    "Det ulovfestede kvalifikasjonsprinsippet (the best-qualified applicant is hired), as Sivilombudet reviews it: "
    "personal suitability is assessed on a proper investigation of the case (forvaltningsloven, LOV-1967-02-10, "
    "§ 17), in practice the interview. No rule that every hire must be interviewed was found: good practice.";
constexpr ProfileBases kInterviewedBases{
    kInterviewedNorway,
    "Statens personalhåndbok pkt. 2.4.3 (the interview) and statsansatteloven (LOV-2017-06-16-67) § 3 first "
    "paragraph (the best-qualified applicant is hired). No rule that every hire must be interviewed was found: good "
    "practice.",
    "Regeringsformen (SFS 1974:152) 1 kap. 9 § (saklighet och opartiskhet) binds the kommun's nämnder when they "
    "hire. No rule that every hire must be interviewed was found, so there is no binding source for the check "
    "itself: good practice.",
    "No binding source found: that the person hired was interviewed is good practice in choosing the best-qualified "
    "applicant, not a rule found in Danish law."};

constexpr const char* kAfterDecisionNorway =
    "Forvaltningsloven (LOV-1967-02-10) § 17: a hiring decision is an enkeltvedtak, and the case is investigated "
    "as fully as possible before it is made (Sivilombudet, «Undersøkelse av eget tiltak – skriftlighet i "
    "tilsettingssaker»). An interview after the decision cannot have informed it.";
constexpr const char* kAfterDecision =
    "No binding source: an interview held after the decision cannot have informed it; the rule checks the "
    "record's consistency (good practice).";
constexpr ProfileBases kAfterDecisionBases{kAfterDecisionNorway, kAfterDecisionNorway, kAfterDecision,
                                           kAfterDecision};

constexpr ProfileBases kRecommendationBases{
    "Oslo kommune: Dok 24 Del D (Avtale om behandlingsmåten i ansettelsessaker) § 3.1 — the innstilling goes to the "
    "unions concerned for their statement before the decision is made.",
    "No binding source for state employers was found for the order itself: the innstilling is prepared for the "
    "ansettelsesråd that decides; the rule is the policy's reading.",
    "No binding source: a Swedish kommun has no statutory innstilling; where the export records a recommendation, "
    "that it precedes the decision is the policy's own practice.",
    "Denmark: a kommune's own retningslinjer for rekruttering, where an ansættelsesudvalg or indstillingsudvalg "
    "recommends before the ansættelse (e.g. Herlev Kommune). No national duty was found: the policy's own "
    "practice."};

constexpr const char* kAssessedNorway =
    "Sivilombudet («Ansettelser fra A til Å»; «Undersøkelse av eget tiltak – skriftlighet i tilsettingssaker»): "
    "the assessment of the applicants compared, those interviewed above all, is recorded in writing so that "
    "kvalifikasjonsprinsippet can be reviewed. Ombudsman practice, not a statute.";
constexpr ProfileBases kAssessedBases{
    kAssessedNorway, kAssessedNorway,
    "Regeringsformen (SFS 1974:152) 1 kap. 9 § (saklighet): an assessment recorded for every applicant called to "
    "interview shows the choice was objective. No binding source requires it to be recorded: good practice.",
    "No binding source found: an assessment of every applicant called to interview is what a reasoned refusal "
    "rests on; good practice."};

constexpr const char* kWindow =
    "No binding source: the rule checks the record's consistency. An application dated outside the advertising "
    "window is usually a data error; a late application accepted on the same terms for everyone breaches nothing.";
constexpr ProfileBases kWindowBases{kWindow, kWindow, kWindow, kWindow};

const RuleTable<Config>& table() {
  static const RuleTable<Config> t{
      "process-integrity",
      "1.0.0",
      "Does the record of each hiring round hang together: events in order, the hire among those interviewed, "
      "nothing after the decision that belongs before it, every invited applicant assessed?",
      {
          {.info = {.id = "events-in-order",
                    .summary = "Each applicant's stage events are dated in the order a round moves through, and "
                               "nothing moves an applicant forward after their rejection or withdrawal.",
                    .rationale = "Every other rule reads these dates: an interview dated after the applicant's "
                                 "rejection, or a hire before the offer, means either the process or its record "
                                 "went wrong, and a finding built on them may rest on a wrong date. A batch "
                                 "screening date after a withdrawal is not counted.",
                    .local_term = "saksgang; ärendets gång; sagsforløb",
                    .default_severity = Severity::warning,
                    .scope = Scope::round},
           .round = &events_in_order,
           .texts = &basis_by_profile<kOrderBases>},
          {.info = {.id = "hire-was-interviewed",
                    .summary = "Everyone hired was interviewed (an interview_held event, or an entry in the "
                               "round's interview list).",
                    .rationale = "The interview is where personal suitability is assessed on the same terms for "
                                 "every candidate; a hire from outside the interviewed was chosen on grounds the "
                                 "others were never measured against.",
                    .local_term = "intervju; anställningsintervju; ansættelsessamtale",
                    .default_severity = Severity::warning,
                    .scope = Scope::round,
                    .needs = {Field::interviews}},
           .round = &hire_was_interviewed,
           .texts = &basis_by_profile<kInterviewedBases>},
          {.info = {.id = "no-interview-after-decision",
                    .summary = "No interview is dated after the round's decision.",
                    .rationale = "An interview after the decision cannot have informed it: either the decision "
                                 "was taken before the case was fully investigated, or one of the dates is wrong.",
                    .local_term = "ansettelsesvedtak; anställningsbeslut; ansættelsesafgørelse",
                    .default_severity = Severity::warning,
                    .scope = Scope::round,
                    .needs = {Field::interviews}},
           .round = &no_interview_after_decision,
           .texts = &basis_by_profile<kAfterDecisionBases>},
          {.info = {.id = "recommendation-before-decision",
                    .summary = "The recommendation (innstilling) is dated before the decision, or on its day.",
                    .rationale = "The recommendation is what the representatives and the deciding body comment "
                                 "on; one dated after the decision was written to justify a choice already made. "
                                 "The date is the round's recommendation_at, or else the date of its "
                                 "recommendation document.",
                    .local_term = "innstilling; förslag till beslut; indstilling",
                    .default_severity = Severity::warning,
                    .scope = Scope::round},
           .round = &recommendation_before_decision,
           .texts = &basis_by_profile<kRecommendationBases>},
          {.info = {.id = "invited-assessed",
                    .summary = "Every applicant called to interview has an assessment recorded (qualified or not "
                               "qualified).",
                    .rationale = "Those called to interview are the ones the choice is made between; without an "
                                 "assessment of each, nobody can check afterwards that the best-qualified was "
                                 "chosen.",
                    .local_term = "kvalifikasjonsvurdering; meritvärdering; kvalifikationsvurdering",
                    .default_severity = Severity::warning,
                    .scope = Scope::round},
           .round = &invited_assessed,
           .texts = &basis_by_profile<kAssessedBases>},
          {.info = {.id = "dates-in-window",
                    .summary = "Every application is dated inside the advertising window (on or after "
                               "advertised_at, on or before closes_at).",
                    .rationale = "An application dated before the advertisement or after the closing date is "
                                 "usually a data error; where it is not, an applicant let in late should be let in "
                                 "on the same terms as everyone else. A signal to look at, not a breach.",
                    .local_term = "søknadsfrist; sista ansökningsdag; ansøgningsfrist",
                    .default_severity = Severity::note,
                    .scope = Scope::round},
           .round = &dates_in_window,
           .texts = &basis_by_profile<kWindowBases>},
          // add-rule.py: new rules go above this line.
      },
      {
          profile_option<Config>(),
      }};
  return t;
}

class ProcessIntegrity final : public Plugin {
 public:
  PluginInfo info() const override { return table().info(cfg_); }
  void configure(const Options& o, Logger&) override { cfg_ = table().bind(o); }
  void round(const Round& r, Sink& sink) override { table().round(r, cfg_, sink); }

 private:
  Config cfg_;
};

}  // namespace
}  // namespace process_integrity

FAIRAUDIT_PLUGIN(process_integrity::ProcessIntegrity)
