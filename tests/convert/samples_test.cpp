// The shipped mappings on their sample exports (fixtures/ats/), through the
// real executable: each sample converts to exactly its canonical twin, and
// `fairaudit audit --mapping` finds in the sample exactly what `fairaudit
// audit` finds in the twin, which is also the twin's golden file.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <ostream>
#include <set>

#include "support/cli.hpp"
#include "support/json.hpp"
#include "test_paths.hpp"

using namespace fairaudit::testing;
namespace fs = std::filesystem;

namespace {

struct Layout {
  const char* dir;
  const char* mapping;
  const char* flat;
};

// Names the parameter in test listings (ctest shows it).
void PrintTo(const Layout& l, std::ostream* os) { *os << l.dir; }

const Layout kLayouts[] = {
    {"webcruiter", "policies/mappings/webcruiter-no.json", "export.csv"},
    {"varbi", "policies/mappings/varbi-se.json", "export.csv"},
    {"greenhouse", "policies/mappings/greenhouse-en.json", "export.json"},
    {"emply", "policies/mappings/emply-dk.json", "export.csv"},
    {"reachmee", "policies/mappings/reachmee-se.json", "export.csv"},  // last: tests index the others
};

// The index of a layout in kLayouts, by folder.
std::size_t layout(const char* dir) {
  for (std::size_t i = 0; i < std::size(kLayouts); ++i)
    if (std::string(kLayouts[i].dir) == dir) return i;
  return 0;
}

std::string path(const Layout& l, const std::string& file) { return std::string("fixtures/ats/") + l.dir + "/" + file; }

std::string sha256sum(const std::string& file) {
  std::FILE* p = popen(("sha256sum '" + file + "'").c_str(), "r");
  if (!p) return "";
  char buf[128] = {0};
  std::string out = std::fgets(buf, sizeof buf, p) ? std::string(buf) : std::string();
  pclose(p);
  return out.substr(0, 64);
}

// The findings without their locations: a finding from the flat export names
// the flat file and its rows, one from the twin the twin's line; everything
// else must be the same.
std::string findings_without_location(rapidjson::Document& d) {
  for (auto& f : d["findings"].GetArray()) f.RemoveMember("location");
  return json_text(d["findings"]);
}

CliResult audit(const Layout& l, bool flat, std::vector<std::string> env = {}) {
  std::vector<std::string> args = {"audit", path(l, flat ? l.flat : "canonical.jsonl"), "--policy",
                                   path(l, "policy.json"), "--format", "json", "--audience", "internal",
                                   "--fail-on", "never"};
  if (flat) {
    args.push_back("--mapping");
    args.push_back(l.mapping);
  }
  return run_fairaudit(args, "", "", env);
}

const rapidjson::Value* finding(const rapidjson::Document& d, const std::string& rule, const std::string& round) {
  for (const auto& f : d["findings"].GetArray())
    if (f["rule"].GetString() == rule && f["round_id"].IsString() && f["round_id"].GetString() == round) return &f;
  return nullptr;
}

std::set<std::string> findings_of(const rapidjson::Document& d, const std::string& plugin) {
  std::set<std::string> out;
  for (const auto& f : d["findings"].GetArray()) {
    std::string rule = f["rule"].GetString();
    if (rule.rfind(plugin + "/", 0) == 0)
      out.insert(rule + "@" + (f["round_id"].IsString() ? f["round_id"].GetString() : f["org_unit"].GetString()));
  }
  return out;
}

}  // namespace

class Sample : public ::testing::TestWithParam<Layout> {};

TEST_P(Sample, ConvertsToExactlyItsCanonicalTwin) {
  const Layout& l = GetParam();
  auto r = run_fairaudit({"convert", "--mapping", l.mapping, path(l, l.flat)});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, read_file(std::string(FAIRAUDIT_SOURCE_DIR) + "/" + path(l, "canonical.jsonl"))) << r.err;
  // Every column of the sample is either read or dropped on purpose.
  EXPECT_EQ(r.err.find("columns the mapping does not read"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("rejected:"), std::string::npos) << r.err;
}

