// SARIF, CSV and HTML from `fairaudit audit` on the fixtures: what a code
// scanning dashboard, a spreadsheet and a browser rely on.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <set>

#include "emit/report_support.hpp"
#include "emit/chart.hpp"
#include "emit/units.hpp"
#include "fairaudit_version.hpp"
#include "test_paths.hpp"

namespace fairaudit::testing::report {
namespace {

std::string str(const rapidjson::Value& v, const char* k) { return v.HasMember(k) ? v[k].GetString() : ""; }

class ReportFormats : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    inputs_ = fixture_inputs();
    ASSERT_FALSE(inputs_.empty()) << "no fixture export";
  }
  static std::vector<std::string> inputs_;
};
std::vector<std::string> ReportFormats::inputs_;

TEST_F(ReportFormats, SarifRulesComeFromPluginMetadata) {
  const auto doc = parse_json(audit_output(inputs_, "sarif", "representative"));
  EXPECT_STREQ(doc["version"].GetString(), "2.1.0");
  const auto& run = doc["runs"][0];
  const auto& driver = run["tool"]["driver"];
  EXPECT_STREQ(driver["name"].GetString(), "fairaudit");
  EXPECT_STREQ(driver["version"].GetString(), FAIRAUDIT_VERSION);
  // `fairaudit rules` lists the same rules with the same summaries.
  const InProcess p = audit_in_process(inputs_, emit::Audience::representative);
  ASSERT_EQ(driver["rules"].Size(), p.ctx.rules.size());
  for (const auto& rule : driver["rules"].GetArray()) {
    const std::string id = rule["id"].GetString();
    ASSERT_TRUE(p.ctx.rules.count(id)) << id;
    const RuleInfo& info = p.ctx.rules.at(id);
    EXPECT_EQ(str(rule["shortDescription"], "text"), info.summary) << id;
    EXPECT_FALSE(str(rule["fullDescription"], "text").empty()) << id;
    EXPECT_NE(str(rule["help"], "text").find(info.basis), std::string::npos) << id;
    EXPECT_EQ(str(rule["defaultConfiguration"], "level"), to_string(info.default_severity)) << id;
  }
  std::set<std::string> plugins;
  for (const auto& e : run["tool"]["extensions"].GetArray()) plugins.insert(e["name"].GetString());
  EXPECT_TRUE(plugins.count("representative-involvement"));
  EXPECT_TRUE(plugins.count("interview-call-diversity"));
  EXPECT_EQ(std::string(run["automationDetails"]["id"].GetString()).rfind("fairaudit/report-test/", 0), 0u);
}

