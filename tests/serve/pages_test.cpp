// The pages of `fairaudit serve` over stores the real `fairaudit audit
// --store` wrote: each role sees its audience and nothing more, admin none of
// them, the filters select what they say, a review through the form lands in
// the trail, a refused one records nothing, each viewer reads their language,
// and hostile names or parameters stay inert.
#include <algorithm>
#include <regex>
#include <set>
#include <thread>

#include "emit/disclosure.hpp"
#include "store/store.hpp"
#include "support.hpp"

namespace fairaudit::testing::serve_pages {
namespace {

class Pages : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(scratch("pages"));
    const fs::path policy = write_policy(*dir_);
    db_ = new fs::path(*dir_ / "store.db");
    // Two runs: the second without one round, so that it has resolved findings
    // and the first's findings persist.
    audit_into(source_file("fixtures/oslo/export.jsonl"), policy, *db_);
    {
      // The round of the first round-scoped finding is the one run 2 drops.
      store::Store st(db_->string());
      for (const auto& f : st.findings({}))
        if (!f.round_id.empty()) {
          round_ = new std::string(f.round_id);
          unit_ = new std::string(f.org_unit);
          break;
        }
    }
    ASSERT_TRUE(round_);
    std::string lines = read_file(source_file("fixtures/oslo/export.jsonl").string()), kept;
    std::istringstream in(lines);
    for (std::string l; std::getline(in, l);)
      if (l.find("\"round_id\":\"" + *round_ + "\"") == std::string::npos) kept += l + "\n";
    write_file((*dir_ / "second.jsonl").string(), kept);
    audit_into(*dir_ / "second.jsonl", policy, *db_);
    pages_ = new serve::Pages(options(*db_));
  }
  static void TearDownTestSuite() {
    delete pages_;
    std::error_code ec;
    fs::remove_all(*dir_, ec);
    delete db_;
    delete dir_;
  }

  static Response ask(const Request& rq, const Viewer& v) {
    auto r = pages_->handle(rq, v);
    EXPECT_TRUE(r.has_value()) << rq.path;
    return r.value_or(Response{});
  }
  static rapidjson::Document ask_json(const Request& rq, const Viewer& v) {
    auto r = ask(rq, v);
    EXPECT_EQ(r.status, 200) << rq.path << ": " << r.body.substr(0, 300);
    EXPECT_EQ(r.content_type, "application/json");
    return parse(r.body);
  }
  // Every finding of the newest run, as HR lists them.
  static std::vector<std::string> all_fingerprints() {
    auto d = ask_json(get("/api/findings", {{"limit", "500"}}), viewer(Role::hr));
    std::vector<std::string> out;
    for (const auto& f : d["findings"].GetArray()) out.push_back(f["fingerprint"].GetString());
    return out;
  }

  static fs::path* dir_;
  static fs::path* db_;
  static std::string* round_;  // a round with findings in run 1 and none in run 2
  static std::string* unit_;   // its unit
  static serve::Pages* pages_;
};
fs::path* Pages::dir_ = nullptr;
fs::path* Pages::db_ = nullptr;
std::string* Pages::round_ = nullptr;
std::string* Pages::unit_ = nullptr;
serve::Pages* Pages::pages_ = nullptr;

TEST_F(Pages, RunsNewestFirstWithTheirCountsAndLinks) {
  auto d = ask_json(get("/api/runs"), viewer(Role::representative));
  ASSERT_EQ(d.Size(), 2u);
  EXPECT_EQ(d[0]["id"].GetInt64(), 2);
  EXPECT_EQ(d[1]["id"].GetInt64(), 1);
  // The second run dropped one round: what it found there is resolved.
  EXPECT_GT(d[0]["resolved"].GetInt64(), 0);
  EXPECT_EQ(d[0]["new"].GetInt64(), 0);
  EXPECT_EQ(d[0]["persisting"].GetInt64(), d[0]["findings"].GetInt64());
  EXPECT_EQ(d[1]["new"].GetInt64(), d[1]["findings"].GetInt64());
  // The list of the newest run has as many findings as the run counted.
  EXPECT_EQ(std::int64_t(all_fingerprints().size()), d[0]["findings"].GetInt64());

  auto page = ask(get("/runs"), viewer(Role::representative));
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("href=\"/findings?run=2\""), std::string::npos);
  EXPECT_LT(page.body.find("/findings?run=2"), page.body.find("/findings?run=1"));
}

