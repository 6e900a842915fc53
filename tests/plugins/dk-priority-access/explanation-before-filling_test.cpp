// dk-priority-access/explanation-before-filling: where a holder of priority
// access is not hired, the post is filled only after a written explanation
// to the jobcenter and a negotiation with it (bekendtgørelse nr. 1174 af
// 2019); documents not recorded is insufficient_data, never breach.
#include <gtest/gtest.h>

#include "rounds.hpp"
#include "support/harness.hpp"

namespace explanation_before_filling_test {
namespace {

using dk_test::A;
using dk_test::Doc;
using dk_test::R;
using fairaudit::Severity;
using fairaudit::Verdict;
using fairaudit::testing::Harness;

constexpr const char* kRule = "dk-priority-access/explanation-before-filling";

// The holder was interviewed and not hired; explanation 10 April,
// negotiation 14 April, decision 17 April.
R negotiated() {
  R r;
  r.id = "DK-NEGOTIATED";
  r.applicants = {
      A("a-72d001").invokes().with({{"interview_invited", "2026-03-24"}, {"interview_held", "2026-03-26"},
                                    {"rejected", "2026-04-17"}}),
      A("a-72d002").with({{"interview_invited", "2026-03-24"}, {"interview_held", "2026-03-27"},
                          {"hired", "2026-04-17"}}),
  };
  r.documents = std::vector<Doc>{{"jobcenter_explanation", "2026-04-10"}, {"jobcenter_negotiation", "2026-04-14"}};
  return r;
}

TEST(ExplanationBeforeFilling, SilentWhenExplainedAndNegotiatedFirst) {
  Harness h("dk-priority-access");
  const auto out = h.run(negotiated().line());
  EXPECT_EQ(out.verdict(kRule, "DK-NEGOTIATED"), Verdict::complies);
  EXPECT_TRUE(out.of(kRule).empty());
}

TEST(ExplanationBeforeFilling, FiresWithoutAnExplanation) {
  R r = negotiated();
  r.id = "DK-NO-EXPLANATION";
  r.documents = std::vector<Doc>{};
  Harness h("dk-priority-access");
  const auto out = h.run(r.line());
  EXPECT_EQ(out.verdict(kRule, "DK-NO-EXPLANATION"), Verdict::breach);
  const auto found = out.of(kRule, "DK-NO-EXPLANATION");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->severity, Severity::error);
  EXPECT_EQ(found[0]->applicants, std::vector<std::string>{"a-72d001"});
  EXPECT_EQ(dk_test::count(found[0]->evidence, "passed_over"), 1);
}

TEST(ExplanationBeforeFilling, FiresWhenTheNegotiationComesAfterTheHire) {
  R r = negotiated();
  r.id = "DK-LATE-NEGOTIATION";
  r.documents = std::vector<Doc>{{"jobcenter_explanation", "2026-04-10"}, {"jobcenter_negotiation", "2026-04-21"}};
  Harness h("dk-priority-access");
  const auto out = h.run(r.line());
  EXPECT_EQ(out.verdict(kRule, "DK-LATE-NEGOTIATION"), Verdict::breach);
  const auto found = out.of(kRule, "DK-LATE-NEGOTIATION");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(dk_test::date(found[0]->evidence, "negotiation_at"), "2026-04-21");
}

TEST(ExplanationBeforeFilling, FiresWithoutANegotiationAfterTheExplanation) {
  R r = negotiated();
  r.id = "DK-NEGOTIATED-BEFORE";
  // A meeting before anything was written negotiated nothing.
  r.documents = std::vector<Doc>{{"jobcenter_negotiation", "2026-04-08"}, {"jobcenter_explanation", "2026-04-10"}};
  Harness h("dk-priority-access");
  EXPECT_EQ(h.run(r.line()).verdict(kRule, "DK-NEGOTIATED-BEFORE"), Verdict::breach);
}

TEST(ExplanationBeforeFilling, NotOwedWhenTheHolderIsHired) {
  R r = negotiated();
  r.id = "DK-HOLDER-HIRED";
  r.documents = std::vector<Doc>{};
  r.applicants[0].events = {{"interview_invited", "2026-03-24"}, {"hired", "2026-04-17"}};
  r.applicants[1].events = {{"interview_invited", "2026-03-24"}, {"rejected", "2026-04-17"}};
  Harness h("dk-priority-access");
  EXPECT_EQ(h.run(r.line()).verdict(kRule, "DK-HOLDER-HIRED"), Verdict::not_applicable);
}

TEST(ExplanationBeforeFilling, DocumentsNotRecordedIsInsufficientData) {
  R r = negotiated();
  r.id = "DK-NO-DOCUMENTS";
  r.documents.reset();
  Harness h("dk-priority-access");
  const auto out = h.run(r.line());
  EXPECT_EQ(out.verdict(kRule, "DK-NO-DOCUMENTS"), Verdict::insufficient_data);
  EXPECT_TRUE(out.of(kRule).empty());
}

TEST(ExplanationBeforeFilling, AnUndatedExplanationIsInsufficientData) {
  R r = negotiated();
  r.id = "DK-UNDATED";
  r.documents = std::vector<Doc>{{"jobcenter_explanation", std::nullopt}};
  Harness h("dk-priority-access");
  EXPECT_EQ(h.run(r.line()).verdict(kRule, "DK-UNDATED"), Verdict::insufficient_data);
}

TEST(ExplanationBeforeFilling, NotForInternalFilling) {
  R r = negotiated();
  r.id = "DK-INTERNAL";
  r.internal_only = true;
  r.documents = std::vector<Doc>{};
  Harness h("dk-priority-access");
  EXPECT_EQ(h.run(r.line()).verdict(kRule, "DK-INTERNAL"), Verdict::not_applicable);
}

}  // namespace
}  // namespace explanation_before_filling_test