TEST_F(ReportFormats, SarifResultsPointAtTheRoundsRecord) {
  const auto doc = parse_json(audit_output(inputs_, "sarif", "representative"));
  const auto& run = doc["runs"][0];
  const auto& rules = run["tool"]["driver"]["rules"];
  const auto& logical = run["logicalLocations"];
  std::size_t round_results = 0;
  std::set<std::string> plugins;
  for (const auto& r : run["results"].GetArray()) {
    const std::string rule = r["ruleId"].GetString();
    plugins.insert(rule.substr(0, rule.find('/')));
    EXPECT_EQ(rules[r["ruleIndex"].GetUint()]["id"].GetString(), rule);
    EXPECT_TRUE(std::set<std::string>({"error", "warning", "note"}).count(r["level"].GetString()));
    EXPECT_FALSE(str(r["message"], "text").empty());
    EXPECT_EQ(str(r["message"], "text").find('{'), std::string::npos) << "unfilled placeholder";
    EXPECT_TRUE(r["partialFingerprints"].HasMember("fairauditFinding/v1"));
    EXPECT_TRUE(r["suppressions"].IsArray());
    ASSERT_EQ(r["locations"].Size(), 1u);
    const auto& loc = r["locations"][0];
    const auto& phys = loc["physicalLocation"];
    const std::string uri = phys["artifactLocation"]["uri"].GetString();
    EXPECT_NE(std::find(inputs_.begin(), inputs_.end(), uri), inputs_.end()) << uri;
    EXPECT_EQ(run["artifacts"][phys["artifactLocation"]["index"].GetUint()]["location"]["uri"].GetString(), uri);
    const auto& props = r["properties"];
    if (str(props, "scope") != "round") continue;
    ++round_results;
    // The region is the line of the round's record, found here independently.
    const std::string round = str(props, "roundId");
    EXPECT_EQ(phys["region"]["startLine"].GetUint64(), line_of_round(uri, round)) << round;
    // Logical location: the round, inside its org unit, inside the parents.
    const auto& ll = loc["logicalLocations"][0];
    const auto& entry = logical[ll["index"].GetUint()];
    EXPECT_STREQ(entry["name"].GetString(), round.c_str());
    EXPECT_EQ(std::string(entry["fullyQualifiedName"].GetString()), str(props, "orgUnit") + "/" + round);
    std::string chain;
    for (const rapidjson::Value* e = &entry; e->HasMember("parentIndex"); e = &logical[(*e)["parentIndex"].GetUint()])
      chain = std::string(logical[(*e)["parentIndex"].GetUint()]["fullyQualifiedName"].GetString()) + ">" + chain;
    const std::string unit = str(props, "orgUnit");
    EXPECT_EQ(chain.substr(0, chain.find('>')), unit.substr(0, unit.find('/'))) << chain;
    EXPECT_NE(chain.find(unit + ">"), std::string::npos) << chain;
  }
  EXPECT_GT(round_results, 10u);
  EXPECT_TRUE(plugins.count("oslo-hiring-policy"));
  EXPECT_TRUE(plugins.count("representative-involvement"));
  EXPECT_TRUE(plugins.count("interview-call-diversity"));
}

// A run of many findings has its results encoded a batch at a time on
// threads of their own: the results still come in the findings' order, each
// points at the logical location of its own round, the locations are
// numbered in the order the results first use them, and the findings read
// back from disk give the same document as those kept in memory.
TEST(ReportSarif, ManyResultsAreNumberedInOrderOfUse) {
  const std::string dir = temp_dir("sarif-many");
  std::vector<RoundCounts> rounds;
  for (int i = 0; i < 400; ++i)
    rounds.push_back({"R-" + std::to_string(1000 + i), "many/unit-" + std::to_string(i % 7), 12, 10, 2, 12, 4, 1});
  const std::vector<std::string> inputs = {write_rounds_export(dir, "many.jsonl", rounds)};
  std::vector<std::string> args = {"audit", inputs.front(), "--policy", policy_path(), "--plugin-dir",
                                   FAIRAUDIT_TEST_PLUGIN_DIR, "--format", "sarif"};
  const auto in_memory = run_fairaudit(args, "", "", {"FAIRAUDIT_SPILL_FINDINGS=0"});
  const auto on_disk = run_fairaudit(args, "", "", {"FAIRAUDIT_SPILL_FINDINGS=16"});
  args[args.size() - 1] = "json";
  const auto json_run = run_fairaudit(args);
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(in_memory.status == 0 || in_memory.status == 1) << in_memory.err;
  EXPECT_TRUE(on_disk.out == in_memory.out) << "findings kept on disk give another SARIF document";

  const auto doc = parse_json(in_memory.out);
  const auto& run = doc["runs"][0];
  const auto& results = run["results"];
  const auto& logical = run["logicalLocations"];
  ASSERT_GT(results.Size(), 500u) << "too few results to fill several batches";
  std::vector<std::string> fingerprints;
  std::int64_t last_first_use = -1;
  std::set<std::uint64_t> used;
  for (const auto& r : results.GetArray()) {
    fingerprints.push_back(r["partialFingerprints"]["fairauditFinding/v1"].GetString());
    const auto& props = r["properties"];
    const auto& loc = r["locations"][0];
    if (!loc.HasMember("logicalLocations")) continue;
    const auto& ll = loc["logicalLocations"][0];
    const std::uint64_t index = ll["index"].GetUint64();
    ASSERT_LT(index, logical.Size());
    const std::string unit = str(props, "orgUnit");
    const std::string fq = str(props, "scope") == "round" ? unit + "/" + str(props, "roundId") : unit;
    EXPECT_EQ(str(logical[index], "fullyQualifiedName"), fq);
    EXPECT_EQ(str(ll, "fullyQualifiedName"), fq);
    if (used.insert(index).second) {
      EXPECT_GT(std::int64_t(index), last_first_use) << "logical location " << fq << " numbered out of order";
      last_first_use = std::int64_t(index);
    }
  }
  // The JSON report lists the same findings in the same order.
  const auto json = parse_json(json_run.out);
  std::vector<std::string> listed;
  for (const auto& f : json["findings"].GetArray()) listed.push_back(f["fingerprint"].GetString());
  EXPECT_EQ(fingerprints, listed);
}

