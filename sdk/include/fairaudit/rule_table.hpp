// fairaudit plugin SDK — a plugin's rules and options as one table.
//
// A plugin written on this header describes itself as data: its name and
// texts, one Rule row per rule (the RuleInfo that `fairaudit rules` and SARIF
// print, and the function that checks it), and one Option row per option (the
// declaration the host checks the policy against, and where the value goes in
// the plugin's configuration). A new rule is a row, a source file named after
// its id and a test (scripts/add-rule.py writes all three; see
// docs/adding-a-rule.md), as clang-tidy's add_new_check.py makes a check.
//
//   const RuleTable<Config>& table() {
//     static const RuleTable<Config> t{
//         "my-plugin", "1.0.0", "What the plugin checks.",
//         {{{"my-rule", "summary", "rationale", "basis", "local term", Severity::warning, Scope::round},
//           &my_rule}},
//         {bind(OptionSpec::integer("min_days", 2, 0, 30, "…"), &Config::min_days)}};
//     return t;
//   }
//   info():      return table().info();
//   configure(): config_ = table().bind(options);
//   round():     table().round(round, config_, sink);
//
// A rule names the fields of the export it reads in RuleInfo::needs. Where a
// record does not carry one of them, the table reports the rule's verdict as
// insufficient_data ("not recorded in this export: documents") and does not
// call its check, so no check mistakes a field the ATS never exported for a
// step that was never taken.
//
// Everything here is inline and compiled into the plugin; nothing of it
// crosses the library boundary except the PluginInfo it builds.
#pragma once

#include <functional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "fairaudit/finding.hpp"
#include "fairaudit/model.hpp"
#include "fairaudit/options.hpp"
#include "fairaudit/plugin.hpp"