TEST_P(Sample, AuditOfTheFlatExportFindsWhatTheAuditOfTheTwinFinds) {
  const Layout& l = GetParam();
  const std::string tmp = temp_dir("sample-tmp");
  auto flat = audit(l, true, {"TMPDIR=" + tmp});
  auto canon = audit(l, false);
  ASSERT_EQ(flat.status, 0) << flat.err;
  ASSERT_EQ(canon.status, 0) << canon.err;
  auto a = parse_json(flat.out), b = parse_json(canon.out);
  EXPECT_EQ(findings_without_location(a), findings_without_location(b));
  EXPECT_EQ(json_text(a["rules"]), json_text(b["rules"]));
  EXPECT_EQ(json_text(a["summary"]), json_text(b["summary"]));
  // The run's input is the flat file itself, by its own name and SHA-256
  // (coreutils' sha256sum as the reference), never the converted file.
  EXPECT_EQ(std::string(a["run"]["inputs"][0]["path"].GetString()), path(l, l.flat));
  EXPECT_EQ(std::string(a["run"]["inputs"][0]["sha256"].GetString()),
            sha256sum(std::string(FAIRAUDIT_SOURCE_DIR) + "/" + path(l, l.flat)));
  // The conversion report went to stderr; the temporary canonical file is gone.
  EXPECT_NE(flat.err.find("fairaudit convert: mapping"), std::string::npos) << flat.err;
  EXPECT_TRUE(fs::is_empty(tmp)) << "a temporary file was left in " << tmp;
  fs::remove_all(tmp);
}

TEST_P(Sample, TheTwinsFindingsAreItsGoldenFile) {
  const Layout& l = GetParam();
  auto r = audit(l, false);
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string golden = std::string(FAIRAUDIT_SOURCE_DIR) + "/" + path(l, "expected.json");
  if (std::getenv("FAIRAUDIT_UPDATE_GOLDEN")) write_file(golden, r.out);
  auto got = parse_json(r.out), want = parse_json(read_file(golden));
  ASSERT_TRUE(want.IsObject()) << "missing " << golden << " (FAIRAUDIT_UPDATE_GOLDEN=1 writes it)";
  for (const char* part : {"findings", "rules", "summary"})
    EXPECT_EQ(json_text(got[part]), json_text(want[part])) << part << " differ from " << golden;
}

INSTANTIATE_TEST_SUITE_P(Ats, Sample, ::testing::ValuesIn(kLayouts),
                         [](const auto& info) { return std::string(info.param.dir); });

// What each sample plants (fixtures/ats/README.md), checked on the findings of
// the flat export itself.

