// The UTF-8 check that runs before each line is parsed: it must accept and
// reject exactly what RFC 3629 does (the parser no longer checks strings
// itself), and say where the first bad byte is.
#include <gtest/gtest.h>

#include <rapidjson/encodings.h>
#include <rapidjson/stream.h>

#include <string>

#include "ingest/record.hpp"
#include "ingest/utf8.hpp"

using fairaudit::Source;
using fairaudit::ingest::first_invalid_utf8;
using fairaudit::ingest::parse_line;

namespace {

constexpr auto kValid = std::string_view::npos;

std::string bytes(std::initializer_list<unsigned> list) {
  std::string s;
  for (unsigned b : list) s += static_cast<char>(b);
  return s;
}

// RapidJSON's own validator (Hoehrmann's DFA, RFC 3629), which the parser
// used until the check moved here: the independent reference.
bool rapidjson_accepts(const std::string& text) {
  struct Discard {
    void Put(char) {}
  } out;
  rapidjson::StringStream in(text.c_str());  // text holds no NUL
  while (in.Peek() != '\0')
    if (!rapidjson::UTF8<>::Validate(in, out)) return false;
  return true;
}

}  // namespace

// Markus Kuhn's "UTF-8 decoder capability and stress test", sections 1–5.
TEST(Utf8, AcceptsTheBoundariesOfEachLength) {
  EXPECT_EQ(first_invalid_utf8(""), kValid);
  EXPECT_EQ(first_invalid_utf8("Bydel Grünerløkka, Malmö, Århus"), kValid);
  EXPECT_EQ(first_invalid_utf8(bytes({0xCE, 0xBA, 0xE1, 0xBD, 0xB9, 0xCF, 0x83, 0xCE, 0xBC, 0xCE, 0xB5})), kValid);
  for (const auto& s : {bytes({0x7F}), bytes({0xC2, 0x80}), bytes({0xDF, 0xBF}), bytes({0xE0, 0xA0, 0x80}),
                        bytes({0xED, 0x9F, 0xBF}), bytes({0xEE, 0x80, 0x80}), bytes({0xEF, 0xBF, 0xBD}),
                        bytes({0xEF, 0xBF, 0xBF}), bytes({0xF0, 0x90, 0x80, 0x80}), bytes({0xF4, 0x8F, 0xBF, 0xBF})})
    EXPECT_EQ(first_invalid_utf8(s), kValid) << ::testing::PrintToString(s);
}

TEST(Utf8, RejectsOverlongFormsSurrogatesAndWhatIsCutShort) {
  for (const auto& s : {
           bytes({0x80}), bytes({0xBF}),                                      // continuation without a lead
           bytes({0xC0, 0xAF}), bytes({0xC1, 0xBF}),                          // overlong '/' and U+007F
           bytes({0xE0, 0x80, 0xAF}), bytes({0xE0, 0x9F, 0xBF}),              // overlong 3-byte forms
           bytes({0xF0, 0x80, 0x80, 0xAF}), bytes({0xF0, 0x8F, 0xBF, 0xBF}),  // overlong 4-byte forms
           bytes({0xED, 0xA0, 0x80}), bytes({0xED, 0xBF, 0xBF}),              // UTF-16 surrogates
           bytes({0xF4, 0x90, 0x80, 0x80}), bytes({0xF7, 0xBF, 0xBF, 0xBF}),  // above U+10FFFF
           bytes({0xF8, 0x88, 0x80, 0x80, 0x80}), bytes({0xFE}), bytes({0xFF}),
           bytes({0xC2}), bytes({0xE2, 0x82}), bytes({0xF0, 0x9F, 0x98}),  // cut short at the end
           bytes({0xE2, 0x41, 0x41}), bytes({0xF0, 0x9F, 0x41, 0x41}),     // cut short by ASCII
       })
    EXPECT_EQ(first_invalid_utf8(s), 0u) << ::testing::PrintToString(s);
}

TEST(Utf8, NamesTheFirstBadByteWhereverItIs) {
  // Before, inside and after the eight-byte words of the ASCII fast path.
  for (std::size_t at : {0u, 1u, 7u, 8u, 9u, 15u, 16u, 63u, 64u, 1000u}) {
    std::string s(at, 'a');
    s += bytes({0xC3, 0x28});  // the test export's bad line: a lead byte, then '('
    s += std::string(37, 'b');
    EXPECT_EQ(first_invalid_utf8(s), at);
    std::string nul(at, 'a');
    nul += '\0';
    nul += "tail";
    EXPECT_EQ(first_invalid_utf8(nul), at);
    std::string good(at, 'a');
    good += "ø€😀";
    good += std::string(at % 11, 'c');
    EXPECT_EQ(first_invalid_utf8(good), kValid);
  }
}

