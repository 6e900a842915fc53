// The runner: a plugin that throws becomes a host/plugin-failure finding for
// that round; the run goes on and the other plugins lose nothing.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "loader/loader.hpp"
#include "policy/policy.hpp"
#include "run/runner.hpp"
#include "test_paths.hpp"

using namespace fairaudit;
namespace fs = std::filesystem;

namespace {

// A round that records no representative appointed: "appointed" breaches it.
std::string round_line(const std::string& id, const std::string& unit = "oslo/x") {
  return R"({"kind":"round","schema":1,"round_id":")" + id + R"(","org_unit":")" + unit +
         R"(","jurisdiction":"NO-OSL","applicants":[],"representative":{"appointed":false}})";
}

struct Fixture {
  fs::path file;
  policy::Policy policy;
  std::vector<run::EnabledPlugin> plugins;

  explicit Fixture(const std::vector<std::string>& lines) {
    file = fs::temp_directory_path() / ("fa-runner-" + std::to_string(::getpid()) + ".jsonl");
    std::ofstream out(file);
    for (const auto& l : lines) out << l << "\n";
    policy.name = "test";
    policy.version = "1";
    policy.plugins = {{"representative-involvement", "test", {}}, {"throws-on-round", "test", {}}};
    loader::PluginLoader loader({FAIRAUDIT_TEST_PLUGIN_DIR, FAIRAUDIT_TEST_FAULTY_PLUGIN_DIR});
    plugins = run::enable_plugins(policy, loader);
  }
  ~Fixture() { fs::remove(file); }
  run::RunResult run(run::RunOptions o = {}) { return run::run_audit(plugins, policy, {file.string()}, o); }
};

std::vector<const run::AuditFinding*> of(const run::RunResult& r, const std::string& rule) {
  std::vector<const run::AuditFinding*> out;
  for (const auto& f : r.findings)
    if (f.finding.rule == rule) out.push_back(&f);
  return out;
}

}  // namespace

TEST(Runner, APluginExceptionBecomesAFindingAndTheRunGoesOn) {
  Fixture fx({round_line("R-1"), round_line("R-FAULT-2"), round_line("R-3")});
  auto r = fx.run();
  EXPECT_EQ(r.counts.rounds, 3u);
  EXPECT_EQ(r.counts.plugin_failures, 1u);
  auto failures = of(r, "host/plugin-failure");
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0]->finding.round_id, "R-FAULT-2");
  EXPECT_EQ(failures[0]->finding.key, "throws-on-round");
  EXPECT_EQ(failures[0]->severity, Severity::error);
  EXPECT_EQ(failures[0]->source.line, 2u);
  // The faulty plugin's own output for the failed round is dropped, the rest kept.
  EXPECT_EQ(of(r, "throws-on-round/seen").size(), 2u);
  // The other plugin saw every round: "appointed" breaches all three.
  EXPECT_EQ(of(r, "representative-involvement/appointed").size(), 3u);
}

TEST(Runner, UndeclaredRuleIsAPluginFailure) {
  Fixture fx({round_line("R-FAULT-1")});
  fx.policy.plugins = {{"undeclared-rule", "test", {}}};
  loader::PluginLoader loader({FAIRAUDIT_TEST_FAULTY_PLUGIN_DIR});
  fx.plugins = run::enable_plugins(fx.policy, loader);
  auto r = fx.run();
  EXPECT_EQ(r.counts.plugin_failures, 1u);
  EXPECT_EQ(of(r, "host/plugin-failure").size(), 1u);
  EXPECT_EQ(of(r, "undeclared-rule/seen").size(), 0u);  // nothing of a bad report is kept
}

TEST(Runner, DuplicateRoundIdsAreRejectedNamingTheFirstLine) {
  Fixture fx({round_line("R-1"), round_line("R-2"), round_line("R-1")});
  auto r = fx.run();
  EXPECT_EQ(r.counts.rounds, 2u);
  ASSERT_EQ(r.rejected.size(), 1u);
  EXPECT_EQ(r.rejected[0].line, 3u);
  EXPECT_EQ(r.rejected[0].path, "round_id");
  EXPECT_NE(r.rejected[0].message.find("line 1"), std::string::npos);
}

// The table of seen round ids grows (1,024 slots, then doubling): ids seen
// before and after it grew are still found, with the line of their first.
TEST(Runner, DuplicateRoundIdsAreFoundAfterTheTableGrew) {
  std::vector<std::string> lines;
  for (int i = 1; i <= 3000; ++i) lines.push_back(round_line("R-" + std::to_string(i)));
  lines.push_back(round_line("R-5"));
  lines.push_back(round_line("R-2500"));
  Fixture fx(lines);
  fx.policy.plugins = {{"representative-involvement", "test", {}}};
  loader::PluginLoader loader({FAIRAUDIT_TEST_PLUGIN_DIR});
  fx.plugins = run::enable_plugins(fx.policy, loader);
  auto r = fx.run();
  EXPECT_EQ(r.counts.rounds, 3000u);
  ASSERT_EQ(r.rejected.size(), 2u);
  EXPECT_EQ(r.rejected[0].line, 3001u);
  EXPECT_NE(r.rejected[0].message.find("of line 5 "), std::string::npos) << r.rejected[0].message;
  EXPECT_EQ(r.rejected[1].line, 3002u);
  EXPECT_NE(r.rejected[1].message.find("of line 2500 "), std::string::npos) << r.rejected[1].message;
}

