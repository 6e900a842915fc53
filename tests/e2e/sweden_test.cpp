// End to end on the Swedish fixture (fixtures/sweden/README.md): the real
// executable with policies/sweden-kommun.json finds exactly the planted
// breaches, as the golden file records them.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <set>
#include <string>
#include <tuple>

#include "support/cli.hpp"
#include "support/json.hpp"
#include "test_paths.hpp"

using namespace fairaudit::testing;

namespace {

CliResult audit_sweden(const std::string& format) {
  return run_fairaudit({"audit", "fixtures/sweden/export.jsonl", "--policy", "policies/sweden-kommun.json",
                        "--format", format, "--audience", "internal"});
}

}  // namespace

TEST(Sweden, FindingsMatchTheGoldenFile) {
  auto r = audit_sweden("json");
  ASSERT_EQ(r.status, 1) << r.err;  // error-level findings: the active-measures breaches
  auto got = parse_json(r.out);
  auto want = parse_json(read_file(std::string(FAIRAUDIT_SOURCE_DIR) + "/fixtures/sweden/expected.json"));
  for (const char* part : {"findings", "rules", "summary"}) EXPECT_EQ(json_text(got[part]), json_text(want[part])) << part;
}

// The README's list, one by one: (rule, org unit, round or year).
TEST(Sweden, ExactlyThePlantedBreaches) {
  auto r = audit_sweden("json");
  auto got = parse_json(r.out);
  std::set<std::tuple<std::string, std::string, std::string>> found;
  for (const auto& f : got["findings"].GetArray()) {
    std::string where = f["round_id"].IsString() ? f["round_id"].GetString()
                        : f["evidence"].HasMember("year") ? std::to_string(f["evidence"]["year"].GetInt())
                                                         : "";
    found.insert({f["rule"].GetString(), f["org_unit"].GetString(), where});
  }
  const std::set<std::tuple<std::string, std::string, std::string>> planted{
      {"se-active-measures/four-steps", "norrvik", "2026"},
      {"se-active-measures/all-grounds", "norrvik", "2026"},
      {"se-active-measures/written-documentation", "norrvik", "2026"},
      {"se-active-measures/cooperation", "norrvik", "2024"},
      {"representative-involvement/recommendation-in-time", "norrvik/socialforvaltningen", "NRV-SOC-2026-02"},
      {"representative-involvement/invited-before-interviews", "norrvik/barn-och-utbildningsforvaltningen",
       "NRV-BUF-2026-03"},
      // The process rules of nordic-base.json.
      {"panel-composition/panel-size", "norrvik/samhallsbyggnadsforvaltningen", "NRV-SBF-2026-02"},
      {"panel-composition/panel-gender-mix", "norrvik/samhallsbyggnadsforvaltningen", "NRV-SBF-2026-02"},
      {"rejection-reasons/reason-recorded", "norrvik/barn-och-utbildningsforvaltningen", "NRV-BUF-2026-01"},
  };
  EXPECT_EQ(found, planted);
}

// The per-unit table compares the employers' active-measures records with
// each other: norrvik's 2024–2026 records, its harbour company's one.
TEST(Sweden, UnitTableCountsTheActiveMeasuresRecordsPerEmployer) {
  // The policy's language is Swedish; the columns are read here by their
  // English names (a spreadsheet in Swedish is the rendering tests' part).
  auto r = run_fairaudit({"audit", "fixtures/sweden/export.jsonl", "--policy", "policies/sweden-kommun.json",
                          "--format", "csv-units", "--audience", "internal", "--lang", "en"});
  ASSERT_EQ(r.status, 1) << r.err;
  const std::string header = r.out.substr(0, r.out.find('\n'));
  EXPECT_NE(header.find("active_measures_records,active_measures_complied"), std::string::npos) << header;
  // norrvik: 2024, 2025 and 2026 recruitment records give four-steps verdicts
  // (2026 breaches); the pay record is not applicable and not counted.
  // (applications, then its flag column: 0, shown.)
  EXPECT_NE(r.out.find("\nnorrvik,3,9,54,0,9,8,0.8889,3,2,"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\nnorrvik-hamn,0,0,0,0,0,0,,1,1,"), std::string::npos) << r.out;
}

// The Swedish policy names its language: a förtroendevald or HR adviser who
// runs the README's line reads the report in Swedish without --lang, and
// --lang still chooses another.
TEST(Sweden, TheReportIsInTheLanguageThePolicyNames) {
  auto sv = run_fairaudit({"audit", "fixtures/sweden/export.jsonl", "--policy", "policies/sweden-kommun.json"});
  ASSERT_EQ(sv.status, 1) << sv.err;
  EXPECT_NE(sv.out.find("rekrytering NRV-BUF-2026-01"), std::string::npos) << sv.out.substr(0, 800);
  EXPECT_EQ(sv.out.find("round NRV-BUF-2026-01"), std::string::npos);
  auto en = run_fairaudit(
      {"audit", "fixtures/sweden/export.jsonl", "--policy", "policies/sweden-kommun.json", "--lang", "en"});
  EXPECT_NE(en.out.find("round NRV-BUF-2026-01"), std::string::npos) << en.out.substr(0, 800);
}
