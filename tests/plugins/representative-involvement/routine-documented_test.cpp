#include <gtest/gtest.h>

#include "rounds.hpp"
#include "support/harness.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace routine_documented_test {
using namespace fairaudit;
using fairaudit::testing::Harness;

namespace {
const std::string kRule = "representative-involvement/routine-documented";
const std::string kUnit = "oslo/bydel-a/helse";
}  // namespace

TEST(RoutineDocumented, SilentWhenDocumented) {
  Harness h("representative-involvement");
  auto out = h.run(ri_test::unit_line(R"({"documented":true,"version":"2025-09"})", "[]"));
  EXPECT_EQ(out.verdict(kRule, kUnit), Verdict::complies);
}

TEST(RoutineDocumented, FiresWhenNotDocumentedAndIsInsufficientDataWhenNotRecorded) {
  Harness h("representative-involvement");
  EXPECT_EQ(h.run(ri_test::unit_line("", "[]")).verdict(kRule, kUnit), Verdict::insufficient_data);
  Harness h2("representative-involvement");
  auto out = h2.run(ri_test::unit_line(R"({"documented":false})", "[]"));
  EXPECT_EQ(out.verdict(kRule, kUnit), Verdict::breach);
  ASSERT_EQ(out.of(kRule).size(), 1u);
  EXPECT_EQ(out.of(kRule)[0]->scope, Scope::org_unit);
}

TEST(RoutineDocumented, UnitWithRoundsButNoUnitRecordIsInsufficientData) {
  Harness h("representative-involvement");
  auto out = h.run(ri_test::RoundSpec{}.line());
  EXPECT_EQ(out.verdict(kRule, kUnit), Verdict::insufficient_data);
  EXPECT_TRUE(out.of(kRule).empty());
}

}  // namespace routine_documented_test
