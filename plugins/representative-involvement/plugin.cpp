// representative-involvement — checks that the equality representative
// (likestillingsrepresentant) or union representative takes part in each
// hiring round in time, and that each unit has the routines and meetings that
// make that involvement possible.
//
// This file is the plugin's table: its rules (the texts `fairaudit rules`
// prints and SARIF's tool.driver.rules is built from, and the check of each)
// and its options; each check lives in the file named after its rule.
#include <set>
#include <string>

#include "rules.hpp"

namespace representative_involvement {
namespace {

// Each rule's legal basis under each profile (fairaudit/profile.hpp): the source that binds that
// employer (docs/legal-sources.md, "Rules × profiles"; tests/data/legal-bases.json
// is the table the texts are tested against). Oslo kommune's Dok 24 binds
// Oslo kommune and its unions only; a state employer's sources are Statens
// personalhåndbok and likestillings- og diskrimineringsloven.
struct NorwayBases {
  const char* oslo;
  const char* state;
};

// Sweden and Denmark: one basis for every rule of the plugin.
constexpr const char* kSwedishBasis =
    "Sweden: lag om medbestämmande i arbetslivet (MBL, SFS 1976:580) 11 § and 19 § and the local samverkansavtal "
    "under Avtal om samverkan och arbetsmiljö; diskrimineringslagen (SFS 2008:567) 3 kap. 11 § (samverkan on "
    "active measures). No duty to involve a union representative in each ordinary hiring round was found: the "
    "rule is the policy's own practice.";
constexpr const char* kDanishBasis =
    "Denmark: Rammeaftale om medindflydelse og medbestemmelse (the kommune's MED-aftale: the tillidsrepræsentant is "
    "kept informed of forthcoming hires) and the kommune's own retningslinjer for rekruttering where they put "
    "employee representatives in the ansættelsesudvalg. No national duty was found: the rule is the policy's own "
    "practice.";

template <const NorwayBases& B>
void basis_by_employer(RuleInfo& info, const Config& c) {
  info.basis = basis_for(ProfileBases{B.oslo, B.state, kSwedishBasis, kDanishBasis}, c.profile);
}

constexpr NorwayBases kAppointedBases{
    "Oslo kommune: Dok 24 Del I (Avtale om likestilling) § 5.1 (the virksomhet's medbestemmelsesutvalg is its "
    "equality committee) and likestillings- og diskrimineringsloven (LOV-2017-06-16-51) § 26 (the activity duty, "
    "carried out with the employees' representatives). That the likestillingsrepresentant asks who is called to "
    "interview and who is hired is stated in a bydel's own equality strategy, not in an agreement clause found.",
    "No binding source for state employers: they have no equality representative by agreement, and the employees' "
    "representatives sit in the innstillings- and tilsettingsråd; the rule is the policy's own practice."};
constexpr NorwayBases kInvitedBases{
    "Oslo kommune: Dok 24 Del D (Avtale om behandlingsmåten i ansettelsessaker) §§ 3.2–3.3 — the unions concerned "
    "take part in hiring cases and are told of their chance to take part in interviews; \"before the first "
    "interview\" is the rule's reading.",
    "Statens personalhåndbok pkt. 2.4.3: a representative of the employees, appointed by the unions jointly, may "
    "take part in the interview; \"invited before the first interview\" is the rule's reading."};
constexpr NorwayBases kShortlistBases{
    "Oslo kommune: Dok 24 Del D (Avtale om behandlingsmåten i ansettelsessaker) § 3.3 — unions with a right to give "
    "a statement have the same access to the case as the administration.",
    "Statens personalhåndbok pkt. 2.4.3 and 2.14.2.4: members of the tilsettingsråd may ask that other qualified "
    "applicants be called to interview, and the extended applicant list reaches them as soon as it exists."};
constexpr NorwayBases kAttendedBases{
    "Oslo kommune: Dok 24 Del D (Avtale om behandlingsmåten i ansettelsessaker) §§ 3.2–3.3 — the unions may take "
    "part in interviews as agreed locally (normally at most two tillitsvalgte): a right, not a duty, which is why "
    "a recorded waiver satisfies the rule.",
    "Statens personalhåndbok pkt. 2.4.3: the nearest superior attends the interview; a representative of the "
    "employees may."};
constexpr NorwayBases kInTimeBases{
    "Oslo kommune: Dok 24 Del D (Avtale om behandlingsmåten i ansettelsessaker) § 3.1 — the innstilling goes to the "
    "unions for their statement before the decision; the number of working days is the policy's reading.",
    "No binding source for state employers: the innstilling goes to the ansettelsesråd, where the employees are "
    "represented, and no time limit was found; the number of working days is the policy's reading."};
constexpr NorwayBases kStatementBases{
    "Oslo kommune: Dok 24 Del I (Avtale om likestilling) § 4 — when the hiring authority and the tillitsvalgte "
    "disagree, Kontaktutvalget decides whether gender equality was addressed (Del I pkt. 7.3, whose text was not "
    "read); Dok 24 Del D (Avtale om behandlingsmåten i ansettelsessaker) § 4 — the statement addresses gender "
    "equality.",
    "No binding source for state employers: no escalation procedure for a disagreement on equality was found; the "
    "rule is the policy's own practice."};
constexpr NorwayBases kRoutineBases{
    "Oslo kommune: Dok 24 Del I (Avtale om likestilling) § 5 (active, targeted and planned equality work in each "
    "virksomhet) and likestillings- og diskrimineringsloven (LOV-2017-06-16-51) § 26; a written routine for the "
    "representative's part is a question in a bydel's own equality reporting, not an agreement clause found.",
    "Likestillings- og diskrimineringsloven (LOV-2017-06-16-51) § 26: the employer's equality work, recruitment "
    "included, is done with the employees' representatives and reported yearly."};
constexpr NorwayBases kTrekantBases{
    "Oslo kommune: «Trekanten» in the bydeler, where tjenesteleder, tillitsvalgt, verneombud and "
    "likestillingsrepresentant meet at each tjenestested (local practice; no Dok 24 clause found).",
    "No binding source for state employers: trekantsamarbeid is practised in state workplaces, but no agreement "
    "ties it to recruitment; the rule is the policy's own practice."};

// The policy's roles as a list ("a, b and c"); the reader's language gets the
// sentence around it, and its "and", from the catalog (the host's rule_text:
// a last sentence "…: VALUES (option NAME)." is translated around VALUES).
std::string role_list(const std::vector<std::string>& roles) {
  std::string out;
  for (std::size_t i = 0; i < roles.size(); ++i) out += (i == 0 ? "" : i + 1 == roles.size() ? " and " : ", ") + roles[i];
  return out;
}

// meets-in-trekantmote's summary names the roles the policy requires.
void trekantmote_texts(RuleInfo& info, const Config& c) {
  basis_by_employer<kTrekantBases>(info, c);
  info.summary = "In the period, at least one trekantmøte was held with every role the policy requires present: " +
                 role_list(c.trekantmote_roles) + " (option trekantmote_roles).";
}

// attended-interview's summary names what counts as attending.
void attended_texts(RuleInfo& info, const Config& c) {
  basis_by_employer<kAttendedBases>(info, c);
  const bool seats = !c.attendance_panel_roles.empty();
  info.summary = std::string(seats ? "The appointed representative attended at least one interview (their "
                                     "attended_interview event, or an interview panel seat in one of the roles below), "
                                     "or a waiver is recorded"
                                   : "The appointed representative attended at least one interview (their "
                                     "attended_interview event), or a waiver is recorded") +
                 (c.waiver_excuses_absence ? "." : " — which this policy does not accept in place of attendance.");
  if (seats)
    info.summary += std::string(" ") + "Interview panel roles that count as attending: " +
                    role_list(c.attendance_panel_roles) + " (option attendance_panel_roles).";
}

// recommendation-in-time's summary names the policy's number of working days.
void in_time_texts(RuleInfo& info, const Config& c) {
  basis_by_employer<kInTimeBases>(info, c);
  info.summary += " Working days required between the two: " + std::to_string(c.min_working_days) +
                  " (option min_working_days_before_decision).";
}

const RuleTable<Config>& table() {
  static const RuleTable<Config> t{
      "representative-involvement",
      "1.1.0",
      "Is the equality or union representative involved in who is called to interview and who is hired, in time?",
      {
          {.info = {.id = "appointed",
                    .summary = "A representative (likestillingsrepresentant or union representative) is appointed "
                               "for the round.",
                    .rationale = "Without someone appointed to watch the round, nobody asks who is called to "
                                 "interview and why; every other check of this plugin depends on it.",
                    .local_term = "likestillingsrepresentant",
                    .default_severity = Severity::warning,
                    .scope = Scope::round,
                    .needs = {Field::representative}},
           .round = &appointed,
           .texts = &basis_by_employer<kAppointedBases>},
          {.info = {.id = "invited-before-interviews",
                    .summary = "The representative was invited into the round before the first interview.",
                    .rationale = "A representative invited after interviews have begun can no longer influence who "
                                 "is called; the involvement has to start while the shortlist is being made.",
                    .local_term = "innkalling av likestillingsrepresentant",
                    .default_severity = Severity::warning,
                    .scope = Scope::round,
                    .needs = {Field::representative}},
           .round = &invited_before_interviews,
           .texts = &basis_by_employer<kInvitedBases>},
          {.info = {.id = "saw-shortlist",
                    .summary = "The representative saw who is called to interview before the interviews were held.",
                    .rationale = "The representative's task is to ask who is called to interview and why others are "
                                 "not; that is only possible with the shortlist in hand before the interviews.",
                    .local_term = "innstillingsliste / intervjuliste",
                    .default_severity = Severity::warning,
                    .scope = Scope::round,
                    .needs = {Field::representative}},
           .round = &saw_shortlist,
           .texts = &basis_by_employer<kShortlistBases>},
          {.info = {.id = "attended-interview",
                    .summary = "The appointed representative attended at least one interview, or a waiver is "
                               "recorded.",
                    .rationale = "Being on the panel is how the representative sees whether candidates are assessed "
                                 "on the same terms; a recorded waiver shows the absence was a decision, not an "
                                 "oversight. Another union representative on the panel is not the appointed "
                                 "representative attending.",
                    .local_term = "deltakelse i intervju",
                    .default_severity = Severity::warning,
                    .scope = Scope::round,
                    .needs = {Field::representative}},
           .round = &attended_interview,
           .texts = &attended_texts},
          {.info = {.id = "recommendation-in-time",
                    .summary = "The representative received the recommendation (innstilling) before the decision, "
                               "with time to write a statement.",
                    .rationale = "A statement on the recommendation needs time to be written; a recommendation "
                                 "handed over the day before the decision makes the representative's part a "
                                 "formality. Working days exclude weekends and public holidays of the policy's "
                                 "calendar, and neither the day of receipt nor the day of the decision counts.",
                    .local_term = "innstilling",
                    .default_severity = Severity::warning,
                    .scope = Scope::round,
                    .indicator = Indicator::representative_in_time,
                    .needs = {Field::representative}},
           .round = &recommendation_in_time,
           .texts = &in_time_texts},
          {.info = {.id = "statement-and-escalation",
                    .summary = "The representative filed a statement before the decision; a disagreement was "
                               "escalated before the decision.",
                    .rationale = "The statement is the representative's record of whether equality was considered. "
                                 "When the representative disagrees, the disagreement is taken further before the "
                                 "employer decides; deciding first makes the escalation meaningless.",
                    .local_term = "uttalelse; uenighet",
                    .default_severity = Severity::warning,
                    .scope = Scope::round,
                    .needs = {Field::representative}},
           .round = &statement_and_escalation,
           .texts = &basis_by_employer<kStatementBases>},
          {.info = {.id = "routine-documented",
                    .summary = "The unit has a documented routine for the representative's part in hiring.",
                    .rationale = "Involvement that depends on each manager's habits varies from round to round; a "
                                 "written routine is what the unit's equality report asks for.",
                    .local_term = "rutine for likestillingsrepresentantens deltakelse i ansettelsesprosessen",
                    .default_severity = Severity::warning,
                    .scope = Scope::org_unit,
                    .needs = {Field::representative_routine}},
           .unit = &routine_documented,
           .texts = &basis_by_employer<kRoutineBases>},
          {.info = {.id = "meets-in-trekantmote",
                    .summary = "In the period, at least one trekantmøte was held with every role the policy "
                               "requires present (option trekantmote_roles).",
                    .rationale = "The trekantmøte is where the unit's equality work, recruitment included, is "
                                 "followed up; a representative who never takes part has no place to raise what "
                                 "they saw in hiring rounds.",
                    .local_term = "trekantmøte",
                    .default_severity = Severity::note,
                    .scope = Scope::org_unit,
                    .needs = {Field::meetings}},
           .unit = &meets_in_trekantmote,
           .texts = &trekantmote_texts},
          // add-rule.py: new rules go above this line.
      },
      {
          profile_option<Config>(),
          bind(OptionSpec::integer("min_working_days_before_decision", 2, 0, 30,
                                   "Working days the representative must have between receiving the "
                                   "recommendation and the decision (neither day counted)."),
               &Config::min_working_days),
          bind<Config>(OptionSpec::list("representative_roles",
                                        {"likestillingsrepresentant", "tillitsvalgt", "union_rep"}, {},
                                        "Roles that may be appointed as the round's representative (the round's "
                                        "representative record)."),
                       [](Config& c, const Options& o, const std::string& key) {
                         c.roles = o.get_list(key);
                         if (c.roles.empty()) throw OptionError(key, "must name at least one role");
                       }),
          bind(OptionSpec::list("attendance_panel_roles", {}, {},
                                "Interview panel roles that show the appointed representative attended "
                                "(attended-interview), for exports that record panels but not the "
                                "representative's attendance. Empty: only the representative's own "
                                "attended_interview event counts."),
               &Config::attendance_panel_roles),
          bind(OptionSpec::boolean("waiver_excuses_absence", true,
                                   "Whether a recorded waiver satisfies attended-interview when the "
                                   "representative was absent."),
               &Config::waiver_excuses_absence),
          bind<Config>(OptionSpec::string("calendar", "NO", {"NO", "SE", "DK", "weekends"},
                                          "Public holidays used to count working days."),
                       [](Config& c, const Options& o, const std::string& key) {
                         c.calendar = *calendar_from_string(o.get_string(key));
                       }),
          bind<Config>(OptionSpec::list("trekantmote_roles",
                                        {"tjenesteleder", "tillitsvalgt", "verneombud", "likestillingsrepresentant"},
                                        {}, "Roles that must all be present at a trekantmøte."),
                       [](Config& c, const Options& o, const std::string& key) {
                         c.trekantmote_roles = o.get_list(key);
                         if (c.trekantmote_roles.empty()) throw OptionError(key, "must name at least one role");
                       }),
      }};
  return t;
}

class RepresentativeInvolvement final : public Plugin {
 public:
  PluginInfo info() const override { return table().info(cfg_); }

  void configure(const Options& o, Logger&) override { cfg_ = table().bind(o); }

  void round(const Round& r, Sink& sink) override {
    table().round(r, cfg_, sink);
    units_with_rounds_.insert(r.org_unit);
  }

  void unit(const UnitRecord& u, Sink& sink) override {
    table().unit(u, cfg_, sink);
    units_with_records_.insert(u.org_unit);
  }

  // A unit that hired but sent no unit record cannot be checked at unit level:
  // say so rather than stay silent.
  void finish(Sink& sink) override {
    for (const auto& unit : units_with_rounds_) {
      if (units_with_records_.count(unit)) continue;
      for (const auto& rule : table().rules)
        if (rule.unit)
        {
          Evidence e;
          e.text("not_recorded", "unit record");
          sink.unit_verdict(unit, rule.info.id, Verdict::insufficient_data,
                            "not recorded in this export: {not_recorded} (the export has hiring rounds for this "
                            "unit but no unit record)",
                            std::move(e));
        }
    }
  }

 private:
  Config cfg_;
  std::set<std::string> units_with_rounds_, units_with_records_;
};

}  // namespace
}  // namespace representative_involvement

FAIRAUDIT_PLUGIN(representative_involvement::RepresentativeInvolvement)