TEST_F(Pages, AdminGetsForbiddenForEveryPage) {
  const auto admin = viewer(Role::admin);
  const std::string fp = all_fingerprints().front();
  for (const std::string& path : std::vector<std::string>{"/runs", "/findings", "/api/runs", "/api/findings", "/findings/" + fp,
                                 "/api/findings/" + fp, "/rounds/OSL-BGO-2026-0102/checklist",
                                 "/units/oslo%2Fbydel-gamle-oslo%2Fhelse/trend"}) {
    auto r = ask(get(path), admin);
    EXPECT_EQ(r.status, 403) << path;
  }
  auto r = ask(post("/findings/" + fp + "/review", {{"state", "acknowledged"}, {"justification", "x"}, {"csrf", "c"}}), admin);
  EXPECT_EQ(r.status, 403);
  store::Store st(db_->string());
  EXPECT_TRUE(st.reviews(fp).empty());
}

TEST_F(Pages, PathsThatAreNotThePagesAreLeftToTheServer) {
  EXPECT_FALSE(pages_->handle(get("/login"), viewer(Role::hr)).has_value());
  EXPECT_FALSE(pages_->handle(get("/admin/users"), viewer(Role::hr)).has_value());
  EXPECT_FALSE(pages_->handle(get("/static/filters.js"), viewer(Role::hr)).has_value());
}

// The evidence of every finding, per role: union sees exactly what
// Disclosure::withheld leaves, the representative and HR every number.
TEST_F(Pages, EachRoleSeesItsAudience) {
  store::Store st(db_->string());
  int small_seen = 0;
  for (const auto& fp : all_fingerprints()) {
    auto hr = ask_json(get("/api/findings/" + fp), viewer(Role::hr));
    auto un = ask_json(get("/api/findings/" + fp), viewer(Role::union_));
    auto rep = ask_json(get("/api/findings/" + fp), viewer(Role::representative));
    EXPECT_STREQ(hr["audience"].GetString(), "internal");
    EXPECT_STREQ(un["audience"].GetString(), "union");
    EXPECT_STREQ(rep["audience"].GetString(), "representative");
    EXPECT_TRUE(hr.HasMember("applicants"));
    EXPECT_FALSE(un.HasMember("applicants")) << fp;
    EXPECT_FALSE(rep.HasMember("applicants")) << fp;

    int min_cell = 0;
    auto af = st.latest_observation(fp, &min_cell);
    ASSERT_TRUE(af);
    EXPECT_EQ(min_cell, 5);
    const auto& e = af->finding.evidence;
    const auto withheld = emit::Disclosure(emit::Audience::union_, min_cell).withheld(e);
    for (std::size_t i = 0; i < e.entries().size(); ++i) {
      const std::string& k = e.entries()[i].first;
      const auto& h = hr["evidence"][k.c_str()];
      const auto& u = un["evidence"][k.c_str()];
      EXPECT_TRUE(rep["evidence"][k.c_str()] == h) << fp << " " << k;
      if (withheld[i]) {
        ++small_seen;
        EXPECT_TRUE(u.IsNull() || (u.IsString() && std::string(u.GetString()) == "<5")) << fp << " " << k;
        EXPECT_FALSE(h.IsNull() || h.IsString()) << fp << " " << k;
      } else if (e.entries()[i].second.kind != EvidenceValue::Kind::list &&
                 e.entries()[i].second.kind != EvidenceValue::Kind::object) {
        EXPECT_TRUE(u == h) << fp << " " << k;
      }
    }
    // No applicant id of the export (a-xxxxxx) on any role's page.
    static const std::regex applicant("\\ba-[0-9a-f]{6}\\b");
    for (Role r : {Role::union_, Role::representative}) {
      auto page = ask(get("/findings/" + fp), viewer(r));
      EXPECT_FALSE(std::regex_search(page.body, applicant)) << fp;
    }
  }
  EXPECT_GT(small_seen, 0) << "the fixture has small cells the union must not see";
}

