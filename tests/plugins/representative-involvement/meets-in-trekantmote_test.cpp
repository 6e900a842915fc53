#include <gtest/gtest.h>

#include "rounds.hpp"
#include "support/harness.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace meets_in_trekantmote_test {
using namespace fairaudit;
using fairaudit::testing::Harness;

namespace {
const std::string kRule = "representative-involvement/meets-in-trekantmote";
const std::string kUnit = "oslo/bydel-a/helse";
const std::string kRoutine = R"({"documented":true})";
const std::string kAll = R"("roles":["tjenesteleder","tillitsvalgt","verneombud","likestillingsrepresentant"])";
}  // namespace

TEST(MeetsInTrekantmote, SilentWhenAllRolesMetInThePeriod) {
  Harness h("representative-involvement");
  auto out = h.run(ri_test::unit_line(kRoutine, R"([{"type":"trekantmote","at":"2026-02-10",)" + kAll + "}]"));
  EXPECT_EQ(out.verdict(kRule, kUnit), Verdict::complies);
}

TEST(MeetsInTrekantmote, FiresWhenARoleIsMissing) {
  Harness h("representative-involvement");
  auto out = h.run(ri_test::unit_line(
      kRoutine, R"([{"type":"trekantmote","at":"2026-02-10","roles":["tjenesteleder","tillitsvalgt","verneombud"]}])"));
  EXPECT_EQ(out.verdict(kRule, kUnit), Verdict::breach);
  ASSERT_EQ(out.of(kRule).size(), 1u);
  EXPECT_EQ(out.of(kRule)[0]->evidence.find("missing_roles")->s, "likestillingsrepresentant");
  EXPECT_EQ(out.of(kRule)[0]->severity, Severity::note);
}

TEST(MeetsInTrekantmote, MeetingsOutsideThePeriodOrOfAnotherTypeDoNotCount) {
  Harness h("representative-involvement");
  auto out = h.run(ri_test::unit_line(
      kRoutine, R"([{"type":"trekantmote","at":"2025-12-10",)" + kAll + R"(},{"type":"personalmote","at":"2026-02-10",)" +
                    kAll + "}]"));
  EXPECT_EQ(out.verdict(kRule, kUnit), Verdict::breach);
  Harness half("representative-involvement");
  auto h1 = half.run(ri_test::unit_line(kRoutine, R"([{"type":"trekantmote","at":"2026-08-10",)" + kAll + "}]",
                                        "2026-01/2026-06"));
  EXPECT_EQ(h1.verdict(kRule, kUnit), Verdict::breach);
}

TEST(MeetsInTrekantmote, RequiredRolesAreAnOption) {
  Harness h("representative-involvement", R"({"trekantmote_roles":["tjenesteleder","likestillingsrepresentant"]})");
  auto out = h.run(ri_test::unit_line(
      kRoutine, R"([{"type":"trekantmote","at":"2026-02-10","roles":["tjenesteleder","likestillingsrepresentant"]}])"));
  EXPECT_EQ(out.verdict(kRule, kUnit), Verdict::complies);
}

}  // namespace meets_in_trekantmote_test