TEST_F(ReportFormats, SarifAndCsvAreDeterministic) {
  for (const char* f : {"sarif", "csv", "csv-units", "html"})
    EXPECT_EQ(audit_output(inputs_, f, "union"), audit_output(inputs_, f, "union")) << f;
}

// One row per finding and compared group (one row for a finding without
// group comparisons), the group's figures in named numeric columns.
TEST_F(ReportFormats, CsvOneRowPerFindingAndGroup) {
  const std::string csv = audit_output(inputs_, "csv", "representative");
  ASSERT_EQ(csv.rfind("\xEF\xBB\xBF", 0), 0u) << "UTF-8 byte-order mark for spreadsheet programs";
  const auto rows = parse_csv(csv.substr(3), ',');
  const auto json = parse_json(audit_output(inputs_, "json", "representative"));
  const auto& head = rows.front();
  EXPECT_EQ(head[0], "severity");
  EXPECT_EQ(head[1], "rule");
  const auto col = [&](const char* n) { return static_cast<std::size_t>(std::find(head.begin(), head.end(), n) - head.begin()); };
  std::size_t r = 1, grouped = 0;
  for (const auto& f : json["findings"].GetArray()) {
    const auto& ev = f["evidence"];
    const bool has_groups = ev.HasMember("groups") && ev["groups"].IsArray() && ev["groups"].Size() > 0 &&
                            ev["groups"][0].HasMember("rate");
    const rapidjson::SizeType n = has_groups ? ev["groups"].Size() : 1;
    for (rapidjson::SizeType g = 0; g < n; ++g, ++r) {
      ASSERT_LT(r, rows.size());
      ASSERT_EQ(rows[r].size(), head.size()) << "row " << r;
      EXPECT_EQ(rows[r][1], f["rule"].GetString());
      EXPECT_EQ(rows[r][0], f["severity"].GetString());
      EXPECT_EQ(rows[r][6], f["message"].GetString());
      EXPECT_EQ(rows[r][11], f["fingerprint"].GetString());
      if (!has_groups) continue;
      ++grouped;
      const auto& gj = ev["groups"][g];
      EXPECT_EQ(rows[r][col("group")], gj["group"].GetString());
      EXPECT_EQ(std::stoll(rows[r][col("n")]), gj["n"].GetInt64());
      EXPECT_EQ(std::stoll(rows[r][col("selected")]), gj["selected"].GetInt64());
      if (gj["rate"].IsNumber()) {
        EXPECT_NEAR(std::stod(rows[r][col("rate")]), gj["rate"].GetDouble(), 5e-5);
      }
      EXPECT_EQ(rows[r][col("rate_hidden")], "0");
    }
  }
  EXPECT_EQ(r, rows.size());
  EXPECT_GT(grouped, 0u);
  // No cell is the old dump of every key.
  for (const auto& row : rows)
    for (const auto& c : row) EXPECT_LT(c.size(), 2500u);
  // Nordic spreadsheets: ';' as separator gives the same table, its numbers
  // with a decimal comma.
  const auto semi = parse_csv(audit_output(inputs_, "csv", "representative", {"--csv-separator", ";"}).substr(3), ';');
  ASSERT_EQ(semi.size(), rows.size());
  std::size_t decimals = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    ASSERT_EQ(semi[i].size(), rows[i].size());
    for (std::size_t c = 0; c < rows[i].size(); ++c) {
      if (semi[i][c] == rows[i][c]) continue;
      std::string dot = semi[i][c];
      std::replace(dot.begin(), dot.end(), ',', '.');
      EXPECT_TRUE(std::regex_match(rows[i][c], std::regex(R"(\d+\.\d+)"))) << head[c] << ": " << rows[i][c];
      EXPECT_EQ(dot, rows[i][c]) << head[c];
      ++decimals;
    }
  }
  EXPECT_GT(decimals, 0u);
}

