// Which --round / --org-unit values matched nothing, and the ids nearest to
// each. The distances are Levenshtein's, checked against the worked
// examples of https://en.wikipedia.org/wiki/Levenshtein_distance
// (kitten -> sitting 3, flaw -> lawn 2).
#include <gtest/gtest.h>

#include "run/selection.hpp"

using namespace fairaudit::run;

TEST(EditDistance, TextbookExamplesAndCase) {
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("flaw", "lawn"), 2u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("abc", "abc"), 0u);
  // A round id typed in lower case is still the nearest.
  EXPECT_EQ(edit_distance("osl-bgo-2026-0101", "OSL-BGO-2026-0101"), 0u);
  EXPECT_EQ(edit_distance("OSL-BGO-2026-O101", "OSL-BGO-2026-0101"), 1u);
}

TEST(SelectionMatcher, NamesTheThreeNearestOfWhatMatchedNothing) {
  SelectionMatcher m({"R-0102", "R-0999"}, {"oslo/bydel-stovnr", "oslo/bydel-sagene"});
  for (const char* id : {"R-0101", "R-0102", "R-0103", "R-0201", "R-0909"}) m.round(id, "oslo/bydel-stovner/helse");
  m.unit("oslo/bydel-sagene/skole");
  const auto u = m.unmatched();
  ASSERT_EQ(u.size(), 2u) << "R-0102 and oslo/bydel-sagene matched";
  EXPECT_EQ(u[0].option, "--round");
  EXPECT_EQ(u[0].value, "R-0999");
  // Distance 1: R-0909; distance 3: R-0101, R-0102, R-0103, R-0201 (ties in
  // id order, the first two kept).
  EXPECT_EQ(u[0].nearest, (std::vector<std::string>{"R-0909", "R-0101", "R-0102"}));
  EXPECT_EQ(u[1].option, "--org-unit");
  EXPECT_EQ(u[1].value, "oslo/bydel-stovnr");
  EXPECT_EQ(u[1].nearest.front(), "oslo/bydel-stovner") << "a parent path of a unit is a candidate";
}
