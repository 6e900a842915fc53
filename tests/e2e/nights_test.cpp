// Nights in a row, on the real executable: a bad night is refused and never
// rewrites history; a mistyped selection names what was meant; a flat export
// audited through its mapping is located in its own rows under a stable name;
// a cron job's stderr carries one summary line; every format counts the same;
// SARIF for code scanning leaves resolved findings out and marks reviews as
// suppressions.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "support/cli.hpp"
#include "support/json.hpp"
#include "test_paths.hpp"

using namespace fairaudit::testing;
namespace fs = std::filesystem;

namespace {

const std::string kSource = FAIRAUDIT_SOURCE_DIR;
const std::string kExport = "fixtures/oslo/export.jsonl";
const std::string kPolicy = "policies/oslo-kommune.json";
const std::string kFlat = "fixtures/ats/webcruiter/export.csv";
const std::string kMapping = "policies/mappings/webcruiter-no.json";
const std::string kFlatPolicy = "fixtures/ats/webcruiter/policy.json";

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);)
    if (!l.empty()) out.push_back(l);
  return out;
}

std::string join(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += l + "\n";
  return s;
}

std::string plural(std::uint64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// "7 errors, 12 warnings, 0 notes", as the reports write counts.
std::string severities(std::uint64_t e, std::uint64_t w, std::uint64_t n) {
  return plural(e, "error", "errors") + ", " + plural(w, "warning", "warnings") + ", " + plural(n, "note", "notes");
}

std::vector<std::string> fixture_lines() { return lines_of(read_file(kSource + "/" + kExport)); }

std::size_t rounds_in(const std::vector<std::string>& lines) {
  std::size_t n = 0;
  for (const auto& l : lines) n += l.find("\"kind\":\"round\"") != std::string::npos;
  return n;
}

// The first `keep` rounds of the fixture and every unit record.
std::vector<std::string> first_rounds(std::size_t keep) {
  std::vector<std::string> out;
  std::size_t rounds = 0;
  for (const auto& l : fixture_lines()) {
    const bool round = l.find("\"kind\":\"round\"") != std::string::npos;
    if (round && ++rounds > keep) continue;
    out.push_back(l);
  }
  return out;
}

// A policy extending the shipped Oslo policy with `guard` settings.
std::string policy_with_guard(const std::string& dir, const std::string& guard) {
  const std::string p = dir + "/policy.json";
  write_file(p, "{\"policy\": \"oslo-kommune\", \"version\": \"test\", \"extends\": \"" + kSource + "/" + kPolicy +
                    "\", \"guard\": " + guard + "}");
  return p;
}

CliResult night(const std::string& input, const std::string& store, std::vector<std::string> extra = {},
                const std::string& policy = kPolicy) {
  std::vector<std::string> args = {"audit", input, "--policy", policy, "--store", store, "--format", "json"};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_fairaudit(args);
}

// The newest stored run's id ("" when there is none) and its baseline.
std::string latest_run(const std::string& store) {
  auto r = run_fairaudit({"report", "--store", store, "--format", "json"});
  if (r.status != 0) return "";
  auto d = parse_json(r.out);
  return d["baseline"]["run"].GetString();
}

std::string sha256_of(const std::string& path) {
  // An independent reference: coreutils' sha256sum.
  std::string cmd = "sha256sum '" + path + "'";
  std::FILE* p = popen(cmd.c_str(), "r");
  if (!p) return "";
  char buf[128] = {0};
  std::string out = std::fgets(buf, sizeof buf, p) ? std::string(buf) : std::string();
  pclose(p);
  return out.substr(0, 64);
}

// First and last physical line of each round's records in a `;`-separated
// CSV whose first column is the round id, counting line breaks inside quoted
// fields as the spreadsheet does: an independent reading of the sample.
std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> round_rows(const std::string& csv) {
  std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> out;
  std::uint64_t line = 1, start = 1;
  bool quoted = false, first_field = true, header = true;
  std::string field;
  for (char c : csv) {
    if (c == '"') quoted = !quoted;
    if (!quoted && (c == ';' || c == '\n') && first_field) {
      std::string id = field;
      if (!header && !id.empty()) {
        auto [it, fresh] = out.emplace(id, std::make_pair(start, start));
        if (!fresh) it->second.second = start;
      }
      first_field = false;
    }
    if (first_field) field += c;
    if (c == '\n') {
      ++line;
      if (!quoted) {
        start = line;
        first_field = true;
        field.clear();
        header = false;
      }
    }
  }
  return out;
}

}  // namespace

