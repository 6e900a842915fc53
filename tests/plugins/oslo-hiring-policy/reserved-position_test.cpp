// oslo-hiring-policy/reserved-position: in a round reserved for Oslo kommune's
// recruitment scheme (rekrutteringsordningen), everyone hired made the matching
// self-declaration. Only `yes` counts.
#include <gtest/gtest.h>

#include "evidence_expect.hpp"
#include "rounds.hpp"
#include "support/harness.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace reserved_position_test {
namespace {

using fairaudit::Severity;
using fairaudit::Verdict;
using fairaudit::testing::Harness;
using oslo_test::A;
using oslo_test::R;

constexpr const char* kRule = "oslo-hiring-policy/reserved-position";

R reserved(const std::string& id, const std::string& scheme, A hire) {
  R r;
  r.id = id;
  r.reserved_for = scheme;
  hire.id = "a-91c001";
  hire.rank = 1;
  hire.events = {{"interview_invited", "2026-03-24"}, {"hired", "2026-04-17"}};
  r.applicants = {hire, A("a-91c002").dis("yes").gap("yes").ranked(2)};
  return r;
}

TEST(ReservedPosition, FiresWhenTheHireDidNotDeclareTheGround) {
  Harness h("oslo-hiring-policy", R"({"profile":"oslo"})");
  auto out = h.run(oslo_test::line(reserved("R-RES-BREACH", "disability", A().dis("no"))));
  EXPECT_EQ(out.verdict(kRule, "R-RES-BREACH"), Verdict::breach);
  auto found = out.of(kRule, "R-RES-BREACH");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->severity, Severity::error);  // binding under the city's scheme
  EXPECT_EQ(found[0]->applicants, std::vector<std::string>{"a-91c001"});
  EXPECT_EQ(oslo_test::text(found[0]->evidence, "reserved_for"), "disability");
  EXPECT_EQ(oslo_test::count(found[0]->evidence, "hired"), 1);
  EXPECT_EQ(oslo_test::count(found[0]->evidence, "hired_not_declared"), 1);
  EXPECT_FALSE(oslo_test::has_digit(found[0]->message)) << found[0]->message;
}

TEST(ReservedPosition, StateProfileReportsAWarning) {
  Harness h("oslo-hiring-policy", R"({"profile":"state"})");
  const auto out = h.run(oslo_test::line(reserved("R-RES-STATE", "disability", A().dis("no"))));
  auto found = out.of(kRule, "R-RES-STATE");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->severity, Severity::warning);
}

TEST(ReservedPosition, SilentWhenTheHireDeclaredTheGround) {
  Harness h("oslo-hiring-policy");
  auto out = h.run(oslo_test::line(reserved("R-RES-OK", "disability", A().dis("yes"))));
  EXPECT_EQ(out.verdict(kRule, "R-RES-OK"), Verdict::complies);
  EXPECT_TRUE(out.of(kRule).empty());
}

TEST(ReservedPosition, DeclinedAndNotAskedAreNoDeclaration) {
  Harness h("oslo-hiring-policy");
  auto out = h.run(oslo_test::lines(
      {reserved("R-RES-DECLINED", "disability", A().dis("declined")), reserved("R-RES-NOT-ASKED", "cv_gap", A())}));
  EXPECT_EQ(out.verdict(kRule, "R-RES-DECLINED"), Verdict::breach);
  EXPECT_EQ(out.verdict(kRule, "R-RES-NOT-ASKED"), Verdict::breach);
}

TEST(ReservedPosition, TheDeclarationMustMatchTheScheme) {
  // Reserved for a CV gap; the person hired declared a disability only.
  Harness h("oslo-hiring-policy");
  auto out = h.run(oslo_test::line(reserved("R-RES-MISMATCH", "cv_gap", A().dis("yes").gap("no"))));
  EXPECT_EQ(out.verdict(kRule, "R-RES-MISMATCH"), Verdict::breach);
  R ok = reserved("R-RES-CV-OK", "cv_gap", A().gap("yes"));
  EXPECT_EQ(h.run(oslo_test::line(ok)).verdict(kRule, "R-RES-CV-OK"), Verdict::complies);
}

TEST(ReservedPosition, OpenPositionsAndOpenRoundsAreNotJudged) {
  R open = reserved("R-NOT-RESERVED", "", A().dis("no"));
  R waiting = reserved("R-RES-WAITING", "disability", A().dis("no"));
  waiting.applicants[0].events = {{"interview_invited", "2026-03-24"}};  // no one hired yet
  R unknown_scheme = reserved("R-RES-UNKNOWN", "trainee", A().dis("yes"));
  Harness h("oslo-hiring-policy");
  auto out = h.run(oslo_test::lines({open, waiting, unknown_scheme}));
  EXPECT_EQ(out.verdict(kRule, "R-NOT-RESERVED"), Verdict::not_applicable);
  EXPECT_EQ(out.verdict(kRule, "R-RES-WAITING"), Verdict::not_applicable);
  EXPECT_EQ(out.verdict(kRule, "R-RES-UNKNOWN"), Verdict::insufficient_data);
  EXPECT_TRUE(out.of(kRule).empty());
}

}  // namespace

}  // namespace reserved_position_test
