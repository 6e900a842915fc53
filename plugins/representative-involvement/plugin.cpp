// representative-involvement — checks that the equality representative
// (likestillingsrepresentant) or union representative takes part in each
// hiring round in time, and that each unit has the routines and meetings that
// make that involvement possible.
#include <set>

#include "rules.hpp"

namespace representative_involvement {
namespace {

class RepresentativeInvolvement final : public Plugin {
 public:
  PluginInfo info() const override {
    PluginInfo p;
    p.name = "representative-involvement";
    p.version = "1.0.0";
    p.description =
        "Is the equality or union representative involved in who is called to interview and who is hired, in time?";
    p.rules = {appointed_info(),          invited_before_interviews_info(), saw_shortlist_info(),
               attended_interview_info(), recommendation_in_time_info(),    statement_and_escalation_info(),
               routine_documented_info(), meets_in_trekantmote_info()};
    p.options = {
        OptionSpec::integer("min_working_days_before_decision", 2, 0, 30,
                            "Working days the representative must have between receiving the recommendation and "
                            "the decision (neither day counted)."),
        OptionSpec::list("representative_roles", {"likestillingsrepresentant", "tillitsvalgt", "union_rep"}, {},
                         "Roles that count as the representative, in the round's representative record and on "
                         "interview panels."),
        OptionSpec::boolean("waiver_excuses_absence", true,
                            "Whether a recorded waiver satisfies attended-interview when the representative was "
                            "absent."),
        OptionSpec::string("calendar", "NO", {"NO", "SE", "DK", "weekends"},
                           "Public holidays used to count working days."),
        OptionSpec::list("trekantmote_roles", {"tjenesteleder", "tillitsvalgt", "verneombud", "likestillingsrepresentant"},
                         {}, "Roles that must all be present at a trekantmøte."),
    };
    return p;
  }

  void configure(const Options& o, Logger&) override {
    cfg_.min_working_days = static_cast<int>(o.get_int("min_working_days_before_decision"));
    cfg_.roles = o.get_list("representative_roles");
    if (cfg_.roles.empty()) throw OptionError("representative_roles", "must name at least one role");
    cfg_.waiver_excuses_absence = o.get_bool("waiver_excuses_absence");
    cfg_.calendar = *calendar_from_string(o.get_string("calendar"));
    cfg_.trekantmote_roles = o.get_list("trekantmote_roles");
    if (cfg_.trekantmote_roles.empty()) throw OptionError("trekantmote_roles", "must name at least one role");
  }

  void round(const Round& r, Sink& sink) override {
    check_appointed(r, cfg_, sink);
    check_invited_before_interviews(r, cfg_, sink);
    check_saw_shortlist(r, cfg_, sink);
    check_attended_interview(r, cfg_, sink);
    check_recommendation_in_time(r, cfg_, sink);
    check_statement_and_escalation(r, cfg_, sink);
    units_with_rounds_.insert(r.org_unit);
  }

  void unit(const UnitRecord& u, Sink& sink) override {
    check_routine_documented(u, cfg_, sink);
    check_meets_in_trekantmote(u, cfg_, sink);
    units_with_records_.insert(u.org_unit);
  }

  // A unit that hired but sent no unit record cannot be checked at unit level:
  // say so rather than stay silent.
  void finish(Sink& sink) override {
    for (const auto& unit : units_with_rounds_) {
      if (units_with_records_.count(unit)) continue;
      for (const char* rule : {"routine-documented", "meets-in-trekantmote"})
        sink.unit_verdict(unit, rule, Verdict::insufficient_data,
                          "The export has hiring rounds for this unit but no unit record, so this cannot be checked.");
    }
  }

 private:
  Config cfg_;
  std::set<std::string> units_with_rounds_, units_with_records_;
};

}  // namespace
}  // namespace representative_involvement

FAIRAUDIT_PLUGIN(representative_involvement::RepresentativeInvolvement)
