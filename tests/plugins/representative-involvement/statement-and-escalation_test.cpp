#include <gtest/gtest.h>

#include "rounds.hpp"
#include "support/harness.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace statement_and_escalation_test {
using namespace fairaudit;
using fairaudit::testing::Harness;
using ri_test::RoundSpec;

namespace {
const std::string kRule = "representative-involvement/statement-and-escalation";
RoundSpec with_events(const std::string& id, const std::string& tail_events) {
  RoundSpec s;
  s.id = id;
  s.representative = ri_test::replace(s.representative, R"({"type":"statement_filed","at":"2026-03-31","agrees":true}]})",
                                      tail_events + "]}");
  return s;
}
}  // namespace

TEST(StatementAndEscalation, SilentWhenAgreeingStatementFiled) {
  Harness h("representative-involvement");
  EXPECT_EQ(h.run(RoundSpec{}.line()).verdict(kRule, "R-1"), Verdict::complies);
}

TEST(StatementAndEscalation, SilentWhenDisagreementWasEscalatedBeforeTheDecision) {
  Harness h("representative-involvement");
  auto out = h.run(with_events("R-1", R"({"type":"statement_filed","at":"2026-03-31","agrees":false},)"
                                      R"({"type":"escalated","at":"2026-04-01"})")
                       .line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::complies);
}

TEST(StatementAndEscalation, DisagreementNotEscalatedIsAnError) {
  Harness h("representative-involvement");
  auto out = h.run(with_events("R-1", R"({"type":"statement_filed","at":"2026-03-31","agrees":false})").line() +
                   with_events("R-2", R"({"type":"statement_filed","at":"2026-03-31","agrees":false},)"
                                      R"({"type":"escalated","at":"2026-04-14"})")
                       .line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::breach);
  EXPECT_EQ(out.verdict(kRule, "R-2"), Verdict::breach);  // escalated only after the decision on 10 Apr
  ASSERT_EQ(out.of(kRule, "R-1").size(), 1u);
  EXPECT_EQ(out.of(kRule, "R-1")[0]->severity, Severity::error);
}

TEST(StatementAndEscalation, NoStatementBeforeTheDecisionIsAWarning) {
  Harness h("representative-involvement");
  auto out = h.run(with_events("R-1", R"({"type":"escalated","at":"2026-03-31"})").line() +
                   with_events("R-2", R"({"type":"statement_filed","at":"2026-04-12","agrees":true})").line());
  EXPECT_EQ(out.verdict(kRule, "R-1"), Verdict::breach);
  EXPECT_EQ(out.verdict(kRule, "R-2"), Verdict::breach);
  EXPECT_EQ(out.of(kRule, "R-1")[0]->severity, Severity::warning);
}

}  // namespace statement_and_escalation_test
