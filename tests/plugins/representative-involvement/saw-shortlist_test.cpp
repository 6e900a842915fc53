#include <gtest/gtest.h>

#include "rounds.hpp"
#include "support/harness.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace saw_shortlist_test {
using namespace fairaudit;
using fairaudit::testing::Harness;
using ri_test::RoundSpec;

namespace {
const std::string kRule = "representative-involvement/saw-shortlist";
}

TEST(SawShortlist, SilentWhenSharedBeforeInterviews) {
  Harness h("representative-involvement");
  EXPECT_EQ(h.run(RoundSpec{}.line()).verdict(kRule, "R-1"), Verdict::complies);
}

TEST(SawShortlist, FiresWhenNeverSharedOrSharedAfterInterviewsBegan) {
  RoundSpec never;
  never.representative = ri_test::replace(never.representative, R"({"type":"shortlist_shared","at":"2026-03-22"},)", "");
  RoundSpec late;
  late.id = "R-2";
  late.representative = ri_test::replace(late.representative, R"("shortlist_shared","at":"2026-03-22")",
                                         R"("shortlist_shared","at":"2026-03-27")");
  Harness h("representative-involvement");
  auto out = h.run(never.line() + late.line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::breach);
  EXPECT_EQ(out.verdict(kRule, "R-2"), Verdict::breach);
  EXPECT_EQ(out.of(kRule).size(), 2u);
}

TEST(SawShortlist, DateTimesOnTheSameDayAreComparedByTime) {
  RoundSpec s;
  s.representative = ri_test::replace(s.representative, R"("shortlist_shared","at":"2026-03-22")",
                                      R"("shortlist_shared","at":"2026-03-26T08:00:00Z")");
  s.interviews = R"([{"applicant":"a-1","at":"2026-03-26T13:00:00Z"}])";
  std::string line = ri_test::replace(s.line(), R"("interview_held","at":"2026-03-26")", R"("interview_held","at":"2026-03-26T13:00:00Z")");
  Harness h("representative-involvement");
  EXPECT_EQ(h.run(line).verdict(kRule, "R-1"), Verdict::complies);
}

}  // namespace saw_shortlist_test