namespace fairaudit {

// What a check receives besides the record: the plugin's context (its
// configuration, or whatever the plugin worked out for the round), the rule's
// short id (the one to report verdicts under) and its severity under the
// configuration.
template <typename Context>
struct RuleCall {
  const Context& context;
  const std::string& rule;
  Severity severity;
};

// One option: its declaration and how its value is stored in the plugin's
// configuration, written together so that the key is written once.
template <typename Config>
struct Option {
  OptionSpec spec;
  // Stores the option's value (read from `options` under `key`, the spec's
  // key) into the configuration; may throw OptionError for a value the
  // declaration cannot rule out (an empty list, a combination).
  std::function<void(Config& config, const Options& options, const std::string& key)> store;
};

// An option whose value goes as it is into a member of the configuration. The
// member's type picks the accessor: bool, an integer, double, std::string,
// StringList or StringLists.
template <typename Config, typename T>
Option<Config> bind(OptionSpec spec, T Config::*member) {
  return {std::move(spec), [member](Config& c, const Options& o, const std::string& key) {
            if constexpr (std::is_same_v<T, bool>)
              c.*member = o.get_bool(key);
            else if constexpr (std::is_integral_v<T>)
              c.*member = static_cast<T>(o.get_int(key));
            else if constexpr (std::is_floating_point_v<T>)
              c.*member = static_cast<T>(o.get_real(key));
            else if constexpr (std::is_same_v<T, std::string>)
              c.*member = o.get_string(key);
            else if constexpr (std::is_same_v<T, StringList>)
              c.*member = o.get_list(key);
            else if constexpr (std::is_same_v<T, StringLists>)
              c.*member = o.get_lists(key);
            else
              static_assert(sizeof(T) == 0, "bind(spec, member): no accessor for this member type");
          }};
}

// An option whose value needs converting or checking on the way in.
template <typename Config, typename Store>
Option<Config> bind(OptionSpec spec, Store store) {
  return {std::move(spec), std::function<void(Config&, const Options&, const std::string&)>(std::move(store))};
}

// The configuration from the effective options, each option stored in the
// order declared (a check may rely on an option stored before it).
template <typename Config>
Config bind_options(const std::vector<Option<Config>>& options, const Options& values, Config config = Config{}) {
  for (const auto& o : options) o.store(config, values, o.spec.key);
  return config;
}

// The fields of `needs` that `coverage` does not record, in the order given.
inline std::vector<Field> not_recorded(const Coverage& coverage, const std::vector<Field>& needs) {
  std::vector<Field> out;
  for (Field f : needs)
    if (!coverage.has(f)) out.push_back(f);
  return out;
}

// The verdict for a rule whose fields are not recorded: insufficient_data,
// with the fields' paths in the evidence as `not_recorded` ("documents,
// representative"). `missing` is not empty.
inline void report_not_recorded(const Round& round, const std::string& rule, const std::vector<Field>& missing,
                                Sink& sink) {
  std::string names;
  for (Field f : missing) names += (names.empty() ? "" : ", ") + std::string(to_string(f));
  Evidence e;
  e.text("not_recorded", names);
  sink.round_verdict(round, rule, Verdict::insufficient_data, "not recorded in this export: {not_recorded}",
                     std::move(e));
}
inline void report_not_recorded(const UnitRecord& unit, const std::string& rule, const std::vector<Field>& missing,
                                Sink& sink) {
  std::string names;
  for (Field f : missing) names += (names.empty() ? "" : ", ") + std::string(to_string(f));
  Evidence e;
  e.text("not_recorded", names);
  sink.unit_verdict(unit.org_unit, rule, Verdict::insufficient_data, "not recorded in this export: {not_recorded}",
                    std::move(e));
}

// For an employer's measures record: the verdict is the employer's (its org
// unit is the employer), keyed by the record's year and area so that several
// years of one employer stay apart.
inline std::string measures_key(const MeasuresRecord& m) {
  return std::to_string(m.year) + (m.area.empty() ? "" : "/" + m.area);
}
inline void report_not_recorded(const MeasuresRecord& m, const std::string& rule, const std::vector<Field>& missing,
                                Sink& sink) {
  std::string names;
  for (Field f : missing) names += (names.empty() ? "" : ", ") + std::string(to_string(f));
  Evidence e;
  e.number("year", m.year);
  e.text("not_recorded", names);
  sink.unit_verdict(m.employer, rule, Verdict::insufficient_data, "not recorded in this export: {not_recorded}",
                    std::move(e), std::nullopt, measures_key(m));
}

// Passes a check's verdicts on, except that a breach becomes
// insufficient_data "not recorded in this export: {not_recorded}" and its
// finding is dropped: for a rule whose breach depends on fields the record
// does not carry (RuleInfo::needs_for_breach).
class NotRecordedBreachSink final : public Sink {
 public:
  NotRecordedBreachSink(Sink& inner, const std::vector<Field>& missing) : inner_(inner) {
    for (Field f : missing) names_ += (names_.empty() ? "" : ", ") + std::string(to_string(f));
  }
  void check(Check c) override {
    if (c.verdict == Verdict::breach) {
      c.verdict = Verdict::insufficient_data;
      c.reason = "not recorded in this export: {not_recorded}";
      c.evidence = Evidence{};
      c.evidence.text("not_recorded", names_);
    }
    inner_.check(std::move(c));
  }
  void finding(Finding) override {}
  bool wants_check_evidence() const override { return inner_.wants_check_evidence(); }
  bool counted(const std::string& rule, Scope scope, Verdict v) override {
    return inner_.counted(rule, scope, v == Verdict::breach ? Verdict::insufficient_data : v);
  }

 private:
  Sink& inner_;
  std::string names_;
};

// `round` and `unit` take the record and a RuleCall; a rule without a check
// of a kind leaves it null. Context is what the checks read: the plugin's
// Config unless the plugin works something out for each round first.
template <typename Config, typename Context = Config>
struct Rule {
  using RoundCheck = void (*)(const Round&, const RuleCall<Context>&, Sink&);
  using UnitCheck = void (*)(const UnitRecord&, const RuleCall<Context>&, Sink&);
  using MeasuresCheck = void (*)(const MeasuresRecord&, const RuleCall<Context>&, Sink&);