TEST_F(ReportFormats, CsvIndicatorTableMatchesTheExport) {
  // Counted here from the raw export: qualified and invited women per unit.
  std::map<std::string, std::pair<long, long>> women;  // unit (and parents) -> qualified, invited
  std::map<std::string, long> rounds;
  for (const auto& in : inputs_) {
    std::istringstream lines(read_file(std::string(FAIRAUDIT_SOURCE_DIR) + "/" + in));
    std::string line;
    while (std::getline(lines, line)) {
      auto d = parse_json(line);
      if (std::string(d["kind"].GetString()) != "round") continue;
      std::string unit = d["org_unit"].GetString();
      std::vector<std::string> units;
      for (std::string u = unit;; u = u.substr(0, u.rfind('/'))) {
        units.push_back(u);
        if (u.find('/') == std::string::npos) break;
      }
      for (const auto& u : units) ++rounds[u];
      for (const auto& a : d["applicants"].GetArray()) {
        if (std::string(a["gender"].GetString()) != "woman") continue;
        bool qualified = a.HasMember("assessment") && std::string(a["assessment"]["outcome"].GetString()) == "qualified";
        bool invited = false;
        for (const auto& e : a["events"].GetArray()) invited = invited || std::string(e["type"].GetString()) == "interview_invited";
        for (const auto& u : units) {
          women[u].first += qualified;
          women[u].second += invited;
        }
      }
    }
  }
  const auto rows = parse_csv(audit_output(inputs_, "csv-units", "internal").substr(3), ',');
  const auto& head = rows.front();
  const auto col = [&](const std::string& n) { return std::find(head.begin(), head.end(), n) - head.begin(); };
  const auto q = col("gender=woman qualified"), inv = col("gender=woman invited"), rate = col("gender=woman invitation_rate");
  ASSERT_LT(static_cast<std::size_t>(rate), head.size());
  ASSERT_EQ(rows.size() - 1, rounds.size());
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const std::string unit = rows[r][0];
    EXPECT_EQ(std::stol(rows[r][col("rounds")]), rounds.at(unit)) << unit;
    EXPECT_EQ(std::stol(rows[r][q]), women[unit].first) << unit;
    EXPECT_EQ(std::stol(rows[r][inv]), women[unit].second) << unit;
    if (women[unit].first > 0) {
      EXPECT_NEAR(std::stod(rows[r][rate]), double(women[unit].second) / women[unit].first, 5e-5) << unit;
    }
  }
  // ';' writes a decimal comma.
  const auto semi = parse_csv(audit_output(inputs_, "csv-units", "internal", {"--csv-separator", ";"}).substr(3), ';');
  ASSERT_EQ(semi.size(), rows.size());
  for (std::size_t r = 1; r < rows.size(); ++r) {
    std::string with_comma = rows[r][rate];
    std::replace(with_comma.begin(), with_comma.end(), '.', ',');
    EXPECT_EQ(semi[r][rate], with_comma);
  }
}

