// Calibration of interview-call-diversity: a seeded generator of exports with
// no disparity at all, or with a disparity planted at a known strength in
// some units, and the false-alarm and detection rates of the plugin's
// findings at the levels a user reads them (rounds, units, whole exports).
//
// Used by bench_calibration (bench/calibration/main.cpp, the report in
// bench/README.md) and by fixed-seed tests
// (tests/plugins/interview-call-diversity/calibration_test.cpp). The plugin is
// compiled into both and driven as the host drives it: configure(), round()
// for every round, finish().
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "fairaudit/plugin.hpp"

// The plugin's factory, exported by FAIRAUDIT_PLUGIN in plugin.cpp.
extern "C" fairaudit::Plugin* fairaudit_create_plugin();

namespace fairaudit::calibration {

// SplitMix64: the same rounds for the same seed on every machine.
struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  int between(int lo, int hi) { return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1)); }
  bool chance(double p) { return uniform() < p; }
};

struct Scenario {
  std::uint64_t seed = 1;
  int rounds = 2000;
  int districts = 8;           // oslo/bydel-1 … under oslo
  int units_per_district = 5;  // leaf units per district: 40 in all
  int min_applicants = 20, max_applicants = 150;
  // The planted disparity: in `planted_units` leaf units (drawn with the
  // seed) qualified applicants who declared immigrant background are invited
  // to interview at `strength` times the rate of everyone else. 1 (or no
  // units): no disparity anywhere; every group is invited and hired at the
  // same rate.
  int planted_units = 0;
  double strength = 1.0;
};

inline const char* kPlantedKey = "immigrant_background/qualified>interview_invited";
inline const char* kPlantedGroup = "yes";

// The export: leaf units, which of them are planted, and the rounds.
struct Export {
  std::vector<std::string> leaves;
  std::set<std::string> planted;
  std::vector<Round> rounds;
};

inline Timestamp day(std::int32_t d) { return Timestamp::from_days(d); }

inline Export generate(const Scenario& sc) {
  Export ex;
  // Every SplitMix64 stream is the same sequence from another starting
  // point, and a seed times the step would start one draw further along: the
  // seed is mixed first, so that exports of different seeds share nothing.
  Rng rng{Rng{sc.seed}.next()};
  for (int d = 1; d <= sc.districts; ++d)
    for (int u = 1; u <= sc.units_per_district; ++u)
      ex.leaves.push_back("oslo/bydel-" + std::to_string(d) + "/enhet-" + std::to_string(u));
  if (sc.strength != 1.0) {
    std::vector<std::string> pick = ex.leaves;
    for (std::size_t i = pick.size(); i > 1; --i) std::swap(pick[i - 1], pick[rng.next() % i]);
    for (int i = 0; i < sc.planted_units && i < static_cast<int>(pick.size()); ++i) ex.planted.insert(pick[std::size_t(i)]);
  }
  auto draw = [&](std::initializer_list<double> shares) {
    double x = rng.uniform(), acc = 0;
    int i = 0;
    for (double s : shares) {
      acc += s;
      if (x < acc) return i;
      ++i;
    }
    return i;
  };
  const Gender genders[] = {Gender::woman, Gender::man, Gender::other, Gender::declined};
  const Answer answers[] = {Answer::yes, Answer::no, Answer::declined, Answer::not_asked};
  ex.rounds.reserve(static_cast<std::size_t>(sc.rounds));
  for (int i = 0; i < sc.rounds; ++i) {
    Round r;
    r.round_id = "CAL-" + std::to_string(sc.seed) + "-" + std::to_string(i + 1);
    r.org_unit = ex.leaves[rng.next() % ex.leaves.size()];
    r.jurisdiction = Jurisdiction::no_oslo;
    r.position.title_code = "2221";
    const std::int32_t d0 = 20454 + static_cast<std::int32_t>(i % 300);  // 2026-01-01 onwards
    r.advertised_at = day(d0 - 21);
    r.closes_at = day(d0);
    const bool planted = ex.planted.count(r.org_unit) > 0;
    const int n = rng.between(sc.min_applicants, sc.max_applicants);
    const double invite_rate = 0.15 + 0.35 * rng.uniform();
    std::vector<std::size_t> invited;
    for (int k = 0; k < n; ++k) {
      Applicant a;
      char id[16];
      std::snprintf(id, sizeof id, "a-%06x", static_cast<unsigned>(rng.next() & 0xFFFFFF));
      a.id = id;
      a.gender = genders[draw({0.49, 0.47, 0.01})];
      a.self_id.immigrant_background = answers[draw({0.22, 0.70, 0.05})];
      a.self_id.disability = answers[draw({0.07, 0.85, 0.06})];
      a.self_id.cv_gap = answers[draw({0.10, 0.82, 0.06})];
      a.self_id.priority_access = Answer::no;
      a.assessment.outcome = rng.chance(0.75) ? Outcome::qualified : Outcome::not_qualified;
      a.events.push_back({Stage::applied, day(d0 - 5), {}});
      if (a.qualified()) {
        if (rng.chance(0.03)) {
          // Withdrew before the invitations: left out of the pool.
          a.events.push_back({Stage::withdrawn, day(d0 + 5), {}});
        } else {
          double p = invite_rate;
          if (planted && a.self_id.immigrant_background == Answer::yes) p *= sc.strength;
          if (rng.chance(p)) {
            a.events.push_back({Stage::interview_invited, day(d0 + 10), {}});
            invited.push_back(r.applicants.size());
          } else if (rng.chance(0.02)) {
            // Withdrew after the invitations had gone out: passed over.
            a.events.push_back({Stage::withdrawn, day(d0 + 15), {}});
          }
        }
      }
      r.applicants.push_back(std::move(a));
    }
    // One to three hires, drawn alike from everyone invited.
    const int hires = std::min<int>(rng.between(1, 3), static_cast<int>(invited.size()));
    for (int h = 0; h < hires; ++h) {
      const std::size_t j = h + rng.next() % (invited.size() - static_cast<std::size_t>(h));
      std::swap(invited[std::size_t(h)], invited[j]);
      Applicant& a = r.applicants[invited[std::size_t(h)]];
      a.events.push_back({Stage::interview_held, day(d0 + 20), {}});
      a.events.push_back({Stage::offered, day(d0 + 30), {}});
      a.events.push_back({Stage::hired, day(d0 + 32), {}});
    }
    if (hires > 0) r.decision_at = day(d0 + 30);
    ex.rounds.push_back(std::move(r));
  }
  return ex;
}

