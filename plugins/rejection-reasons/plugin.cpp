// rejection-reasons — checks that each qualified applicant who was not
// called to interview or not hired has a recorded reason from a controlled
// list, notes the reasons that need a second look (language, personal fit),
// and finds hires ranked below a rejected applicant without a recorded
// reason. A reason written down when the decision is made is what a
// rejected applicant, a representative or an ombudsman can check later.
//
// This file is the plugin's table: its rules (the texts `fairaudit rules`
// prints and SARIF's tool.driver.rules is built from, and the check of each)
// and its options; each check lives in the file named after its rule.
#include <string>

#include "rules.hpp"

namespace rejection_reasons {
namespace {

// Each rule's legal basis under each profile (fairaudit/profile.hpp): the source that binds that
// employer, or "no binding source" where the rule is good practice
// (docs/legal-sources.md, "Rules × profiles"; tests/data/legal-bases.json).
constexpr const char* kRecordedNorway =
    "Sivilombudet («Undersøkelse av eget tiltak – skriftlighet i tilsettingssaker»): forvaltningsloven "
    "(LOV-1967-02-10) §§ 24–25 on reasons do not apply directly to hiring, but the decision must be objectively "
    "justified, so the main points of the process — why each qualified applicant was not chosen among them — are "
    "recorded in writing. The controlled list is the policy's.";
constexpr ProfileBases kRecordedBases{
    kRecordedNorway, kRecordedNorway,
    "Regeringsformen (SFS 1974:152) 1 kap. 9 § (saklighet); diskrimineringslagen (SFS 2008:567) 2 kap. 4 § gives an "
    "applicant who was not hired or not called to interview the right to ask for the merits of the person chosen. No "
    "binding source requires a reason for each applicant: recording one is good practice that makes the answer "
    "possible. The controlled list is the policy's.",
    "Forvaltningsloven (LBK nr. 433 af 22/04/2014) § 22: a refusal of a job application is an afgørelse, and a "
    "written refusal is reasoned, at least with the main points given weight in filling the post (Medarbejder- og "
    "Kompetencestyrelsen, Personaleadministrativ Vejledning pkt. 15.9.5). The controlled list is the policy's."};

constexpr const char* kReviewNorway =
    "Sivilombudet: where an otherwise well-qualified applicant is passed over for personal suitability, the "
    "assessment rests on a thorough investigation of the case (forvaltningsloven, LOV-1967-02-10, § 17), references "
    "included. Likestillings- og diskrimineringsloven (LOV-2017-06-16-51) forbids indirect discrimination on "
    "ethnicity, which includes language: a language reason needs the post's documented requirement behind it. A "
    "note for review, not a breach.";
constexpr ProfileBases kReviewBases{
    kReviewNorway, kReviewNorway,
    "Diskrimineringslagen (SFS 2008:567) 1 kap. 4 § (indirect discrimination: a language requirement the work does "
    "not need can put applicants of a given ethnicity at a disadvantage), and the Diskrimineringsombudsmannen's "
    "guidance on requirement profiles in recruitment; personal suitability is where unexamined preference enters. A "
    "note for review, not a breach.",
    "Forskelsbehandlingsloven § 2 (no discrimination of applicants in hiring, indirect discrimination included, on "
    "grounds among them ethnic and national origin): a language requirement the work does not need can be indirect "
    "discrimination, and personal suitability is where unexamined preference enters. A note for review, not a "
    "breach."};

constexpr ProfileBases kRankBases{
    "Det ulovfestede kvalifikasjonsprinsippet (the best-qualified applicant is hired), with Sivilombudet's demand that "
    "the assessment be recorded in writing: a hire ranked below a rejected applicant needs its reason on record.",
    "Statsansatteloven (LOV-2017-06-16-67) § 3 first paragraph: the best-qualified applicant is hired unless law or "
    "forskrift makes an exception; a hire ranked below a rejected applicant needs its reason on record.",
    "Regeringsformen (SFS 1974:152) 1 kap. 9 § (saklighet och opartiskhet). No statutory merit order binding a "
    "kommun was found, and no binding source requires the reason to be recorded: good practice.",
    "Forvaltningsloven (LBK nr. 433 af 22/04/2014) § 22: the reasons for a refusal give the main points weighed in "
    "filling the post (Medarbejder- og Kompetencestyrelsen, Personaleadministrativ Vejledning pkt. 15.9.5); where "
    "someone ranked below the rejected applicant was hired, that point is the reason for it."};

// Stores a list of codes that must all be on the controlled list (stored
// before it).
void store_sublist(std::vector<std::string>& into, const Config& c, const Options& o, const std::string& key) {
  into = o.get_list(key);
  for (const auto& code : into)
    if (!listed(c.reason_codes, code)) throw OptionError(key, "every code must be one of reason_codes");
}

const RuleTable<Config>& table() {
  static const RuleTable<Config> t{
      "rejection-reasons",
      "1.0.0",
      "Is it recorded, from a controlled list, why each qualified applicant was not called to interview or not "
      "hired, and why anyone ranked below a rejected applicant was hired?",
      {
          {.info = {.id = "reason-recorded",
                    .summary = "Every qualified applicant turned down (not called to interview, or not hired) has a "
                               "rejected event whose reason_code is on the controlled list (option reason_codes).",
                    .rationale = "A reason written down when the choice is made is what a rejected applicant, a "
                                 "representative or an ombudsman can check; a reason from a controlled list can be "
                                 "counted and compared between units. Withdrawn applicants are not counted, and "
                                 "before the decision only the rejections already made are.",
                    .local_term = "begrunnelse; skäl för beslutet; begrundelse for afslag",
                    .default_severity = Severity::warning,
                    .scope = Scope::round},
           .round = &reason_recorded,
           .texts = &basis_by_profile<kRecordedBases>},
          {.info = {.id = "second-look",
                    .summary = "Rejections whose reason needs a second look (option review_reason_codes; default "
                               "language and personal_fit) are noted for review.",
                    .rationale = "A language requirement the work does not need, or a judgment of personal fit, is "
                                 "where indirect discrimination most often enters a recruitment: each such "
                                 "rejection should be read by someone else against the post's documented "
                                 "requirements. A note, not a breach: the reason may be sound.",
                    .local_term = "personlig egnethet; språkkrav; personlig lämplighet; personlig egnethed",
                    .default_severity = Severity::note,
                    .scope = Scope::round},
           .round = &second_look,
           .texts = &basis_by_profile<kReviewBases>},
          {.info = {.id = "rank-order",
                    .summary = "No one is hired ranked below a rejected qualified applicant unless a reason is "
                               "recorded: the round's decision_reason, the hire recorded as equally qualified with "
                               "the top, or a rejection reason that is not merely the ranking.",
                    .rationale = "Passing over a better-ranked applicant may be right, but the reason is what shows "
                                 "it was; a rejection saying \"a better-qualified applicant was hired\" to someone "
                                 "ranked above the hire contradicts the ranking itself.",
                    .local_term = "forbigåelse; förbigång; forbigåelse",
                    .default_severity = Severity::warning,
                    .scope = Scope::round,
                    .needs_for_breach = {Field::decision_reason}},
           .round = &rank_order,
           .texts = &basis_by_profile<kRankBases>},
          // add-rule.py: new rules go above this line.
      },
      {
          profile_option<Config>(),
          bind<Config>(OptionSpec::list("reason_codes", Config{}.reason_codes, {},
                                        "The controlled list of rejection reasons (reason_code of a rejected event): "
                                        "formal_requirements_not_met, others_better_qualified (not among those "
                                        "called to interview), better_qualified_hired (interviewed; another was "
                                        "better qualified), equally_qualified_other_preferred (a moderate quota or "
                                        "another recorded preference among equals), preferential_right (another "
                                        "applicant had a preferential right: fortrinnsrett, företrädesrätt, "
                                        "fortrinsadgang), language, personal_fit, references, no_show, "
                                        "declined_offer, late_application, round_cancelled."),
                       [](Config& c, const Options& o, const std::string& key) {
                         c.reason_codes = o.get_list(key);
                         if (c.reason_codes.empty()) throw OptionError(key, "must name at least one reason code");
                       }),
          bind<Config>(OptionSpec::list("review_reason_codes", Config{}.review_codes, {},
                                        "Rejection reasons noted for a second look (second-look); each one of "
                                        "reason_codes."),
                       [](Config& c, const Options& o, const std::string& key) {
                         store_sublist(c.review_codes, c, o, key);
                       }),
          bind<Config>(OptionSpec::list("ranking_reason_codes", Config{}.ranking_codes, {},
                                        "Rejection reasons that only say the ranking was followed (rank-order): "
                                        "given to an applicant ranked above the person hired, they explain nothing; "
                                        "each one of reason_codes."),
                       [](Config& c, const Options& o, const std::string& key) {
                         store_sublist(c.ranking_codes, c, o, key);
                       }),
      }};
  return t;
}

class RejectionReasons final : public Plugin {
 public:
  PluginInfo info() const override { return table().info(cfg_); }
  void configure(const Options& o, Logger&) override { cfg_ = table().bind(o); }
  void round(const Round& r, Sink& sink) override { table().round(r, cfg_, sink); }

 private:
  Config cfg_;
};

}  // namespace
}  // namespace rejection_reasons

FAIRAUDIT_PLUGIN(rejection_reasons::RejectionReasons)
