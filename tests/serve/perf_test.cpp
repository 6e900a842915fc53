// The findings list with 100,000 findings in one run: every page, filtered
// or not and however deep, answers within 100 ms at the 99th percentile
// (SQL pages, never the whole run in memory).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

#include "run/result.hpp"
#include "store/store.hpp"
#include "support.hpp"

namespace fairaudit::testing::serve_pages {
namespace {

constexpr int kFindings = 100000;

void write_big_store(const fs::path& db) {
  store::Store st(db.string());
  run::RunResult r;
  r.findings.reserve(kFindings);
  for (int i = 0; i < kFindings; ++i) {
    run::AuditFinding af;
    const std::string rule = i % 3 ? "oslo-hiring-policy/moderate-quota" : "representative-involvement/appointed";
    af.plugin = rule.substr(0, rule.find('/'));
    af.finding.rule = rule;
    af.finding.scope = Scope::round;
    char round[32], unit[48];
    std::snprintf(round, sizeof round, "R-%06d", i);
    std::snprintf(unit, sizeof unit, "oslo/unit-%03d", i % 400);
    af.finding.round_id = round;
    af.finding.org_unit = unit;
    af.finding.message = "declared: {declared}";
    af.finding.evidence.count("declared", i % 9).rate("share", 0.4);
    af.severity = i % 7 == 0 ? Severity::error : (i % 2 ? Severity::warning : Severity::note);
    af.finding.severity = af.severity;
    af.basis = "a basis";
    af.source = {"export.jsonl", std::uint64_t(i + 1)};
    af.fingerprint = run::fingerprint(rule, Scope::round, unit, round, "");
    r.findings.push_back(std::move(af));
  }
  run::sort_findings(r.findings);
  r.counts.rounds = kFindings;
  r.inputs.push_back({"export.jsonl", "ab12", 100, 3});
  store::RunInfo info;
  info.started_at = store::now_utc();
  info.tool_version = "test";
  info.policy_name = "big";
  info.policy_version = "1";
  info.policy_sha256 = "00";
  info.policy_path = "big.json";
  info.min_cell = 5;
  auto w = st.begin_run(info);
  w.compare(r);
  w.commit(r, {}, 0);
  store::Review rv;
  rv.fingerprint = r.findings[500].fingerprint;
  rv.state = common::ReviewState::acknowledged;
  rv.role = "hr";
  rv.justification = "seen";
  st.add_review(rv);
}

TEST(PagesPerformance, FindingsListOf100000AnswersWithin100ms) {
  const fs::path dir = scratch("perf");
  const fs::path db = dir / "big.db";
  write_big_store(db);
  serve::Pages pages(options(db));
  const std::vector<std::multimap<std::string, std::string>> queries = {
      {},
      {{"offset", "50000"}},
      {{"offset", "99900"}},
      {{"severity", "error"}},
      {{"severity", "error"}, {"offset", "14000"}},
      {{"unit", "oslo/unit-123"}},
      {{"unit", "no such unit"}},
      {{"rule", "representative-involvement/appointed"}, {"offset", "33000"}},
      {{"state", "acknowledged"}},
      {{"state", "open"}, {"offset", "90000"}},
      {{"since", "0"}, {"offset", "90000"}},
      {{"since", "1"}},
      {{"unit", "oslo/unit-007"}, {"severity", "note"}, {"state", "open"}},
  };
  // The thread's CPU time as well as the wall time: on a machine shared with
  // other work the wall time says more of the others than of the query.
  auto cpu_ms = [] {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
  };
  std::vector<double> ms, cpu, slowest(queries.size());
  for (int round = 0; round < 8; ++round)
    for (std::size_t qi = 0; qi < queries.size(); ++qi)
      for (const char* path : {"/findings", "/api/findings"}) {
        const auto& q = queries[qi];
        const auto t0 = std::chrono::steady_clock::now();
        const double c0 = cpu_ms();
        auto r = pages.handle(get(path, q), viewer(Role::union_, i18n::Language::nb));
        cpu.push_back(cpu_ms() - c0);
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
        slowest[qi] = std::max(slowest[qi], ms.back());
        ASSERT_TRUE(r);
        ASSERT_EQ(r->status, 200) << path;
      }
  std::sort(ms.begin(), ms.end());
  std::sort(cpu.begin(), cpu.end());
  const double p50 = ms[ms.size() / 2], p99 = ms[std::size_t(double(ms.size()) * 0.99)];
  const double cpu_p99 = cpu[std::size_t(double(cpu.size()) * 0.99)];
  std::printf("findings list, %d findings, %zu requests: wall p50 %.1f ms, p99 %.1f ms, max %.1f ms; CPU p50 %.1f ms, "
              "p99 %.1f ms\n",
              kFindings, ms.size(), p50, p99, ms.back(), cpu[cpu.size() / 2], cpu_p99);
  for (std::size_t qi = 0; qi < queries.size(); ++qi)
    if (slowest[qi] > 0) {
      std::string q;
      for (const auto& [k, v] : queries[qi]) q += k + "=" + v + " ";
      std::printf("  slowest %.1f ms: %s\n", slowest[qi], q.c_str());
    }
  EXPECT_LT(cpu_p99, 100.0);

  // One finding's page, its JSON and its unit's trend in the same store.
  auto list = parse(pages.handle(get("/api/findings", {{"limit", "20"}, {"offset", "40000"}}), viewer(Role::hr))->body);
  std::vector<double> one;
  for (const auto& f : list["findings"].GetArray())
    for (const std::string path : {"/findings/", "/api/findings/"}) {
      const double c0 = cpu_ms();
      auto r = pages.handle(get(path + f["fingerprint"].GetString()), viewer(Role::union_, i18n::Language::sv));
      one.push_back(cpu_ms() - c0);
      ASSERT_TRUE(r);
      ASSERT_EQ(r->status, 200);
    }
  std::sort(one.begin(), one.end());
  std::printf("one finding, %zu requests: CPU p50 %.1f ms, max %.1f ms\n", one.size(), one[one.size() / 2], one.back());
  EXPECT_LT(one.back(), 100.0);
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace
}  // namespace fairaudit::testing::serve_pages
