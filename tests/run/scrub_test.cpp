// The run's applicant ids, for what finish() reports: found in texts whether
// they are still in memory or already in the temporary file, and only those
// the run was given.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "run/scrub.hpp"

using namespace fairaudit;

namespace {

Round round_of(int r, int applicants) {
  Round round;
  round.round_id = "R-" + std::to_string(r);
  for (int i = 0; i < applicants; ++i) {
    Applicant a;
    a.id = "A-" + std::to_string(r) + "-" + std::to_string(i);
    round.applicants.push_back(a);
  }
  return round;
}

}  // namespace

TEST(RunIds, FindsTheIdsOfEveryRoundInMemoryAndOnDisk) {
  run::RunIds ids;
  // 140,000 ids: the first 131,072 go to the file, the rest stay in memory.
  for (int r = 0; r < 140; ++r) ids.add(round_of(r, 1000));
  const std::vector<std::string_view> texts = {"pooled: A-3-17, A-139-999 and A-140-1", "A-3-1700 (A-70-5)", "xA-3-17"};
  const auto found = ids.found_in(texts);
  // A-140-1 was never added; A-3-1700 is not an id; A-3-1 and A-3-170 inside
  // it are pieces for IdScrubber to judge, which refuses them as words.
  const run::IdScrubber scrub(found);
  std::string a(texts[0]), b(texts[1]), c(texts[2]);
  scrub.scrub(a);
  scrub.scrub(b);
  scrub.scrub(c);
  EXPECT_EQ(a, "pooled: [applicant id], [applicant id] and A-140-1");
  EXPECT_EQ(b, "A-3-1700 ([applicant id])");
  EXPECT_EQ(c, "xA-3-17");
}

TEST(RunIds, NothingFoundWithoutRounds) {
  run::RunIds ids;
  EXPECT_TRUE(ids.found_in({"A-1-1"}).empty());
}