// ---------------------------------------------------------------- a night never rewrites history

TEST(Nights, AnEmptyExportAfterAGoodNightIsRefusedAndTheNextGoodNightReportsNothingNew) {
  const std::string dir = temp_dir("nights-empty");
  const std::string store = dir + "/nightly.db";
  auto first = night(kExport, store);
  ASSERT_TRUE(first.status == 0 || first.status == 1) << first.err;
  const auto known = parse_json(first.out)["summary"]["findings"].GetUint64();
  ASSERT_GT(known, 0u);

  write_file(dir + "/empty.jsonl", "");
  auto empty = night(dir + "/empty.jsonl", store, {"--output", dir + "/empty.json"});
  EXPECT_EQ(empty.status, 2) << empty.err;
  EXPECT_NE(empty.err.find("no valid round"), std::string::npos) << empty.err;
  EXPECT_NE(empty.err.find("not stored"), std::string::npos) << empty.err;
  EXPECT_FALSE(fs::exists(dir + "/empty.json")) << "a refused night writes no output";
  EXPECT_EQ(latest_run(store), "1") << "the empty night was stored";
  // --strict refuses it the same way.
  EXPECT_EQ(night(dir + "/empty.jsonl", store, {"--strict"}).status, 2);

  auto next = night(kExport, store);
  EXPECT_EQ(next.status, 0) << "a good night after a refused one: nothing new, exit 0\n" << next.err;
  auto d = parse_json(next.out);
  EXPECT_EQ(d["baseline"]["new"].GetUint64(), 0u);
  EXPECT_EQ(d["baseline"]["resolved"].GetUint64(), 0u);
  EXPECT_EQ(d["baseline"]["persisting"].GetUint64(), known);
  EXPECT_STREQ(d["baseline"]["previous_run"].GetString(), "1");
  fs::remove_all(dir);
}