// csv-units keeps each unit's own figures and open findings before the 5
// columns of every declared group; csv-units-long gives those groups as rows
// with the same values, and a flag of its own for each: empty with 1 when
// withheld, a number with 0 when shown, for every audience.
TEST_F(ReportFormats, UnitsLongTableHoldsTheWideTablesGroupsAsRows) {
  for (const char* audience : {"internal", "union"}) {
    SCOPED_TRACE(audience);
    const auto wide = parse_csv(audit_output(inputs_, "csv-units", audience).substr(3), ',');
    const auto tall = parse_csv(audit_output(inputs_, "csv-units-long", audience).substr(3), ',');
    const auto& wh = wide.front();
    // The findings' columns come right after the unit's own ten.
    ASSERT_GT(wh.size(), 14u);
    EXPECT_EQ(wh[10], "open_error");
    EXPECT_EQ(wh[13].substr(wh[13].find(' ') + 1), "open_findings");
    const std::vector<std::string> long_head{"org_unit", "attribute", "group", "qualified", "qualified_hidden",
                                             "invited", "invited_hidden", "invitation_rate",
                                             "invitation_rate_hidden", "invitation_ratio",
                                             "invitation_ratio_hidden"};
    ASSERT_EQ(tall.front(), long_head);
    std::size_t rows = 0, hidden = 0;
    for (std::size_t r = 1; r < wide.size(); ++r)
      for (std::size_t c = 0; c < wh.size(); ++c) {
        if (!wh[c].ends_with(" qualified") || wide[r][c + 4].empty()) continue;  // no such group in the unit
        const std::string group = wh[c].substr(0, wh[c].size() - std::string(" qualified").size());
        const std::string attribute = group.substr(0, group.find('=')), value = group.substr(group.find('=') + 1);
        const auto row = std::find_if(tall.begin() + 1, tall.end(), [&](const auto& t) {
          return t[0] == wide[r][0] && t[1] == attribute && t[2] == value;
        });
        ASSERT_NE(row, tall.end()) << wide[r][0] << " " << group;
        ++rows;
        bool any = false;
        for (int k = 0; k < 4; ++k) {
          const std::string& v = (*row)[3 + 2 * k];
          const std::string& flag = (*row)[4 + 2 * k];
          EXPECT_EQ(v, wide[r][c + k]) << wide[r][0] << " " << group << " " << long_head[3 + 2 * k];
          EXPECT_TRUE(flag == "0" || flag == "1") << flag;
          if (flag == "1") EXPECT_TRUE(v.empty()) << "a withheld value is an empty cell";
          if (flag == "0" && k < 2) EXPECT_FALSE(v.empty()) << "a shown count is there";
          any = any || flag == "1";
        }
        EXPECT_EQ(wide[r][c + 4], any ? "1" : "0") << wide[r][0] << " " << group;
        hidden += any;
      }
    EXPECT_EQ(tall.size() - 1, rows) << "a row of the long table that the wide one does not have";
    EXPECT_GT(rows, 10u);
    if (std::string(audience) == "union") EXPECT_GT(hidden, 0u) << "the fixture has small groups";
  }
}

// One error of representative-involvement with these texts from the export.
run::AuditFinding csv_finding(std::string round_id, std::string org_unit, std::string message) {
  run::AuditFinding af;
  af.plugin = "representative-involvement";
  af.severity = Severity::error;
  af.finding.rule = "representative-involvement/appointed";
  af.finding.round_id = std::move(round_id);
  af.finding.org_unit = std::move(org_unit);
  af.finding.message = std::move(message);
  af.fingerprint = "fp1";
  return af;
}

