// se-active-measures — a Swedish employer's work with active measures
// (aktiva åtgärder, Diskrimineringslagen SFS 2008:567 ch. 3) in recruitment
// and promotion, as its yearly measures records state it.
//
// This file is the plugin's table: its rules (the texts `fairaudit rules`
// prints and SARIF's tool.driver.rules is built from, and the check of each)
// and its options; each check lives in the file named after its rule. The
// sources are in docs/legal-sources.md ("Sweden").
#include <set>
#include <string>

#include "rules.hpp"

namespace se_active_measures {
namespace {

// Why the Swedish rules look at the process and not at who was hired; every
// rule's rationale ends with it.
#define SE_AM_PROCESS_NOT_REGISTRY                                                                              \
  " The investigation is about how recruitment is done — where and how posts are advertised, the requirement " \
  "profiles, the criteria for who is called to interview, how interviews are held — not about registering "    \
  "which groups the people hired belong to (Diskrimineringsombudsmannen's guidance on active measures): a "     \
  "Swedish employer keeps no record of applicants' ethnicity or religion, so the Swedish policy runs no "       \
  "selection statistics on them."

const RuleTable<Config, Context>& table() {
  static const RuleTable<Config, Context> t{
      "se-active-measures",
      "1.0.0",
      "A Swedish employer's yearly work with active measures (aktiva åtgärder, Diskrimineringslagen SFS 2008:567 "
      "ch. 3) in recruitment and promotion: the four steps dated and in order, every ground of discrimination "
      "covered, cooperation with the employees' organisations documented, and the yearly written documentation "
      "of an employer with 25 or more employees. Reads the export's measures records; a field the export does "
      "not record gives insufficient_data, never a breach.",
      {
          {.info = {.id = "four-steps",
                    .summary = "Each year the four steps of the work on recruitment and promotion — investigate, "
                               "analyse, act, follow up and evaluate — are dated and taken in that order.",
                    .rationale = "Active measures are a cycle: measures taken before the risks were investigated "
                                 "and analysed are guesses, and measures never followed up are not known to work. "
                                 "Every employer works in all four steps, whatever its size." SE_AM_PROCESS_NOT_REGISTRY,
                    .basis = "Diskrimineringslagen (SFS 2008:567) 3 kap. 2 § (the four steps) and 3 kap. 5 § "
                             "point 3 (recruitment and promotion is one of the areas of the work).",
                    .local_term = "undersöka, analysera, åtgärda, följa upp och utvärdera",
                    .default_severity = Severity::error,
                    .scope = Scope::org_unit,
                    .indicator = Indicator::active_measures,
                    .needs = {Field::measures_area, Field::measures_steps}},
           .measures = &four_steps},
          {.info = {.id = "all-grounds",
                    .summary = "The year's work on recruitment and promotion covers every ground of "
                               "discrimination the policy lists (option grounds: by default the seven of 1 kap. 1 §).",
                    .rationale = "Since 2017 the work covers all seven grounds, not only sex as the former equality "
                                 "plans did; a ground left out is a risk nobody looks for." SE_AM_PROCESS_NOT_REGISTRY,
                    .basis = "Diskrimineringslagen (SFS 2008:567) 3 kap. 1 § with 1 kap. 1 § (the seven grounds: "
                             "sex, transgender identity or expression, ethnicity, religion or other belief, "
                             "disability, sexual orientation, age).",
                    .local_term = "diskrimineringsgrunderna",
                    .default_severity = Severity::error,
                    .scope = Scope::org_unit,
                    .needs = {Field::measures_area, Field::measures_grounds}},
           .measures = &all_grounds},
          {.info = {.id = "cooperation",
                    .summary = "The cooperation (samverkan) with the employees' organisations on the work is "
                               "documented; an employer below the size of option documentation_min_employees (25) need not "
                               "document it.",
                    .rationale = "The unions' förtroendevalda see what the employer's own investigation may miss, "
                                 "and the law makes the work a joint one; documented cooperation is how an audit "
                                 "sees it took place." SE_AM_PROCESS_NOT_REGISTRY,
                    .basis = "Diskrimineringslagen (SFS 2008:567) 3 kap. 11 § (employer and employees cooperate "
                             "on active measures) and 3 kap. 13 § (the documentation accounts for the "
                             "cooperation).",
                    .local_term = "samverkan",
                    .default_severity = Severity::error,
                    .scope = Scope::org_unit,
                    .needs = {Field::measures_area, Field::measures_cooperation},
                    .needs_for_breach = {Field::measures_employees}},
           .measures = &cooperation},
          {.info = {.id = "written-documentation",
                    .summary = "An employer with at least documentation_min_employees (25) employees documents "
                               "the year's work in writing, evaluating how last year's planned measures were "
                               "carried out.",
                    .rationale = "The written documentation is what the employees' organisations and "
                                 "Diskrimineringsombudsmannen can review; without the evaluation of last year's "
                                 "measures the cycle does not close. Smaller employers have no such duty." SE_AM_PROCESS_NOT_REGISTRY,
                    .basis = "Diskrimineringslagen (SFS 2008:567) 3 kap. 13 § (yearly written documentation, "
                             "including the follow-up and evaluation of the measures of the year before; employers "
                             "with fewer than 25 employees at the start of the year are exempt).",
                    .local_term = "dokumentation av arbetet med aktiva åtgärder",
                    .default_severity = Severity::error,
                    .scope = Scope::org_unit,
                    .needs = {Field::measures_area, Field::measures_employees, Field::measures_documentation}},
           .measures = &written_documentation},
          // add-rule.py: new rules go above this line.
      },
      {
          bind<Config>(OptionSpec::list("areas", {"recruitment_promotion"}, {},
                                        "The areas of the work (the measures records' area) the rules look at: "
                                        "recruitment_promotion is rekrytering och befordran, 3 kap. 5 § point 3."),
                       [](Config& c, const Options& o, const std::string& key) {
                         c.areas = o.get_list(key);
                         if (c.areas.empty()) throw OptionError(key, "must name at least one area");
                       }),
          bind<Config>(OptionSpec::list("grounds",
                                        {"sex", "transgender_identity_or_expression", "ethnicity",
                                         "religion_or_belief", "disability", "sexual_orientation", "age"},
                                        {},
                                        "The grounds of discrimination (1 kap. 1 §) the work must cover "
                                        "(all-grounds)."),
                       [](Config& c, const Options& o, const std::string& key) {
                         c.grounds = o.get_list(key);
                         if (c.grounds.empty()) throw OptionError(key, "must name at least one ground");
                       }),
          bind(OptionSpec::integer("documentation_min_employees", 25, 1, 100000,
                                   "Employees at the start of the year from which the yearly written "
                                   "documentation is required (3 kap. 13 §: 25)."),
               &Config::documentation_min_employees),
          bind<Config>(OptionSpec::string("as_of", "", {},
                                          "The day the records are judged as of (YYYY-MM-DD): a step of a year "
                                          "not over on that day is not yet due (four-steps), and so is its written "
                                          "documentation (written-documentation). Empty: the latest "
                                          "date in the export's records."),
                       [](Config& c, const Options& o, const std::string& key) {
                         const std::string text = o.get_string(key);
                         c.as_of.reset();
                         if (text.empty()) return;
                         c.as_of = Timestamp::parse(text);
                         if (text.size() != 10 || !c.as_of)
                           throw OptionError(key, "is not a date of the form YYYY-MM-DD");
                       }),
      }};
  return t;
}

#undef SE_AM_PROCESS_NOT_REGISTRY

// The employer of a round: the first part of its org unit path.
std::string employer_of(const std::string& org_unit) { return org_unit.substr(0, org_unit.find('/')); }

class SeActiveMeasures final : public Plugin {
 public:
  PluginInfo info() const override { return table().info(cfg_); }