TEST(SampleFindings, WebcruiterPlantsOneOsloAndOneRepresentativeBreach) {
  auto r = audit(kLayouts[0], true);
  ASSERT_EQ(r.status, 0) << r.err;
  auto d = parse_json(r.out);
  EXPECT_EQ(findings_of(d, "oslo-hiring-policy"),
            (std::set<std::string>{"oslo-hiring-policy/minority-interview@WC-2026-0118"}));
  EXPECT_EQ(findings_of(d, "representative-involvement"),
            (std::set<std::string>{"representative-involvement/attended-interview@WC-2026-0121"}));
  const auto* attended = finding(d, "representative-involvement/attended-interview", "WC-2026-0121");
  ASSERT_NE(attended, nullptr);
  EXPECT_STREQ((*attended)["severity"].GetString(), "error");
  // The status word the mapping does not know is reported, once, with its count and row.
  EXPECT_NE(r.err.find("applicant.status (column \"Status\"): a value of 14 characters (not shown): 1 row (first at "
                       "fixtures/ats/webcruiter/export.csv:13)"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("Venter"), std::string::npos) << "a value outside the vocabulary was echoed";
  // Names, e-mail addresses and phone numbers were in dropped columns: counted, never read.
  EXPECT_NE(r.err.find("\"Navn\": 15 rows with a value"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("Nordmann"), std::string::npos);
  EXPECT_EQ(r.out.find("example.com"), std::string::npos);
}

TEST(SampleFindings, VarbiPlantsAGenderDisparityInInterviewCalls) {
  auto r = audit(kLayouts[1], true);
  ASSERT_EQ(r.status, 0) << r.err;
  auto d = parse_json(r.out);
  const auto* f = finding(d, "interview-call-diversity/selection-rate-disparity", "VB-4711");
  ASSERT_NE(f, nullptr) << r.out.substr(0, 2000);
  // Practically and statistically significant in one round: interview-call-
  // diversity's round_severity, warning by default.
  EXPECT_STREQ((*f)["severity"].GetString(), "warning");
  const auto& g = (*f)["evidence"]["groups"][0];
  EXPECT_STREQ(g["group"].GetString(), "woman");
  EXPECT_EQ(g["n"].GetInt(), 10);
  EXPECT_EQ(g["selected"].GetInt(), 2);
  EXPECT_EQ(g["reference_selected"].GetInt(), 8);
  EXPECT_DOUBLE_EQ(g["impact_ratio"].GetDouble(), 0.25);
  // Fisher's exact test, two-sided, on [[2, 8], [8, 2]]: the tables at least
  // as extreme hold 0–2 or 8–10 of the ten selections in the first row,
  // sum C(10,k)^2 over those k / C(20,10) = 4252 / 184756 (R: fisher.test
  // gives 0.02301).
  EXPECT_NEAR(g["fisher_p_two_sided"].GetDouble(), 4252.0 / 184756.0, 1e-12);
  EXPECT_EQ(finding(d, "interview-call-diversity/selection-rate-disparity", "VB-4712"), nullptr);
  // The status word the mapping does not know, by its length and row, never quoted.
  EXPECT_NE(r.err.find("applicant.status (column \"Status\"): a value of 15 characters (not shown): 1 row"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("Referenstagning"), std::string::npos) << r.err;
}

TEST(SampleFindings, GreenhouseKeepsDeclinedAnswersApart) {
  auto r = audit(kLayouts[2], true);
  ASSERT_EQ(r.status, 0) << r.err;
  auto d = parse_json(r.out);
  // "Decline To Self Identify" (in two spellings and in capitals) is declined,
  // never "no": 4 of 12 applicants, above the 0.2 threshold.
  const auto* u = finding(d, "interview-call-diversity/unknown-share", "4010001");
  ASSERT_NE(u, nullptr);
  EXPECT_STREQ((*u)["evidence"]["attribute"].GetString(), "gender");
  EXPECT_EQ((*u)["evidence"]["unknown_count"].GetInt(), 4);
  EXPECT_EQ((*u)["evidence"]["breakdown"]["declined"].GetInt(), 4);
  // Disability: 0 of 5 who declared one invited, 5 of 6 who did not. Fisher
  // two-sided on [[0, 5], [5, 1]]: P(k) = C(5,k) C(6,5-k) / C(11,5) with
  // C(11,5) = 462; the tables no more likely than the observed (6/462) are
  // k = 0 and k = 5 (1/462): p = 7/462.
  const auto* s = finding(d, "interview-call-diversity/selection-rate-disparity", "4010002");
  ASSERT_NE(s, nullptr);
  bool disability = false;
  for (const auto& f : d["findings"].GetArray()) {
    if (std::string(f["rule"].GetString()) != "interview-call-diversity/selection-rate-disparity") continue;
    if (std::string(f["evidence"]["attribute"].GetString()) != "disability") continue;
    disability = true;
    EXPECT_STREQ(f["severity"].GetString(), "warning");  // both gates in one round
    const auto& g = f["evidence"]["groups"][0];
    EXPECT_STREQ(g["group"].GetString(), "yes");
    EXPECT_EQ(g["selected"].GetInt(), 0);
    EXPECT_NEAR(g["fisher_p_two_sided"].GetDouble(), 7.0 / 462.0, 1e-12);
  }
  EXPECT_TRUE(disability);
  // Race and veteran status are dropped, not mapped to anything.
  EXPECT_NE(r.err.find("\"Race\": 24 rows with a value"), std::string::npos) << r.err;
}

TEST(ConvertCli, StrictWithARejectedRowWritesNothing) {
  const std::string dir = temp_dir("convert-strict");
  std::string csv = read_file(std::string(FAIRAUDIT_SOURCE_DIR) + "/fixtures/ats/webcruiter/export.csv");
  auto pos = csv.find("wc-0118-02");
  ASSERT_NE(pos, std::string::npos);
  csv.replace(pos, 10, "01017010170");  // a fødselsnummer where the application id belongs
  write_file(dir + "/e.csv", csv);
  const std::string out = dir + "/out.jsonl";
  auto r = run_fairaudit({"convert", "--mapping", "policies/mappings/webcruiter-no.json", dir + "/e.csv", "--output",
                          out, "--strict"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("column \"Søknads-ID\" holds what looks like a direct identifier (no-fodselsnummer)"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("01017010170"), std::string::npos);
  EXPECT_FALSE(fs::exists(out));
  // Without --strict the row is left out and the rest converted.
  r = run_fairaudit(
      {"convert", "--mapping", "policies/mappings/webcruiter-no.json", dir + "/e.csv", "--output", out});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("1 of 15 rows rejected"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(out).find("01017010170"), std::string::npos);
  fs::remove_all(dir);
}

TEST(ConvertCli, MappingErrorsNameTheFileAndKey) {
  const std::string dir = temp_dir("convert-map");
  write_file(dir + "/m.json", R"({"mapping": "m", "version": "1", "round": {"round_id": "A", "org_unit": "B",
    "jurisdiction": {"value": "SE"}, "closes": "C"}, "applicant": {"id": "D"}})");
  auto r = run_fairaudit({"convert", "--mapping", dir + "/m.json", "fixtures/ats/varbi/export.csv"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find(dir + "/m.json: round.closes: unknown key"), std::string::npos) << r.err;
  fs::remove_all(dir);
}

// fixtures/ats/emply: the applicant invoking fortrinsadgang in EM-2026-031
// (rank 3, meets the formal requirements) is never called; the one in
// EM-2026-044 is. The layout carries no documents, so the explanation to the
// jobcenter is "not recorded in this export", never a breach.
TEST(SampleFindings, EmplyPlantsOneFortrinsadgangBreach) {
  auto r = audit(kLayouts[layout("emply")], true);
  ASSERT_EQ(r.status, 0) << r.err;
  auto d = parse_json(r.out);
  EXPECT_EQ(findings_of(d, "dk-priority-access"),
            (std::set<std::string>{"dk-priority-access/interview-call@EM-2026-031"}));
  const auto* f = finding(d, "dk-priority-access/interview-call", "EM-2026-031");
  ASSERT_NE(f, nullptr);
  EXPECT_STREQ((*f)["severity"].GetString(), "error");
  EXPECT_EQ(d["rules"]["dk-priority-access/explanation-before-filling"]["insufficient_data"].GetUint64(), 2u);
  EXPECT_EQ(d["rules"]["dk-priority-access/interview-call"]["complies"].GetUint64(), 1u);
}

// audit --mapping: a row the mapping rejects is a rejected line of the run,
// counted in rejected_lines and listed with its flat file and row, like a
// bad line of a JSON Lines export (and never echoing the value).
TEST(ConvertCli, AuditThroughAMappingCountsRejectedRowsAsRejectedLines) {
  const std::string dir = temp_dir("samples-rejected");
  const std::string source = FAIRAUDIT_SOURCE_DIR;
  std::string csv = read_file(source + "/fixtures/ats/webcruiter/export.csv");
  const auto at = csv.find("wc-0118-02");
  ASSERT_NE(at, std::string::npos);
  csv.replace(at, std::string("wc-0118-02").size(), "someone@example.org");
  write_file(dir + "/export.csv", csv);
  write_file(dir + "/policy.json", "{\"policy\": \"ats-sample-webcruiter\", \"version\": \"test\", \"extends\": \"" +
                                       source + "/fixtures/ats/webcruiter/policy.json\", \"guard\": "
                                       "{\"max_rejected_share\": 0.5}}");
  auto r = run_fairaudit({"audit", dir + "/export.csv", "--mapping", "policies/mappings/webcruiter-no.json",
                          "--policy", dir + "/policy.json", "--format", "json", "--fail-on", "never"});
  ASSERT_EQ(r.status, 0) << r.err;
  rapidjson::Document d;
  d.Parse(r.out.c_str());
  ASSERT_FALSE(d.HasParseError()) << r.out.substr(0, 300);
  EXPECT_EQ(d["run"]["counts"]["rejected_lines"].GetUint64(), 1u) << r.out.substr(0, 600);
  ASSERT_TRUE(d["rejected"].IsArray());
  ASSERT_EQ(d["rejected"].Size(), 1u);
  EXPECT_EQ(std::string(d["rejected"][0]["file"].GetString()), dir + "/export.csv");
  EXPECT_GT(d["rejected"][0]["line"].GetUint64(), 1u);
  EXPECT_EQ(r.out.find("someone@example.org"), std::string::npos);
  EXPECT_EQ(r.err.find("someone@example.org"), std::string::npos);
  std::filesystem::remove_all(dir);
}
