#include "cli/coverage.hpp"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <thread>
#include <variant>

#include "cli/cli.hpp"
#include "cli/convert.hpp"
#include "fairaudit/rule_table.hpp"
#include "ingest/input.hpp"
#include "policy/policy.hpp"
#include "run/enable.hpp"

namespace fairaudit::cli {
namespace {

// What the export records, counted over its records.
struct ExportCoverage {
  std::uint64_t rounds = 0, units = 0, measures = 0, bad_lines = 0;
  std::map<std::uint32_t, std::uint64_t> round_patterns, unit_patterns, measures_patterns;  // Coverage::recorded -> records
  std::set<std::string> units_with_rounds, units_with_records;

  // Records of a kind that record field `f`.
  static std::uint64_t recording(const std::map<std::uint32_t, std::uint64_t>& patterns, Field f) {
    std::uint64_t n = 0;
    for (const auto& [bits, count] : patterns)
      if (Coverage{bits}.has(f)) n += count;
    return n;
  }
};

bool is_unit_field(Field f) { return f == Field::representative_routine || f == Field::meetings; }
bool is_measures_field(Field f) { return f >= Field::measures_employees && f <= Field::measures_documentation; }

enum class Reach { all, some, none, off };
const char* to_text(Reach r) {
  switch (r) {
    case Reach::all: return "all";
    case Reach::some: return "some";
    case Reach::none: return "none";
    case Reach::off: return "off";
  }
  return "?";
}

struct Missing {
  std::string what;        // "documents", "unit record"
  std::uint64_t records;   // records (or org units) without it
  bool for_breach = false; // RuleInfo::needs_for_breach: the rule runs, but cannot find a breach there
};

struct RuleCoverage {
  std::string id;
  const RuleInfo* info = nullptr;
  bool on_units = false;           // evaluated on unit records rather than rounds
  bool on_measures = false;        // evaluated on measures records (se-active-measures)
  std::uint64_t total = 0;         // rounds, or org units
  std::uint64_t evaluable = 0;
  Reach reach = Reach::none;
  std::vector<Missing> missing;
};

RuleCoverage cover(const std::string& id, const RuleInfo& info, const ExportCoverage& ex, bool off) {
  RuleCoverage rc;
  rc.id = id;
  rc.info = &info;
  rc.on_units = std::any_of(info.needs.begin(), info.needs.end(), is_unit_field);
  rc.on_measures = std::any_of(info.needs.begin(), info.needs.end(), is_measures_field);
  if (off) {
    rc.reach = Reach::off;
    return rc;
  }
  if (rc.on_measures) {
    // One verdict per measures record; a field only a breach depends on
    // still lets the rule comply or not apply.
    rc.total = ex.measures;
    for (const auto& [bits, count] : ex.measures_patterns)
      if (not_recorded(Coverage{bits}, info.needs).empty() && not_recorded(Coverage{bits}, info.needs_for_breach).empty())
        rc.evaluable += count;
    for (Field f : info.needs)
      if (auto n = ex.measures - ExportCoverage::recording(ex.measures_patterns, f))
        rc.missing.push_back({to_string(f), n});
    for (Field f : info.needs_for_breach)
      if (auto n = ex.measures - ExportCoverage::recording(ex.measures_patterns, f))
        rc.missing.push_back({to_string(f), n, true});
  } else if (rc.on_units) {
    // One verdict per org unit: from its unit record, or insufficient_data
    // for a unit that has rounds but no unit record.
    std::set<std::string> all = ex.units_with_records;
    all.insert(ex.units_with_rounds.begin(), ex.units_with_rounds.end());
    rc.total = ex.units + (all.size() - ex.units_with_records.size());
    std::uint64_t without_record = all.size() - ex.units_with_records.size();
    for (const auto& [bits, count] : ex.unit_patterns)
      if (not_recorded(Coverage{bits}, info.needs).empty()) rc.evaluable += count;
    if (without_record) rc.missing.push_back({"unit record", without_record});
    for (Field f : info.needs)
      if (auto n = ex.units - ExportCoverage::recording(ex.unit_patterns, f)) rc.missing.push_back({to_string(f), n});
  } else {
    rc.total = ex.rounds;
    for (const auto& [bits, count] : ex.round_patterns)
      if (not_recorded(Coverage{bits}, info.needs).empty() && not_recorded(Coverage{bits}, info.needs_for_breach).empty())
        rc.evaluable += count;
    for (Field f : info.needs)
      if (auto n = ex.rounds - ExportCoverage::recording(ex.round_patterns, f)) rc.missing.push_back({to_string(f), n});
    for (Field f : info.needs_for_breach)
      if (auto n = ex.rounds - ExportCoverage::recording(ex.round_patterns, f))
        rc.missing.push_back({to_string(f), n, true});
  }
  rc.reach = rc.total == 0 || rc.evaluable == 0 ? Reach::none : rc.evaluable == rc.total ? Reach::all : Reach::some;
  // Without a field a breach depends on, the rule still complies or does not
  // apply where it can: some of the rounds, not none.
  const bool only_for_breach = !rc.missing.empty() && std::all_of(rc.missing.begin(), rc.missing.end(),
                                                                  [](const Missing& m) { return m.for_breach; });
  if (rc.reach == Reach::none && rc.total > 0 && only_for_breach) rc.reach = Reach::some;
  return rc;
}

std::string why_not(const RuleCoverage& rc) {
  if (rc.reach == Reach::off) return "switched off by the policy";
  if (rc.total == 0)
    return rc.on_measures ? "the export has no measures records"
           : rc.on_units  ? "the export has no rounds and no unit records"
                          : "the export has no rounds";
  if (rc.missing.empty()) return "";
  std::string s = "not recorded in this export: ";
  for (std::size_t i = 0; i < rc.missing.size(); ++i) {
    const auto& m = rc.missing[i];
    s += (i ? "; " : "") + m.what + " (" + std::to_string(m.records) + " of " + std::to_string(rc.total) +
         (rc.on_measures ? " measures records" : rc.on_units ? " org units" : " rounds") + (m.for_breach ? "; a breach there is answered insufficient_data)" : ")");
  }
  return s;
}

}  // namespace

int cmd_coverage(const CoverageArgs& a, const Common& c) {
  if (a.format != "text" && a.format != "json") return fail("--format: '" + a.format + "' is not one of text, json");
  std::filesystem::path policy_path = a.policy.empty() ? policy::default_policy_path() : std::filesystem::path(a.policy);
  policy::Policy pol;
  std::vector<run::EnabledPlugin> plugins;
  if (int rc = load_policy_and_plugins(policy_path, c, pol, plugins)) return rc;
  std::vector<std::string> inputs = a.inputs;
  if (inputs.empty()) {
    if (isatty(STDIN_FILENO)) return fail("no input: name one or more export files, or '-' for standard input");
    inputs.push_back("-");
  }
  std::unique_ptr<ConvertedExport> converted;
  if (!a.mapping.empty()) {
    try {
      converted = convert_for_audit(a.mapping, inputs, false);
    } catch (const std::exception& e) {
      return fail(e.what());
    }
    inputs = {converted->path()};
  }

  ExportCoverage ex;
  ingest::StreamOptions so;
  so.threads = int(std::max(1u, std::thread::hardware_concurrency()));
  so.limits.profile = ingest::profile_for_jurisdiction(pol.jurisdiction);  // the Danish profile
  try {
    ingest::stream_records(inputs, so, [&](ingest::ParseOutcome&& o) {
      if (o.error) {
        ++ex.bad_lines;
        return;
      }
      if (const auto* r = std::get_if<Round>(&*o.record)) {
        ++ex.rounds;
        ++ex.round_patterns[r->coverage.recorded];
        ex.units_with_rounds.insert(r->org_unit);
      } else if (const auto* u = std::get_if<UnitRecord>(&*o.record)) {
        ++ex.units;
        ++ex.unit_patterns[u->coverage.recorded];
        ex.units_with_records.insert(u->org_unit);
      } else {
        ++ex.measures;
        ++ex.measures_patterns[std::get<MeasuresRecord>(*o.record).coverage.recorded];
      }
    });
  } catch (const std::exception& e) {
    return fail(e.what());
  }

  std::vector<RuleCoverage> rules;
  for (const auto& p : plugins)
    for (const auto& r : p.loaded.info.rules) {
      const std::string id = p.loaded.name + "/" + r.id;
      auto ov = pol.severity.find(id);
      rules.push_back(cover(id, r, ex, ov != pol.severity.end() && !ov->second.severity));
    }
  std::map<Reach, int> by_reach;
  for (const auto& r : rules) ++by_reach[r.reach];
  static constexpr Field kRoundFields[] = {Field::immigrant_background, Field::disability,    Field::cv_gap,
                                           Field::priority_access,      Field::interviews,    Field::representative,
                                           Field::documents,            Field::decision_reason,
                                           Field::jobcenter_referral};
  static constexpr Field kUnitFields[] = {Field::representative_routine, Field::meetings};
  static constexpr Field kMeasuresFields[] = {Field::measures_employees,   Field::measures_area,
                                              Field::measures_steps,       Field::measures_grounds,
                                              Field::measures_cooperation, Field::measures_documentation};

  if (a.format == "json") {
    rapidjson::StringBuffer sb;
    rapidjson::PrettyWriter<rapidjson::StringBuffer> w(sb);
    w.StartObject();
    w.Key("inputs");
    w.StartArray();
    for (const auto& i : a.inputs) w.String(i.c_str());
    w.EndArray();
    if (!a.mapping.empty()) { w.Key("mapping"); w.String(a.mapping.c_str()); }
    w.Key("policy"); w.String(pol.name.c_str());
    w.Key("policy_version"); w.String(pol.version.c_str());
    w.Key("rounds"); w.Uint64(ex.rounds);
    w.Key("unit_records"); w.Uint64(ex.units);
    w.Key("measures_records"); w.Uint64(ex.measures);
    w.Key("bad_lines"); w.Uint64(ex.bad_lines);
    w.Key("fields");
    w.StartObject();
    for (Field f : kRoundFields) {
      w.Key(to_string(f));
      w.StartObject();
      w.Key("recorded"); w.Uint64(ExportCoverage::recording(ex.round_patterns, f));
      w.Key("of"); w.Uint64(ex.rounds);
      w.EndObject();
    }
    for (Field f : kUnitFields) {
      w.Key(to_string(f));
      w.StartObject();
      w.Key("recorded"); w.Uint64(ExportCoverage::recording(ex.unit_patterns, f));
      w.Key("of"); w.Uint64(ex.units);
      w.EndObject();
    }
    if (ex.measures)
      for (Field f : kMeasuresFields) {
        w.Key(to_string(f));
        w.StartObject();
        w.Key("recorded"); w.Uint64(ExportCoverage::recording(ex.measures_patterns, f));
        w.Key("of"); w.Uint64(ex.measures);
        w.EndObject();
      }
    w.EndObject();
    w.Key("rules");
    w.StartArray();
    for (const auto& r : rules) {
      w.StartObject();
      w.Key("rule"); w.String(r.id.c_str());
      w.Key("evaluable"); w.String(to_text(r.reach));
      w.Key("records"); w.String(r.on_measures ? "measures_records" : r.on_units ? "org_units" : "rounds");
      w.Key("evaluable_records"); w.Uint64(r.evaluable);
      w.Key("total_records"); w.Uint64(r.total);
      w.Key("needs");
      w.StartArray();
      for (Field f : r.info->needs) w.String(to_string(f));
      w.EndArray();
      w.Key("needs_for_breach");
      w.StartArray();
      for (Field f : r.info->needs_for_breach) w.String(to_string(f));
      w.EndArray();
      w.Key("not_recorded");
      w.StartArray();
      for (const auto& m : r.missing) {
        w.StartObject();
        w.Key("field"); w.String(m.what.c_str());
        w.Key("records"); w.Uint64(m.records);
        w.Key("breach_only"); w.Bool(m.for_breach);
        w.EndObject();
      }
      w.EndArray();
      w.Key("why"); w.String(why_not(r).c_str());
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    std::printf("%s\n", sb.GetString());
    return kExitOk;
  }

  std::string names;
  for (const auto& i : a.inputs) names += (names.empty() ? "" : ", ") + i;
  std::printf("Coverage of %s under policy %s %s: %llu rounds, %llu unit records", names.c_str(), pol.name.c_str(),
              pol.version.c_str(), (unsigned long long)ex.rounds, (unsigned long long)ex.units);
  if (ex.bad_lines) std::printf(", %llu bad lines (see fairaudit validate)", (unsigned long long)ex.bad_lines);
  std::printf("\n\nFields (recorded in how many records):\n");
  for (Field f : kRoundFields)
    std::printf("  %-30s %llu of %llu rounds\n", to_string(f),
                (unsigned long long)ExportCoverage::recording(ex.round_patterns, f), (unsigned long long)ex.rounds);
  for (Field f : kUnitFields)
    std::printf("  %-30s %llu of %llu unit records\n", to_string(f),
                (unsigned long long)ExportCoverage::recording(ex.unit_patterns, f), (unsigned long long)ex.units);
  if (ex.measures)
    for (Field f : kMeasuresFields)
      std::printf("  %-30s %llu of %llu measures records\n", to_string(f),
                  (unsigned long long)ExportCoverage::recording(ex.measures_patterns, f),
                  (unsigned long long)ex.measures);
  std::printf("\nRules (can be evaluated on: all / some / none of the records; why not):\n");
  std::size_t width = 0;
  for (const auto& r : rules) width = std::max(width, r.id.size());
  for (const auto& r : rules) {
    const std::string why = why_not(r);
    std::printf("  %-4s  %-*s  %llu of %llu %s%s%s\n", to_text(r.reach), int(width), r.id.c_str(),
                (unsigned long long)r.evaluable, (unsigned long long)r.total,
                r.on_measures ? "measures records" : r.on_units ? "org units" : "rounds",
                why.empty() ? "" : "  — ", why.c_str());
  }
  std::printf("\n%d rules can be evaluated on every record, %d on some, %d on none; %d switched off.\n",
              by_reach[Reach::all], by_reach[Reach::some], by_reach[Reach::none], by_reach[Reach::off]);
  std::printf("A rule answers insufficient_data (\"not recorded in this export\"), never breach, where its fields "
              "are not recorded.\n");
  return kExitOk;
}

}  // namespace fairaudit::cli