TEST(Runner, StrictStopsAtTheFirstBadLine) {
  Fixture fx({round_line("R-1"), "{broken", round_line("R-3")});
  run::RunOptions o;
  o.strict = true;
  try {
    fx.run(o);
    FAIL() << "strict mode accepted a bad line";
  } catch (const common::StrictError& e) {
    EXPECT_EQ(e.line, 2u);
  }
}

TEST(Runner, SelectionByRoundAndOrgUnitPrefix) {
  Fixture fx({round_line("R-1", "oslo/bydel-a/helse"), round_line("R-2", "oslo/bydel-ab/helse"),
              round_line("R-3", "oslo/bydel-a")});
  run::RunOptions o;
  o.selection.org_unit_prefixes = {"oslo/bydel-a"};
  auto r = fx.run(o);
  EXPECT_EQ(r.counts.rounds, 2u);  // bydel-ab is not under bydel-a
  EXPECT_EQ(r.counts.skipped, 1u);
  run::RunOptions one;
  one.selection.rounds = {"R-2"};
  one.keep_checks = true;
  auto s = fx.run(one);
  EXPECT_EQ(s.counts.rounds, 1u);
  for (const auto& c : s.checks)
    if (c.check.scope == Scope::round) {
      EXPECT_EQ(c.check.round_id, "R-2");
    }
}

TEST(Runner, PolicySeverityOverrideAndOff) {
  Fixture fx({round_line("R-1")});
  fx.policy.severity["representative-involvement/appointed"] = policy::SeverityOverride{Severity::error, "test"};
  auto r = fx.run();
  auto a = of(r, "representative-involvement/appointed");
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0]->severity, Severity::error);
  fx.policy.severity["representative-involvement/appointed"] = policy::SeverityOverride{std::nullopt, "test"};
  auto off = fx.run();
  EXPECT_TRUE(of(off, "representative-involvement/appointed").empty());
  EXPECT_EQ(off.tally.count("representative-involvement/appointed"), 1u);
  EXPECT_EQ(off.tally["representative-involvement/appointed"].breach, 0u);
}

TEST(Runner, FingerprintsIgnoreLineNumbers) {
  Fixture a({round_line("R-1")});
  auto ra = a.run();
  Fixture b({round_line("R-0"), round_line("R-1")});
  auto rb = b.run();
  std::string fa, fb;
  for (const auto& f : ra.findings)
    if (f.finding.round_id == "R-1" && f.finding.rule == "representative-involvement/appointed") fa = f.fingerprint;
  for (const auto& f : rb.findings)
    if (f.finding.round_id == "R-1" && f.finding.rule == "representative-involvement/appointed") fb = f.fingerprint;
  EXPECT_FALSE(fa.empty());
  EXPECT_EQ(fa, fb);
}

// An exception from a plugin's configure() is copied into a policy error while
// the plugin's library is still loaded: its type and message live there, and
// reading them after the library is gone would crash the host.
TEST(Runner, AnExceptionFromConfigureIsAPolicyErrorNamingThePlugin) {
  policy::Policy policy;
  policy.name = "test";
  policy.version = "1";
  policy.plugins = {{"throws-on-configure", "policy.json", {}}};
  loader::PluginLoader loader({FAIRAUDIT_TEST_FAULTY_PLUGIN_DIR});
  std::string message;
  try {
    run::enable_plugins(policy, loader);
  } catch (const policy::PolicyError& e) {
    message = e.what();
  }
  EXPECT_NE(message.find("policy.json"), std::string::npos) << message;
  EXPECT_NE(message.find("plugins.throws-on-configure"), std::string::npos) << message;
  EXPECT_NE(message.find("deliberate configure failure"), std::string::npos) << message;
}

namespace {

// What a run found, in the order the runner keeps it.
std::vector<std::string> summary(const run::RunResult& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings)
    out.push_back(f.finding.rule + " " + f.finding.round_id + " " + f.finding.org_unit + " " + f.finding.key + " " +
                  std::to_string(f.source.line) + " " + f.fingerprint);
  for (const auto& e : r.rejected) out.push_back("rejected " + e.to_string());
  out.push_back("failures " + std::to_string(r.counts.plugin_failures) + " rounds " + std::to_string(r.counts.rounds));
  return out;
}

// Enough rounds for many batches in flight, with failures, duplicates and
// broken lines among them.
std::vector<std::string> many_rounds() {
  std::vector<std::string> lines;
  for (int i = 0; i < 3000; ++i) {
    const std::string unit = "oslo/bydel-" + std::to_string(i % 7);
    if (i % 97 == 5) lines.push_back("{broken " + std::to_string(i));
    else if (i % 101 == 7) lines.push_back(round_line("R-" + std::to_string(i - 1), unit));  // duplicate id
    else lines.push_back(round_line((i % 13 == 0 ? "R-FAULT-" : "R-") + std::to_string(i), unit));
  }
  return lines;
}

}  // namespace