// A round id from the export is data, never a spreadsheet formula.
TEST(ReportCsv, QuotesAndDefusesFormulas) {
  run::RunResult r;
  run::AuditFinding af =
      csv_finding("=HYPERLINK(\"http://x\")", "oslo/bydel-x", "Line one, with \"quotes\";\nline two: {n}.");
  af.finding.evidence.count("n", 3).text("note", "-1+1");
  r.findings.push_back(af);
  emit::RenderContext ctx;
  ctx.disclosure = emit::Disclosure(emit::Audience::union_, 5);
  for (char sep : {',', ';'}) {
    ctx.csv_separator = sep;
    const auto rows = parse_csv(emit::render_csv(r, ctx).substr(3), sep);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[1][5], "'=HYPERLINK(\"http://x\")");
    EXPECT_EQ(rows[1][6], "Line one, with \"quotes\";\nline two: <5.");
    EXPECT_EQ(rows[1].back(), "n=<5; note=-1+1");  // details: the evidence without a column of its own
  }
}

// Control characters from the export reach a spreadsheet escaped, whatever
// else the cell holds; Nordic letters, tabs and line breaks stay as they are.
TEST(ReportCsv, EscapesControlsAndKeepsLetters) {
  run::RunResult r;
  // ESC, a C1 CSI and DEL; a tab and a carriage return; letters and a
  // RIGHT-TO-LEFT OVERRIDE, alone in its cell.
  r.findings.push_back(csv_finding("R\x1b[2J-\xC2\x9B-\x7F", "Tøyen\tbydel\r", "Søkere: Åse, Ærlig\xE2\x80\xAE"));
  emit::RenderContext ctx;
  ctx.disclosure = emit::Disclosure(emit::Audience::union_, 5);
  const std::string csv = emit::render_csv(r, ctx);
  for (const char* raw : {"\x1b", "\xC2\x9B", "\xE2\x80\xAE", "\x7F"})
    EXPECT_EQ(csv.find(raw), std::string::npos) << "a raw control character in the CSV";
  for (std::size_t at = csv.find('\r'); at != std::string::npos; at = csv.find('\r', at + 1))
    EXPECT_EQ(csv[at + 1], '\n') << "a carriage return that does not end a row";
  const auto rows = parse_csv(csv.substr(3), ',');
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1][5], "R\\u001b[2J-\\u009b-\\u007f");
  EXPECT_EQ(rows[1][4], "Tøyen\tbydel\\u000d");
  EXPECT_EQ(rows[1][6], "Søkere: Åse, Ærlig\\u202e");  // quoted for its comma, letters as they are
}

TEST_F(ReportFormats, HtmlIsSelfContained) {
  const std::string html = audit_output(inputs_, "html", "representative");
  ASSERT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  // Nothing to fetch: no external scripts, styles, fonts or images, and a
  // policy that forbids any request.
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find(" src="), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
  std::regex url(R"((https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,})");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), url); it != std::sregex_iterator(); ++it)
    EXPECT_EQ(it->str(), "http://www.w3.org") << "network reference in the report";  // the SVG namespace only
  EXPECT_NE(html.find("Content-Security-Policy\" content=\"default-src 'none'"), std::string::npos);
  // Every chart has a title, a text alternative and the figures behind it.
  // Found by hand rather than by std::regex: its lazy `.*?` recurses once per
  // character, and a chart of many units is longer than the stack allows.
  std::size_t charts = 0;
  const std::string open = "<figure class=\"chart\" id=\"", close = "</figure>";
  for (std::size_t at = html.find(open); at != std::string::npos; at = html.find(open, at + 1)) {
    ++charts;
    const std::size_t id_end = html.find('"', at + open.size());
    const std::size_t end = html.find(close, at);
    ASSERT_NE(id_end, std::string::npos);
    ASSERT_NE(end, std::string::npos);
    const std::string id = html.substr(at + open.size(), id_end - at - open.size());
    const std::string f = html.substr(id_end, end - id_end);
    EXPECT_NE(f.find("<figcaption class=\"chart-title\">"), std::string::npos) << id;
    EXPECT_NE(f.find("role=\"img\""), std::string::npos) << id;
    EXPECT_NE(f.find("<title id="), std::string::npos) << id;
    EXPECT_NE(f.find("<desc id="), std::string::npos) << id;
    EXPECT_NE(f.find("<table>"), std::string::npos) << id;
  }
  EXPECT_GT(charts, 6u);
  for (const char* id : {"chart-rate-gender-invited", "chart-funnel-gender", "chart-involvement"})
    EXPECT_NE(html.find(std::string("id=\"") + id + "\""), std::string::npos) << id;
  // The rule texts with their legal basis.
  const InProcess p = audit_in_process(inputs_, emit::Audience::representative);
  for (const auto& [id, info] : p.ctx.rules) {
    const auto at = html.find("<h3>" + id + "</h3>", html.find("<section id=\"rules\">"));
    ASSERT_NE(at, std::string::npos) << id;
    const auto end = html.find("</article>", at);
    EXPECT_NE(html.substr(at, end - at).find(emit::html_escape(info.basis)), std::string::npos) << id;
  }
  EXPECT_NE(html.find("@media print"), std::string::npos);
}