TEST_F(Pages, SmallCellsAreHiddenOnTheUnionsPageOnly) {
  int hidden = 0;
  for (const auto& fp : all_fingerprints()) {
    auto un = ask(get("/findings/" + fp), viewer(Role::union_));
    auto hr = ask(get("/findings/" + fp), viewer(Role::hr));
    EXPECT_EQ(un.status, 200);
    if (un.body.find("&lt;5") != std::string::npos) {
      ++hidden;
      EXPECT_EQ(hr.body.find("&lt;5"), std::string::npos) << fp;
    }
  }
  EXPECT_GT(hidden, 0);
}

TEST_F(Pages, FiltersSelectWhatTheySay) {
  const auto hr = viewer(Role::hr);
  auto all = ask_json(get("/api/findings", {{"limit", "500"}}), hr);
  std::map<std::string, int> by_sev, by_unit, by_rule;
  for (const auto& f : all["findings"].GetArray()) {
    ++by_sev[f["severity"].GetString()];
    ++by_unit[f["org_unit"].GetString()];
    ++by_rule[f["rule"].GetString()];
  }
  ASSERT_GT(by_sev.size(), 1u);
  for (const auto& [sev, n] : by_sev) {
    auto d = ask_json(get("/api/findings", {{"severity", sev}, {"limit", "500"}}), hr);
    EXPECT_EQ(int(d["findings"].Size()), n) << sev;
    for (const auto& f : d["findings"].GetArray()) EXPECT_EQ(f["severity"].GetString(), sev);
  }
  for (const auto& [unit, n] : by_unit) {
    auto d = ask_json(get("/api/findings", {{"unit", unit}, {"limit", "500"}}), hr);
    EXPECT_EQ(int(d["findings"].Size()), n) << unit;
  }
  for (const auto& [rule, n] : by_rule) {
    auto d = ask_json(get("/api/findings", {{"rule", rule}, {"limit", "500"}}), hr);
    EXPECT_EQ(int(d["findings"].Size()), n) << rule;
  }
  // Run 1 has the round run 2 dropped; nothing of run 2 is new since run 1.
  auto first = ask_json(get("/api/findings", {{"run", "1"}, {"limit", "500"}}), hr);
  EXPECT_GT(first["findings"].Size(), all["findings"].Size());
  EXPECT_EQ(ask_json(get("/api/findings", {{"since", "1"}}), hr)["findings"].Size(), 0u);
  EXPECT_EQ(ask_json(get("/api/findings", {{"run", "1"}, {"since", "0"}, {"limit", "500"}}), hr)["findings"].Size(),
            first["findings"].Size());
  // Paging: pages of 3 that together are the whole list, in order.
  std::vector<std::string> paged;
  for (int offset = 0;;) {
    auto d = ask_json(get("/api/findings", {{"limit", "3"}, {"offset", std::to_string(offset)}}), hr);
    for (const auto& f : d["findings"].GetArray()) paged.push_back(f["fingerprint"].GetString());
    if (d["next_offset"].IsNull()) break;
    offset = d["next_offset"].GetInt();
    ASSERT_LT(offset, 1000);
  }
  EXPECT_EQ(paged, all_fingerprints());
  // The HTML form is a plain GET form with the contract's fields.
  auto page = ask(get("/findings", {{"limit", "3"}}), hr);
  EXPECT_NE(page.body.find("<form class=\"filters\" method=\"get\" action=\"/findings\">"), std::string::npos);
  for (const char* name : {"run", "unit", "rule", "severity", "state", "since"})
    EXPECT_NE(page.body.find(std::string("name=\"") + name + "\""), std::string::npos) << name;
  EXPECT_NE(page.body.find("rel=\"next\" href=\"/findings?run=2&amp;limit=3&amp;offset=3\""), std::string::npos);
}

