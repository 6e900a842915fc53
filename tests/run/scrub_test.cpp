// The run's applicant ids, for what finish() reports: found in texts whether
// they are still in memory or already in the temporary file, and only those
// the run was given.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
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

namespace {

// The scrubber's rule read literally: each id, the longest first, found
// again and again in the text, replaced where it stands as a word. The
// scrubber skips texts that cannot hold an id; what it removes must be
// exactly this.
std::string removed_one_by_one(std::string text, std::vector<std::string> ids) {
  const auto word = [](char c) {
    const unsigned char u = static_cast<unsigned char>(c);
    return (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u >= 0x80;
  };
  std::vector<std::string_view> order;
  for (const auto& id : ids)
    if (!id.empty()) order.push_back(id);
  std::sort(order.begin(), order.end(), [](std::string_view a, std::string_view b) { return a.size() > b.size(); });
  for (std::string_view id : order) {
    if (id.size() > text.size()) continue;
    for (std::size_t at = text.find(id); at != std::string::npos; at = text.find(id, at)) {
      const std::size_t end = at + id.size();
      const bool starts = at == 0 || !word(text[at - 1]) || !word(id.front());
      const bool ends = end == text.size() || !word(text[end]) || !word(id.back());
      if (starts && ends) {
        text.replace(at, id.size(), run::kIdRemoved);
        at += run::kIdRemoved.size();
      } else {
        at += 1;
      }
    }
  }
  return text;
}

std::string scrubbed(std::string text, const std::vector<std::string>& ids) {
  const run::IdScrubber scrub(ids);
  scrub.scrub(text);
  return text;
}

}  // namespace

TEST(IdScrubber, RemovesIdsAsWordsBesidePunctuationPrefixesAndRepeats) {
  const std::vector<std::string> ids = {"a-1f2e3d", "A-1", "A-10", "applicant", "B-123456789", "-x1"};
  // Beside punctuation, at either end, repeated.
  EXPECT_EQ(scrubbed("(a-1f2e3d), a-1f2e3d.", ids), "([applicant id]), [applicant id].");
  EXPECT_EQ(scrubbed("a-1f2e3da-1f2e3d", ids), "a-1f2e3da-1f2e3d");
  EXPECT_EQ(scrubbed("a-1f2e3d/a-1f2e3d;a-1f2e3d", ids), "[applicant id]/[applicant id];[applicant id]");
  // An id that begins another: each removed whole, neither inside a longer word.
  EXPECT_EQ(scrubbed("A-10 and A-1, not A-100 or xA-1", ids), "[applicant id] and [applicant id], not A-100 or xA-1");
  // Inside a word of letters beyond ASCII: not a word of its own.
  EXPECT_EQ(scrubbed("\xC3\xA5" "A-1 A-1\xC3\xA5", ids), "\xC3\xA5" "A-1 A-1\xC3\xA5");
  // An id whose first character is no word character stands after a letter.
  EXPECT_EQ(scrubbed("ba-x1", ids), "ba[applicant id]");
  // An id that is a word of the replacement: the replacement is read again, as it always was.
  EXPECT_EQ(scrubbed("B-123456789", ids), "[[applicant id] id]");
  EXPECT_EQ(scrubbed("no id here at all", ids), "no id here at all");
  EXPECT_EQ(scrubbed("", ids), "");
  EXPECT_EQ(scrubbed("A-1", {}), "A-1");
}

TEST(IdScrubber, RemovesWhatReadingIdByIdRemoves) {
  // Short ids and texts over a small alphabet of word and other characters,
  // so that ids meet, overlap, begin one another and repeat.
  std::mt19937 rng(20261202);
  const std::string alphabet[] = {"a", "b", "1", "-", " ", ".", "\xC3\xA5", "[", "d"};
  const auto piece = [&](std::size_t max) {
    std::string s;
    for (std::size_t n = rng() % (max + 1); n > 0; --n) s += alphabet[rng() % std::size(alphabet)];
    return s;
  };
  for (int trial = 0; trial < 20000; ++trial) {
    std::vector<std::string> ids;
    for (std::size_t n = rng() % 5; n > 0; --n) ids.push_back(piece(4));
    std::string text;
    for (std::size_t n = rng() % 6; n > 0; --n) {
      text += piece(3);
      if (!ids.empty() && rng() % 2) text += ids[rng() % ids.size()];
    }
    ASSERT_EQ(scrubbed(text, ids), removed_one_by_one(text, ids)) << "text '" << text << "', trial " << trial;
  }
  // Ids that share their first character, as an export's pseudonyms share a
  // prefix ("a-…"), of one length or several.
  for (int trial = 0; trial < 20000; ++trial) {
    std::vector<std::string> ids;
    const std::size_t length = rng() % 4;
    for (std::size_t n = rng() % 5; n > 0; --n) {
      std::string id = "a" + piece(3);
      if (trial % 2) id = ("a" + piece(length) + "bbbb").substr(0, length + 1);
      ids.push_back(id);
    }
    std::string text;
    for (std::size_t n = rng() % 6; n > 0; --n) {
      text += piece(3);
      if (!ids.empty() && rng() % 2) text += ids[rng() % ids.size()];
    }
    ASSERT_EQ(scrubbed(text, ids), removed_one_by_one(text, ids)) << "text '" << text << "', shared first, trial " << trial;
  }
}

TEST(IdScrubber, ScrubsTheTextsOfEvidenceAndLeavesTheRest) {
  const run::IdScrubber scrub(std::vector<std::string>{"a-00ff00"});
  Evidence nested;
  nested.text("who", "a-00ff00 again");
  Evidence e;
  e.count("n", 3);
  e.text("plain", "nothing to remove");
  e.text("named", "about a-00ff00.");
  e.list("items", {nested});
  scrub.scrub(e);
  ASSERT_EQ(e.entries().size(), 4u);
  EXPECT_EQ(e.entries()[0].second.i, 3);
  EXPECT_EQ(e.entries()[1].second.s, "nothing to remove");
  EXPECT_EQ(e.entries()[2].second.s, "about [applicant id].");
  EXPECT_EQ(e.entries()[3].second.children.at(0).entries().at(0).second.s, "[applicant id] again");

  Evidence clean;
  clean.text("plain", "a-00ff01 is not the id");
  scrub.scrub(clean);
  EXPECT_EQ(clean.entries().at(0).second.s, "a-00ff01 is not the id");
}

// An id written in capitals is the same id to whoever reads it, and an
// evidence key is shown as its label: both are removed too.
TEST(IdScrubber, RemovesIdsWhateverTheirCaseAndInEvidenceKeys) {
  const run::IdScrubber scrub(std::vector<std::string>{"a-00ff00"});
  std::string text = "A-00FF00 and a-00Ff00 but not a-00ff01";
  scrub.scrub(text);
  EXPECT_EQ(text, "[applicant id] and [applicant id] but not a-00ff01");
  Evidence nested;
  nested.text("A-00FF00", "value");
  Evidence e;
  e.count("a-00ff00", 3).object("detail", nested);
  scrub.scrub(e);
  ASSERT_EQ(e.entries().size(), 2u);
  EXPECT_EQ(e.entries()[0].first, "[applicant id]");
  EXPECT_EQ(e.entries()[0].second.i, 3);
  EXPECT_EQ(e.entries()[1].second.children.at(0).entries().at(0).first, "[applicant id]");
}