TEST_F(ReportFormats, HtmlSummaryCountsMatchTheJson) {
  const std::string html = audit_output(inputs_, "html", "representative");
  const auto json = parse_json(audit_output(inputs_, "json", "representative"));
  const auto summary = [&](const std::string& key) {
    std::smatch m;
    std::regex re("data-summary=\"" + key + "\">([^<]*)<");
    return std::regex_search(html, m, re) ? m[1].str() : std::string("(absent)");
  };
  EXPECT_EQ(summary("rounds"), std::to_string(json["run"]["counts"]["rounds"].GetUint64()));
  EXPECT_EQ(summary("applications"), std::to_string(json["run"]["counts"]["applications"].GetUint64()));
  EXPECT_EQ(summary("findings"), std::to_string(json["summary"]["findings"].GetUint64()));
  for (const char* s : {"error", "warning", "note"})
    EXPECT_EQ(summary(s), std::to_string(json["summary"][s].GetUint64())) << s;
  std::size_t articles = 0;
  for (auto p = html.find("<article class=\"finding "); p != std::string::npos; p = html.find("<article class=\"finding ", p + 1))
    ++articles;
  EXPECT_EQ(articles, json["findings"].Size());
}

// Above the threshold (FAIRAUDIT_HTML_FULL_FINDINGS, 20,000 by default; 10
// here) the report is its summary form: the same summary, each unit's open
// findings counted by rule, and the first findings by severity in full. The
// per-unit counts add up to the JSON's findings of each unit, the top ones
// are the JSON's errors first, and the findings kept on disk give the same
// page as those kept in memory.
TEST_F(ReportFormats, HtmlOfALargeRunIsItsSummaryForm) {
  std::vector<std::string> args = {"audit"};
  args.insert(args.end(), inputs_.begin(), inputs_.end());
  args.insert(args.end(), {"--policy", policy_path(), "--plugin-dir", FAIRAUDIT_TEST_PLUGIN_DIR, "--format", "html"});
  const auto summary = run_fairaudit(args, "", "", {"FAIRAUDIT_HTML_FULL_FINDINGS=10", "FAIRAUDIT_SPILL_FINDINGS=0"});
  const auto spilled = run_fairaudit(args, "", "", {"FAIRAUDIT_HTML_FULL_FINDINGS=10", "FAIRAUDIT_SPILL_FINDINGS=4"});
  const auto full = run_fairaudit(args);
  ASSERT_TRUE(summary.status == 0 || summary.status == 1) << summary.err;
  EXPECT_TRUE(spilled.out == summary.out) << "findings kept on disk give another summary page";
  const std::string& html = summary.out;
  const auto json = parse_json(audit_output(inputs_, "json", "representative"));
  ASSERT_GT(json["findings"].Size(), 10u);

  EXPECT_EQ(full.out.find("data-summary=\"summary-form\""), std::string::npos) << "a small run keeps the full form";
  EXPECT_NE(html.find("data-summary=\"summary-form\""), std::string::npos);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(html, m, std::regex("This run has (\\d+) findings")));
  EXPECT_EQ(m[1].str(), std::to_string(json["findings"].Size()));
  // Everything above the findings is the same as the full form's.
  EXPECT_EQ(html.substr(0, html.find("<section id=\"findings\">")),
            full.out.substr(0, full.out.find("<section id=\"findings\">")));

  // Open findings per unit: each unit's section sums to the JSON's count of its findings.
  std::map<std::string, std::uint64_t> by_unit;
  for (const auto& f : json["findings"].GetArray())
    ++by_unit[f.HasMember("org_unit") && f["org_unit"].IsString() ? f["org_unit"].GetString() : ""];
  const std::string per_unit = html.substr(html.find("<h3>Open findings per unit</h3>"),
                                           html.find("<h3>Top findings</h3>") - html.find("<h3>Open findings per unit</h3>"));
  std::map<std::string, std::uint64_t> shown;
  const std::regex section("<section class=\"unit\" data-unit=\"([^\"]*)\">(.*?)</section>");
  const std::regex cell("<td data-kind=\"findings\" class=\"num\">(\\d+)</td>");
  for (auto it = std::sregex_iterator(per_unit.begin(), per_unit.end(), section); it != std::sregex_iterator(); ++it) {
    const std::string body = (*it)[2].str();
    for (auto c = std::sregex_iterator(body.begin(), body.end(), cell); c != std::sregex_iterator(); ++c)
      shown[(*it)[1].str()] += std::stoull((*c)[1].str());
  }
  EXPECT_EQ(shown, by_unit);

  // Top findings: every finding in full here (fewer than 200), errors first.
  const std::string top = html.substr(html.find("<h3>Top findings</h3>"));
  std::vector<std::string> severities;
  const std::regex article("<article class=\"finding (error|warning|note)");
  for (auto it = std::sregex_iterator(top.begin(), top.end(), article); it != std::sregex_iterator(); ++it)
    severities.push_back((*it)[1].str());
  EXPECT_EQ(severities.size(), json["findings"].Size());
  auto rank = [](const std::string& s) { return s == "error" ? 0 : s == "warning" ? 1 : 2; };
  EXPECT_TRUE(std::is_sorted(severities.begin(), severities.end(),
                             [&](const std::string& a, const std::string& b) { return rank(a) < rank(b); }));
}