// The export as canonical JSON Lines (docs/input-format.md), for a run of
// the fairaudit executable on it.
inline std::string jsonl(const Export& ex) {
  std::string out;
  for (const auto& r : ex.rounds) {
    out += "{\"kind\":\"round\",\"schema\":1,\"round_id\":\"" + r.round_id + "\",\"org_unit\":\"" + r.org_unit +
           "\",\"jurisdiction\":\"NO-OSL\",\"position\":{\"title_code\":\"2221\",\"openings\":1},\"advertised_at\":\"" +
           r.advertised_at->iso() + "\",\"closes_at\":\"" + r.closes_at->iso() + "\"";
    if (r.decision_at) out += ",\"decision_at\":\"" + r.decision_at->iso() + "\"";
    out += ",\"applicants\":[";
    for (std::size_t i = 0; i < r.applicants.size(); ++i) {
      const Applicant& a = r.applicants[i];
      out += std::string(i ? "," : "") + "{\"id\":\"" + a.id + "\",\"gender\":\"" + to_string(a.gender) +
             "\",\"self_id\":{\"immigrant_background\":\"" + to_string(a.self_id.immigrant_background) +
             "\",\"disability\":\"" + to_string(a.self_id.disability) + "\",\"cv_gap\":\"" +
             to_string(a.self_id.cv_gap) + "\",\"priority_access\":\"no\"},\"assessment\":{\"outcome\":\"" +
             to_string(a.assessment.outcome) + "\"},\"events\":[";
      for (std::size_t e = 0; e < a.events.size(); ++e)
        out += std::string(e ? "," : "") + "{\"type\":\"" + to_string(a.events[e].type) + "\",\"at\":\"" +
               a.events[e].at.iso() + "\"}";
      out += "]}";
    }
    out += "]}\n";
  }
  return out;
}

// A finding as the report counts it: its rule, where, its severity after the
// default policy (policies/oslo-kommune.json via nordic-base.json sets
// unknown-share to note), and the group it is about.
struct Seen {
  std::string rule;
  Scope scope = Scope::round;
  std::string where;  // round id or org unit
  std::string key;
  std::string group;
  Severity severity = Severity::warning;
};

struct CollectingSink final : Sink {
  std::vector<Seen> findings;
  bool wants_check_evidence() const override { return false; }
  bool counted(const std::string&, Scope, Verdict) override { return true; }
  void check(Check) override {}
  void finding(Finding f) override {
    Seen s;
    s.rule = f.rule;
    s.scope = f.scope;
    s.where = f.scope == Scope::round ? f.round_id : f.org_unit;
    s.key = f.key;
    if (const auto* g = f.evidence.find("group")) s.group = g->s;
    const Severity rule_default =
        f.rule == "missing-group" || f.rule == "unknown-share" ? Severity::note : Severity::warning;
    s.severity = f.rule == "unknown-share" ? Severity::note : f.severity.value_or(rule_default);
    findings.push_back(std::move(s));
  }
};

struct QuietLogger final : Logger {
  void debug(std::string_view) override {}
  void info(std::string_view) override {}
  void warn(std::string_view) override {}
};