TEST_F(Pages, AReviewThroughTheFormLandsInTheTrail) {
  const std::string fp = all_fingerprints().at(1);
  const auto union_ = viewer(Role::union_, i18n::Language::en, "Ola Tillitsvalgt");
  auto page = ask(get("/findings/" + fp), union_);
  EXPECT_NE(page.body.find("action=\"/findings/" + fp + "/review\""), std::string::npos);
  EXPECT_NE(page.body.find("name=\"csrf\" value=\"csrf-token-123\""), std::string::npos);
  EXPECT_NE(page.body.find("<textarea name=\"justification\""), std::string::npos);
  for (const char* s : {"acknowledged", "disputed", "resolved", "suppressed"})
    EXPECT_NE(page.body.find(std::string("<option value=\"") + s + "\">"), std::string::npos) << s;

  auto r = ask(post("/findings/" + fp + "/review",
                    {{"state", "disputed"}, {"justification", "The panel met <twice>."}, {"csrf", "csrf-token-123"}}),
               union_);
  EXPECT_EQ(r.status, 303);
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].first, "Location");
  EXPECT_EQ(r.headers[0].second, "/findings/" + fp);

  store::Store st(db_->string());
  auto trail = st.reviews(fp);
  ASSERT_EQ(trail.size(), 1u);
  EXPECT_EQ(trail[0].role, "union");
  EXPECT_EQ(trail[0].reviewer, "Ola Tillitsvalgt");
  EXPECT_EQ(trail[0].state, common::ReviewState::disputed);

  page = ask(get("/findings/" + fp), viewer(Role::hr));
  EXPECT_NE(page.body.find("The panel met &lt;twice&gt;."), std::string::npos);
  EXPECT_NE(page.body.find("Ola Tillitsvalgt"), std::string::npos);
  auto d = ask_json(get("/api/findings", {{"state", "disputed"}}), viewer(Role::hr));
  ASSERT_EQ(d["findings"].Size(), 1u);
  EXPECT_EQ(d["findings"][0]["fingerprint"].GetString(), fp);
  auto one = ask_json(get("/api/findings/" + fp), viewer(Role::representative));
  ASSERT_EQ(one["reviews"].Size(), 1u);
  EXPECT_STREQ(one["reviews"][0]["state"].GetString(), "disputed");
  // `fairaudit review list` reads the same trail.
  auto cli = run_fairaudit({"review", "list", "--store", db_->string(), "--format", "json"});
  ASSERT_EQ(cli.status, 0) << cli.err;
  auto listed = parse(cli.out);
  int found = 0;
  for (const auto& f : listed.GetArray())
    if (f["fingerprint"].GetString() == fp) {
      ++found;
      EXPECT_STREQ(f["review_state"].GetString(), "disputed");
      EXPECT_STREQ(f["review"]["reviewer"].GetString(), "Ola Tillitsvalgt");
    }
  EXPECT_EQ(found, 1);
  // HR and the representative review too; the admin never gets the form.
  EXPECT_NE(ask(get("/findings/" + fp), viewer(Role::representative)).body.find("<textarea"), std::string::npos);
  EXPECT_NE(ask(get("/findings/" + fp), viewer(Role::hr)).body.find("<textarea"), std::string::npos);
}

