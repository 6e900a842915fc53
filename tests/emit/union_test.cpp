// Disclosure control for the union audience, in every format: no applicant id
// anywhere, every count of people below min_cell shown as "<5", a pool whose
// complement is small withheld, and every rate, ratio, p-value or statistic
// computed from such a count in its own object hidden (docs/report.md; the
// rule as the SDK states it in fairaudit/finding.hpp). reconstruction_test.cpp
// tries to get the hidden cells back.
//
// The expectations are computed here from the typed evidence of an in-process
// run, independently of the emitters' own disclosure code, and then looked up
// in each format's output at the same evidence path.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <regex>
#include <set>

#include "emit/report_support.hpp"

namespace fairaudit::testing::report {
namespace {

constexpr int kMinCell = 5;  // the policy's disclosure.min_cell (nordic-base.json)

struct Expect {
  std::string fingerprint, path;
  bool count = false;  // a small count; otherwise a derived value (or a pool) to hide
  std::string internal_text;
};

// The (pool, part) pairs whose difference is a cell of people too.
const std::vector<std::pair<std::string, std::string>> kPairs = {{"n", "selected"},
                                                                 {"reference_n", "reference_selected"},
                                                                 {"strata_n", "strata_selected"},
                                                                 {"strata_reference_n", "strata_reference_selected"},
                                                                 {"unknown_count", "unknown_selected"}};

bool derived(EvidenceValue::Kind k) {
  using K = EvidenceValue::Kind;
  return k == K::rate || k == K::ratio || k == K::p_value || k == K::statistic;
}

void expectations(const Evidence& e, const std::string& prefix, const std::string& fp, std::vector<Expect>& out) {
  using K = EvidenceValue::Kind;
  const auto cell = [](const std::string& k, const EvidenceValue& v) {
    return v.kind == K::count && !k.starts_with("shortfall_");  // a shortfall is computed, not counted
  };
  const auto count = [&](const std::string& k) -> const EvidenceValue* {
    const EvidenceValue* v = e.find(k);
    return v && v->kind == K::count ? v : nullptr;
  };
  std::set<std::string> pools;  // withheld for a small complement
  bool own = false, ref = false, any = false;
  for (const auto& [k, v] : e.entries())
    if (cell(k, v) && v.i < kMinCell) {
      any = true;
      own = own || k == "n" || k == "selected";
      ref = ref || k == "reference_n" || k == "reference_selected";
    }
  for (const auto& [pool, part] : kPairs) {
    const EvidenceValue *p = count(pool), *q = count(part);
    if (!p || !q || p->i < kMinCell || q->i < kMinCell || p->i - q->i >= kMinCell) continue;
    pools.insert(pool);
    any = true;
    own = own || pool == "n";
    ref = ref || pool == "reference_n";
  }
  const bool group = e.find("group") && e.find("rate") && count("n");
  for (const auto& [k, v] : e.entries()) {
    const std::string path = prefix.empty() ? k : prefix + "." + k;
    if (v.kind == K::object) expectations(v.children.front(), path, fp, out);
    else if (v.kind == K::list)
      for (std::size_t i = 0; i < v.children.size(); ++i)
        expectations(v.children[i], path + "[" + std::to_string(i) + "]", fp, out);
    else if (cell(k, v) && v.i < kMinCell)
      out.push_back({fp, path, true, std::to_string(v.i)});
    else if (pools.count(k))
      out.push_back({fp, path, false, std::to_string(v.i)});
    else if ((derived(v.kind) && std::isfinite(v.d)) || (v.kind == K::count && !cell(k, v))) {
      const bool hidden = group && k == "rate" ? own : group && k == "reference_rate" ? ref : any;
      if (hidden) out.push_back({fp, path, false, std::to_string(v.kind == K::count ? double(v.i) : v.d)});
    }
  }
}

// Walks "groups[1].rate" in a JSON value.
const rapidjson::Value* at(const rapidjson::Value& root, const std::string& path) {
  const rapidjson::Value* v = &root;
  std::size_t i = 0;
  while (i < path.size() && v) {
    std::size_t end = path.find_first_of(".[", i);
    std::string key = path.substr(i, end == std::string::npos ? std::string::npos : end - i);
    if (!key.empty()) {
      if (!v->IsObject() || !v->HasMember(key.c_str())) return nullptr;
      v = &(*v)[key.c_str()];
    }
    if (end == std::string::npos) break;
    if (path[end] == '[') {
      std::size_t close = path.find(']', end);
      std::size_t idx = std::stoul(path.substr(end + 1, close - end - 1));
      if (!v->IsArray() || idx >= v->Size()) return nullptr;
      v = &(*v)[static_cast<rapidjson::SizeType>(idx)];
      i = close + 1;
      if (i < path.size() && path[i] == '.') ++i;
    } else {
      i = end + 1;
    }
  }
  return v;
}

std::string html_unescape(std::string s) {
  for (auto [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}}) {
    for (auto p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
  }
  return s;
}

// A count as the union audience may see it: at least 5, "<5", or withheld
// for a small complement (a pool minus its shown part).
bool shown_count_ok(const std::string& text) {
  if (text == "<5" || text == "hidden" || text == "(hidden: small numbers)") return true;
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) return false;
  return std::stoll(text) >= kMinCell;
}

class ReportUnionAudience : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = temp_dir("union");
    inputs_ = fixture_inputs();
    inputs_.push_back(write_small_export(dir_));
    run_ = audit_in_process(inputs_, emit::Audience::union_);
    for (const auto& af : run_.result.findings) expectations(af.finding.evidence, "", af.fingerprint, expect_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string dir_;
  std::vector<std::string> inputs_;
  InProcess run_;
  std::vector<Expect> expect_;
};

TEST_F(ReportUnionAudience, TheDataHasSmallCellsToHide) {
  // Otherwise the tests below would pass vacuously.
  std::size_t counts = 0, derived_values = 0;
  for (const auto& e : expect_) (e.count ? counts : derived_values)++;
  EXPECT_GT(counts, 20u);
  EXPECT_GT(derived_values, 20u);
  EXPECT_FALSE(applicant_ids(inputs_).empty());
}

TEST_F(ReportUnionAudience, NoApplicantIdInAnyFormat) {
  const auto ids = applicant_ids(inputs_);
  for (const char* format : {"text", "json", "sarif", "csv", "csv-units", "html"}) {
    for (const char* audience : {"union", "representative"}) {
      const std::string out = audit_output(inputs_, format, audience);
      ASSERT_FALSE(out.empty()) << format;
      for (const auto& id : ids) EXPECT_EQ(out.find(id), std::string::npos) << format << " for " << audience << ": " << id;
    }
  }
  // The internal audience does see them, so the scan above looks at the
  // right strings.
  for (const char* format : {"json", "sarif", "csv", "html"}) {
    const std::string out = audit_output(inputs_, format, "internal");
    std::size_t found = 0;
    for (const auto& id : ids) found += out.find(id) != std::string::npos;
    EXPECT_GT(found, 0u) << format;
  }
}

TEST_F(ReportUnionAudience, JsonAndSarifEvidence) {
  const auto json = parse_json(audit_output(inputs_, "json", "union"));
  const auto sarif = parse_json(audit_output(inputs_, "sarif", "union"));
  std::map<std::string, const rapidjson::Value*> by_fp_json, by_fp_sarif;
  for (const auto& f : json["findings"].GetArray()) by_fp_json[f["fingerprint"].GetString()] = &f["evidence"];
  for (const auto& r : sarif["runs"][0]["results"].GetArray())
    by_fp_sarif[r["partialFingerprints"]["fairauditFinding/v1"].GetString()] = &r["properties"]["evidence"];
  ASSERT_EQ(by_fp_json.size(), run_.result.findings.size());
  ASSERT_EQ(by_fp_sarif.size(), run_.result.findings.size());
  for (const auto& e : expect_) {
    for (auto* m : {&by_fp_json, &by_fp_sarif}) {
      const char* fmt = m == &by_fp_json ? "json" : "sarif";
      ASSERT_TRUE(m->count(e.fingerprint)) << fmt << " lacks finding " << e.fingerprint;
      const rapidjson::Value* v = at(*m->at(e.fingerprint), e.path);
      ASSERT_NE(v, nullptr) << fmt << " " << e.path;
      if (e.count)
        EXPECT_TRUE(v->IsString() && std::string(v->GetString()) == "<5")
            << fmt << " shows a small count at " << e.path << " (" << e.internal_text << ")";
      else
        EXPECT_TRUE(v->IsNull()) << fmt << " shows a value derived from a small count at " << e.path;
    }
  }
}

TEST_F(ReportUnionAudience, CsvEvidence) {
  const auto rows = parse_csv(audit_output(inputs_, "csv", "union").substr(3), ',');
  ASSERT_FALSE(rows.empty());
  const auto& head = rows.front();
  const auto col = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(head.begin(), head.end(), name) - head.begin());
  };
  const std::size_t fp = col("fingerprint"), details = col("details");
  ASSERT_LT(details, head.size());
  EXPECT_EQ(std::find(head.begin(), head.end(), "applicants"), head.end());
  // One row per finding and group, in the order of the evidence's groups.
  std::map<std::string, std::vector<const std::vector<std::string>*>> by_fp;
  for (std::size_t i = 1; i < rows.size(); ++i) by_fp[rows[i][fp]].push_back(&rows[i]);
  const std::map<std::string, std::string> flag = {
      {"n", "n_hidden"}, {"selected", "selected_hidden"}, {"rate", "rate_hidden"}, {"reference_n", "reference_hidden"},
      {"reference_selected", "reference_hidden"}, {"reference_rate", "reference_hidden"},
      {"impact_ratio", "comparison_hidden"}, {"p_value", "comparison_hidden"}};
  std::size_t columns = 0;
  for (const auto& e : expect_) {
    const auto& frows = by_fp[e.fingerprint];
    ASSERT_FALSE(frows.empty()) << e.fingerprint;
    std::smatch m;
    if (std::regex_match(e.path, m, std::regex(R"(groups\[(\d+)\]\.(\w+))")) && flag.count(m[2])) {
      const auto& row = *frows.at(std::stoul(m[1]));
      EXPECT_EQ(row[col(m[2])], "") << e.path;
      EXPECT_EQ(row[col(flag.at(m[2]))], "1") << e.path;
      ++columns;
      continue;
    }
    if (e.path.starts_with("groups[")) continue;  // a group's other figures are left to JSON
    const std::string cell = "; " + (*frows.front())[details];
    const auto pos = cell.find("; " + e.path + "=");
    ASSERT_NE(pos, std::string::npos) << e.path;
    const auto start = pos + 3 + e.path.size();
    const std::string text = cell.substr(start, cell.find("; ", start) - start);
    EXPECT_EQ(text, e.count ? "<5" : "(hidden: small numbers)") << e.path;
  }
  EXPECT_GT(columns, 0u);
}

