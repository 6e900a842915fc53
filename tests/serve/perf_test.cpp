// The findings list with 100,000 findings in one run: every filter and page
// gives exactly its findings.
#include <cstdio>

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

// Every filter and page of a large run gives exactly its findings: the list
// is read one page at a time by SQL, never as the whole run (how fast it is
// under load is bench/serve's to measure, not a test's).
TEST(PagesLargeStore, EveryFilterAndPageOf100000FindingsGivesExactlyItsFindings) {
  const fs::path dir = scratch("perf");
  const fs::path db = dir / "big.db";
  write_big_store(db);
  serve::Pages pages(options(db));
  const std::string appointed = "representative-involvement/appointed";
  struct Case {
    std::multimap<std::string, std::string> query;
    std::size_t rows;     // findings on the page
    bool more;            // a next page
    std::string field, value;  // every row has this value ("" : no check)
  };
  // The generator: rule appointed for i % 3 == 0 (33,334), error for
  // i % 7 == 0 (14,286), unit i % 400 (250 each), one finding acknowledged.
  const std::vector<Case> cases = {
      {{}, 100, true, "", ""},
      {{{"offset", "50000"}}, 100, true, "", ""},
      {{{"offset", "99900"}}, 100, false, "", ""},
      {{{"severity", "error"}, {"offset", "14000"}, {"limit", "500"}}, 286, false, "severity", "error"},
      {{{"unit", "oslo/unit-123"}, {"limit", "500"}}, 250, false, "org_unit", "oslo/unit-123"},
      {{{"unit", "no such unit"}}, 0, false, "", ""},
      {{{"rule", appointed}, {"offset", "33000"}, {"limit", "500"}}, 334, false, "rule", appointed},
      {{{"state", "acknowledged"}}, 1, false, "review_state", "acknowledged"},
      {{{"state", "open"}, {"offset", "99899"}}, 100, false, "review_state", "open"},
      {{{"since", "1"}}, 0, false, "", ""},
  };
  for (const auto& c : cases) {
    std::string q;
    for (const auto& [k, v] : c.query) q += k + "=" + v + " ";
    auto r = pages.handle(get("/api/findings", c.query), viewer(Role::union_));
    ASSERT_TRUE(r) << q;
    ASSERT_EQ(r->status, 200) << q;
    auto d = parse(r->body);
    EXPECT_EQ(d["findings"].Size(), c.rows) << q;
    EXPECT_EQ(!d["next_offset"].IsNull(), c.more) << q;
    if (!c.field.empty()) {
      for (const auto& f : d["findings"].GetArray()) {
        EXPECT_EQ(std::string(f[c.field.c_str()].GetString()), c.value) << q;
      }
    }
    auto html = pages.handle(get("/findings", c.query), viewer(Role::union_, i18n::Language::nb));
    ASSERT_TRUE(html) << q;
    EXPECT_EQ(html->status, 200) << q;
  }
  // Pages do not overlap: the first rows of two pages differ, in the run's order.
  auto first = parse(pages.handle(get("/api/findings", {{"offset", "0"}}), viewer(Role::hr))->body);
  auto next = parse(pages.handle(get("/api/findings", {{"offset", "100"}}), viewer(Role::hr))->body);
  EXPECT_NE(std::string(first["findings"][0]["fingerprint"].GetString()),
            std::string(next["findings"][0]["fingerprint"].GetString()));
  // One finding deep in the run, as HTML and JSON.
  const std::string fp = next["findings"][5]["fingerprint"].GetString();
  for (const std::string path : {"/findings/", "/api/findings/"}) {
    auto r = pages.handle(get(path + fp), viewer(Role::union_, i18n::Language::sv));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << path;
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace
}  // namespace fairaudit::testing::serve_pages