TEST_F(Pages, ARefusedReviewAnswers400AndRecordsNothing) {
  const std::string fp = all_fingerprints().at(2);
  store::Store st(db_->string());
  const auto before = st.reviews().size();
  for (const auto& form : std::vector<std::map<std::string, std::string>>{
           {{"state", "closed"}, {"justification", "why"}},
           {{"state", "acknowledged"}, {"justification", "   "}},
           {{"state", "open"}, {"justification", "why"}},
           {{"justification", "no state"}}}) {
    auto r = ask(post("/findings/" + fp + "/review", form), viewer(Role::hr));
    EXPECT_EQ(r.status, 400);
    EXPECT_NE(r.body.find("class=\"error\""), std::string::npos);
    EXPECT_NE(r.body.find("<h1>"), std::string::npos) << "the finding's page, with the sentence";
  }
  EXPECT_EQ(st.reviews().size(), before);
  // SQL in a justification is text like any other.
  const std::string sql = "'); DROP TABLE reviews; -- \" OR 1=1";
  auto ok = ask(post("/findings/" + fp + "/review", {{"state", "acknowledged"}, {"justification", sql}}), viewer(Role::hr));
  EXPECT_EQ(ok.status, 303);
  ASSERT_EQ(st.reviews(fp).size(), 1u);
  EXPECT_EQ(st.reviews(fp)[0].justification, sql);
  EXPECT_EQ(st.reviews(fp)[0].role, "hr");
  EXPECT_EQ(ask(post("/findings/0000deadbeef/review", {{"state", "acknowledged"}, {"justification", "x"}}),
                viewer(Role::hr)).status,
            404);
}

TEST_F(Pages, ChecklistAndTrend) {
  const auto rep = viewer(Role::representative);
  auto c = ask(get("/rounds/" + *round_ + "/checklist", {{"run", "1"}}), rep);
  EXPECT_EQ(c.status, 200);
  EXPECT_NE(c.body.find("<table class=\"checklist\">"), std::string::npos);
  auto cj = ask_json(get("/api/rounds/" + *round_ + "/checklist", {{"run", "1"}}), rep);
  EXPECT_GT(cj["lines"].Size(), 0u);
  for (const auto& l : cj["lines"].GetArray()) EXPECT_STREQ(l["verdict"].GetString(), "breach");
  // Run 2 no longer has the round.
  auto c2 = ask_json(get("/api/rounds/" + *round_ + "/checklist", {{"run", "2"}}), rep);
  EXPECT_EQ(c2["lines"].Size(), 0u);

  auto t = ask_json(get("/api/units/" + *unit_ + "/trend"), rep);
  ASSERT_EQ(t["runs"].Size(), 2u);
  EXPECT_EQ(t["runs"][0]["run"].GetInt64(), 1);
  EXPECT_GT(t["runs"][0]["new"].GetUint64(), 0u);
  EXPECT_GT(t["runs"][1]["resolved"].GetUint64(), 0u);
  auto th = ask(get("/units/" + *unit_ + "/trend"), rep);
  EXPECT_EQ(th.status, 200);
  EXPECT_NE(th.body.find("<svg"), std::string::npos);
  EXPECT_EQ(ask(get("/units/nowhere/trend"), rep).status, 404);
}

// Words of the catalogs in each viewer's language, from threads at once.
TEST_F(Pages, EachViewerReadsTheirLanguage) {
  struct Expect {
    i18n::Language lang;
    std::vector<std::string> words;
  };
  const std::vector<Expect> cases = {
      {i18n::Language::nb, {"Funn", "Kjøringer", "Logg ut", "tillitsvalgt", "lang=\"nb\""}},
      {i18n::Language::sv, {"Avvikelser", "Körningar", "Logga ut", "förtroendevald", "lang=\"sv\""}},
      {i18n::Language::da, {"Fund", "Kørsler", "Log ud", "tillidsrepræsentant", "lang=\"da\""}},
      {i18n::Language::en, {"Findings", "Runs", "Sign out", "union", "lang=\"en\""}}};
  const std::string fp = all_fingerprints().front();
  std::vector<std::thread> threads;
  std::vector<std::string> failures(cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i)
    threads.emplace_back([&, i] {
      const auto v = viewer(Role::union_, cases[i].lang);
      for (int n = 0; n < 20; ++n) {
        auto r = pages_->handle(get(n % 2 ? "/findings" : "/runs"), v);
        if (!r || r->status != 200) {
          failures[i] = "status";
          return;
        }
        for (const auto& w : cases[i].words)
          if (r->body.find(w) == std::string::npos) {
            failures[i] = w + " missing";
            return;
          }
      }
    });
  for (auto& t : threads) t.join();
  for (std::size_t i = 0; i < cases.size(); ++i) EXPECT_EQ(failures[i], "") << i18n::to_string(cases[i].lang);

  // No code left as a raw key in the text a Nordic reader reads.
  static const std::regex raw_key("[>\\s(][a-z]+_[a-z_]+[\\s<.,:)]");
  for (auto lang : {i18n::Language::nb, i18n::Language::sv, i18n::Language::da})
    for (const std::string& path : std::vector<std::string>{"/runs", "/findings", "/findings/" + fp, "/rounds/OSL-BGO-2026-0102/checklist",
                                   "/units/oslo/bydel-gamle-oslo/helse/trend"}) {
      auto r = ask(get(path), viewer(Role::union_, lang));
      // Only the text between tags: attributes (names, classes) may hold codes.
      std::string text;
      bool in_tag = false;
      for (char ch : r.body) {
        if (ch == '<') { in_tag = true; text += " <"; }
        if (!in_tag) text += ch;
        if (ch == '>') { in_tag = false; text += "> "; }
      }
      std::smatch m;
      EXPECT_FALSE(std::regex_search(text, m, raw_key)) << i18n::to_string(lang) << " " << path << ": " << m.str();
      EXPECT_EQ(r.body.find("insufficient_data"), std::string::npos);
    }
}

