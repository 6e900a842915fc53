// panel-composition — checks who interviews the candidates of each round: at
// least two interviewers, not all of one gender, the same panel for every
// candidate (or a recorded reason for a change), and the representative on
// every panel where the policy asks for it. Candidates assessed by different
// people, or by one person alone, are not compared on the same terms.
//
// This file is the plugin's table: its rules (the texts `fairaudit rules`
// prints and SARIF's tool.driver.rules is built from, and the check of each)
// and its options; each check lives in the file named after its rule.
#include <string>

#include "rules.hpp"

namespace panel_composition {
namespace {

// Each rule's legal basis under each profile (fairaudit/profile.hpp): the source that binds that
// employer, or "no binding source" where the rule is good practice
// (docs/legal-sources.md, "Rules × profiles"; tests/data/legal-bases.json).
// panel-size and panel-gender-mix: good practice under every profile, with
// the equality duty the practice serves.
constexpr ProfileBases kPanelBases{
    "No binding source found: good practice. Oslo kommune's Dok 24 Del I (Avtale om likestilling) § 3 (women and "
    "men have equal chances of employment) and likestillings- og diskrimineringsloven (LOV-2017-06-16-51) § 26 "
    "(recruitment is part of the employer's active equality work) are the aims a panel of more than one person, "
    "not all of one gender, serves; neither sets a rule on panels.",
    "No binding source found: good practice. Likestillings- og diskrimineringsloven (LOV-2017-06-16-51) § 26 "
    "makes recruitment part of the employer's active equality work; a panel of more than one person, not all of "
    "one gender, is one way of doing it, not a rule.",
    "No binding source found: good practice. Diskrimineringslagen (SFS 2008:567) 3 kap. 5 § makes rekrytering och "
    "befordran an area of active measures, and the Diskrimineringsombudsmannen's guidance on it asks how interviews "
    "are held; neither sets a rule on panels.",
    "No binding source found: good practice. A kommune's own retningslinjer for rekruttering set the composition of "
    "its ansættelsesudvalg (e.g. Albertslund Kommune); no national rule on interview panels was found."};

constexpr const char* kSamePanelNorway =
    "Sivilombudet («Ansettelser fra A til Å»): the applicants are treated alike in the assessment, so that "
    "kvalifikasjonsprinsippet is applied to a comparison on the same terms. That the same panel interviews every "
    "candidate, or that a change is recorded with its reason, is the policy's reading: ombudsman practice, not a "
    "statute.";
constexpr ProfileBases kSamePanelBases{
    kSamePanelNorway, kSamePanelNorway,
    "Regeringsformen (SFS 1974:152) 1 kap. 9 § (saklighet och opartiskhet): the candidates are assessed on the same "
    "terms. No binding source requires the same panel for each: that it is the same, or that a change is recorded "
    "with its reason, is good practice.",
    "No binding source found: the same ansættelsesudvalg for every candidate, as a kommune's retningslinjer for "
    "rekruttering set it, is how candidates are assessed on the same terms (good practice)."};

constexpr ProfileBases kRepresentativeBases{
    "Oslo kommune: Dok 24 Del D (Avtale om behandlingsmåten i ansettelsessaker) §§ 3.2–3.3 — the unions concerned "
    "take part in interviews as agreed locally. A right, not a duty: the rule applies only where the policy asks for "
    "a representative on every panel.",
    "Statens personalhåndbok pkt. 2.4.3: a representative of the employees may take part in the interview. The rule "
    "applies only where the policy asks for one on every panel.",
    "Avtal om samverkan och arbetsmiljö: a local samverkansavtal may give the förtroendevald a seat on interview "
    "panels; no binding source in law was found. The rule applies only where the policy asks for it.",
    "Denmark: a kommune's own retningslinjer for rekruttering, adopted under its MED-aftale (Rammeaftale om "
    "medindflydelse og medbestemmelse), may put the tillidsrepræsentant in the ansættelsesudvalg (e.g. Albertslund "
    "Kommune). The rule applies only where the policy asks for it."};

// panel-size's summary names the policy's number of interviewers.
void panel_size_texts(RuleInfo& info, const Config& c) {
  basis_by_profile<kPanelBases>(info, c);
  info.summary += " Interviewers required: " + std::to_string(c.min_panel_size) + " (option min_panel_size).";
}

const RuleTable<Config>& table() {
  static const RuleTable<Config> t{
      "panel-composition",
      "1.0.0",
      "Who interviews the candidates: at least two interviewers, not all of one gender, the same panel for every "
      "candidate of a round, and the representative where the policy asks for one.",
      {
          {.info = {.id = "panel-size",
                    .summary = "Every interview has at least as many interviewers as the policy asks for.",
                    .rationale = "An interview by one person leaves the assessment of personal suitability to one "
                                 "impression, with nobody to question it; a second interviewer is the simplest "
                                 "check on bias.",
                    .local_term = "intervjupanel; intervjugrupp; ansættelsesudvalg",
                    .default_severity = Severity::warning,
                    .scope = Scope::round,
                    .needs = {Field::interviews}},
           .round = &panel_size,
           .texts = &panel_size_texts},
          {.info = {.id = "panel-gender-mix",
                    .summary = "Every interview panel has interviewers of more than one gender.",
                    .rationale = "A panel all of one gender is more likely to share one picture of who fits the "
                                 "post; a mixed panel is the common safeguard in public-sector recruitment. "
                                 "Interviewers whose gender is unknown or not given do not count either way.",
                    .local_term = "kjønnsbalansert intervjupanel; könsblandad intervjugrupp; kønsblandet "
                                  "ansættelsesudvalg",
                    .default_severity = Severity::warning,
                    .scope = Scope::round,
                    .needs = {Field::interviews}},
           .round = &panel_gender_mix,
           .texts = &basis_by_profile<kPanelBases>},
          {.info = {.id = "same-panel",
                    .summary = "Every candidate of a round is interviewed by the same panel (the same roles and "
                               "genders), or a document of type panel_change records why it changed.",
                    .rationale = "Candidates compared by different interviewers are not compared on the same "
                                 "terms; a change of panel can have good reasons (illness, a conflict of "
                                 "interest), which is why a recorded reason satisfies the rule.",
                    .local_term = "samme intervjupanel; samma intervjugrupp; samme ansættelsesudvalg",
                    .default_severity = Severity::warning,
                    .scope = Scope::round,
                    .needs = {Field::interviews},
                    .needs_for_breach = {Field::documents}},
           .round = &same_panel,
           .texts = &basis_by_profile<kSamePanelBases>},
          {.info = {.id = "representative-on-panel",
                    .summary = "Where the policy asks for it (option require_representative_on_panel), every "
                               "interview panel has a representative on it, or the representative recorded a "
                               "waiver.",
                    .rationale = "A representative on every panel sees whether each candidate is assessed on the "
                                 "same terms; representative-involvement asks only that they attend at least one "
                                 "interview. Off by default: no source found makes it a duty.",
                    .local_term = "tillitsvalgt i intervju; facklig företrädare i intervjugruppen; "
                                  "tillidsrepræsentant i ansættelsesudvalget",
                    .default_severity = Severity::warning,
                    .scope = Scope::round,
                    .needs = {Field::interviews}},
           .round = &representative_on_panel,
           .texts = &basis_by_profile<kRepresentativeBases>},
          // add-rule.py: new rules go above this line.
      },
      {
          profile_option<Config>(),
          bind(OptionSpec::integer("min_panel_size", 2, 1, 10,
                                   "The fewest interviewers an interview panel may have (panel-size)."),
               &Config::min_panel_size),
          bind(OptionSpec::boolean("require_representative_on_panel", false,
                                   "Whether every interview panel must have a representative on it "
                                   "(representative-on-panel); off, the rule does not apply."),
               &Config::require_representative),
          bind<Config>(OptionSpec::list("representative_panel_roles",
                                        {"likestillingsrepresentant", "tillitsvalgt", "union_rep"}, {},
                                        "Panel roles that count as the representative (representative-on-panel)."),
                       [](Config& c, const Options& o, const std::string& key) {
                         c.representative_roles = o.get_list(key);
                         if (c.representative_roles.empty()) throw OptionError(key, "must name at least one role");
                       }),
      }};
  return t;
}

class PanelComposition final : public Plugin {
 public:
  PluginInfo info() const override { return table().info(cfg_); }
  void configure(const Options& o, Logger&) override { cfg_ = table().bind(o); }
  void round(const Round& r, Sink& sink) override { table().round(r, cfg_, sink); }

 private:
  Config cfg_;
};

}  // namespace
}  // namespace panel_composition

FAIRAUDIT_PLUGIN(panel_composition::PanelComposition)
