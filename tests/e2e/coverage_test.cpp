// End to end: coverage as data. A flat export without document,
// representative or decision-reason columns, audited through its mapping,
// gives no finding from the rules that read those fields (their verdict is
// insufficient_data, "not recorded in this export"), and `fairaudit coverage`
// names those rules before the first audit. The export is
// fixtures/ats/webcruiter-flat/export.csv (';', a byte-order mark, CRLF,
// DD.MM.YYYY, Norwegian status words, rows in no order).
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "support/cli.hpp"
#include "support/json.hpp"

using namespace fairaudit::testing;
namespace fs = std::filesystem;

namespace {

const std::string kFlat = "fixtures/ats/webcruiter-flat/export.csv";
const std::string kMapping = "fixtures/ats/webcruiter-flat/mapping.json";
const std::string kPolicy = "policies/oslo-kommune.json";

// rule -> (round or unit -> verdict) from `audit --checks --format json`.
std::map<std::string, std::map<std::string, std::string>> verdicts(const rapidjson::Document& d) {
  std::map<std::string, std::map<std::string, std::string>> out;
  for (const auto& c : d["checks"].GetArray()) {
    const std::string where = c["round_id"].IsNull() ? c["org_unit"].GetString() : c["round_id"].GetString();
    out[c["rule"].GetString()][where] = c["verdict"].GetString();
  }
  return out;
}

TEST(Coverage, RulesWhoseFieldsTheExportDoesNotRecordGiveNoFindingAndCoverageNamesThem) {
  auto cov = run_fairaudit({"coverage", kFlat, "--mapping", kMapping, "--policy", kPolicy, "--format", "json"});
  ASSERT_EQ(cov.status, 0) << cov.err;
  auto c = parse_json(cov.out);
  EXPECT_EQ(c["rounds"].GetUint64(), 3u);
  EXPECT_EQ(c["fields"]["documents"]["recorded"].GetUint64(), 0u);
  EXPECT_EQ(c["fields"]["representative"]["recorded"].GetUint64(), 0u);
  EXPECT_EQ(c["fields"]["decision_reason"]["recorded"].GetUint64(), 0u);
  EXPECT_EQ(c["fields"]["interviews"]["recorded"].GetUint64(), 3u);
  EXPECT_EQ(c["fields"]["self_id.cv_gap"]["recorded"].GetUint64(), 3u);

  std::map<std::string, std::string> reach;
  std::set<std::string> unanswerable;  // rules that cannot find a breach in any record
  std::set<std::string> not_run;       // of those, rules that cannot run at all (a field they read is missing)
  for (const auto& r : c["rules"].GetArray()) {
    const std::string id = r["rule"].GetString();
    reach[id] = r["evaluable"].GetString();
    for (const auto& m : r["not_recorded"].GetArray())
      if (m["records"].GetUint64() == r["total_records"].GetUint64()) {
        unanswerable.insert(id);
        if (!m["breach_only"].GetBool()) not_run.insert(id);
      }
  }
  EXPECT_EQ(reach["oslo-hiring-policy/recommendation-sent"], "none");
  EXPECT_EQ(reach["oslo-hiring-policy/equality-statement"], "none");
  EXPECT_EQ(reach["oslo-hiring-policy/moderate-quota"], "some");  // complies where no one is hired below the top
  EXPECT_EQ(reach["oslo-hiring-policy/cv-gap-interview"], "all");
  for (const char* rule : {"appointed", "invited-before-interviews", "saw-shortlist", "attended-interview",
                           "recommendation-in-time", "statement-and-escalation", "routine-documented",
                           "meets-in-trekantmote"})
    EXPECT_EQ(reach[std::string("representative-involvement/") + rule], "none") << rule;
  // 11, and two process rules whose breach alone needs a missing field:
  // panel-composition/same-panel (documents: a panel_change) and
  // rejection-reasons/rank-order (decision_reason).
  EXPECT_EQ(reach["panel-composition/same-panel"], "some");  // complies where the panel did not change
  EXPECT_EQ(reach["rejection-reasons/rank-order"], "some");  // complies where the top-ranked was hired
  EXPECT_EQ(unanswerable.size(), 13u);

  auto text = run_fairaudit({"coverage", kFlat, "--mapping", kMapping, "--policy", kPolicy});
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_NE(text.out.find("not recorded in this export: documents (3 of 3 rounds)"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("not recorded in this export: representative (3 of 3 rounds)"), std::string::npos);
  EXPECT_NE(text.out.find("not recorded in this export: unit record (3 of 3 org units)"), std::string::npos);

  auto audit = run_fairaudit({"audit", kFlat, "--mapping", kMapping, "--policy", kPolicy, "--format", "json",
                              "--audience", "internal", "--checks"});
  ASSERT_TRUE(audit.status == 0 || audit.status == 1) << audit.err;
  auto a = parse_json(audit.out);
  for (const auto& f : a["findings"].GetArray())
    EXPECT_FALSE(unanswerable.count(f["rule"].GetString()))
        << f["rule"].GetString() << " gave a " << f["severity"].GetString() << " on a field the export lacks";
  auto v = verdicts(a);
  EXPECT_EQ(not_run.size(), 10u);
  for (const auto& rule : unanswerable) {
    ASSERT_TRUE(v.count(rule)) << rule;
    for (const auto& [where, verdict] : v[rule]) {
      EXPECT_NE(verdict, "breach") << rule << " " << where;
      if (not_run.count(rule)) {
        EXPECT_EQ(verdict, "insufficient_data") << rule << " " << where;
      }
    }
  }
  // moderate-quota runs: it complies where everyone hired was ranked within
  // the openings, and cannot find a breach where only a reason could tell.
  EXPECT_EQ(v["oslo-hiring-policy/moderate-quota"]["2026-0117"], "complies");
  EXPECT_EQ(v["oslo-hiring-policy/moderate-quota"]["2026-0142"], "insufficient_data");
  bool reason_seen = false;
  for (const auto& ch : a["checks"].GetArray())
    if (std::string(ch["rule"].GetString()) == "oslo-hiring-policy/recommendation-sent") {
      EXPECT_STREQ(ch["reason"].GetString(), "not recorded in this export: documents");
      reason_seen = true;
    }
  EXPECT_TRUE(reason_seen);
  // No warning on stderr about them either.
  EXPECT_EQ(audit.err.find("recommendation-sent"), std::string::npos) << audit.err;
}

// `fairaudit rules` shows what each rule reads.
TEST(Coverage, RulesPrintTheFieldsEachRuleNeeds) {
  auto r = run_fairaudit({"rules", "--plugin", "oslo-hiring-policy"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("oslo-hiring-policy/recommendation-sent"), std::string::npos);
  EXPECT_NE(r.out.find("  needs: documents\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  a breach needs: decision_reason\n"), std::string::npos) << r.out;
}

// A qualified applicant who declared a CV gap (round 2026-0117) or a
// disability (2026-0203) and withdrew before the interviews, uninvited,
// triggers no interview duty; the qualified applicant with a disability in
// 2026-0142 who was never called does.
TEST(Coverage, AWithdrawnQualifiedApplicantTriggersNoInterviewDuty) {
  auto audit = run_fairaudit({"audit", kFlat, "--mapping", kMapping, "--policy", kPolicy, "--format", "json",
                              "--audience", "internal", "--checks"});
  ASSERT_TRUE(audit.status == 0 || audit.status == 1) << audit.err;
  auto a = parse_json(audit.out);
  auto v = verdicts(a);
  EXPECT_EQ(v["oslo-hiring-policy/cv-gap-interview"]["2026-0117"], "not_applicable");
  EXPECT_EQ(v["oslo-hiring-policy/disability-interview"]["2026-0203"], "not_applicable");
  EXPECT_EQ(v["oslo-hiring-policy/disability-interview"]["2026-0142"], "breach");
  for (const auto& f : a["findings"].GetArray()) {
    const std::string rule = f["rule"].GetString();
    const std::string round = f["round_id"].IsNull() ? "" : f["round_id"].GetString();
    EXPECT_FALSE(rule == "oslo-hiring-policy/cv-gap-interview" && round == "2026-0117");
    EXPECT_FALSE(rule == "oslo-hiring-policy/disability-interview" && round == "2026-0203");
  }
}

// In the canonical format an absent field is not recorded, an empty one is
// recorded as none: `"documents": []` is a recommendation never sent.
TEST(Coverage, AbsentIsNotRecordedAndEmptyIsRecordedAsNone) {
  const std::string dir = temp_dir("coverage-canonical");
  const std::string base =
      R"({"kind":"round","schema":1,"org_unit":"oslo/bydel-x","jurisdiction":"NO-OSL","recommendation_at":"2026-04-01",)"
      R"("decision_at":"2026-04-05","applicants":[{"id":"a-1","assessment":{"outcome":"qualified","rank":1},)"
      R"("events":[{"type":"interview_invited","at":"2026-03-20"},{"type":"hired","at":"2026-04-05"}]}])";
  write_file(dir + "/export.jsonl", base + R"(,"round_id":"R-ABSENT"})" "\n" + base +
                                        R"(,"round_id":"R-EMPTY","documents":[],"representative":{"appointed":false}})" "\n");
  auto cov = run_fairaudit({"coverage", dir + "/export.jsonl", "--policy", kPolicy, "--format", "json"});
  ASSERT_EQ(cov.status, 0) << cov.err;
  auto c = parse_json(cov.out);
  for (const auto& r : c["rules"].GetArray())
    if (std::string(r["rule"].GetString()) == "oslo-hiring-policy/recommendation-sent") {
      EXPECT_STREQ(r["evaluable"].GetString(), "some");
      EXPECT_EQ(r["evaluable_records"].GetUint64(), 1u);
    }
  auto audit = run_fairaudit({"audit", dir + "/export.jsonl", "--policy", kPolicy, "--format", "json", "--audience",
                              "internal", "--checks"});
  auto v = verdicts(parse_json(audit.out));
  EXPECT_EQ(v["oslo-hiring-policy/recommendation-sent"]["R-ABSENT"], "insufficient_data");
  EXPECT_EQ(v["oslo-hiring-policy/recommendation-sent"]["R-EMPTY"], "breach");
  EXPECT_EQ(v["representative-involvement/appointed"]["R-ABSENT"], "insufficient_data");
  EXPECT_EQ(v["representative-involvement/appointed"]["R-EMPTY"], "breach");
  fs::remove_all(dir);
}

}  // namespace
