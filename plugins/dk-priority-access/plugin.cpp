// dk-priority-access — the Danish fortrinsadgang for applicants with a
// disability at public employers.
//
// This file is the plugin's description (rules, legal basis, options) and
// the dispatch; each rule lives in its own file. The rule texts here are what
// `fairaudit rules` prints and what SARIF's tool.driver.rules is built from;
// their translations are in po/.
#include <string>

#include "fairaudit/plugin.hpp"
#include "fairaudit/rule_table.hpp"
#include "rules.hpp"

namespace fairaudit::dk_priority {
namespace {

// docs/legal-sources.md, "Denmark"; tests/data/legal-bases.json.
#define FAIRAUDIT_DK_SOURCES                                                                                  \
  "Lov om kompensation til handicappede i erhverv m.v. (kompensationsloven; lovbekendtgørelse nr. 108 af 3. " \
  "februar 2020), its rules on fortrinsadgang, and bekendtgørelse nr. 1174 af 25. november 2019 om "          \
  "kompensation til handicappede i erhverv m.v."

const RuleTable<Settings>& table() {
  static const RuleTable<Settings> t{
      "dk-priority-access",
      "1.0.0",
      "The Danish fortrinsadgang: a public employer calls to interview every applicant with a disability who is "
      "referred by a jobcenter or invokes priority access and meets the post's formal requirements, and fills the "
      "post with someone else only after a written explanation to the jobcenter and a negotiation with it.",
      {
          {.info = {.id = "interview-call",
                    .summary = "Every applicant with priority access (referred by a jobcenter, or invoking it and "
                               "meeting the post's formal requirements) was called to interview before the post was "
                               "filled. Not for posts filled internally.",
                    .rationale =
                        "Fortrinsadgang gives an applicant whose disability makes it hard to find work the right to "
                        "be met in person, so that the employer judges what they can do rather than what a paper "
                        "application suggests. The applicant's own statement that they invoke it counts; the "
                        "employer may not ask for documentation of the disability. An applicant who invoked it "
                        "without meeting the formal requirements has no right to the interview; where the export "
                        "does not say whether they meet them, the rule answers insufficient_data.",
                    .basis = FAIRAUDIT_DK_SOURCES
                    ": a public employer calls to a personal interview an applicant with a disability who is "
                    "referred by a jobcenter, or who invokes fortrinsadgang and meets the formal requirements of the "
                    "post; not where the post is filled with someone already employed. Sources: Medarbejder- og "
                    "Kompetencestyrelsen, Personaleadministrativ Vejledning 15.2.2.12; STAR, Fortrinsadgang for "
                    "personer med handicap.",
                    .local_term = "fortrinsadgang – indkaldelse til ansættelsessamtale",
                    .default_severity = Severity::error,
                    .scope = Scope::round,
                    .needs = {Field::priority_access}},
           .round = &interview_call},
          {.info = {.id = "explanation-before-filling",
                    .summary = "Where an applicant with priority access was not hired, the post was filled only after "
                               "a written explanation was sent to the jobcenter and the jobcenter had negotiated "
                               "with the employer. Not for posts filled internally.",
                    .rationale =
                        "The written explanation and the negotiation are how the jobcenter checks that the "
                        "applicant was not turned down because of the disability and that compensating measures "
                        "were considered; a post filled before them leaves nothing to negotiate. The export "
                        "records them as documents of type jobcenter_explanation and jobcenter_negotiation with "
                        "their dates.",
                    .basis = FAIRAUDIT_DK_SOURCES
                    ": if the employer does not want to hire the applicant with fortrinsadgang, the post is not "
                    "filled before the employer has given the jobcenter a written explanation (skriftlig redegørelse) "
                    "and the matter has been negotiated with the jobcenter. Sources: Medarbejder- og "
                    "Kompetencestyrelsen, Personaleadministrativ Vejledning 15.2.2.12; Ankestyrelsen on the duty to "
                    "negotiate (forhandlingspligt).",
                    .local_term = "skriftlig redegørelse og forhandling med jobcentret",
                    .default_severity = Severity::error,
                    .scope = Scope::round,
                    .needs = {Field::priority_access, Field::documents}},
           .round = &explanation_before_filling},

          // add-rule.py: new rules go above this line.
      },
      {
          bind<Settings>(OptionSpec::string("profile", "dk-kommune", {"dk-kommune"},
                                            "Which employer's sources the rules cite: \"dk-kommune\" (a Danish "
                                            "kommune; the law binds every public employer alike)."),
                         [](Settings& s, const Options&, const std::string&) { s.profile = Profile::dk_kommune; }),
      }};
  return t;
}

#undef FAIRAUDIT_DK_SOURCES

class DkPriorityAccess final : public Plugin {
 public:
  PluginInfo info() const override { return table().info(settings_); }
  void configure(const Options& options, Logger&) override { settings_ = table().bind(options, settings_); }
  void round(const Round& round, Sink& sink) override {
    // Fortrinsadgang is Danish law, and does not apply where the post is
    // filled internally: those rounds get not_applicable from every rule,
    // whatever the export records.
    const bool danish = round.jurisdiction == Jurisdiction::dk;
    if (!danish || round.position.internal_only) {
      for (const auto& r : table().rules) {
        Evidence ev;
        ev.text("jurisdiction", to_string(round.jurisdiction));
        sink.round_verdict(round, r.info.id, Verdict::not_applicable,
                           danish ? "the post is filled internally, where fortrinsadgang does not apply"
                                  : "the round is under {jurisdiction} rules; fortrinsadgang is Danish law",
                           std::move(ev));
      }
      return;
    }
    table().round(round, settings_, sink);
  }

 private:
  Settings settings_;
};

}  // namespace
}  // namespace fairaudit::dk_priority

FAIRAUDIT_PLUGIN(fairaudit::dk_priority::DkPriorityAccess)