TEST(Nights, ACsvWithoutItsMappingIsRefusedAndTheMappingIsSuggested) {
  auto r = run_fairaudit({"audit", kFlat, "--policy", kFlatPolicy});
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.err.find("no valid round"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--mapping"), std::string::npos) << r.err;
  // What the file seems to be, as validate says it.
  EXPECT_NE(r.err.find("looks like a delimited text file"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  // Never an applicant's data in the message: the sample's placeholder names
  // and addresses are in the rejected lines.
  EXPECT_EQ(r.err.find("Nordmann"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("@example.com"), std::string::npos) << r.err;
}

TEST(Nights, ADropInRoundsPastThePolicysThresholdIsRefusedUnlessAccepted) {
  const std::string dir = temp_dir("nights-drop");
  const std::string store = dir + "/nightly.db";
  const auto all = fixture_lines();
  const std::size_t total = rounds_in(all);
  ASSERT_EQ(total, 28u);
  ASSERT_NE(night(kExport, store).status, 2);

  // 13 of 28 rounds: a drop of 15/28 = 53.6%, more than the default 50%.
  write_file(dir + "/collapsed.jsonl", join(first_rounds(13)));
  auto refused = night(dir + "/collapsed.jsonl", store);
  EXPECT_EQ(refused.status, 2) << refused.err;
  EXPECT_NE(refused.err.find("13 valid rounds against 28 in run 1"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("a drop of 53.6%"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("guard.max_round_drop of 50.0%"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("--accept-drop"), std::string::npos) << refused.err;
  EXPECT_EQ(latest_run(store), "1");

  // 14 of 28 is a drop of exactly 50%: not more than the threshold.
  write_file(dir + "/half.jsonl", join(first_rounds(14)));
  auto half = night(dir + "/half.jsonl", store, {"--fail-on", "never"});
  EXPECT_EQ(half.status, 0) << half.err;
  EXPECT_EQ(latest_run(store), "2");

  // From 14 to 6 (57%): refused, then stored with --accept-drop.
  write_file(dir + "/six.jsonl", join(first_rounds(6)));
  EXPECT_EQ(night(dir + "/six.jsonl", store).status, 2);
  EXPECT_EQ(latest_run(store), "2");
  auto accepted = night(dir + "/six.jsonl", store, {"--accept-drop", "--fail-on", "never"});
  EXPECT_EQ(accepted.status, 0) << accepted.err;
  EXPECT_EQ(latest_run(store), "3");

  // The threshold is the policy's: at 0.9 a drop from 6 to 1 (83%) passes,
  // and policy show prints it.
  const std::string lenient = policy_with_guard(dir, "{\"max_round_drop\": 0.9}");
  write_file(dir + "/one.jsonl", join(first_rounds(1)));
  auto passes = night(dir + "/one.jsonl", store, {"--fail-on", "never"}, lenient);
  EXPECT_EQ(passes.status, 0) << passes.err;
  auto show = parse_json(run_fairaudit({"policy", "show", lenient}).out);
  EXPECT_DOUBLE_EQ(show["guard"]["max_round_drop"].GetDouble(), 0.9);
  EXPECT_DOUBLE_EQ(show["guard"]["max_rejected_share"].GetDouble(), 0.02);
  auto bad = run_fairaudit({"policy", "check", policy_with_guard(dir, "{\"max_round_drop\": 1.5}")});
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("guard.max_round_drop: 1.5 is out of range (0 to 1)"), std::string::npos) << bad.err;
  fs::remove_all(dir);
}

TEST(Nights, ShareOfRejectedLinesAboveThePolicysThresholdIsRefused) {
  const std::string dir = temp_dir("nights-rejected");
  auto lines = fixture_lines();
  ASSERT_EQ(lines.size(), 32u);
  lines.push_back("{\"kind\":\"round\",\"schema\":1,\"round_id\":");  // 1 bad line of 33: 3.0%
  write_file(dir + "/export.jsonl", join(lines));
  auto refused = run_fairaudit({"audit", dir + "/export.jsonl", "--policy", kPolicy, "--store", dir + "/s.db"});
  EXPECT_EQ(refused.status, 2) << refused.err;
  EXPECT_NE(refused.err.find("1 of 33 lines were rejected (3.0%), more than the policy's guard.max_rejected_share of 2.0%"),
            std::string::npos)
      << refused.err;
  EXPECT_EQ(latest_run(dir + "/s.db"), "");
  // Up to the policy's share the bad line is reported and the rest audited.
  auto ok = run_fairaudit({"audit", dir + "/export.jsonl", "--policy",
                           policy_with_guard(dir, "{\"max_rejected_share\": 0.05}"), "--format", "json"});
  EXPECT_TRUE(ok.status == 0 || ok.status == 1) << ok.err;
  EXPECT_EQ(parse_json(ok.out)["run"]["counts"]["rejected_lines"].GetUint64(), 1u);
  fs::remove_all(dir);
}

// The refusal is said in the reader's language, numbers in its form, as
// the rest of the run's messages.
TEST(Nights, TheRefusalIsInTheReadersLanguage) {
  const std::string dir = temp_dir("nights-refusal-lang");
  auto lines = fixture_lines();
  lines.push_back("{\"kind\":\"round\",\"schema\":1,\"round_id\":");  // 1 bad line of 33: 3.0%
  write_file(dir + "/export.jsonl", join(lines));
  const auto nb = run_fairaudit({"audit", dir + "/export.jsonl", "--policy", kPolicy, "--lang", "nb"});
  EXPECT_EQ(nb.status, 2) << nb.err;
  EXPECT_NE(nb.err.find("1 av 33 linjer ble avvist (3,0%), mer enn policyens guard.max_rejected_share på 2,0%"),
            std::string::npos)
      << nb.err;
  EXPECT_NE(nb.err.find("avslutningsstatus 2"), std::string::npos) << nb.err;
  write_file(dir + "/empty.jsonl", "");
  const auto sv = run_fairaudit({"audit", dir + "/empty.jsonl", "--policy", kPolicy, "--lang", "sv"});
  EXPECT_EQ(sv.status, 2) << sv.err;
  EXPECT_NE(sv.err.find("exporten ger ingen giltig rekrytering: 0 rader lästa, 0 avvisade"), std::string::npos)
      << sv.err;
  const auto da = run_fairaudit({"audit", dir + "/empty.jsonl", "--policy", kPolicy, "--lang", "da"});
  EXPECT_NE(da.err.find("eksporten giver ingen gyldig ansættelsessag"), std::string::npos) << da.err;
  EXPECT_EQ(da.err.find("the export"), std::string::npos) << da.err;
  fs::remove_all(dir);
}

TEST(Nights, ThroughAMappingTheShareIsOfTheFlatExportsRows) {
  // One of the Webcruiter sample's 15 application rows holds an e-mail
  // address in its application id column: the row is rejected (its value
  // never shown): 1 of 15 rows (6.7%) is more than 2%.
  const std::string dir = temp_dir("nights-rows");
  std::string csv = read_file(kSource + "/" + kFlat);
  const auto at = csv.find("wc-0118-02");
  ASSERT_NE(at, std::string::npos);
  csv.replace(at, std::string("wc-0118-02").size(), "someone@example.org");
  write_file(dir + "/export.csv", csv);
  auto refused = run_fairaudit({"audit", dir + "/export.csv", "--mapping", kMapping, "--policy", kFlatPolicy});
  EXPECT_EQ(refused.status, 2) << refused.err;
  EXPECT_NE(refused.err.find("1 of 15 rows of the flat export were rejected (6.7%)"), std::string::npos)
      << refused.err;
  EXPECT_EQ(refused.err.find("someone@example.org"), std::string::npos) << "the value was echoed";
  EXPECT_TRUE(refused.out.empty());
  fs::remove_all(dir);
}

TEST(Nights, UnknownVocabularyUnderStrictExitsTwo) {
  // The Webcruiter sample has one status the mapping does not know ("Venter
  // på svar", fixtures/ats/README.md).
  auto lax = run_fairaudit({"audit", kFlat, "--mapping", kMapping, "--policy", kFlatPolicy, "--fail-on", "never"});
  EXPECT_EQ(lax.status, 0) << lax.err;
  EXPECT_NE(lax.err.find("values the mapping does not know"), std::string::npos) << lax.err;
  auto strict =
      run_fairaudit({"audit", kFlat, "--mapping", kMapping, "--policy", kFlatPolicy, "--fail-on", "never", "--strict"});
  EXPECT_EQ(strict.status, 2) << strict.err;
  EXPECT_NE(strict.err.find("--strict"), std::string::npos) << strict.err;
  EXPECT_NE(strict.err.find("is not in the mapping's vocabulary"), std::string::npos) << strict.err;
  EXPECT_NE(strict.err.find(kFlat + ":"), std::string::npos) << "names the row\n" << strict.err;
  EXPECT_TRUE(strict.out.empty());
  auto convert = run_fairaudit({"convert", "--mapping", kMapping, kFlat, "--strict"});
  EXPECT_EQ(convert.status, 2) << convert.err;
}

TEST(Nights, ASelectionThatMatchesNothingExitsTwoAndNamesTheNearestIds) {
  auto typo = run_fairaudit({"audit", kExport, "--policy", kPolicy, "--round", "OSL-BGO-2026-O101"});
  EXPECT_EQ(typo.status, 2) << typo.out;
  EXPECT_TRUE(typo.out.empty()) << typo.out;
  EXPECT_NE(typo.err.find("--round OSL-BGO-2026-O101 matches no round of the export; the nearest round ids: "
                          "OSL-BGO-2026-0101, "),
            std::string::npos)
      << typo.err;

  auto unit = run_fairaudit({"audit", kExport, "--policy", kPolicy, "--org-unit", "oslo/bydel-stovnr"});
  EXPECT_EQ(unit.status, 2);
  EXPECT_NE(unit.err.find("the nearest org units: oslo/bydel-stovner"), std::string::npos) << unit.err;

  // With a store nothing is stored either.
  const std::string dir = temp_dir("nights-select");
  EXPECT_EQ(night(kExport, dir + "/s.db", {"--round", "OSL-BGO-2026-0199"}).status, 2);
  EXPECT_EQ(latest_run(dir + "/s.db"), "");
  fs::remove_all(dir);

  // The example of `fairaudit --help` names a round of the fixture, and works.
  auto help = run_fairaudit({"--help"});
  std::smatch m;
  ASSERT_TRUE(std::regex_search(help.out, m, std::regex("fairaudit audit (\\S+) --round (\\S+)"))) << help.out;
  EXPECT_EQ(m[1].str(), kExport);
  auto example = run_fairaudit({"audit", m[1].str(), "--round", m[2].str()});
  EXPECT_TRUE(example.status == 0 || example.status == 1) << example.err;
  EXPECT_NE(example.out.find("Round " + m[2].str()), std::string::npos) << example.out;
}

// ---------------------------------------------------------------- provenance

TEST(Nights, AFlatExportsFindingsNameItsFileAndTheRowsOfTheRound) {
  const std::string tmp = temp_dir("nights-tmp");
  auto r = run_fairaudit({"audit", kFlat, "--mapping", kMapping, "--policy", kFlatPolicy, "--format", "json",
                          "--fail-on", "never"},
                         "", "", {"TMPDIR=" + tmp});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.find(tmp), std::string::npos) << "the temporary canonical file is named";
  EXPECT_EQ(r.out.find("fairaudit-export-"), std::string::npos);
  auto d = parse_json(r.out);
  const auto rows = round_rows(read_file(kSource + "/" + kFlat));
  ASSERT_EQ(rows.size(), 3u);
  int located = 0;
  std::string found_round;  // a round with a finding, for the CSV below
  for (const auto& f : d["findings"].GetArray()) {
    if (!f["round_id"].IsString()) continue;
    if (found_round.empty()) found_round = f["round_id"].GetString();
    const auto& want = rows.at(f["round_id"].GetString());
    EXPECT_STREQ(f["location"]["file"].GetString(), kFlat.c_str());
    EXPECT_EQ(f["location"]["line"].GetUint64(), want.first) << f["round_id"].GetString();
    ASSERT_TRUE(f["location"].HasMember("end_line"));
    EXPECT_EQ(f["location"]["end_line"].GetUint64(), want.second) << f["round_id"].GetString();
    ++located;
  }
  // Two rounds of the sample have findings under its policy (a minority
  // interview and an attendance finding).
  EXPECT_GE(located, 2);
  // CSV: the file, the first row and the last row in their columns.
  auto csv = run_fairaudit({"audit", kFlat, "--mapping", kMapping, "--policy", kFlatPolicy, "--format", "csv",
                            "--fail-on", "never"});
  EXPECT_NE(csv.out.find(",file,line,end_line,fingerprint,"), std::string::npos) << csv.out.substr(0, 300);
  ASSERT_FALSE(found_round.empty());
  const auto& span = rows.at(found_round);
  EXPECT_NE(csv.out.find("," + kFlat + "," + std::to_string(span.first) + "," + std::to_string(span.second) + ","),
            std::string::npos)
      << csv.out;
  ASSERT_EQ(d["run"]["inputs"].Size(), 1u);
  EXPECT_STREQ(d["run"]["inputs"][0]["path"].GetString(), kFlat.c_str());
  EXPECT_EQ(std::string(d["run"]["inputs"][0]["sha256"].GetString()), sha256_of(kSource + "/" + kFlat));
  EXPECT_TRUE(fs::is_empty(tmp));
  fs::remove_all(tmp);
}

TEST(Nights, SarifUrisAreStableAcrossNightsWithDatedAndTemporaryNames) {
  const std::string a = temp_dir("nights-a"), b = temp_dir("nights-b");
  fs::create_directories(a + "/ats");
  fs::create_directories(b + "/ats");
  fs::copy_file(kSource + "/" + kFlat, a + "/ats/export-2026-05-04.csv");
  fs::copy_file(kSource + "/" + kFlat, b + "/ats/export-2026-05-05.csv");
  auto sarif = [&](const std::string& file, const std::string& tmp, std::vector<std::string> extra) {
    std::vector<std::string> args = {"audit", file, "--mapping", kMapping, "--policy", kFlatPolicy,
                                     "--format", "sarif", "--fail-on", "never"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_fairaudit(args, "", "", {"TMPDIR=" + tmp});
  };
  const std::string t1 = temp_dir("nights-t1"), t2 = temp_dir("nights-t2");
  auto n1 = sarif(a + "/ats/export-2026-05-04.csv", t1, {"--artifact-name", "ats/export.csv"});
  auto n2 = sarif(b + "/ats/export-2026-05-05.csv", t2, {"--artifact-name", "ats/export.csv"});
  ASSERT_EQ(n1.status, 0) << n1.err;
  ASSERT_EQ(n2.status, 0) << n2.err;
  EXPECT_EQ(n1.out, n2.out) << "two nights of the same data differ in their SARIF";
  auto d = parse_json(n1.out);
  const auto& run = d["runs"][0];
  EXPECT_STREQ(run["artifacts"][0]["location"]["uri"].GetString(), "ats/export.csv");
  const auto rows = round_rows(read_file(kSource + "/" + kFlat));
  for (const auto& res : run["results"].GetArray()) {
    const auto& loc = res["locations"][0]["physicalLocation"];
    EXPECT_STREQ(loc["artifactLocation"]["uri"].GetString(), "ats/export.csv");
    if (res["properties"].HasMember("roundId")) {
      const auto& want = rows.at(res["properties"]["roundId"].GetString());
      EXPECT_EQ(loc["region"]["startLine"].GetUint64(), want.first);
      EXPECT_EQ(loc["region"]["endLine"].GetUint64(), want.second);
    }
  }
  // --source-root: the path below the root, whatever the root is called.
  auto r1 = sarif(a + "/ats/export-2026-05-04.csv", t1, {"--source-root", a});
  ASSERT_EQ(r1.status, 0) << r1.err;
  EXPECT_STREQ(parse_json(r1.out)["runs"][0]["artifacts"][0]["location"]["uri"].GetString(), "ats/export-2026-05-04.csv");
  auto outside = sarif(a + "/ats/export-2026-05-04.csv", t1, {"--source-root", b});
  EXPECT_EQ(outside.status, 2);
  EXPECT_NE(outside.err.find("is not under --source-root"), std::string::npos) << outside.err;
  for (const auto& t : {t1, t2}) EXPECT_TRUE(fs::is_empty(t));
  for (const auto& x : {a, b, t1, t2}) fs::remove_all(x);
}

// ---------------------------------------------------------------- cron

TEST(Nights, OutputToAFileLeavesOneSummaryLineOnStderr) {
  const std::string dir = temp_dir("nights-summary");
  auto first = run_fairaudit({"audit", kExport, "--policy", kPolicy, "--store", dir + "/s.db", "--format", "sarif",
                              "-o", dir + "/n.sarif"});
  ASSERT_EQ(first.status, 1) << first.err;
  auto lines = lines_of(first.err);
  ASSERT_EQ(lines.size(), 1u) << first.err;
  auto json = parse_json(run_fairaudit({"report", "--store", dir + "/s.db", "--format", "json"}).out);
  const auto& s = json["summary"];
  const std::string counts =
      severities(s["error"].GetUint64(), s["warning"].GetUint64(), s["note"].GetUint64());
  const std::string want = "fairaudit: run 1 of oslo-kommune: 28 rounds, " +
                           plural(s["findings"].GetUint64(), "finding", "findings") + " (" + counts +
                           "); new (first run): " + counts + "; exit 1: new findings at or above 'error'";
  EXPECT_EQ(lines[0], want);

  // The next night, one round less: nothing new, exit 0, and the line says so.
  auto fewer = fixture_lines();
  std::erase_if(fewer, [](const std::string& l) { return l.find("OSL-BST-2026-0303") != std::string::npos; });
  write_file(dir + "/next.jsonl", join(fewer));
  auto next = run_fairaudit({"audit", dir + "/next.jsonl", "--policy", kPolicy, "--store", dir + "/s.db", "--format",
                             "sarif", "-o", dir + "/n.sarif"});
  EXPECT_EQ(next.status, 0) << next.err;
  lines = lines_of(next.err);
  ASSERT_EQ(lines.size(), 1u) << next.err;
  EXPECT_TRUE(std::regex_match(lines[0], std::regex("fairaudit: run 2 of oslo-kommune: 27 rounds, \\d+ findings "
                                                    "\\(.*\\); new since run 1: 0 errors, 0 warnings, 0 notes; "
                                                    "exit 0: no new finding at or above 'error'")))
      << lines[0];
  // Without -o the report itself is on stdout and stderr stays empty.
  auto to_stdout = run_fairaudit({"audit", kExport, "--policy", kPolicy, "--format", "json"});
  EXPECT_TRUE(to_stdout.err.empty()) << to_stdout.err;
  fs::remove_all(dir);
}

TEST(Nights, EveryFormatCountsTheSameFindings) {
  // A stored run with a suppressed error: every format's summary counts the
  // open findings by severity and the suppressed one apart, and the HTML
  // table by rule sums to its own tiles.
  const std::string dir = temp_dir("nights-counts");
  const std::string store = dir + "/s.db";
  ASSERT_EQ(night(kExport, store).status, 1);
  auto first = parse_json(run_fairaudit({"report", "--store", store, "--format", "json"}).out);
  std::string fp;
  for (const auto& f : first["findings"].GetArray())
    if (std::string(f["severity"].GetString()) == "error") {
      fp = f["fingerprint"].GetString();
      break;
    }
  ASSERT_FALSE(fp.empty());
  ASSERT_EQ(run_fairaudit({"review", "set", fp, "--store", store, "--state", "suppressed", "--role", "union",
                           "--justification", "Agreed exception"})
                .status,
            0);
  ASSERT_EQ(night(kExport, store).status, 0);

  auto render = [&](const char* format) { return run_fairaudit({"report", "--store", store, "--format", format}).out; };
  auto json = parse_json(render("json"));
  const auto& s = json["summary"];
  const std::uint64_t findings = s["findings"].GetUint64(), errors = s["error"].GetUint64(),
                      warnings = s["warning"].GetUint64(), notes = s["note"].GetUint64();
  EXPECT_EQ(s["suppressed"].GetUint64(), 1u);
  EXPECT_EQ(findings, errors + warnings + notes);
  EXPECT_EQ(findings + 1, json["findings"].Size());

  const std::string text = render("text");
  const std::string counts =
      plural(findings, "finding", "findings") + ": " + severities(errors, warnings, notes) + "; 1 suppressed";
  EXPECT_NE(text.find(counts), std::string::npos) << text.substr(0, 600);

  auto sarif = parse_json(render("sarif"));
  const auto& c = sarif["runs"][0]["properties"]["counts"];
  EXPECT_EQ(c["findings"].GetUint64(), findings);
  EXPECT_EQ(c["error"].GetUint64(), errors);
  EXPECT_EQ(c["warning"].GetUint64(), warnings);
  EXPECT_EQ(c["note"].GetUint64(), notes);
  EXPECT_EQ(c["suppressed"].GetUint64(), 1u);

  const std::string html = render("html");
  auto tile = [&](const std::string& key) {
    std::smatch m;
    const std::regex re("data-summary=\"" + key + "\">(\\d+)<");
    return std::regex_search(html, m, re) ? std::stoull(m[1].str()) : ~0ull;
  };
  EXPECT_EQ(tile("findings"), findings);
  EXPECT_EQ(tile("error"), errors);
  EXPECT_EQ(tile("warning"), warnings);
  EXPECT_EQ(tile("note"), notes);
  EXPECT_EQ(tile("suppressed"), 1u);
  // The table "Findings by rule": its errors, warnings and notes columns.
  const auto table_at = html.find("Findings by rule");
  ASSERT_NE(table_at, std::string::npos);
  const std::string table = html.substr(table_at, html.find("</table>", table_at) - table_at);
  std::uint64_t sums[3] = {0, 0, 0};
  const std::regex row("<tr><t[dh][^>]*>[^<]*</t[dh]><td[^>]*>(\\d+)</td><td[^>]*>(\\d+)</td><td[^>]*>(\\d+)</td>");
  for (auto it = std::sregex_iterator(table.begin(), table.end(), row); it != std::sregex_iterator(); ++it)
    for (int i = 0; i < 3; ++i) sums[i] += std::stoull((*it)[i + 1].str());
  EXPECT_EQ(sums[0], errors);
  EXPECT_EQ(sums[1], warnings);
  EXPECT_EQ(sums[2], notes);
  // The store keeps no per-unit figures: the report says so, and no chart
  // says there were no rates or no verdicts.
  EXPECT_NE(html.find("data-summary=\"not-kept\""), std::string::npos);
  EXPECT_EQ(html.find("there are no rates to compare"), std::string::npos);
  EXPECT_EQ(html.find("No round gave a verdict on"), std::string::npos);
  EXPECT_EQ(html.find("data-summary=\"units\""), std::string::npos) << "a tile of 0 units";
  fs::remove_all(dir);
}

// ---------------------------------------------------------------- SARIF for code scanning

TEST(Nights, SarifLeavesResolvedFindingsOutAndMarksReviewsAsSuppressions) {
  const std::string dir = temp_dir("nights-sarif");
  const std::string store = dir + "/s.db";
  ASSERT_EQ(night(kExport, store).status, 1);
  auto first = parse_json(run_fairaudit({"report", "--store", store, "--format", "json"}).out);
  // One finding suppressed, one disputed, one round gone the next night.
  std::vector<std::string> kept;
  for (const auto& f : first["findings"].GetArray())
    if (f["round_id"].IsString() && std::string(f["round_id"].GetString()) != "OSL-BST-2026-0303")
      kept.push_back(f["fingerprint"].GetString());
  ASSERT_GE(kept.size(), 2u);
  const std::string suppressed = kept[0], disputed = kept[1];
  ASSERT_EQ(run_fairaudit({"review", "set", suppressed, "--store", store, "--state", "suppressed", "--role", "union",
                           "--justification", "Agreed in the MBU meeting"})
                .status,
            0);
  ASSERT_EQ(run_fairaudit({"review", "set", disputed, "--store", store, "--state", "disputed", "--role", "hr",
                           "--justification", "The applicant withdrew"})
                .status,
            0);
  auto fewer = fixture_lines();
  std::erase_if(fewer, [](const std::string& l) { return l.find("OSL-BST-2026-0303") != std::string::npos; });
  write_file(dir + "/next.jsonl", join(fewer));
  ASSERT_EQ(night(dir + "/next.jsonl", store).status, 0);

  auto sarif = parse_json(run_fairaudit({"report", "--store", store, "--format", "sarif"}).out);
  const auto& run = sarif["runs"][0];
  ASSERT_GT(run["properties"]["baseline"]["resolved"].GetUint64(), 0u);
  std::map<std::string, std::string> status;
  for (const auto& r : run["results"].GetArray()) {
    EXPECT_STRNE(r["baselineState"].GetString(), "absent") << "a resolved finding is a result";
    if (r["suppressions"].Size())
      status[r["partialFingerprints"]["fairauditFinding/v1"].GetString()] = r["suppressions"][0]["status"].GetString();
  }
  EXPECT_EQ(status, (std::map<std::string, std::string>{{suppressed, "accepted"}, {disputed, "underReview"}}));

  auto with = parse_json(
      run_fairaudit({"report", "--store", store, "--format", "sarif", "--include-resolved"}).out);
  std::uint64_t absent = 0;
  for (const auto& r : with["runs"][0]["results"].GetArray())
    if (std::string(r["baselineState"].GetString()) == "absent") {
      ++absent;
      EXPECT_STREQ(r["kind"].GetString(), "pass");
      EXPECT_STREQ(r["level"].GetString(), "none");
    }
  EXPECT_EQ(absent, run["properties"]["baseline"]["resolved"].GetUint64());

  // A stored run rendered from disk (as a run of many findings is, one
  // finding per chunk or a few) is the run rendered from memory, byte for
  // byte, in every format, with the resolved findings and the reviews; the
  // first night (no earlier run) too.
  for (const char* run_id : {"latest", "1"})
    for (const char* format : {"text", "json", "sarif", "csv", "html"})
      for (const bool resolved : {false, true}) {
        std::vector<std::string> args = {"report", "--store", store, "--run", run_id, "--format", format};
        if (resolved) args.push_back("--include-resolved");
        auto in_memory = run_fairaudit(args, "", "", {"FAIRAUDIT_SPILL_FINDINGS=0"});
        ASSERT_EQ(in_memory.status, 0) << format << in_memory.err;
        ASSERT_FALSE(in_memory.out.empty());
        for (const char* chunk : {"1", "7"}) {
          auto on_disk = run_fairaudit(args, "", "", {std::string("FAIRAUDIT_SPILL_FINDINGS=") + chunk});
          EXPECT_EQ(on_disk.status, 0) << on_disk.err;
          EXPECT_TRUE(on_disk.out == in_memory.out)
              << "run " << run_id << ", " << format << (resolved ? " --include-resolved" : "") << ", chunks of "
              << chunk << ": the report from disk differs from the report from memory";
        }
      }

  // Every rule's helpUri is its entry in the shipped docs.
  const std::string rules_doc = read_file(kSource + "/docs/rules.md");
  for (const auto& rule : run["tool"]["driver"]["rules"].GetArray()) {
    ASSERT_TRUE(rule.HasMember("helpUri")) << rule["id"].GetString();
    const std::string uri = rule["helpUri"].GetString(), id = rule["id"].GetString();
    EXPECT_EQ(uri.rfind("file:///", 0), 0u) << uri;
    EXPECT_EQ(uri.substr(uri.size() - id.size() - 10), "/rules.md#" + id) << uri;
    EXPECT_NE(rules_doc.find("<a id=\"" + id + "\"></a>"), std::string::npos) << id << " has no entry in docs/rules.md";
  }
  fs::remove_all(dir);
}

// docs/rules.md, where every helpUri points, has an entry for every rule of
// every shipped plugin (scripts/rules-doc.py BUILD_DIR writes it after a rule
// is added).
TEST(Nights, TheRuleIndexHasEveryRule) {
  auto r = run_fairaudit({"rules", "--format", "json"});
  ASSERT_EQ(r.status, 0) << r.err;
  auto rules = parse_json(r.out);
  const std::string doc = read_file(kSource + "/docs/rules.md");
  ASSERT_GT(rules.Size(), 10u);
  for (const auto& rule : rules.GetArray()) {
    const std::string id = rule["id"].GetString();
    EXPECT_NE(doc.find("<a id=\"" + id + "\"></a>"), std::string::npos)
        << id << " has no entry in docs/rules.md: run scripts/rules-doc.py BUILD_DIR";
  }
}