// With more than one thread each plugin runs on a thread of its own; the
// runner still commits in input order, so the result is the same.
TEST(Runner, ManyThreadsGiveTheSameResultAsOne) {
  Fixture fx(many_rounds());
  run::RunOptions one;
  one.keep_checks = true;
  const auto base = fx.run(one);
  ASSERT_GT(base.counts.plugin_failures, 200u);
  ASSERT_GT(base.rejected.size(), 50u);
  for (int threads : {2, 3, 8}) {
    run::RunOptions o = one;
    o.threads = threads;
    const auto r = fx.run(o);
    EXPECT_EQ(summary(r), summary(base)) << threads << " threads";
    ASSERT_EQ(r.checks.size(), base.checks.size());
    for (std::size_t i = 0; i < r.checks.size(); ++i)
      EXPECT_EQ(r.checks[i].check.round_id + r.checks[i].check.rule, base.checks[i].check.round_id + base.checks[i].check.rule);
  }
}

// The SDK's contract: a plugin's calls come one at a time, in input order,
// from one thread — also when the host runs on many.
TEST(Runner, APluginIsCalledInOrderFromOneThread) {
  Fixture fx(many_rounds());
  fx.policy.plugins = {{"checks-calls", "test", {}}, {"representative-involvement", "test", {}}};
  loader::PluginLoader loader({FAIRAUDIT_TEST_PLUGIN_DIR, FAIRAUDIT_TEST_FAULTY_PLUGIN_DIR});
  for (int threads : {1, 2, 4}) {
    fx.plugins = run::enable_plugins(fx.policy, loader);  // a fresh plugin per run, as in a real one
    run::RunOptions o;
    o.threads = threads;
    const auto r = fx.run(o);
    EXPECT_GT(r.counts.rounds, 2800u);
    EXPECT_EQ(r.counts.plugin_failures, 0u) << threads << " threads";
  }
}

TEST(Runner, StrictStopsAtTheFirstBadLineOnManyThreads) {
  Fixture fx(many_rounds());
  run::RunOptions o;
  o.strict = true;
  o.threads = 3;
  try {
    fx.run(o);
    FAIL() << "strict mode accepted a bad line";
  } catch (const common::StrictError& e) {
    EXPECT_EQ(e.line, 6u);
  }
}

// A plugin's verdicts on rules whose checks the run only counts are taken as
// counts by the sink (Sink::counted), never built as checks: the tally, the
// findings and the per-unit indicators must be what keeping every check gives,
// at one thread and at several.
TEST(Runner, CountedVerdictsTallyAsKeptChecks) {
  const fs::path root = FAIRAUDIT_SOURCE_DIR;
  const policy::Policy pol = policy::load_policy(root / "policies" / "oslo-kommune.json");
  loader::PluginLoader loader({FAIRAUDIT_TEST_PLUGIN_DIR});
  const std::vector<std::string> inputs = {(root / "fixtures" / "oslo" / "export.jsonl").string()};
  // Plugins keep state over a run (the pooled analysis): fresh ones per run.
  auto audit = [&](const run::RunOptions& o) {
    auto plugins = run::enable_plugins(pol, loader);
    return run::run_audit(plugins, pol, inputs, o);
  };
  auto tallies = [](const run::RunResult& r) {
    std::vector<std::string> out;
    for (const auto& [rule, t] : r.tally)
      out.push_back(rule + " " + std::to_string(t.complies) + "/" + std::to_string(t.breach) + "/" +
                    std::to_string(t.not_applicable) + "/" + std::to_string(t.insufficient_data));
    return out;
  };
  for (int threads : {1, 3}) {
    run::RunOptions counted, kept;
    counted.threads = kept.threads = threads;
    kept.keep_checks = true;
    const auto a = audit(counted);
    const auto b = audit(kept);
    ASSERT_FALSE(a.tally.empty());
    EXPECT_EQ(tallies(a), tallies(b)) << threads << " threads";
    std::uint64_t verdicts = 0;
    for (const auto& [rule, t] : a.tally) verdicts += t.complies + t.breach + t.not_applicable + t.insufficient_data;
    EXPECT_EQ(verdicts, b.checks.size()) << "every kept check is one counted verdict";
    EXPECT_TRUE(a.checks.empty());
    ASSERT_EQ(a.findings.size(), b.findings.size());
    for (std::size_t i = 0; i < a.findings.size(); ++i) EXPECT_EQ(a.findings[i].fingerprint, b.findings[i].fingerprint);
    ASSERT_EQ(a.indicators.units().size(), b.indicators.units().size());
    std::uint64_t rep_checked = 0;
    for (const auto& [unit, ind] : a.indicators.units()) {
      const auto& other = b.indicators.units().at(unit);
      EXPECT_EQ(ind.rep_checked, other.rep_checked) << unit;
      EXPECT_EQ(ind.rep_in_time, other.rep_in_time) << unit;
      rep_checked += ind.rep_checked;
    }
    EXPECT_GT(rep_checked, 0u) << "the fixture exercises the indicator rule";
  }
}