// The plugin's options in policies/oslo-kommune.json (over nordic-base.json
// and the plugin's defaults): four attributes and gender × immigrant
// background, the two default transitions.
inline Options oslo_options(const Plugin& plugin) {
  std::map<std::string, OptionValue> values;
  for (const auto& spec : plugin.info().options) values[spec.key] = spec.default_value;
  values["attributes"] = StringList{"gender", "immigrant_background", "disability", "cv_gap"};
  values["intersections"] = StringLists{{"gender", "immigrant_background"}};
  return Options(values);
}

inline std::vector<Seen> audit(const Export& ex) {
  std::unique_ptr<Plugin> plugin(fairaudit_create_plugin());
  QuietLogger log;
  plugin->configure(oslo_options(*plugin), log);
  CollectingSink sink;
  for (const auto& r : ex.rounds) plugin->round(r, sink);
  plugin->finish(sink);
  return std::move(sink.findings);
}

inline bool disparity_rule(const std::string& rule) {
  return rule == "selection-rate-disparity" || rule == "intersectional-disparity";
}

// What a user reads off one export.
struct Rates {
  int rounds = 0;
  int rounds_warning = 0;  // rounds with a diversity finding at warning or error
  int rounds_error = 0;
  int rounds_note = 0;     // rounds with a disparity note (one gate) and nothing above
  int pooled_warning = 0;  // pooled findings at warning or error
  int pooled_error = 0;
  int pooled_note = 0;
  int leaf_units_flagged = 0;  // leaf units with a pooled finding at warning or above
  bool any_error = false;      // the default `--fail-on error` would exit 1
  // Planted exports.
  int planted = 0;
  int planted_found = 0;           // planted leaf with a pooled finding ≥ warning for the planted group
  int planted_found_anywhere = 0;  // … at the leaf or a unit above it
  int planted_rounds = 0, planted_rounds_found = 0;  // rounds of planted units; with a round finding ≥ warning for it
  int false_units = 0;  // leaf units not planted with a pooled finding at warning or above
};

inline Rates rates(const Export& ex, const std::vector<Seen>& seen) {
  Rates out;
  out.rounds = static_cast<int>(ex.rounds.size());
  std::map<std::string, Severity> round_worst, round_disparity_worst;
  std::set<std::string> planted_round_hit;
  std::set<std::string> leaves(ex.leaves.begin(), ex.leaves.end());
  std::set<std::string> flagged_leaves, found, found_anywhere;
  for (const auto& s : seen) {
    if (s.severity == Severity::error) out.any_error = true;
    if (s.scope == Scope::round) {
      auto [it, fresh] = round_worst.try_emplace(s.where, s.severity);
      if (!fresh && s.severity > it->second) it->second = s.severity;
      if (disparity_rule(s.rule)) {
        auto [jt, fresh2] = round_disparity_worst.try_emplace(s.where, s.severity);
        if (!fresh2 && s.severity > jt->second) jt->second = s.severity;
        if (s.severity >= Severity::warning && s.key == kPlantedKey && s.group == kPlantedGroup)
          planted_round_hit.insert(s.where);
      }
      continue;
    }
    if (s.rule != "pooled-disparity") continue;
    if (s.severity == Severity::note) ++out.pooled_note;
    if (s.severity < Severity::warning) continue;
    ++out.pooled_warning;
    if (s.severity == Severity::error) ++out.pooled_error;
    if (leaves.count(s.where)) flagged_leaves.insert(s.where);
    if (s.key == kPlantedKey && s.group == kPlantedGroup) {
      if (ex.planted.count(s.where)) found.insert(s.where);
      for (const auto& p : ex.planted)
        if (p == s.where || p.rfind(s.where + "/", 0) == 0) found_anywhere.insert(p);
    }
  }
  for (const auto& [r, sev] : round_worst) {
    if (sev >= Severity::warning) ++out.rounds_warning;
    if (sev == Severity::error) ++out.rounds_error;
  }
  for (const auto& [r, sev] : round_disparity_worst)
    if (sev == Severity::note && round_worst[r] == Severity::note) ++out.rounds_note;
  out.leaf_units_flagged = static_cast<int>(flagged_leaves.size());
  out.planted = static_cast<int>(ex.planted.size());
  out.planted_found = static_cast<int>(found.size());
  out.planted_found_anywhere = static_cast<int>(found_anywhere.size());
  for (const auto& u : flagged_leaves) out.false_units += ex.planted.count(u) == 0;
  for (const auto& r : ex.rounds)
    if (ex.planted.count(r.org_unit)) {
      ++out.planted_rounds;
      out.planted_rounds_found += planted_round_hit.count(r.round_id) > 0;
    }
  return out;
}

}  // namespace fairaudit::calibration