TEST_F(ReportUnionAudience, HtmlEvidence) {
  const std::string html = audit_output(inputs_, "html", "union");
  for (const auto& e : expect_) {
    const auto a = html.find("id=\"f-" + e.fingerprint + "\"");
    ASSERT_NE(a, std::string::npos) << e.fingerprint;
    const auto b = html.find("</article>", a);
    const std::string article = html.substr(a, b - a);
    const std::string attr = "data-path=\"" + e.path + "\"";
    const auto p = article.find(attr);
    ASSERT_NE(p, std::string::npos) << e.path;
    const auto gt = article.find('>', p), lt = article.find('<', gt);
    EXPECT_EQ(html_unescape(article.substr(gt + 1, lt - gt - 1)), e.count ? "<5" : "(hidden: small numbers)")
        << e.path;
  }
}

// The report's own tables and charts: the indicator table, the funnels and
// the selection-rate charts built from the per-unit indicators.
TEST_F(ReportUnionAudience, HtmlTablesAndCharts) {
  const std::string html = audit_output(inputs_, "html", "union");
  // Every count of people the page shows.
  // (A shortfall is computed from the counts beside it, not a count of people.)
  std::regex count_cell(R"re((data-path="([^"]*)" )?data-kind="count"[^>]*>([^<]*)<)re");
  std::size_t small = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), count_cell); it != std::sregex_iterator(); ++it) {
    if ((*it)[2].str().find("shortfall_") != std::string::npos) continue;
    const std::string text = html_unescape((*it)[3]);
    EXPECT_TRUE(shown_count_ok(text)) << "count shown to the union audience: " << text;
    small += text == "<5";
  }
  EXPECT_GT(small, 0u);
  // "invited / qualified" cells of the indicator table.
  std::regex group_cell(R"(data-kind="group_rate"[^>]*>([^<]*)<)");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), group_cell); it != std::sregex_iterator(); ++it) {
    const std::string text = html_unescape((*it)[1]);
    std::smatch m;
    ASSERT_TRUE(std::regex_search(text, m, std::regex(R"(^(\S+) / (\S+))"))) << text;
    EXPECT_TRUE(shown_count_ok(m[1]) && shown_count_ok(m[2])) << text;
    if (m[1] == "<5" || m[2] == "<5" || m[2] == "hidden") {
      EXPECT_NE(text.find("(hidden)"), std::string::npos) << text;
    }
  }
  // In any table row that holds a small count, no rate or ratio is shown.
  std::regex row(R"(<tr>(.*?)</tr>)");
  // (A group's rate and the reference's derive from their own pair of counts
  // alone, which may be large beside the other's small one: those two are
  // tried in reconstruction_test.cpp.)
  std::regex derived_cell(R"re((data-path="([^"]*)" )?data-kind="(rate|ratio|p_value|statistic)"([^>]*)>([^<]*)<)re");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), row); it != std::sregex_iterator(); ++it) {
    const std::string tr = (*it)[1];
    if (tr.find("&lt;5<") == std::string::npos) continue;
    for (auto d = std::sregex_iterator(tr.begin(), tr.end(), derived_cell); d != std::sregex_iterator(); ++d) {
      const std::string path = (*d)[2], attrs = (*d)[4], text = (*d)[5];
      if (text.empty() || text == "undefined" || text == "none" || path.ends_with("rate")) continue;
      EXPECT_NE(attrs.find("data-withheld"), std::string::npos) << "derived value next to a small count: " << text;
    }
  }
  // Funnel charts: a small count has no bar (its length would give it away).
  std::regex funnel(R"re(<figure class="chart" id="chart-funnel-[^"]*">(.*?)</figure>)re");
  std::size_t funnels = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), funnel); it != std::sregex_iterator(); ++it) {
    ++funnels;
    const std::string fig = (*it)[1];
    const std::string svg = fig.substr(0, fig.find("</svg>"));
    std::size_t bars = 0, values = 0, withheld = 0;
    for (auto p = svg.find("class=\"bar"); p != std::string::npos; p = svg.find("class=\"bar", p + 1)) ++bars;
    std::regex value(R"(class="value( na)?">([^<]*)<)");
    for (auto v = std::sregex_iterator(svg.begin(), svg.end(), value); v != std::sregex_iterator(); ++v) {
      const std::string text = html_unescape((*v)[2]);
      if ((*v)[1].matched) {
        // "<5", or "hidden": a run total a unit's count would be found from
        // (docs/report.md, "Disclosure across findings and tables").
        EXPECT_TRUE(text == "<5" || text == "hidden") << text;
        ++withheld;
      } else {
        EXPECT_TRUE(shown_count_ok(text)) << text;
        ++values;
      }
    }
    EXPECT_EQ(bars, values);
    EXPECT_GT(withheld, 0u);
  }
  EXPECT_GE(funnels, 2u);
  EXPECT_EQ(html.find("data-audience=\"union\""), html.find("data-audience="));
}

