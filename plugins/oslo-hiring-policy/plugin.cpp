// oslo-hiring-policy — Oslo kommune's and the Norwegian state's hiring rules.
//
// This file is the plugin's description (rules, legal basis, options, the
// severity each rule carries under each profile) and the dispatch; each rule
// lives in its own file. The rule texts here are what `fairaudit rules`
// prints and what SARIF's tool.driver.rules is built from.
#include <string>

#include "fairaudit/plugin.hpp"
#include "fairaudit/rule_table.hpp"
#include "rules.hpp"

namespace fairaudit::oslo_hiring {
namespace {

// A rule's severity under each profile: error where the rule binds the
// employer of that profile, warning where it is local practice.
template <Severity Oslo, Severity State>
Severity by_profile(const Settings& s) {
  return s.profile == Profile::state ? State : Oslo;
}

// Every rule's rationale ends with this, since the severity a reader sees may
// be the profile's or the policy's.
constexpr const char* kProfileNote = " A policy's severity setting overrides the profile's.";

// A rule's legal basis under each profile: the source that binds that
// employer (docs/legal-sources.md, "Rules × profiles"; tests/data/legal-bases.json
// holds the table the plugin's texts are tested against). Oslo kommune is not
// bound by statsansatteloven or its forskrift; a state employer is not bound
// by Oslo kommune's agreements and schemes.
struct ProfileBases {
  const char* oslo;
  const char* state;
};

template <const ProfileBases& B>
void basis_by_profile(RuleInfo& info, const Settings& s) {
  info.basis = s.profile == Profile::state ? B.state : B.oslo;
}

constexpr ProfileBases kMinorityBases{
    "Oslo kommune: Handlingsplan for likebehandling og økt rekruttering av personer med minoritetsbakgrunn til "
    "stillinger i Oslo kommune (local practice: whether the plan holds an interview duty, and is still in force, "
    "is unconfirmed).",
    "The government's Handlingsplan mot rasisme og diskriminering: state employers call at least one qualified "
    "applicant with immigrant background to interview (the edition in force is unconfirmed)."};
constexpr ProfileBases kDisabilityBases{
    "No binding source for Oslo kommune: local practice. Oslo kommune's Handlingsplan for mennesker med "
    "funksjonsnedsettelser is the basis of its recruitment scheme (rekrutteringsordningen), not of an interview "
    "duty.",
    "Forskrift til statsansatteloven (FOR-2017-06-21-838) § 6 (1): if qualified applicants state a disability that "
    "will require accommodation, at least one of them is called to interview before the innstilling. The export "
    "does not say whether a disability needs accommodation, so every declared disability counts."};
constexpr ProfileBases kCvGapBases{
    "No binding source for Oslo kommune: local practice. Oslo kommune's rekrutteringsordningen uses the same target "
    "group (at least two of the last five years outside work, education or training) but reserves positions; it "
    "holds no interview duty.",
    "Forskrift til statsansatteloven (FOR-2017-06-21-838) § 4 a: at least one qualified applicant who has been "
    "outside work, education or training for at least two of the last five years (because of illness, addiction "
    "or prison, or while actively seeking work) is called to interview. The export holds only the applicant's "
    "declaration of the gap, not its cause."};
constexpr ProfileBases kQuotaBases{
    "The unwritten qualification principle of public employment law (kvalifikasjonsprinsippet; Prop. 94 L "
    "(2016–2017) ch. 9) and Sivilombudet's practice that the main points of a hiring are recorded in writing; "
    "Oslo kommune: Dok 24 Del D (Avtale om behandlingsmåten i ansettelsessaker) § 2.3 — the unit head holds the "
    "hiring authority only where the unions agree on who is ranked first, so a hire below the top needs its "
    "ground recorded. Whether an Oslo round may use a moderate quota at all is unconfirmed.",
    "Statsansatteloven (LOV-2017-06-16-67) § 3 first paragraph (kvalifikasjonsprinsippet); forskrift til "
    "statsansatteloven (FOR-2017-06-21-838) § 6 (2) (moderat kvotering for an applicant with a disability) and "
    "§ 4 a (for an applicant with a CV gap)."};
constexpr ProfileBases kReservedBases{
    "Oslo kommune: rekrutteringsordningen for personer med funksjonsnedsettelser eller hull i CV-en "
    "(Handlingsplan for mennesker med funksjonsnedsettelser).",
    "No binding source for state employers: no state rule on reserving ordinary positions was found (the state's "
    "trainee scheme reserves temporary positions only); the employer's own reservation is checked as local "
    "practice."};
constexpr ProfileBases kRecommendationBases{
    "Oslo kommune: Dok 24 Del D (Avtale om behandlingsmåten i ansettelsessaker) § 3.1 — the innstilling and the "
    "extended applicant list go to the unions concerned for their statement.",
    "Statens personalhåndbok pkt. 2.14.2.4: the extended applicant list goes to the members of the innstillings- "
    "and tilsettingsråd as soon as it exists."};
constexpr ProfileBases kEqualityBases{
    "Oslo kommune: Dok 24 Del D (Avtale om behandlingsmåten i ansettelsessaker) § 4 — gender equality is "
    "addressed in the innstilling and in the unions' statement in every hiring case.",
    "Likestillings- og diskrimineringsloven (LOV-2017-06-16-51) § 26: the employer works actively for equality, "
    "recruitment included, with the employees' representatives; no duty to address it in each innstilling was "
    "found for state employers (good practice)."};

// What the three interview duties say of withdrawals, in their summaries.
#define FAIRAUDIT_DUTY_WITHDRAWAL                                                                                \
  " An applicant who withdrew before the first interview of the round (without interviews: before the "        \
  "recommendation or decision) and was not invited owes no duty and is not counted."

const RuleTable<Settings>& table() {
  static const RuleTable<Settings> t{
      "oslo-hiring-policy",
      "1.1.0",
      "Oslo kommune's and the Norwegian state's hiring rules: interview duties for qualified applicants who "
      "declared immigrant background, a disability or a CV gap; moderate quotas and reserved positions; the "
      "recommendation and applicant list sent to the unions, with a gender-equality statement.",
      {
          {.info = {.id = "minority-interview",
                    .summary = "If a qualified applicant declared immigrant background, at least one such applicant "
                               "was invited to interview before the recommendation (without a recommendation date: "
                               "before the decision)." FAIRAUDIT_DUTY_WITHDRAWAL,
                    .rationale =
                        "Calling at least one qualified applicant with immigrant background to interview counters "
                        "the screening-out of minority applicants on paper. Only the applicant's own opt-in "
                        "declaration counts; declined and not-asked answers never trigger the duty and are reported "
                        "apart. A government requirement for state employers (error under `state`); local practice "
                        "in Oslo kommune, which registers no ethnicity in personnel data (warning under `oslo`).",
                    .local_term = "innkalling til intervju av kvalifisert søker med innvandrerbakgrunn",
                    .default_severity = Severity::warning,
                    .scope = Scope::round,
                    .needs = {Field::immigrant_background}},
           .round = &minority_interview,
           .severity = &by_profile<Severity::warning, Severity::error>,
           .texts = &basis_by_profile<kMinorityBases>},
          {.info = {.id = "disability-interview",
                    .summary = "If a qualified applicant declared a disability, at least one such applicant was "
                               "invited to interview before the recommendation (without a recommendation date: "
                               "before the decision)." FAIRAUDIT_DUTY_WITHDRAWAL,
                    .rationale =
                        "Applicants with a disability are screened out before anyone has met them more often than "
                        "others; the interview duty gives at least one qualified applicant who declared a "
                        "disability the chance to be assessed in person. Binding on state employers (error under "
                        "`state`); local practice in Oslo kommune (warning under `oslo`).",
                    .local_term = "søkere med funksjonsnedsettelse – plikt til å innkalle til intervju",
                    .default_severity = Severity::warning,
                    .scope = Scope::round,
                    .needs = {Field::disability}},
           .round = &disability_interview,
           .severity = &by_profile<Severity::warning, Severity::error>,
           .texts = &basis_by_profile<kDisabilityBases>},
          {.info = {.id = "cv-gap-interview",
                    .summary = "If a qualified applicant declared a gap in the CV, at least one such applicant was "
                               "invited to interview before the recommendation (without a recommendation date: "
                               "before the decision)." FAIRAUDIT_DUTY_WITHDRAWAL,
                    .rationale =
                        "A gap of at least two of the last five years outside work, education or training is a "
                        "common reason to be passed over unseen; the interview duty gives at least one qualified "
                        "applicant who declared one an interview. Binding on state employers (error under `state`); "
                        "local practice in Oslo kommune, whose recruitment scheme targets the same group (warning "
                        "under `oslo`).",
                    .local_term = "hull i CV-en",
                    .default_severity = Severity::warning,
                    .scope = Scope::round,
                    .needs = {Field::cv_gap}},
           .round = &cv_gap_interview,
           .severity = &by_profile<Severity::warning, Severity::error>,
           .texts = &basis_by_profile<kCvGapBases>},
          {.info = {.id = "moderate-quota",
                    .summary = "When someone is hired below the number of openings in the ranking, the round records "
                               "a decision reason or a moderate quota (a target-group applicant recorded as equally "
                               "qualified with the top-ranked).",
                    .rationale =
                        "The qualification principle makes the best-qualified applicant the one to hire. Choosing "
                        "someone ranked lower is lawful only on a recorded ground: a moderate quota for a "
                        "target-group applicant about as well qualified, or a reason in the case file. Without "
                        "either, an unsuccessful applicant cannot see why they were passed over and the unions "
                        "cannot check the decision. In an export that records no decision reason the rule answers "
                        "insufficient_data where only a reason could justify the hire.",
                    .local_term = "moderat kvotering; kvalifikasjonsprinsippet",
                    .default_severity = Severity::error,
                    .scope = Scope::round,
                    // Where the export records no decision reasons, a hire
                    // below the top not made by a moderate quota cannot be
                    // told from one made for a recorded reason.
                    .needs_for_breach = {Field::decision_reason}},
           .round = &moderate_quota,
           .severity = &by_profile<Severity::error, Severity::error>,
           .texts = &basis_by_profile<kQuotaBases>},
          {.info = {.id = "reserved-position",
                    .summary = "In a round reserved for the recruitment scheme, everyone hired made the matching "
                               "self-declaration (disability or CV gap).",
                    .rationale =
                        "Positions reserved under Oslo kommune's recruitment scheme exist to bring people with a "
                        "disability or a long absence from work into employment; if no qualified applicant from the "
                        "target group comes forward, the position is advertised again without the reservation, not "
                        "filled from outside the group. Only `yes` is a declaration. Binding under Oslo kommune's "
                        "scheme (error under `oslo`); a state employer's own reservation is checked the same way "
                        "(warning under `state`).",
                    .local_term = "rekrutteringsordningen",
                    .default_severity = Severity::error,
                    .scope = Scope::round},
           .round = &reserved_position,
           .severity = &by_profile<Severity::error, Severity::warning>,
           .texts = &basis_by_profile<kReservedBases>},
          {.info = {.id = "recommendation-sent",
                    .summary = "The recommendation and the extended applicant list reached the unions before the "
                               "decision.",
                    .rationale =
                        "The unions can give their statement on an appointment only if they see the recommendation "
                        "and who applied in time; a copy sent on the day of the decision or later does not serve "
                        "that purpose. Binding in Oslo kommune through Dok 24 (error under `oslo`); state employers "
                        "involve the unions through the appointment board (warning under `state`).",
                    .local_term = "innstilling og utvidet søkerliste til de tillitsvalgte",
                    .default_severity = Severity::error,
                    .scope = Scope::round,
                    .needs = {Field::documents}},
           .round = &recommendation_sent,
           .severity = &by_profile<Severity::error, Severity::warning>,
           .texts = &basis_by_profile<kRecommendationBases>},
          {.info = {.id = "equality-statement",
                    .summary = "The recommendation addresses gender equality.",
                    .rationale =
                        "Stating in the recommendation how gender equality was considered lets the unions and the "
                        "decision-maker address it before the appointment. Binding in Oslo kommune through Dok 24 "
                        "(error under `oslo`); good practice for state employers under the activity duty (warning "
                        "under `state`).",
                    .local_term = "likestillingsvurdering i innstillingen",
                    .default_severity = Severity::error,
                    .scope = Scope::round,
                    .needs = {Field::documents}},
           .round = &equality_statement,
           .severity = &by_profile<Severity::error, Severity::warning>,
           .texts = &basis_by_profile<kEqualityBases>},

          // add-rule.py: new rules go above this line.
      },
      {
          bind<Settings>(OptionSpec::string("profile", "oslo", {"oslo", "state"},
                                            "Which rules bind the employer: \"oslo\" (Oslo kommune: Dok 24, "
                                            "rekrutteringsordningen) or \"state\" (statsansatteloven and its "
                                            "regulation). Sets each rule's default severity and legal basis."),
                         [](Settings& s, const Options& o, const std::string& key) {
                           s.profile = o.get_string(key) == "state" ? Profile::state : Profile::oslo;
                         }),
          bind(OptionSpec::list("quota_groups", {"disability", "cv_gap"},
                                {"immigrant_background", "disability", "cv_gap"},
                                "Self-declared grounds that allow a moderate quota in moderate-quota (state: "
                                "forskrift til statsansatteloven § 6 (2) for a disability, § 4 a for a CV gap)."),
               &Settings::quota_groups),
      }};
  return t;
}

#undef FAIRAUDIT_DUTY_WITHDRAWAL

class OsloHiringPolicy final : public Plugin {
 public:
  PluginInfo info() const override {
    PluginInfo p = table().info(settings_);
    for (auto& r : p.rules) r.rationale += kProfileNote;
    return p;
  }

  void configure(const Options& options, Logger& log) override {
    settings_ = table().bind(options, settings_);
    log.debug(std::string("oslo-hiring-policy: profile ") + (settings_.profile == Profile::state ? "state" : "oslo"));
  }

  void round(const Round& round, Sink& sink) override {
    // The rules are Norwegian; a Swedish or Danish round in a mixed export is
    // answered with not_applicable rather than judged by the wrong law.
    if (round.jurisdiction == Jurisdiction::se || round.jurisdiction == Jurisdiction::dk) {
      for (const auto& r : table().rules) {
        Evidence ev;
        ev.text("jurisdiction", to_string(round.jurisdiction));
        sink.round_verdict(round, r.info.id, Verdict::not_applicable,
                           "the round is under {jurisdiction} rules, not Norwegian ones", std::move(ev));
      }
      return;
    }
    table().round(round, settings_, sink);
  }

 private:
  Settings settings_{Profile::oslo, {"disability", "cv_gap"}};
};

}  // namespace
}  // namespace fairaudit::oslo_hiring

FAIRAUDIT_PLUGIN(fairaudit::oslo_hiring::OsloHiringPolicy)
