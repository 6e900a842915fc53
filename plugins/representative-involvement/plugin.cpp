// representative-involvement — checks that the equality representative
// (likestillingsrepresentant) or union representative takes part in each
// hiring round in time, and that each unit has the routines and meetings that
// make that involvement possible.
//
// This file is the plugin's table: its rules (the texts `fairaudit rules`
// prints and SARIF's tool.driver.rules is built from, and the check of each)
// and its options; each check lives in the file named after its rule.
#include <set>

#include "rules.hpp"

namespace representative_involvement {
namespace {

const RuleTable<Config>& table() {
  static const RuleTable<Config> t{
      "representative-involvement",
      "1.0.0",
      "Is the equality or union representative involved in who is called to interview and who is hired, in time?",
      {
          {{"appointed",
            "A representative (likestillingsrepresentant or union representative) is appointed for the round.",
            "Without someone appointed to watch the round, nobody asks who is called to interview and why; every "
            "other check of this plugin depends on it.",
            "Oslo kommune Dok 24 Del I (Avtale om likestilling): the likestillingsrepresentant asks who is called "
            "to interview and who is hired; likestillings- og diskrimineringsloven § 26 (activity duty carried out "
            "with the employee representatives)",
            "likestillingsrepresentant", Severity::warning, Scope::round},
           &appointed},
          {{"invited-before-interviews",
            "The representative was invited into the round before the first interview.",
            "A representative invited after interviews have begun can no longer influence who is called; the "
            "involvement has to start while the shortlist is being made.",
            "Oslo kommune Dok 24 Del I (Avtale om likestilling); Dok 24 Del D § 3 (the unions take part in "
            "interviews)",
            "innkalling av likestillingsrepresentant", Severity::warning, Scope::round},
           &invited_before_interviews},
          {{"saw-shortlist",
            "The representative saw who is called to interview before the interviews were held.",
            "The representative's task is to ask who is called to interview and why others are not; that is only "
            "possible with the shortlist in hand before the interviews.",
            "Oslo kommune Dok 24 Del I (Avtale om likestilling); Oslo kommune's hiring policy for applicants with "
            "minority background (the representative asks who is called to interview)",
            "innstillingsliste / intervjuliste", Severity::warning, Scope::round},
           &saw_shortlist},
          {{"attended-interview",
            "The representative attended at least one interview, or a waiver is recorded.",
            "Being on the panel is how the representative sees whether candidates are assessed on the same terms; "
            "a recorded waiver shows the absence was a decision, not an oversight.",
            "Oslo kommune Dok 24 Del D § 3 (union participation in interviews); Dok 24 Del I (Avtale om "
            "likestilling)",
            "deltakelse i intervju", Severity::warning, Scope::round},
           &attended_interview},
          {{"recommendation-in-time",
            "The representative received the recommendation (innstilling) at least N working days before the "
            "decision.",
            "A statement on the recommendation needs time to be written; a recommendation handed over the day "
            "before the decision makes the representative's part a formality. Working days exclude weekends and "
            "public holidays of the policy's calendar, and neither the day of receipt nor the day of the decision "
            "counts.",
            "Oslo kommune Dok 24 Del D § 3 (the recommendation goes to the unions before the decision); Dok 24 Del "
            "I (Avtale om likestilling)",
            "innstilling", Severity::warning, Scope::round, Indicator::representative_in_time},
           &recommendation_in_time},
          {{"statement-and-escalation",
            "The representative filed a statement before the decision; a disagreement was escalated before the "
            "decision.",
            "The statement is the representative's record of whether equality was considered. When the "
            "representative disagrees, the agreement requires the disagreement to be taken further before the "
            "employer decides; deciding first makes the escalation meaningless.",
            "Oslo kommune Dok 24 Del I § 7.3 (disagreement is taken to Kontaktutvalget); Dok 24 Del D § 4 (the "
            "statement addresses gender equality)",
            "uttalelse; uenighet", Severity::warning, Scope::round},
           &statement_and_escalation},
          {{"routine-documented",
            "The unit has a documented routine for the representative's part in hiring.",
            "Involvement that depends on each manager's habits varies from round to round; a written routine is "
            "what the unit's equality report asks for.",
            "Oslo kommune Dok 24 Del I (Avtale om likestilling): routines for the likestillingsrepresentant's part "
            "in the hiring process; likestillings- og diskrimineringsloven § 26 (documented activity duty)",
            "rutine for likestillingsrepresentantens deltakelse i ansettelsesprosessen", Severity::warning,
            Scope::org_unit},
           nullptr, &routine_documented},
          {{"meets-in-trekantmote",
            "In the period, the representative met the unit head, the union representative and the safety "
            "representative (trekantmøte).",
            "The trekantmøte is where the unit's equality work, recruitment included, is followed up; a "
            "representative who never takes part has no place to raise what they saw in hiring rounds.",
            "Oslo kommune: local equality routines (trekantmøter between tjenesteleder, tillitsvalgt, verneombud "
            "and likestillingsrepresentant); Dok 24 Del I (Avtale om likestilling)",
            "trekantmøte", Severity::note, Scope::org_unit},
           nullptr, &meets_in_trekantmote},
          // add-rule.py: new rules go above this line.
      },
      {
          bind(OptionSpec::integer("min_working_days_before_decision", 2, 0, 30,
                                   "Working days the representative must have between receiving the "
                                   "recommendation and the decision (neither day counted)."),
               &Config::min_working_days),
          bind<Config>(OptionSpec::list("representative_roles",
                                        {"likestillingsrepresentant", "tillitsvalgt", "union_rep"}, {},
                                        "Roles that count as the representative, in the round's representative "
                                        "record and on interview panels."),
                       [](Config& c, const Options& o, const std::string& key) {
                         c.roles = o.get_list(key);
                         if (c.roles.empty()) throw OptionError(key, "must name at least one role");
                       }),
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
  PluginInfo info() const override { return table().info(); }

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
          sink.unit_verdict(unit, rule.info.id, Verdict::insufficient_data,
                            "The export has hiring rounds for this unit but no unit record, so this cannot be "
                            "checked.");
    }
  }

 private:
  Config cfg_;
  std::set<std::string> units_with_rounds_, units_with_records_;
};

}  // namespace
}  // namespace representative_involvement

FAIRAUDIT_PLUGIN(representative_involvement::RepresentativeInvolvement)