  RuleInfo info;
  RoundCheck round = nullptr;
  UnitCheck unit = nullptr;
  // Where the rule's default severity depends on the configuration (a
  // profile); null: info.default_severity.
  Severity (*severity)(const Config&) = nullptr;
  // Where the rule's texts depend on the configuration (a profile's legal
  // basis, the roles an option lists): adjusts the RuleInfo `info()` gives;
  // null: info as written.
  void (*texts)(RuleInfo& info, const Config&) = nullptr;
  // A rule over measures records (Scope::org_unit; the employer is the org
  // unit); appended so that rows written before it keep their positions.
  MeasuresCheck measures = nullptr;

  Severity severity_under(const Config& config) const { return severity ? severity(config) : info.default_severity; }
};

template <typename Config, typename Context = Config>
struct RuleTable {
  std::string name;  // the name a policy uses; the library is <name>.so
  std::string version;
  std::string description;
  std::vector<Rule<Config, Context>> rules;
  std::vector<Option<Config>> options;

  // The plugin's description, with each rule's severity as `config` sets it
  // (before configure(): the configuration's defaults).
  PluginInfo info(const Config& config = Config{}) const {
    PluginInfo p;
    p.name = name;
    p.version = version;
    p.description = description;
    for (const auto& r : rules) {
      p.rules.push_back(r.info);
      if (r.texts) r.texts(p.rules.back(), config);
      p.rules.back().default_severity = r.severity_under(config);
    }
    for (const auto& o : options) p.options.push_back(o.spec);
    return p;
  }

  Config bind(const Options& values, Config config = Config{}) const {
    return bind_options(options, values, std::move(config));
  }

  // Runs every rule that has a round check, in table order; a rule whose
  // fields the round does not record gets insufficient_data instead.
  void round(const Round& r, const Config& config, const Context& context, Sink& sink) const {
    for (const auto& rule : rules) {
      if (!rule.round) continue;
      if (auto missing = not_recorded(r.coverage, rule.info.needs); !missing.empty()) {
        report_not_recorded(r, rule.info.id, missing, sink);
        continue;
      }
      const RuleCall<Context> call{context, rule.info.id, rule.severity_under(config)};
      if (auto unknown = not_recorded(r.coverage, rule.info.needs_for_breach); !unknown.empty()) {
        NotRecordedBreachSink guarded(sink, unknown);
        rule.round(r, call, guarded);
        continue;
      }
      rule.round(r, call, sink);
    }
  }
  // Likewise for a unit record.
  void unit(const UnitRecord& u, const Config& config, const Context& context, Sink& sink) const {
    for (const auto& rule : rules) {
      if (!rule.unit) continue;
      if (auto missing = not_recorded(u.coverage, rule.info.needs); !missing.empty()) {
        report_not_recorded(u, rule.info.id, missing, sink);
        continue;
      }
      rule.unit(u, RuleCall<Context>{context, rule.info.id, rule.severity_under(config)}, sink);
    }
  }

  // Likewise for a measures record.
  void measures(const MeasuresRecord& m, const Config& config, const Context& context, Sink& sink) const {
    for (const auto& rule : rules) {
      if (!rule.measures) continue;
      if (auto missing = not_recorded(m.coverage, rule.info.needs); !missing.empty()) {
        report_not_recorded(m, rule.info.id, missing, sink);
        continue;
      }
      const RuleCall<Context> call{context, rule.info.id, rule.severity_under(config)};
      if (auto unknown = not_recorded(m.coverage, rule.info.needs_for_breach); !unknown.empty()) {
        NotRecordedBreachSink guarded(sink, unknown);
        rule.measures(m, call, guarded);
        continue;
      }
      rule.measures(m, call, sink);
    }
  }

  // The same where the checks read the configuration itself.
  template <typename C = Context, typename = std::enable_if_t<std::is_same_v<C, Config>>>
  void round(const Round& r, const Config& config, Sink& sink) const {
    round(r, config, config, sink);
  }
  template <typename C = Context, typename = std::enable_if_t<std::is_same_v<C, Config>>>
  void unit(const UnitRecord& u, const Config& config, Sink& sink) const {
    unit(u, config, config, sink);
  }
  template <typename C = Context, typename = std::enable_if_t<std::is_same_v<C, Config>>>
  void measures(const MeasuresRecord& m, const Config& config, Sink& sink) const {
    measures(m, config, config, sink);
  }
};

}  // namespace fairaudit
