// fixtures/oslo/export.jsonl plants one breach per round, as its README says.
// These tests hold the fixture to that table: with the Oslo profile, the real
// plugins fire on exactly the planted rounds, and the README's edge cases get
// the verdicts it names. The golden findings of the end-to-end tests build on
// this.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <utility>

#include "evidence_expect.hpp"
#include "support/harness.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace oslo_fixture_test {
namespace {

using fairaudit::Severity;
using fairaudit::Verdict;
using fairaudit::testing::Harness;

std::string fixture() {
  std::ifstream in(fairaudit::testing::source_path("fixtures/oslo/export.jsonl"), std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

using Planted = std::set<std::pair<std::string, std::string>>;  // (rule, round or unit)

Planted fired(const fairaudit::testing::Collected& out) {
  Planted got;
  for (const auto& f : out.findings) got.emplace(f.rule, f.scope == fairaudit::Scope::round ? f.round_id : f.org_unit);
  return got;
}

TEST(OsloFixture, OsloHiringPolicyFiresOnExactlyThePlantedRounds) {
  Harness h("oslo-hiring-policy", R"({"profile":"oslo"})");
  auto out = h.run(fixture());
  const Planted planted{
      {"oslo-hiring-policy/minority-interview", "OSL-BGO-2026-0102"},
      {"oslo-hiring-policy/minority-interview", "OSL-BGO-2026-0103"},
      {"oslo-hiring-policy/disability-interview", "OSL-BGO-2026-0104"},
      {"oslo-hiring-policy/cv-gap-interview", "OSL-BGL-2026-0201"},
      {"oslo-hiring-policy/moderate-quota", "OSL-BGL-2026-0204"},
      {"oslo-hiring-policy/reserved-position", "OSL-BST-2026-0302"},
      {"oslo-hiring-policy/recommendation-sent", "OSL-BST-2026-0303"},
      {"oslo-hiring-policy/equality-statement", "OSL-BST-2026-0304"},
      {"oslo-hiring-policy/disability-interview", "OSL-BST-2026-0306"},
  };
  EXPECT_EQ(fired(out), planted);
  // 28 rounds, 7 rules: one verdict each.
  EXPECT_EQ(out.checks.size(), 28u * 7u);
  for (const auto& f : out.findings) {
    const bool local_practice = f.rule.find("-interview") != std::string::npos;
    EXPECT_EQ(f.severity, local_practice ? Severity::warning : Severity::error) << f.rule << " " << f.round_id;
  }
}

TEST(OsloFixture, TheEdgeCasesGetTheVerdictsTheReadmeNames) {
  Harness h("oslo-hiring-policy", R"({"profile":"oslo"})");
  auto out = h.run(fixture());
  const std::string mi = "oslo-hiring-policy/minority-interview";
  // Only `declined` answers: no declaration.
  EXPECT_EQ(out.verdict(mi, "OSL-BGO-2026-0105"), Verdict::not_applicable);
  // Every qualified applicant answered `no`.
  EXPECT_EQ(out.verdict(mi, "OSL-BGL-2026-0202"), Verdict::not_applicable);
  // The form asked nothing.
  for (const char* rule : {"minority-interview", "disability-interview", "cv-gap-interview"})
    EXPECT_EQ(out.verdict(std::string("oslo-hiring-policy/") + rule, "OSL-BGL-2026-0203"), Verdict::insufficient_data)
        << rule;
  // Invitation the working day after the recommendation.
  const auto* late = out.check(mi, "OSL-BGO-2026-0103");
  ASSERT_NE(late, nullptr);
  EXPECT_EQ(oslo_test::date(late->evidence, "first_invitation"), "2026-03-16");
  EXPECT_EQ(oslo_test::date(late->evidence, "deadline"), "2026-03-13");
  // No recommendation date: the decision is the deadline, one way and the other.
  const auto* by_decision = out.check(mi, "OSL-BST-2026-0305");
  ASSERT_NE(by_decision, nullptr);
  EXPECT_EQ(by_decision->verdict, Verdict::complies);
  EXPECT_EQ(oslo_test::text(by_decision->evidence, "deadline_kind"), "decision");
  const auto* too_late = out.check("oslo-hiring-policy/disability-interview", "OSL-BST-2026-0306");
  ASSERT_NE(too_late, nullptr);
  EXPECT_EQ(oslo_test::text(too_late->evidence, "deadline_kind"), "decision");
  // Reserved rounds: complying and breaking.
  EXPECT_EQ(out.verdict("oslo-hiring-policy/reserved-position", "OSL-BST-2026-0301"), Verdict::complies);
  EXPECT_EQ(out.verdict("oslo-hiring-policy/moderate-quota", "OSL-BGL-2026-0205"), Verdict::complies);
  // The open round.
  EXPECT_EQ(out.verdict("oslo-hiring-policy/recommendation-sent", "OSL-BST-2026-0404"), Verdict::not_applicable);
  EXPECT_EQ(out.verdict(mi, "OSL-BST-2026-0404"), Verdict::complies);
}

TEST(OsloFixture, RepresentativeInvolvementFiresOnExactlyThePlantedRoundsAndUnits) {
  Harness h("representative-involvement",
            R"({"calendar":"NO","min_working_days_before_decision":2,
                "trekantmote_roles":["tjenesteleder","tillitsvalgt","verneombud","likestillingsrepresentant"]})");
  auto out = h.run(fixture());
  const Planted planted{
      {"representative-involvement/invited-before-interviews", "OSL-BGO-2026-0106"},
      {"representative-involvement/recommendation-in-time", "OSL-BGO-2026-0108"},
      {"representative-involvement/statement-and-escalation", "OSL-BGO-2026-0109"},
      {"representative-involvement/saw-shortlist", "OSL-BGL-2026-0206"},
      {"representative-involvement/attended-interview", "OSL-BGL-2026-0207"},
      {"representative-involvement/statement-and-escalation", "OSL-BGL-2026-0208"},
      {"representative-involvement/appointed", "OSL-BST-2026-0401"},
      {"representative-involvement/recommendation-in-time", "OSL-BST-2026-0402"},
      {"representative-involvement/meets-in-trekantmote", "oslo/bydel-grunerlokka/oppvekst"},
      {"representative-involvement/routine-documented", "oslo/bydel-stovner/helse"},
      {"representative-involvement/meets-in-trekantmote", "oslo/bydel-stovner/oppvekst"},
  };
  EXPECT_EQ(fired(out), planted);
  EXPECT_EQ(out.verdict("representative-involvement/attended-interview", "OSL-BGO-2026-0107"), Verdict::complies);
  EXPECT_EQ(out.verdict("representative-involvement/statement-and-escalation", "OSL-BST-2026-0403"), Verdict::complies);
}

TEST(OsloFixture, TheEasterRoundBreaksOnlyWithTheNorwegianCalendar) {
  // Received Wednesday 1 April 2026, decided Tuesday 7 April: skjærtorsdag,
  // langfredag and 2. påskedag are Norwegian holidays (helligdagsloven), so no
  // working day lies between; counting weekends only, three do.
  const std::string rule = "representative-involvement/recommendation-in-time";
  Harness norway("representative-involvement", R"({"calendar":"NO"})");
  Harness weekends("representative-involvement", R"({"calendar":"weekends"})");
  const std::string jsonl = fixture();
  EXPECT_EQ(norway.run(jsonl).verdict(rule, "OSL-BGO-2026-0108"), Verdict::breach);
  EXPECT_EQ(weekends.run(jsonl).verdict(rule, "OSL-BGO-2026-0108"), Verdict::complies);
}

}  // namespace

}  // namespace oslo_fixture_test
