#include <gtest/gtest.h>

#include "records.hpp"
#include "support/harness.hpp"

namespace cooperation_test {
using namespace fairaudit;
using fairaudit::testing::Harness;
using se_am_test::kEmployer;
using se_am_test::kKey;
using se_am_test::MeasuresSpec;

namespace {
const std::string kRule = "se-active-measures/cooperation";
}  // namespace

TEST(Cooperation, SilentWhenDocumented) {
  Harness h("se-active-measures");
  auto out = h.run(MeasuresSpec{}.line());
  EXPECT_EQ(out.verdict(kRule, kEmployer, kKey), Verdict::complies);
}

TEST(Cooperation, FiresWhenALargeEmployerDocumentsNoCooperation) {
  Harness h("se-active-measures");
  auto out = h.run(MeasuresSpec{}.set("cooperation_documented", "false").line());
  EXPECT_EQ(out.verdict(kRule, kEmployer, kKey), Verdict::breach);
  EXPECT_EQ(out.of(kRule).size(), 1u);
}

TEST(Cooperation, ASmallEmployerNeedNotDocumentIt) {
  Harness h("se-active-measures");
  auto out = h.run(MeasuresSpec{}.set("employees", "24").set("cooperation_documented", "false").line());
  EXPECT_EQ(out.verdict(kRule, kEmployer, kKey), Verdict::not_applicable);
  Harness h2("se-active-measures");
  auto at_limit = h2.run(MeasuresSpec{}.set("employees", "25").set("cooperation_documented", "false").line());
  EXPECT_EQ(at_limit.verdict(kRule, kEmployer, kKey), Verdict::breach);
}

TEST(Cooperation, WithoutTheEmployeesCountNoBreachCanBeFound) {
  Harness h("se-active-measures");
  auto out = h.run(MeasuresSpec{}.drop("employees").set("cooperation_documented", "false").line());
  EXPECT_EQ(out.verdict(kRule, kEmployer, kKey), Verdict::insufficient_data);
  EXPECT_TRUE(out.of(kRule).empty());
  Harness h2("se-active-measures");
  auto documented = h2.run(MeasuresSpec{}.drop("employees").line());
  EXPECT_EQ(documented.verdict(kRule, kEmployer, kKey), Verdict::complies);
}

TEST(Cooperation, NotRecordedIsInsufficientData) {
  Harness h("se-active-measures");
  auto out = h.run(MeasuresSpec{}.drop("cooperation_documented").line());
  EXPECT_EQ(out.verdict(kRule, kEmployer, kKey), Verdict::insufficient_data);
}

}  // namespace cooperation_test
