// The Danish fixture and the Danish ingest profile, on the real executable:
// fixtures/denmark/export.jsonl finds exactly the breaches its README
// plants, and a Danish export carrying an ethnicity field has that record
// refused — line, field and reason named, nothing of it in any output.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "support/cli.hpp"
#include "support/json.hpp"
#include "test_paths.hpp"

using namespace fairaudit::testing;

namespace denmark_test {
namespace {

const std::string kExport = "fixtures/denmark/export.jsonl";
const std::string kPolicy = "policies/denmark-kommune.json";
const std::string kGolden = "fixtures/denmark/expected.json";

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

TEST(Denmark, FixtureFindingsMatchTheGoldenFile) {
  auto r = run_fairaudit({"audit", kExport, "--policy", kPolicy, "--format", "json", "--audience", "internal"});
  ASSERT_TRUE(r.status == 0 || r.status == 1) << r.err;
  auto got = parse_json(r.out);
  auto want = parse_json(read_file(std::string(FAIRAUDIT_SOURCE_DIR) + "/" + kGolden));
  ASSERT_TRUE(want.IsObject()) << "missing golden file " << kGolden << " (scripts/update-golden.sh writes it)";
  for (const char* part : {"findings", "rules", "summary"}) {
    ASSERT_TRUE(got.HasMember(part));
    EXPECT_EQ(json_text(got[part]), json_text(want[part])) << part << " differ from " << kGolden;
  }
  EXPECT_EQ(got["run"]["counts"]["rejected_lines"].GetUint64(), 0u);
}

// The README's table of planted breaches, one finding each and no other.
TEST(Denmark, FixtureFindsExactlyThePlantedBreaches) {
  const std::set<std::pair<std::string, std::string>> planted = {
      {"dk-priority-access/interview-call", "HVK-SOS-2026-02"},
      {"dk-priority-access/explanation-before-filling", "HVK-BU-2026-01"},
      {"dk-priority-access/explanation-before-filling", "HVK-BU-2026-02"},
      {"representative-involvement/recommendation-in-time", "HVK-TM-2026-01"},
      {"representative-involvement/attended-interview", "HVK-TM-2026-02"},
      {"representative-involvement/appointed", "HVK-KB-2026-01"},
      {"representative-involvement/routine-documented", ""},  // the unit hvidstrand/kultur-og-borgerservice/bibliotek
  };
  auto r = run_fairaudit({"audit", kExport, "--policy", kPolicy, "--format", "json", "--audience", "internal"});
  ASSERT_EQ(r.status, 1) << r.err;  // errors are among them
  auto got = parse_json(r.out);
  std::set<std::pair<std::string, std::string>> found;
  for (const auto& f : got["findings"].GetArray()) {
    const std::string round = f.HasMember("round_id") && f["round_id"].IsString() ? f["round_id"].GetString() : "";
    EXPECT_TRUE(found.emplace(f["rule"].GetString(), round).second) << "twice: " << f["rule"].GetString() << " " << round;
  }
  EXPECT_EQ(found, planted);
  // The rounds the README says are not a breach, because the export cannot
  // tell: formal requirements not recorded (BU-04), priority access not
  // recorded (KB-04).
  EXPECT_EQ(got["rules"]["dk-priority-access/interview-call"]["insufficient_data"].GetUint64(), 2u);
}

// A copy of the fixture with an ethnicity field in one round: in
// applicants[2].self_id of HVK-BU-2026-01 (line 9), which plants a breach of
// its own, and a field named in Danish in a second round (line 10).
struct Tainted {
  std::string dir, export_path, policy_path;
};

Tainted tainted() {
  Tainted t;
  t.dir = temp_dir("denmark-ethnicity");
  auto lines = lines_of(read_file(std::string(FAIRAUDIT_SOURCE_DIR) + "/" + kExport));
  EXPECT_EQ(lines.size(), 20u);
  const std::string self = "\"self_id\":{";
  // Line 9: the third applicant's self_id gains immigrant_background.
  std::size_t at = 0;
  for (int k = 0; k < 3; ++k) at = lines[8].find(self, at) + self.size();
  lines[8].insert(at, "\"immigrant_background\":\"yes\",");
  // Line 10: an extension field "Etnicitet" on the round.
  lines[9].insert(lines[9].size() - 1, ",\"Etnicitet\":\"MARKER-10\"");
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  t.export_path = t.dir + "/eksport.jsonl";
  write_file(t.export_path, out);
  // Room for the two refused lines of twenty (the guard refuses more than 2%).
  t.policy_path = t.dir + "/lenient.json";
  write_file(t.policy_path, "{\"policy\": \"denmark-kommune\", \"version\": \"test\", \"extends\": \"" +
                                std::string(FAIRAUDIT_SOURCE_DIR) + "/" + kPolicy +
                                "\", \"guard\": {\"max_rejected_share\": 0.2}}");
  return t;
}

TEST(Denmark, AnEthnicityFieldIsRefusedWithTheLineTheFieldAndTheReason) {
  const Tainted t = tainted();
  auto r = run_fairaudit({"validate", t.export_path});  // no policy: no profile, both lines are valid
  EXPECT_EQ(r.status, 0) << r.out;
  // validate --policy checks as the Danish audit will: the same two lines
  // refused, named by line and field, with no value.
  r = run_fairaudit({"validate", t.export_path, "--policy", t.policy_path});
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find(":9: applicants[2].self_id.immigrant_background: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(":10: Etnicitet: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("; 2 bad"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("MARKER-10"), std::string::npos) << r.out;
  r = run_fairaudit({"audit", t.export_path, "--policy", t.policy_path, "--format", "json", "--audience", "internal"});
  ASSERT_EQ(r.status, 1) << r.err;
  auto got = parse_json(r.out);
  ASSERT_EQ(got["rejected"].Size(), 2u);
  const auto& first = got["rejected"][0];
  EXPECT_EQ(first["line"].GetUint64(), 9u);
  EXPECT_EQ(std::string(first["path"].GetString()), "applicants[2].self_id.immigrant_background");
  EXPECT_NE(std::string(first["message"].GetString()).find("forskelsbehandlingsloven § 4"), std::string::npos);
  const auto& second = got["rejected"][1];
  EXPECT_EQ(second["line"].GetUint64(), 10u);
  EXPECT_EQ(std::string(second["path"].GetString()), "Etnicitet");
  // The rest of the export is audited: the other 14 rounds, and the planted
  // breaches of the rounds that were not refused.
  EXPECT_EQ(got["run"]["counts"]["rounds"].GetUint64(), 14u);
  bool other = false;
  for (const auto& f : got["findings"].GetArray())
    if (f.HasMember("round_id") && f["round_id"].IsString() && std::string(f["round_id"].GetString()) == "HVK-SOS-2026-02")
      other = true;
  EXPECT_TRUE(other);
}

TEST(Denmark, NothingOfARefusedRecordReachesAnyOutput) {
  const Tainted t = tainted();
  // What identifies the two records: their round ids, their applicants'
  // pseudonymous ids, and the values of the refused fields.
  std::vector<std::string> secret = {"HVK-BU-2026-01", "HVK-BU-2026-02", "MARKER-10"};
  {
    const auto lines = lines_of(read_file(t.export_path));
    for (int n : {8, 9}) {
      for (std::size_t at = lines[n].find("\"id\":\""); at != std::string::npos;
           at = lines[n].find("\"id\":\"", at + 1))
        secret.push_back(lines[n].substr(at + 6, 8));
    }
  }
  ASSERT_GT(secret.size(), 10u);
  for (const char* format : {"text", "json", "sarif", "csv", "csv-units", "html"}) {
    for (const char* audience : {"internal", "representative", "union"}) {
      SCOPED_TRACE(std::string(format) + " / " + audience);
      const std::string out = t.dir + "/out-" + format + "-" + audience;
      auto r = run_fairaudit({"audit", t.export_path, "--policy", t.policy_path, "--format", format, "--audience",
                              audience, "--output", out});
      ASSERT_TRUE(r.status == 0 || r.status == 1) << r.err;
      const std::string written = read_file(out) + r.out + r.err;
      ASSERT_FALSE(written.empty());
      for (const auto& s : secret) EXPECT_EQ(written.find(s), std::string::npos) << "output holds " << s;
    }
  }
}

}  // namespace
}  // namespace denmark_test