// Every sequence of up to three bytes with a non-ASCII lead, and every
// four-byte one with a lead F0..F7 and the others near the continuation
// range, judged the same as RapidJSON's validator judges it.
TEST(Utf8, AgreesWithRapidJsonOnEveryShortSequence) {
  std::size_t compared = 0, disagreements = 0;
  auto compare = [&](const std::string& s) {
    ++compared;
    const bool ours = first_invalid_utf8(s) == kValid;
    if (ours != rapidjson_accepts(s) && ++disagreements <= 5)
      ADD_FAILURE() << ::testing::PrintToString(s) << ": ours " << ours;
  };
  std::string s;
  for (unsigned a = 0x80; a <= 0xFF; ++a) {
    compare(bytes({a}));
    for (unsigned b = 1; b <= 0xFF; ++b) {
      compare(bytes({a, b}));
      for (unsigned c = 1; c <= 0xFF; ++c) compare(bytes({a, b, c, 'x'}));
    }
  }
  for (unsigned a = 0xF0; a <= 0xF7; ++a)
    for (unsigned b = 0x70; b <= 0xC8; ++b)
      for (unsigned c = 0x70; c <= 0xC8; ++c)
        for (unsigned d = 0x70; d <= 0xC8; ++d) compare(bytes({a, b, c, d}));
  EXPECT_EQ(disagreements, 0u);
  EXPECT_GT(compared, 8'000'000u);
}

// What a user sees: the line, the byte, and that nothing of it was read.
TEST(Utf8, ABadLineSaysWhichByteAndTheRestParses) {
  const std::string good = R"({"kind":"unit","schema":1,"org_unit":"oslo/bydel-grünerløkka","period":"2026"})";
  auto ok = parse_line(good, Source{"export.jsonl", 4}, {});
  ASSERT_FALSE(ok.error) << ok.error->to_string();
  EXPECT_EQ(std::get<fairaudit::UnitRecord>(*ok.record).org_unit, "oslo/bydel-grünerløkka");

  // The same name written with JSON escapes is the same name.
  auto escaped = parse_line(R"({"kind":"unit","schema":1,"org_unit":"oslo/bydel-gr\u00fcnerl\u00f8kka","period":"2026"})",
                            Source{"export.jsonl", 5}, {});
  ASSERT_FALSE(escaped.error) << escaped.error->to_string();
  EXPECT_EQ(std::get<fairaudit::UnitRecord>(*escaped.record).org_unit, "oslo/bydel-grünerløkka");

  std::string bad = good;
  bad.replace(bad.find("ø"), 2, bytes({0xF8, 0x41}));
  auto e = parse_line(bad, Source{"export.jsonl", 6}, {});
  ASSERT_TRUE(e.error);
  EXPECT_EQ(e.error->kind, "syntax");
  EXPECT_EQ(e.error->line, 6u);
  EXPECT_NE(e.error->message.find("at byte " + std::to_string(good.find("ø") + 1)), std::string::npos)
      << e.error->message;
  EXPECT_NE(e.error->message.find("UTF-8"), std::string::npos) << e.error->message;

  // A control character must be escaped inside a JSON string, 0x1A to 0x1F
  // too (RapidJSON 1.1.0's SSE2 scanner, not used, would let those through).
  for (char c : {'\x01', '\x1a', '\x1f'})
    for (std::size_t at = 0; at < 40; ++at) {  // at every position of a 16-byte block
      std::string name(40, 'x');
      name[at] = c;
      const std::string raw = R"({"kind":"unit","schema":1,"org_unit":"oslo/)" + name + R"(","period":"2026"})";
      e = parse_line(raw, Source{"export.jsonl", 8}, {});
      ASSERT_TRUE(e.error) << int(c) << " at " << at;
      EXPECT_EQ(e.error->kind, "syntax");
    }

  // A NUL byte after the record would have ended a NUL-terminated parse early.
  std::string nul = good + std::string(1, '\0') + "{}";
  e = parse_line(nul, Source{"export.jsonl", 7}, {});
  ASSERT_TRUE(e.error);
  EXPECT_EQ(e.error->kind, "syntax");
  EXPECT_NE(e.error->message.find("NUL"), std::string::npos) << e.error->message;
}