TEST_F(ReportUnionAudience, CsvIndicatorTable) {
  const auto rows = parse_csv(audit_output(inputs_, "csv-units", "union").substr(3), ',');
  ASSERT_GT(rows.size(), 2u);
  const auto& head = rows.front();
  std::size_t hidden = 0;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    ASSERT_EQ(rows[r].size(), head.size());
    for (std::size_t c = 0; c < head.size(); ++c) {
      const std::string& h = head[c];
      const bool count_col = h == "applications" || h.ends_with(" qualified") || h.ends_with(" invited");
      if (count_col && !rows[r][c].empty()) {
        EXPECT_TRUE(shown_count_ok(rows[r][c])) << h << ": " << rows[r][c];
      }
      // Numbers only: a withheld value is an empty cell, flagged beside.
      EXPECT_EQ(rows[r][c].find("hidden"), std::string::npos) << h;
      EXPECT_EQ(rows[r][c].find("<"), std::string::npos) << h;
      if (h.ends_with(" qualified") && rows[r][c + 4] == "1") {
        EXPECT_TRUE(rows[r][c + 2].empty() || rows[r][c + 3].empty()) << rows[r][0] << " " << h;
        ++hidden;
      }
    }
  }
  EXPECT_GT(hidden, 0u);
}

// The same paths carry the real values for the internal audience, so the
// comparisons above are made at the right places.
TEST_F(ReportUnionAudience, InternalAudienceSeesTheValues) {
  const auto json = parse_json(audit_output(inputs_, "json", "internal"));
  std::map<std::string, const rapidjson::Value*> by_fp;
  for (const auto& f : json["findings"].GetArray()) by_fp[f["fingerprint"].GetString()] = &f["evidence"];
  for (const auto& e : expect_) {
    const rapidjson::Value* v = at(*by_fp.at(e.fingerprint), e.path);
    ASSERT_NE(v, nullptr) << e.path;
    EXPECT_TRUE(v->IsNumber()) << e.path;
  }
}

}  // namespace
}  // namespace fairaudit::testing::report