TEST_F(Pages, ParametersWithSqlOrMarkupNeverBreakThePages) {
  const std::vector<std::string> nasty = {"' OR 1=1 --", "\"; DROP TABLE runs; --", "%", "_", "1; DELETE FROM reviews",
                                          "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "..%2F..",
                                          std::string("a\0b", 3), "-1", "99999999999999999999", "１"};
  const auto hr = viewer(Role::hr);
  for (const auto& x : nasty) {
    for (const char* p : {"unit", "rule", "severity", "state", "since", "run", "limit", "offset"})
      for (const char* path : {"/findings", "/api/findings"}) {
        auto r = ask(get(path, {{p, x}}), hr);
        EXPECT_NE(r.status, 500) << p;
        EXPECT_EQ(r.body.find("<script>alert"), std::string::npos) << p;
        EXPECT_EQ(r.body.find("<img"), std::string::npos) << p;
      }
    for (const std::string& path : std::vector<std::string>{"/findings/" + x, "/api/findings/" + x, "/rounds/" + x + "/checklist",
                                   "/units/" + x + "/trend", "/api/units/" + x + "/trend"}) {
      auto r = pages_->handle(get(path), hr);
      if (!r) continue;
      EXPECT_NE(r->status, 500) << path;
      EXPECT_EQ(r->body.find("<script>alert"), std::string::npos) << path;
      EXPECT_EQ(r->body.find("<img"), std::string::npos) << path;
    }
    auto r = ask(get("/rounds/R/checklist", {{"run", x}}), hr);
    EXPECT_NE(r.status, 500);
  }
  store::Store st(db_->string());
  EXPECT_EQ(st.connection().prepare("SELECT count(*) FROM runs").step(), true);
}

// The frame: nav, who is signed in, the sign-out form, no inline script or
// style anywhere (the server's Content-Security-Policy forbids them).
TEST_F(Pages, TheFrameHasNoInlineScriptOrStyle) {
  const std::string fp = all_fingerprints().front();
  static const std::regex inline_code("<script(?![^>]*\\ssrc=)|<style|\\sstyle=|\\son[a-z]+=|javascript:");
  for (const std::string& path : std::vector<std::string>{"/runs", "/findings", "/findings/" + fp, "/rounds/OSL-BGO-2026-0102/checklist",
                                 "/units/oslo/bydel-gamle-oslo/helse/trend"}) {
    auto r = ask(get(path), viewer(Role::hr, i18n::Language::en, "Per Personal"));
    EXPECT_FALSE(std::regex_search(r.body, inline_code)) << path;
    EXPECT_NE(r.body.find("<link rel=\"stylesheet\" href=\"/static/serve.css\">"), std::string::npos);
    EXPECT_NE(r.body.find("<script src=\"/static/filters.js\" defer></script>"), std::string::npos);
    EXPECT_NE(r.body.find("<a href=\"/runs\">"), std::string::npos);
    EXPECT_NE(r.body.find("<a href=\"/findings\">"), std::string::npos);
    EXPECT_NE(r.body.find("Per Personal"), std::string::npos);
    EXPECT_NE(r.body.find("<form class=\"logout\" method=\"post\" action=\"/logout\"><input type=\"hidden\" "
                          "name=\"csrf\" value=\"csrf-token-123\">"),
              std::string::npos);
  }
}