  void configure(const Options& o, Logger&) override { cfg_ = table().bind(o); }

  void round(const Round& r, Sink&) override {
    if (r.jurisdiction == Jurisdiction::se) employers_with_rounds_.insert(employer_of(r.org_unit));
    if (cfg_.as_of) return;
    for (const auto* t : {&r.advertised_at, &r.closes_at, &r.requirements_documented_at, &r.recommendation_at,
                          &r.decision_at})
      if (*t) see(**t);
    for (const auto& a : r.applicants)
      for (const auto& e : a.events) see(e.at);
    for (const auto& i : r.interviews) see(i.at);
    if (r.representative)
      for (const auto& e : r.representative->events) see(e.at);
    for (const auto& d : r.documents)
      if (d.at) see(*d.at);
  }

  void unit(const UnitRecord& u, Sink&) override {
    if (cfg_.as_of) return;
    for (const auto& meeting : u.meetings) see(meeting.at);
  }

  void measures(const MeasuresRecord& m, Sink& sink) override {
    if (!cfg_.as_of) {
      for (const auto* t : {&m.steps.investigate, &m.steps.analyse, &m.steps.act, &m.steps.follow_up})
        if (*t) see(**t);
      if (m.documentation.at) see(*m.documentation.at);
    }
    table().measures(m, cfg_, context(&undecided_), sink);
    employers_with_records_.insert(m.employer);
  }

  // A Swedish employer that hired but sent no measures record cannot be
  // checked: say so rather than stay silent (missing data is not a breach).
  void finish(Sink& sink) override {
    for (const auto& employer : employers_with_rounds_) {
      if (employers_with_records_.count(employer)) continue;
      for (const auto& rule : table().rules) {
        if (!rule.measures) continue;
        Evidence e;
        e.text("not_recorded", "measures record");
        sink.unit_verdict(employer, rule.info.id, Verdict::insufficient_data,
                          "not recorded in this export: {not_recorded} (the export has Swedish hiring rounds of "
                          "this employer but no measures record)",
                          std::move(e));
      }
    }
    // The records a rule could not judge before the export's latest date
    // was known (four-steps, written-documentation), in input order.
    const Context last = context(nullptr);
    for (const auto& rule : table().rules)
      for (const auto& [m, check] : undecided_)
        if (rule.measures == check) check(m, Call{last, rule.info.id, rule.severity_under(cfg_)}, sink);
    undecided_.clear();
  }

 private:
  void see(const Timestamp& t) {
    if (!latest_ || latest_->days() < t.days()) latest_ = Timestamp::from_days(t.days());
  }
  Context context(std::vector<Undecided>* undecided) const {
    Context c;
    static_cast<Config&>(c) = cfg_;
    c.latest = latest_;
    c.undecided = undecided;
    return c;
  }

  Config cfg_;
  std::set<std::string> employers_with_rounds_, employers_with_records_;
  // The latest day in the records seen so far (unless the policy sets as_of).
  std::optional<Timestamp> latest_;
  std::vector<Undecided> undecided_;
};

}  // namespace
}  // namespace se_active_measures

FAIRAUDIT_PLUGIN(se_active_measures::SeActiveMeasures)