// The four-fifths verdict of the indicator table is exact: 4 of 5 is not
// below four-fifths of 5 of 5, 3 of 5 is (UGESP Q&A 12).
TEST(ReportUnits, FourFifthsInIntegers) {
  emit::Disclosure d(emit::Audience::internal, 5);
  auto rates = emit::rates_by_group({{"gender=man", {5, 5}}, {"gender=woman", {5, 4}}, {"gender=other", {5, 3}},
                                     {"gender=declined", {4, 0}}},
                                    d);
  EXPECT_TRUE(rates.at("gender=man").reference);
  EXPECT_FALSE(rates.at("gender=woman").adverse);
  EXPECT_TRUE(rates.at("gender=other").adverse);
  EXPECT_FALSE(rates.count("gender=declined")) << "declined is not a group to compare";
  EXPECT_DOUBLE_EQ(*rates.at("gender=other").ratio, 0.6);
  emit::Disclosure u(emit::Audience::union_, 5);
  auto hidden = emit::rates_by_group({{"gender=man", {5, 5}}, {"gender=woman", {5, 4}}}, u);
  EXPECT_TRUE(hidden.at("gender=woman").withheld);  // 4 invited women: a small count
  EXPECT_FALSE(hidden.at("gender=woman").rate);
}

}  // namespace
}  // namespace fairaudit::testing::report
