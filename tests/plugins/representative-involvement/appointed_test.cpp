#include <gtest/gtest.h>

#include "rounds.hpp"
#include "support/harness.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace appointed_test {
using namespace fairaudit;
using fairaudit::testing::Harness;
using ri_test::RoundSpec;

namespace {
const std::string kRule = "representative-involvement/appointed";
}

TEST(Appointed, SilentWhenARepresentativeIsAppointed) {
  Harness h("representative-involvement");
  auto out = h.run(RoundSpec{}.line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::complies);
  EXPECT_TRUE(out.of(kRule).empty());
}

// A round that records no appointment breaches the rule; a round of an
// export that does not record representatives at all (no `representative`,
// or null) cannot be judged: not recorded in this export, never a breach.
TEST(Appointed, FiresWhenRecordedAsNotAppointedAndIsInsufficientDataWhenNotRecorded) {
  Harness h("representative-involvement");
  RoundSpec none;
  none.representative = "null";
  RoundSpec not_appointed;
  not_appointed.id = "R-2";
  not_appointed.representative = R"({"appointed":false})";
  auto out = h.run(none.line() + not_appointed.line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::insufficient_data);
  EXPECT_EQ(out.verdict(kRule, "R-2"), Verdict::breach);
  ASSERT_EQ(out.of(kRule).size(), 1u);
  EXPECT_EQ(out.of(kRule)[0]->round_id, "R-2");
  EXPECT_EQ(out.of(kRule)[0]->severity, Severity::warning);
  // Every other round rule is then not applicable, or not recorded: never a breach.
  EXPECT_EQ(out.verdict("representative-involvement/attended-interview", "R-1"), Verdict::insufficient_data);
  EXPECT_EQ(out.check("representative-involvement/attended-interview", "R-1")->reason,
            "not recorded in this export: {not_recorded}");
  EXPECT_EQ(out.verdict("representative-involvement/recommendation-in-time", "R-2"), Verdict::not_applicable);
}

TEST(Appointed, ARoleThePolicyDoesNotCountIsABreach) {
  RoundSpec s;
  s.representative = ri_test::replace(s.representative, "likestillingsrepresentant", "manager");
  Harness h("representative-involvement");
  EXPECT_EQ(h.run(s.line()).verdict(kRule, "R-1"), Verdict::breach);
  Harness lenient("representative-involvement", R"({"representative_roles":["manager"]})");
  EXPECT_EQ(lenient.run(s.line()).verdict(kRule, "R-1"), Verdict::complies);
}

}  // namespace appointed_test