// A store whose unit names are hostile markup: every page shows them as text.
TEST(PagesHostile, HostileUnitNamesRenderInert) {
  const fs::path dir = scratch("hostile");
  std::string lines = read_file(source_file("fixtures/oslo/export.jsonl").string());
  auto replace_all = [&](const std::string& from, const std::string& to) {
    for (std::size_t at = 0; (at = lines.find(from, at)) != std::string::npos; at += to.size()) lines.replace(at, from.size(), to);
  };
  replace_all("\"oslo/bydel-gamle-oslo/helse\"", "\"<script>alert(1)</script>\"");
  write_file((dir / "export.jsonl").string(), lines);
  const fs::path db = dir / "store.db";
  audit_into(dir / "export.jsonl", write_policy(dir), db);
  // Names with spaces look like free text to the export's guard, which
  // refuses them; a store may hold them all the same (an older export, an
  // SQL shell), so they are written into it directly.
  {
    store::Store st(db.string());
    st.connection().exec(
        "UPDATE findings SET org_unit = '\"><img src=x onerror=alert(1)>' WHERE org_unit = 'oslo/bydel-stovner/helse'");
    st.connection().exec(
        "UPDATE findings SET round_id = '\"><img src=x onerror=alert(2)>' WHERE round_id = "
        "(SELECT min(round_id) FROM findings WHERE round_id <> '')");
  }
  serve::Pages pages(options(db));
  const auto v = viewer(Role::hr);
  auto list = pages.handle(get("/api/findings", {{"limit", "500"}}), v);
  ASSERT_TRUE(list);
  auto d = parse(list->body);
  std::set<std::string> units;
  std::vector<std::string> paths = {"/runs", "/findings", "/findings?limit=500"};
  for (const auto& f : d["findings"].GetArray()) {
    const std::string unit = f["org_unit"].GetString();
    units.insert(unit);
    paths.push_back("/findings/" + std::string(f["fingerprint"].GetString()));
    paths.push_back("/units/" + unit + "/trend");
    if (!f["round_id"].GetStringLength()) continue;
    paths.push_back("/rounds/" + std::string(f["round_id"].GetString()) + "/checklist");
  }
  ASSERT_TRUE(units.count("<script>alert(1)</script>"));
  ASSERT_TRUE(units.count("\"><img src=x onerror=alert(1)>"));
  EXPECT_NE(std::find(paths.begin(), paths.end(), "/rounds/\"><img src=x onerror=alert(2)>/checklist"), paths.end());
  for (const auto& path : paths) {
    Request rq = get(path.substr(0, path.find('?')));
    if (path.find("?limit=") != std::string::npos) rq.query.emplace("limit", "500");
    auto r = pages.handle(rq, v);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 200) << path;
    EXPECT_EQ(r->body.find("<script>alert"), std::string::npos) << path;
    EXPECT_EQ(r->body.find("<img"), std::string::npos) << path;
    EXPECT_EQ(r->body.find("alert(1)>"), std::string::npos) << path;
    EXPECT_EQ(r->body.find("alert(2)>"), std::string::npos) << path;
    EXPECT_EQ(r->body.find("\"><img"), std::string::npos) << path;
  }
  auto page = pages.handle(get("/findings"), v);
  EXPECT_NE(page->body.find("href=\"/units/%3Cscript%3Ealert%281%29%3C%2Fscript%3E/trend\""), std::string::npos);
  EXPECT_NE(page->body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
}

}  // namespace
}  // namespace fairaudit::testing::serve_pages
