// Messages and reasons name evidence values as {key}; what a reader sees is
// the text with those filled in, disclosure applied (fairaudit/finding.hpp).
#include <gtest/gtest.h>

#include "emit/disclosure.hpp"

namespace fairaudit::emit {
namespace {

Evidence sample() {
  Evidence e;
  e.count("invited", 3).count("applicants", 40).rate("rate", 0.075).text("group", "yes").ratio("impact_ratio", 0.5);
  return e;
}

TEST(Fill, PlaceholdersTakeTheirEvidenceValues) {
  const Disclosure internal(Audience::internal, 5);
  EXPECT_EQ(fill("{invited} of {applicants} ({rate}) in group {group}", sample(), internal),
            "3 of 40 (7.5%) in group yes");
  EXPECT_EQ(fill("{invited}{applicants}", sample(), internal), "340");
  EXPECT_EQ(fill("no placeholder at all", sample(), internal), "no placeholder at all");
  EXPECT_EQ(fill("", sample(), internal), "");
}

TEST(Fill, BracesThatNameNoEvidenceStayAsWritten) {
  const Disclosure internal(Audience::internal, 5);
  EXPECT_EQ(fill("{unknown} and {invited}", sample(), internal), "{unknown} and 3");
  EXPECT_EQ(fill("open { without a close", sample(), internal), "open { without a close");
  EXPECT_EQ(fill("ends with {", sample(), internal), "ends with {");
  EXPECT_EQ(fill("{{invited}}", sample(), internal), "{3}");
  EXPECT_EQ(fill("{}", sample(), internal), "{}");
}

TEST(Fill, TheUnionAudienceSeesSmallCountsAndWhatTheyGiveHidden) {
  const Disclosure union_(Audience::union_, 5);
  // 3 is below min_cell: shown as <5, and the rate and ratio in the same
  // object are derived from it, so they are hidden.
  EXPECT_EQ(fill("{invited} of {applicants} ({rate}, ratio {impact_ratio})", sample(), union_),
            "<5 of 40 ((hidden: small numbers), ratio (hidden: small numbers))");
  const Disclosure representative(Audience::representative, 5);
  EXPECT_EQ(fill("{invited} of {applicants} ({rate}, ratio {impact_ratio})", sample(), representative),
            "3 of 40 (7.5%, ratio 0.50)");
}

}  // namespace
}  // namespace fairaudit::emit
