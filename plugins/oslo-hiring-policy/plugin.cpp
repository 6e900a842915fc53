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

const RuleTable<Settings>& table() {
  static const RuleTable<Settings> t{
      "oslo-hiring-policy",
      "1.0.0",
      "Oslo kommune's and the Norwegian state's hiring rules: interview duties for qualified applicants who "
      "declared immigrant background, a disability or a CV gap; moderate quotas and reserved positions; the "
      "recommendation and applicant list sent to the unions, with a gender-equality statement.",
      {
    {{"minority-interview",
     "If a qualified applicant declared immigrant background, at least one such applicant was invited to interview "
     "before the recommendation (without a recommendation date: before the decision).",
     "Calling at least one qualified applicant with immigrant background to interview counters the screening-out "
     "of minority applicants on paper. Only the applicant's own opt-in declaration counts; declined and not-asked "
     "answers never trigger the duty and are reported apart. A government requirement for state employers (error "
     "under `state`); local practice in Oslo kommune, which registers no ethnicity in personnel data (warning "
     "under `oslo`).",
     "State: the government's Handlingsplan mot rasisme og diskriminering (at least one qualified applicant with "
     "immigrant background is interviewed). Oslo kommune: personnel policy on recruiting people with minority "
     "background (local practice).",
     "innkalling til intervju av kvalifisert søker med innvandrerbakgrunn", Severity::warning, Scope::round},
     &minority_interview, nullptr, &by_profile<Severity::warning, Severity::error>},
    {{"disability-interview",
     "If a qualified applicant declared a disability, at least one such applicant was invited to interview before "
     "the recommendation (without a recommendation date: before the decision).",
     "Applicants with a disability are screened out before anyone has met them more often than others; the "
     "interview duty gives at least one qualified applicant who declared a disability the chance to be assessed "
     "in person. Binding on state employers (error under `state`); Oslo kommune follows it under its action plan "
     "for people with disabilities (warning under `oslo`).",
     "Forskrift til statsansatteloven § 6 (state employers). Oslo kommune: Handlingsplan for mennesker med "
     "funksjonsnedsettelser (local practice).",
     "søkere med funksjonsnedsettelse – plikt til å innkalle til intervju", Severity::warning, Scope::round},
     &disability_interview, nullptr, &by_profile<Severity::warning, Severity::error>},
    {{"cv-gap-interview",
     "If a qualified applicant declared a gap in the CV, at least one such applicant was invited to interview "
     "before the recommendation (without a recommendation date: before the decision).",
     "A gap of at least two of the last five years outside work, education or training is a common reason to be "
     "passed over unseen; the interview duty gives at least one qualified applicant who declared one an "
     "interview. Binding on state employers (error under `state`); local practice in Oslo kommune, whose "
     "recruitment scheme targets the same group (warning under `oslo`).",
     "Forskrift til statsansatteloven § 4 a (state employers). Oslo kommune: rekrutteringsordningen and its "
     "target group (local practice).",
     "hull i CV-en", Severity::warning, Scope::round},
     &cv_gap_interview, nullptr, &by_profile<Severity::warning, Severity::error>},
    {{"moderate-quota",
     "When someone is hired below the number of openings in the ranking, the round records a decision reason or "
     "a moderate quota (a target-group applicant recorded as equally qualified with the top-ranked).",
     "The qualification principle makes the best-qualified applicant the one to hire. Choosing someone ranked "
     "lower is lawful only on a recorded ground: a moderate quota for a target-group applicant about as well "
     "qualified, or a reason in the case file. Without either, an unsuccessful applicant cannot see why they "
     "were passed over and the unions cannot check the decision.",
     "Statsansatteloven § 3 (1) (kvalifikasjonsprinsippet) and forskrift til statsansatteloven § 6 (moderat "
     "kvotering); Oslo kommune: Dok 24 Del D (Avtale om behandlingsmåten i ansettelsessaker) § 2.3.",
     "moderat kvotering; kvalifikasjonsprinsippet", Severity::error, Scope::round},
     &moderate_quota, nullptr, &by_profile<Severity::error, Severity::error>},
    {{"reserved-position",
     "In a round reserved for the recruitment scheme, everyone hired made the matching self-declaration "
     "(disability or CV gap).",
     "Positions reserved under Oslo kommune's recruitment scheme exist to bring people with a disability or a "
     "long absence from work into employment; if no qualified applicant from the target group comes forward, the "
     "position is advertised again without the reservation, not filled from outside the group. Only `yes` is a "
     "declaration. Binding under Oslo kommune's scheme (error under `oslo`); a state employer's own reservation "
     "is checked the same way (warning under `state`).",
     "Oslo kommune: rekrutteringsordningen for personer med funksjonsnedsettelser eller hull i CV-en "
     "(Handlingsplan for mennesker med funksjonsnedsettelser).",
     "rekrutteringsordningen", Severity::error, Scope::round},
     &reserved_position, nullptr, &by_profile<Severity::error, Severity::warning>},
    {{"recommendation-sent",
     "The recommendation and the extended applicant list reached the unions before the decision.",
     "The unions can give their statement on an appointment only if they see the recommendation and who applied "
     "in time; a copy sent on the day of the decision or later does not serve that purpose. Binding in Oslo "
     "kommune through Dok 24 (error under `oslo`); state employers involve the unions through the appointment "
     "board (warning under `state`).",
     "Oslo kommune: Dok 24 Del D (Avtale om behandlingsmåten i ansettelsessaker) § 3.",
     "innstilling og utvidet søkerliste til de tillitsvalgte", Severity::error, Scope::round},
     &recommendation_sent, nullptr, &by_profile<Severity::error, Severity::warning>},
    {{"equality-statement",
     "The recommendation addresses gender equality.",
     "Stating in the recommendation how gender equality was considered lets the unions and the decision-maker "
     "address it before the appointment. Binding in Oslo kommune through Dok 24 (error under `oslo`); good "
     "practice for state employers under the activity duty (warning under `state`).",
     "Oslo kommune: Dok 24 Del D (Avtale om behandlingsmåten i ansettelsessaker) § 4; likestillings- og "
     "diskrimineringsloven § 26 (activity duty, incl. recruitment).",
     "likestillingsvurdering i innstillingen", Severity::error, Scope::round},
     &equality_statement, nullptr, &by_profile<Severity::error, Severity::warning>},

          // add-rule.py: new rules go above this line.
      },
      {
          bind<Settings>(OptionSpec::string("profile", "oslo", {"oslo", "state"},
                                            "Which rules bind the employer: \"oslo\" (Oslo kommune: Dok 24, "
                                            "rekrutteringsordningen) or \"state\" (statsansatteloven and its "
                                            "regulation). Sets each rule's default severity."),
                         [](Settings& s, const Options& o, const std::string& key) {
                           s.profile = o.get_string(key) == "state" ? Profile::state : Profile::oslo;
                         }),
          bind(OptionSpec::list("quota_groups", {"disability", "cv_gap"},
                                {"immigrant_background", "disability", "cv_gap"},
                                "Self-declared grounds that allow a moderate quota in moderate-quota (forskrift til "
                                "statsansatteloven § 6)."),
               &Settings::quota_groups),
      }};
  return t;
}

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
