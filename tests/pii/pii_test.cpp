// Tests of the PII guard (host/ingest/pii.hpp).
//
// What a user relies on: every direct identifier planted in an export is caught
// with the right kind, whatever its spelling and position; a number whose check
// digit or date is wrong is not; and legitimate pseudonymous ids, dates, codes
// and org units are never flagged (zero false positives on a synthetic set of
// 100,000 values and on the fixtures).
//
// The expected kinds come from reference routines written here from the
// published definitions, in another form than the guard's (the guard computes
// check digits; these test weighted sums, check digit included, for
// divisibility, and use std::chrono for calendar dates), and from published
// test numbers listed with their sources in corpus/published_numbers.tsv.
#include "ingest/pii.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using fairaudit::ingest::FieldClass;
using fairaudit::ingest::PiiKind;
using fairaudit::ingest::scan;
using fairaudit::ingest::to_string;

// Heap allocations so far (alloc_counter.cpp), to show that scan() makes none.
extern std::atomic<long> g_pii_test_allocations;

namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = FAIRAUDIT_PII_CORPUS_DIR;
const fs::path kFixtures = FAIRAUDIT_FIXTURES_DIR;

constexpr PiiKind kAllKinds[] = {PiiKind::se_personnummer, PiiKind::se_samordningsnummer, PiiKind::no_fodselsnummer,
                                 PiiKind::no_d_nummer,     PiiKind::dk_cpr,               PiiKind::email,
                                 PiiKind::phone,           PiiKind::free_text};

PiiKind kind_from_name(const std::string& name) {
  for (PiiKind k : kAllKinds)
    if (name == to_string(k)) return k;
  throw std::runtime_error("unknown kind in corpus: " + name);
}

FieldClass class_from_name(const std::string& name) {
  if (name == "code") return FieldClass::code;
  if (name == "org_unit") return FieldClass::org_unit;
  if (name == "date") return FieldClass::date;
  if (name == "any") return FieldClass::any;
  throw std::runtime_error("unknown field class in corpus: " + name);
}

std::string kind_name(std::optional<PiiKind> k) { return k ? to_string(*k) : "nothing"; }

// ---------------------------------------------------------------------------
// Reference routines

// Luhn as ISO/IEC 7812-1 states it: from the rightmost digit, double every
// second digit and add the digits of the products; valid when the sum is
// divisible by 10.
bool luhn_valid(const std::string& digits) {
  int sum = 0;
  bool doubled = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int x = *it - '0';
    if (doubled) {
      x *= 2;
      x = x / 10 + x % 10;
    }
    sum += x;
    doubled = !doubled;
  }
  return sum % 10 == 0;
}

// Fødselsnummer / D-nummer: Skatteetaten's control weights, with weight 1 for
// the check digit itself; both sums divisible by 11.
bool mod11_valid(const std::string& d) {
  static const int w1[10] = {3, 7, 6, 1, 8, 9, 4, 5, 2, 1};
  static const int w2[11] = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1};
  int s1 = 0, s2 = 0;
  for (int k = 0; k < 10; ++k) s1 += w1[k] * (d[k] - '0');
  for (int k = 0; k < 11; ++k) s2 += w2[k] * (d[k] - '0');
  return s1 % 11 == 0 && s2 % 11 == 0;
}

bool real_date(int y, int m, int d) {
  using namespace std::chrono;
  if (m < 1 || d < 1) return false;
  return year_month_day{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}}.ok();
}

int num(const std::string& s, std::size_t pos, std::size_t len) { return std::stoi(s.substr(pos, len)); }

// Swedish number of ten digits; `century` is 18/19/20 or 0 when not written
// (then any century that makes the date real will do).
std::optional<PiiKind> ref_swedish(const std::string& ten, int century) {
  if (!luhn_valid(ten)) return std::nullopt;
  const int yy = num(ten, 0, 2), mm = num(ten, 2, 2);
  int dd = num(ten, 4, 2);
  PiiKind kind = PiiKind::se_personnummer;
  if (dd >= 61 && dd <= 91) {
    dd -= 60;
    kind = PiiKind::se_samordningsnummer;
  }
  for (int c : {18, 19, 20})
    if ((century == 0 || century == c) && real_date(c * 100 + yy, mm, dd)) return kind;
  return std::nullopt;
}

// The CPR office's table of the 7th digit.
bool ref_danish(const std::string& ten) {
  struct Row {
    const char* sevenths;
    int yy_from, yy_to, base;
  };
  static const Row rows[] = {{"0123", 0, 99, 1900}, {"49", 0, 36, 2000}, {"49", 37, 99, 1900},
                             {"5678", 0, 57, 2000}, {"5678", 58, 99, 1800}};
  const int dd = num(ten, 0, 2), mm = num(ten, 2, 2), yy = num(ten, 4, 2);
  for (const Row& r : rows)
    if (std::string(r.sevenths).find(ten[6]) != std::string::npos && yy >= r.yy_from && yy <= r.yy_to)
      return real_date(r.base + yy, mm, dd);
  return false;
}

std::optional<PiiKind> ref_norwegian(const std::string& d) {
  if (!mod11_valid(d)) return std::nullopt;
  int dd = num(d, 0, 2), mm = num(d, 2, 2);
  const int yy = num(d, 4, 2);
  PiiKind kind = PiiKind::no_fodselsnummer;
  if (dd >= 41 && dd <= 71) {
    dd -= 40;
    kind = PiiKind::no_d_nummer;
  }
  if (mm >= 41 && mm <= 52) mm -= 40;  // H-number, NAV synthetic
  if (mm >= 81 && mm <= 92) mm -= 80;  // Tenor synthetic
  for (int c : {18, 19, 20})
    if (real_date(c * 100 + yy, mm, dd)) return kind;
  return std::nullopt;
}

// Kind expected for a spelled national number (digits plus at most one
// separator), by the guard's documented precedence: Swedish before Danish.
std::optional<PiiKind> ref_national(const std::string& spelled) {
  std::string digits;
  char sep = 0;
  for (char c : spelled) (c >= '0' && c <= '9') ? void(digits += c) : void(sep = c);
  if (digits.size() == 12) return ref_swedish(digits.substr(2), num(digits, 0, 2));
  if (digits.size() == 11) return ref_norwegian(digits);
  if (digits.size() == 10) {
    if (auto k = ref_swedish(digits, 0)) return k;
    if (sep != '+' && ref_danish(digits)) return PiiKind::dk_cpr;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// Generators of valid numbers

struct Rng {
  std::mt19937_64 gen{20260412};
  int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(gen); }
  template <class T>
  const T& pick(const std::vector<T>& v) { return v[static_cast<std::size_t>(uniform(0, int(v.size()) - 1))]; }
};

std::string two_digits(int v) {
  char b[3] = {char('0' + v / 10), char('0' + v % 10), 0};
  return b;
}

// A real date between 1890 and 2025.
std::chrono::year_month_day random_date(Rng& r) {
  using namespace std::chrono;
  const sys_days from = year{1890} / January / 1, to = year{2025} / December / 31;
  return year_month_day{from + days{r.uniform(0, int((to - from).count()))}};
}

std::string complete_luhn(const std::string& nine) {
  for (char c = '0'; c <= '9'; ++c)
    if (luhn_valid(nine + c)) return nine + c;
  throw std::logic_error("no Luhn digit");
}

// 12 digits YYYYMMDDNNNC.
std::string gen_swedish(Rng& r, bool samordning) {
  const auto ymd = random_date(r);
  const int y = int(ymd.year()), m = int(unsigned(ymd.month())), d = int(unsigned(ymd.day()));
  std::string nine = two_digits(y % 100) + two_digits(m) + two_digits(d + (samordning ? 60 : 0)) +
                     std::to_string(r.uniform(100, 999));
  return std::to_string(y / 100) + complete_luhn(nine);
}

// 11 digits; month_offset 0, 40 (H-number, NAV synthetic) or 80 (Tenor).
std::optional<std::string> gen_norwegian(Rng& r, bool d_number, int month_offset) {
  const auto ymd = random_date(r);
  const int y = int(ymd.year()), m = int(unsigned(ymd.month())), d = int(unsigned(ymd.day()));
  int individual;
  if (y < 1900) {
    if (y < 1854) return std::nullopt;
    individual = r.uniform(500, 749);
  } else if (y < 2000) {
    individual = y >= 1940 && r.uniform(0, 4) == 0 ? r.uniform(900, 999) : r.uniform(0, 499);
  } else {
    if (y > 2039) return std::nullopt;
    individual = r.uniform(500, 999);
  }
  char ind[4];
  std::snprintf(ind, sizeof ind, "%03d", individual);
  const std::string nine =
      two_digits(d + (d_number ? 40 : 0)) + two_digits(m + month_offset) + two_digits(y % 100) + ind;
  for (char k1 = '0'; k1 <= '9'; ++k1)
    for (char k2 = '0'; k2 <= '9'; ++k2)
      if (mod11_valid(nine + k1 + k2)) return nine + k1 + k2;
  return std::nullopt;  // no valid check digit exists for this individual number
}

// 10 digits DDMMYYSSSS with a 7th digit that fits the century.
std::string gen_danish(Rng& r) {
  for (;;) {
    const auto ymd = random_date(r);
    const int y = int(ymd.year()), yy = y % 100;
    std::vector<char> sevenths;
    for (char c = '0'; c <= '9'; ++c) {
      const bool c1900 = c <= '3' || ((c == '4' || c == '9') && yy >= 37);
      const bool c2000 = ((c == '4' || c == '9') && yy <= 36) || (c >= '5' && c <= '8' && yy <= 57);
      const bool c1800 = c >= '5' && c <= '8' && yy >= 58;
      if ((y / 100 == 19 && c1900) || (y / 100 == 20 && c2000) || (y / 100 == 18 && c1800)) sevenths.push_back(c);
    }
    if (sevenths.empty()) continue;  // e.g. 1890–1899 with yy < 58
    char tail[4];
    std::snprintf(tail, sizeof tail, "%03d", r.uniform(0, 999));
    return two_digits(int(unsigned(ymd.day()))) + two_digits(int(unsigned(ymd.month()))) + two_digits(yy) +
           r.pick(sevenths) + tail;
  }
}

// ---------------------------------------------------------------------------
// Spellings and positions

std::vector<std::string> spellings(const std::string& digits) {
  if (digits.size() == 12) {
    const std::string ten = digits.substr(2);
    return {digits, digits.substr(0, 8) + "-" + digits.substr(8), digits.substr(0, 8) + " " + digits.substr(8),
            ten,    ten.substr(0, 6) + "-" + ten.substr(6),       ten.substr(0, 6) + "+" + ten.substr(6),
            ten.substr(0, 6) + " " + ten.substr(6)};
  }
  if (digits.size() == 11)
    return {digits, digits.substr(0, 6) + " " + digits.substr(6), digits.substr(0, 6) + "-" + digits.substr(6)};
  return {digits, digits.substr(0, 6) + "-" + digits.substr(6), digits.substr(0, 6) + " " + digits.substr(6)};
}

struct Position {
  const char* before;
  const char* after;
};
const Position kPositions[] = {
    {"", ""},
    {"pnr ", ""},
    {"", " (søker)"},
    {"id:", ""},
    {"\"", "\""},
    {"x=", ";y=2"},
    {"Kandidat ", ", intervju 3"},
    {"", "."},
    {"se\xC2\xA0", ""},  // after a no-break space
    {"linje\n", "\nslutt"},
    {"[", "]"},
    {"ref/", "/x"},
    {"<", ">"},
    {"nr 12 ", ""},
    {"a-", ""},
    {"", "-x"},
    {"\t", "\t"},
};

std::string unescape(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      out += s[i];
      continue;
    }
    const char c = s[++i];
    if (c == 't') out += '\t';
    else if (c == 'n') out += '\n';
    else if (c == '\\') out += '\\';
    else if (c == 'u' && s[i + 1] == '{') {
      const std::size_t close = s.find('}', i);
      const unsigned long cp = std::stoul(s.substr(i + 2, close - i - 2), nullptr, 16);
      if (cp < 0x80) out += char(cp);
      else if (cp < 0x800) out += {char(0xC0 | (cp >> 6)), char(0x80 | (cp & 0x3F))};
      else out += {char(0xE0 | (cp >> 12)), char(0x80 | ((cp >> 6) & 0x3F)), char(0x80 | (cp & 0x3F))};
      i = close;
    } else {
      throw std::runtime_error("bad escape in corpus: " + s);
    }
  }
  return out;
}

// Rows of a tab-separated corpus file, comments and blank lines skipped.
std::vector<std::vector<std::string>> read_tsv(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot open " + file.string());
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols;
    std::size_t start = 0;
    for (std::size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1)
      cols.push_back(line.substr(start, tab - start));
    cols.push_back(line.substr(start));
    rows.push_back(std::move(cols));
  }
  return rows;
}

// Checks one planted number in every spelling and position; returns failures.
int check_planted(const std::string& digits, std::optional<PiiKind> expected_whole, std::ostream& log) {
  int failures = 0;
  for (const std::string& spelled : spellings(digits)) {
    // A ten-digit number that is both a valid Swedish number and a valid CPR
    // date is reported as Swedish (the guard's documented precedence), so the
    // kind is taken per spelling; an 11- or 12-digit number has one reading.
    const auto expected = ref_national(spelled);
    if (!expected || (digits.size() != 10 && expected != expected_whole)) {
      ++failures;
      log << "  reference routines disagree on " << spelled << "\n";
      continue;
    }
    for (const Position& p : kPositions) {
      const std::string value = std::string(p.before) + spelled + p.after;
      for (FieldClass cls : {FieldClass::any, FieldClass::code}) {
        const auto got = scan(value, cls);
        const PiiKind want = *expected;
        if (got != want) {
          if (++failures <= 20)
            log << "  " << digits << " as '" << value << "': expected " << to_string(want) << ", got "
                << kind_name(got) << "\n";
        }
      }
    }
  }
  return failures;
}

// ---------------------------------------------------------------------------

TEST(PiiGuard, KindNamesAreStableKebabCase) {
  EXPECT_STREQ(to_string(PiiKind::se_personnummer), "se-personnummer");
  EXPECT_STREQ(to_string(PiiKind::se_samordningsnummer), "se-samordningsnummer");
  EXPECT_STREQ(to_string(PiiKind::no_fodselsnummer), "no-fodselsnummer");
  EXPECT_STREQ(to_string(PiiKind::no_d_nummer), "no-d-nummer");
  EXPECT_STREQ(to_string(PiiKind::dk_cpr), "dk-cpr");
  EXPECT_STREQ(to_string(PiiKind::email), "email");
  EXPECT_STREQ(to_string(PiiKind::phone), "phone");
  EXPECT_STREQ(to_string(PiiKind::free_text), "free-text");
}

TEST(PiiGuard, ReferenceRoutinesAgreeWithPublishedNumbers) {
  // The reference routines must accept every published number with its
  // published kind, or the other tests would check nothing.
  for (const auto& row : read_tsv(kCorpus / "published_numbers.tsv")) {
    ASSERT_EQ(row.size(), 3u);
    const PiiKind kind = kind_from_name(row[0]);
    const auto ref = ref_national(row[1]);
    EXPECT_EQ(kind_name(ref), to_string(kind)) << row[1] << " (" << row[2] << ")";
  }
}

TEST(PiiGuard, CatchesPublishedTestNumbersInEverySpellingAndPosition) {
  std::ostringstream log;
  int failures = 0, numbers = 0;
  for (const auto& row : read_tsv(kCorpus / "published_numbers.tsv")) {
    failures += check_planted(row[1], kind_from_name(row[0]), log);
    ++numbers;
  }
  EXPECT_GE(numbers, 50);
  EXPECT_EQ(failures, 0) << log.str();
}

TEST(PiiGuard, CatchesPlantedValuesOfTheCorpus) {
  int rows = 0;
  for (const auto& row : read_tsv(kCorpus / "planted_values.tsv")) {
    ASSERT_EQ(row.size(), 3u);
    const std::string value = unescape(row[2]);
    EXPECT_EQ(kind_name(scan(value, class_from_name(row[1]))), row[0]) << "value: " << row[2] << " as " << row[1];
    ++rows;
  }
  EXPECT_GE(rows, 60);
}

TEST(PiiGuard, CatchesGeneratedNumbersWithTheRightKind) {
  Rng r;
  std::ostringstream log;
  int failures = 0, danish_read_as_swedish = 0;
  std::map<std::string, int> generated;
  for (int i = 0; i < 1500; ++i) {
    const bool samordning = i % 3 == 0;
    const std::string se = gen_swedish(r, samordning);
    ASSERT_EQ(kind_name(ref_national(se)), samordning ? "se-samordningsnummer" : "se-personnummer") << se;
    failures += check_planted(se, ref_national(se), log);
    ++generated[samordning ? "se-samordningsnummer" : "se-personnummer"];

    const bool d_number = i % 2 == 0;
    const int month_offset = (i / 2) % 3 * 40;
    if (auto no = gen_norwegian(r, d_number, month_offset)) {
      ASSERT_EQ(kind_name(ref_norwegian(*no)), d_number ? "no-d-nummer" : "no-fodselsnummer") << *no;
      failures += check_planted(*no, ref_norwegian(*no), log);
      ++generated[d_number ? "no-d-nummer" : "no-fodselsnummer"];
    }

    const std::string dk = gen_danish(r);
    ASSERT_TRUE(ref_danish(dk)) << dk;
    if (ref_swedish(dk, 0)) ++danish_read_as_swedish;
    failures += check_planted(dk, PiiKind::dk_cpr, log);
    ++generated["dk-cpr"];
  }
  for (const auto& [kind, count] : generated) EXPECT_GE(count, 400) << kind;
  EXPECT_EQ(failures, 0) << log.str();
  // Precedence is visible to users only in the kind named in the message; it
  // should concern a small share of CPR numbers (those that also pass Luhn with
  // a Swedish date).
  EXPECT_LT(danish_read_as_swedish, 1500 / 10);
  RecordProperty("danish_numbers_reported_as_swedish", danish_read_as_swedish);
}

TEST(PiiGuard, NearMissesWithAWrongCheckDigitAreNotCaught) {
  Rng r;
  std::ostringstream log;
  int failures = 0, checked = 0;
  const auto expect_not_caught = [&](const std::string& value, std::optional<PiiKind> expected) {
    ++checked;
    const auto got = scan(value, FieldClass::any);
    if (got != expected && ++failures <= 20)
      log << "  '" << value << "': expected " << kind_name(expected) << ", got " << kind_name(got) << "\n";
  };
  for (int i = 0; i < 500; ++i) {
    // Swedish: every wrong Luhn digit. Written with 12 digits the number can
    // only be Swedish, so nothing may be reported; written YYMMDD-NNNC it may
    // still be a CPR number when YYMMDD reads as a real DDMMYY date.
    const std::string se = gen_swedish(r, i % 2 == 0);
    for (char c = '0'; c <= '9'; ++c) {
      if (c == se[11]) continue;
      const std::string bad = se.substr(0, 11) + c;
      ASSERT_FALSE(luhn_valid(bad.substr(2)));
      expect_not_caught(bad, std::nullopt);
      expect_not_caught(bad.substr(0, 8) + "-" + bad.substr(8), std::nullopt);
      const std::string ten = bad.substr(2, 6) + "-" + bad.substr(8);
      const auto danish = ref_danish(bad.substr(2)) ? std::optional<PiiKind>(PiiKind::dk_cpr) : std::nullopt;
      expect_not_caught(ten, danish);
    }
    // Norwegian: every wrong first and every wrong second check digit.
    if (auto no = gen_norwegian(r, i % 2 == 0, (i / 2) % 3 * 40)) {
      for (int pos : {9, 10})
        for (char c = '0'; c <= '9'; ++c) {
          if (c == (*no)[pos]) continue;
          std::string bad = *no;
          bad[pos] = c;
          ASSERT_FALSE(mod11_valid(bad));
          expect_not_caught(bad, std::nullopt);
          expect_not_caught(bad.substr(0, 6) + " " + bad.substr(6), std::nullopt);
        }
    }
  }
  EXPECT_GE(checked, 500 * 9 * 3);
  EXPECT_EQ(failures, 0) << log.str();
}

TEST(PiiGuard, NumbersWithDatesThatDoNotExistAreNotCaught) {
  Rng r;
  std::ostringstream log;
  int failures = 0, checked = 0;
  for (int i = 0; i < 3000; ++i) {
    // Danish: day, month and leap-day errors, with the century rule.
    const int day = r.uniform(0, 39), month = r.uniform(0, 19), yy = r.uniform(0, 99);
    std::string dk = two_digits(day) + two_digits(month) + two_digits(yy) + char('0' + r.uniform(0, 9)) +
                     two_digits(r.uniform(0, 99)) + char('0' + r.uniform(0, 9));
    if (ref_danish(dk)) continue;
    const std::string spelled = dk.substr(0, 6) + "-" + dk.substr(6);
    const auto expected = ref_national(spelled);  // may still be a Swedish number
    ++checked;
    if (expected == PiiKind::dk_cpr) ADD_FAILURE() << "reference confused: " << spelled;
    const auto got = scan(spelled, FieldClass::any);
    if (got != expected && ++failures <= 20)
      log << "  '" << spelled << "': expected " << kind_name(expected) << ", got " << kind_name(got) << "\n";
  }
  // 29 February: only leap years count, and the 7th digit decides the century.
  EXPECT_EQ(kind_name(scan("290200-0123", FieldClass::any)), "nothing") << "1900 was no leap year";
  EXPECT_EQ(kind_name(scan("290200-4123", FieldClass::any)), "dk-cpr") << "2000 was a leap year";
  EXPECT_EQ(kind_name(scan("290296-1234", FieldClass::any)), "dk-cpr");
  EXPECT_EQ(kind_name(scan("290297-1234", FieldClass::any)), "nothing");
  EXPECT_GE(checked, 1000);
  EXPECT_EQ(failures, 0) << log.str();
}

TEST(PiiGuard, CorpusOfNonIdentifiersIsNotFlagged) {
  int rows = 0;
  for (const auto& row : read_tsv(kCorpus / "not_identifiers.tsv")) {
    ASSERT_EQ(row.size(), 2u);
    const std::string value = unescape(row[1]);
    EXPECT_EQ(kind_name(scan(value, class_from_name(row[0]))), "nothing") << "value: " << row[1] << " as " << row[0];
    EXPECT_EQ(kind_name(scan(value, FieldClass::any)), "nothing") << "value: " << row[1] << " as any";
    ++rows;
  }
  EXPECT_GE(rows, 50);
}

TEST(PiiGuard, FreeTextOnlyMattersInCodeFields) {
  EXPECT_EQ(kind_name(scan("Kandidaten hadde best erfaring", FieldClass::code)), "free-text");
  EXPECT_EQ(kind_name(scan("Kandidaten hadde best erfaring", FieldClass::org_unit)), "free-text");
  EXPECT_EQ(kind_name(scan("Kandidaten hadde best erfaring", FieldClass::any)), "nothing");
  // Whitespace only around a code is not between words.
  EXPECT_EQ(kind_name(scan(" 2221 ", FieldClass::code)), "nothing");
  // A 64-character HMAC is the longest code; one byte more is free text.
  const std::string hmac(64, 'a');
  EXPECT_EQ(kind_name(scan(hmac, FieldClass::code)), "nothing");
  EXPECT_EQ(kind_name(scan(hmac + "b", FieldClass::code)), "free-text");
  // In an org unit the limit is per path segment.
  EXPECT_EQ(kind_name(scan("oslo/" + hmac + "/" + hmac, FieldClass::org_unit)), "nothing");
  EXPECT_EQ(kind_name(scan("oslo/" + hmac + "b", FieldClass::org_unit)), "free-text");
  // An identifier in a code field is reported as what it is, not as free text.
  EXPECT_EQ(kind_name(scan("ring 22 33 44 55", FieldClass::code)), "phone");
}

TEST(PiiGuard, PrecedenceBetweenOverlappingForms) {
  // A bare Swedish mobile number 070x... also reads as a CPR number born on
  // the 7th of a month: it is an identifier either way, and national numbers
  // are tried first.
  EXPECT_EQ(kind_name(scan("0701234567", FieldClass::any)), "dk-cpr");
  EXPECT_EQ(kind_name(scan("070-123 45 67", FieldClass::any)), "phone");
  EXPECT_EQ(kind_name(scan("0761234567", FieldClass::any)), "phone");
}

// ---------------------------------------------------------------------------
// Zero false positives

std::string hex(Rng& r, int n, bool upper = false) {
  static const char* lower = "0123456789abcdef";
  static const char* upper_digits = "0123456789ABCDEF";
  std::string s;
  for (int i = 0; i < n; ++i) s += (upper ? upper_digits : lower)[r.uniform(0, 15)];
  return s;
}

std::string letters(Rng& r, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += char('A' + r.uniform(0, 25));
  return s;
}

std::string digits(Rng& r, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += char('0' + r.uniform(0, 9));
  return s;
}

std::string iso_date(Rng& r) {
  const auto ymd = random_date(r);
  char b[16];
  std::snprintf(b, sizeof b, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()));
  return b;
}

std::string iso_date_time(Rng& r) {
  char b[48];
  std::snprintf(b, sizeof b, "T%02d:%02d", r.uniform(0, 23), r.uniform(0, 59));
  std::string s = iso_date(r) + b;
  if (r.uniform(0, 1)) {
    std::snprintf(b, sizeof b, ":%02d", r.uniform(0, 59));
    s += b;
    if (r.uniform(0, 2) == 0) s += "." + digits(r, r.uniform(1, 6));
  }
  switch (r.uniform(0, 3)) {
    case 0: s += "Z"; break;
    case 1: std::snprintf(b, sizeof b, "+%02d:00", r.uniform(0, 14)); s += b; break;
    case 2: std::snprintf(b, sizeof b, "-%02d:%02d", r.uniform(0, 12), r.uniform(0, 1) * 30); s += b; break;
    default: break;
  }
  return s;
}

struct Sample {
  FieldClass cls;
  std::string value;
};

// Realistic values of the canonical export (docs/input-format.md).
std::vector<Sample> synthetic_values(int count) {
  Rng r;
  r.gen.seed(7);
  const std::vector<std::string> vocabulary = {
      "woman", "man", "other", "unknown", "declined", "yes", "no", "not_asked", "qualified", "not_qualified",
      "not_assessed", "applied", "screened", "interview_invited", "interview_held", "reference_checked",
      "recommended", "offered", "hired", "rejected", "withdrawn", "invited", "shortlist_shared",
      "attended_interview", "waiver", "recommendation_received", "statement_filed", "escalated",
      "better_qualified_hired", "likestillingsrepresentant", "tillitsvalgt", "verneombud", "tjenesteleder",
      "manager", "union_rep", "recommendation", "union", "trekantmote", "recruitment", "NO-OSL", "NO-STATE",
      "SE", "DK", "recruitment_promotion", "sex", "ethnicity", "disability", "round", "unit", "measures"};
  const std::vector<std::string> places = {"oslo", "bergen", "trelleborg", "malmo", "aarhus", "kobenhavn", "tromso"};
  const std::vector<std::string> parts = {"bydel-gamle-oslo", "bydel-frogner", "helse", "skole", "barnehage",
                                          "teknisk", "omsorg", "kultur", "hr", "it-drift", "sektor-2", "avd-14"};
  const char* b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::vector<Sample> out;
  out.reserve(std::size_t(count));
  for (int i = 0; i < count; ++i) {
    switch (i % 13) {
      case 0: out.push_back({FieldClass::code, "a-" + hex(r, 6)}); break;
      case 1:
        out.push_back({FieldClass::code, letters(r, 3) + "-" + letters(r, 3) + "-" +
                                             std::to_string(r.uniform(2015, 2030)) + "-" + digits(r, 4)});
        break;
      case 2: out.push_back({FieldClass::code, hex(r, r.uniform(16, 64), r.uniform(0, 3) == 0)}); break;
      case 3:
        out.push_back({FieldClass::code,
                       hex(r, 8) + "-" + hex(r, 4) + "-4" + hex(r, 3) + "-" + hex(r, 4) + "-" + hex(r, 12)});
        break;
      case 4: out.push_back({FieldClass::date, iso_date(r)}); break;
      case 5: out.push_back({FieldClass::date, iso_date_time(r)}); break;
      case 6: out.push_back({FieldClass::code, digits(r, 4)}); break;  // STYRK-08 / SSYK / DISCO title codes
      case 7: {
        std::string unit = r.pick(places);
        for (int k = r.uniform(1, 4); k > 0; --k) unit += "/" + r.pick(parts);
        out.push_back({FieldClass::org_unit, unit});
        break;
      }
      case 8: out.push_back({FieldClass::code, r.pick(vocabulary)}); break;
      case 9: {
        const int lo = r.uniform(1, 7) * 10;
        const std::string forms[] = {std::to_string(lo) + "-" + std::to_string(lo + 9),
                                     std::to_string(r.uniform(2015, 2030)),
                                     std::to_string(r.uniform(2015, 2030)) + "-" + two_digits(r.uniform(1, 12))};
        out.push_back({FieldClass::code, forms[r.uniform(0, 2)]});
        break;
      }
      case 10: {
        std::string s;
        for (int k = 0; k < 22; ++k) s += b64[r.uniform(0, 63)];
        out.push_back({FieldClass::code, s});
        break;
      }
      case 11:  // ATS requisition numbers of up to 9 digits
        out.push_back({FieldClass::code, letters(r, r.uniform(2, 4)) + "-" + digits(r, r.uniform(3, 9))});
        break;
      default: out.push_back({FieldClass::code, "r-" + std::to_string(r.uniform(1, 9)) + hex(r, 15)}); break;
    }
  }
  return out;
}

TEST(PiiGuard, NoFalsePositivesOnOneHundredThousandSyntheticValues) {
  const auto samples = synthetic_values(100'000);
  int flagged = 0, flagged_as_any = 0;
  std::ostringstream log;
  for (const Sample& s : samples) {
    if (const auto k = scan(s.value, s.cls)) {
      if (++flagged <= 20) log << "  '" << s.value << "' -> " << to_string(*k) << "\n";
    }
    if (const auto k = scan(s.value, FieldClass::any)) {
      if (++flagged_as_any <= 20) log << "  '" << s.value << "' (any) -> " << to_string(*k) << "\n";
    }
  }
  RecordProperty("values", int(samples.size()));
  RecordProperty("flagged", flagged);
  EXPECT_EQ(samples.size(), 100'000u);
  EXPECT_EQ(flagged, 0) << log.str();
  EXPECT_EQ(flagged_as_any, 0) << log.str();
}

// The field class of a string in a fixture, by its key (as host/ingest reads
// the canonical export).
FieldClass class_of_key(const std::string& key, const std::string& parent) {
  if (key == "at" || (key.size() > 3 && key.compare(key.size() - 3, 3, "_at") == 0) || parent == "steps")
    return FieldClass::date;
  if (key == "org_unit") return FieldClass::org_unit;
  return FieldClass::code;
}

void walk(const rapidjson::Value& v, const std::string& key, const std::string& parent, const std::string& path,
          std::vector<std::pair<std::string, Sample>>& out) {
  if (v.IsString()) {
    out.push_back({path, {class_of_key(key, parent), std::string(v.GetString(), v.GetStringLength())}});
  } else if (v.IsObject()) {
    for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) {
      const std::string name(it->name.GetString(), it->name.GetStringLength());
      walk(it->value, name, key, path + "." + name, out);
    }
  } else if (v.IsArray()) {
    for (rapidjson::SizeType i = 0; i < v.Size(); ++i)
      walk(v[i], key, parent, path + "[" + std::to_string(i) + "]", out);
  }
}

TEST(PiiGuard, NoFalsePositivesOnTheFixtures) {
  // Fixture folders meant to hold planted identifiers (named for the guard)
  // are left out: there a hit is the point.
  std::vector<std::pair<std::string, Sample>> strings;
  int files = 0, lines = 0;
  if (fs::exists(kFixtures)) {
    for (const auto& entry : fs::recursive_directory_iterator(kFixtures)) {
      if (!entry.is_regular_file() || entry.path().extension() != ".jsonl") continue;
      const std::string rel = fs::relative(entry.path(), kFixtures).string();
      if (rel.find("pii") != std::string::npos || rel.find("planted") != std::string::npos) continue;
      ++files;
      std::ifstream in(entry.path());
      int n = 0;
      for (std::string line; std::getline(in, line);) {
        ++n;
        rapidjson::Document doc;
        doc.Parse(line.c_str(), line.size());
        if (doc.HasParseError()) continue;  // broken lines are for the parser's tests
        ++lines;
        walk(doc, "", "", rel + ":" + std::to_string(n) + ":$", strings);
      }
    }
  }
  if (files == 0) GTEST_SKIP() << "no fixtures under " << kFixtures;
  int flagged = 0, flagged_as_any = 0;
  std::ostringstream log;
  for (const auto& [path, s] : strings) {
    // Paths only: a fixture value that is flagged must not be echoed either.
    if (const auto k = scan(s.value, s.cls)) {
      ++flagged;
      log << "  " << path << " -> " << to_string(*k) << "\n";
    }
    if (const auto k = scan(s.value, FieldClass::any)) {
      ++flagged_as_any;
      log << "  " << path << " (any) -> " << to_string(*k) << "\n";
    }
  }
  std::cout << "[ fixtures ] " << files << " files, " << lines << " records, " << strings.size()
            << " string values, " << flagged << " flagged by field class, " << flagged_as_any
            << " flagged as any\n";
  RecordProperty("files", files);
  RecordProperty("strings", int(strings.size()));
  EXPECT_EQ(flagged, 0) << log.str();
  EXPECT_EQ(flagged_as_any, 0) << log.str();
}

TEST(PiiGuard, RandomInputKeepsTheOrderOfFieldClasses) {
  // Random strings dense in digits, separators and UTF-8 spaces, each in a
  // heap buffer of exactly its length, so that a read past the end shows under
  // AddressSanitizer (FAIRAUDIT_SANITIZE). The property checked: a code or org
  // unit field is held to at least the rules of an `any` field, and a date
  // field that is not ISO-shaped too.
  const std::vector<std::string> pieces = {"0", "1", "2", "4", "5", "7", "9", "00", "07", "46", "47", " ", "-", "+",
                                           ".", "(", ")", "@", "/", ":", "a", "Z", "T", "no", "\xC2\xA0",
                                           "\xE2\x80\xAF", "\xC3\xB8", "\t", "2026-03-28", "850709", "9805"};
  Rng r;
  int identifiers = 0;
  for (int i = 0; i < 200'000; ++i) {
    std::string s;
    for (int k = r.uniform(0, 16); k > 0; --k) s += r.pick(pieces);
    const std::unique_ptr<char[]> exact(new char[s.size() ? s.size() : 1]);
    std::copy(s.begin(), s.end(), exact.get());
    const std::string_view v(exact.get(), s.size());
    const auto any = scan(v, FieldClass::any);
    const auto code = scan(v, FieldClass::code);
    const auto org = scan(v, FieldClass::org_unit);
    const auto date = scan(v, FieldClass::date);
    if (any) {
      ++identifiers;
      ASSERT_EQ(kind_name(code), kind_name(any)) << s;
      ASSERT_EQ(kind_name(org), kind_name(any)) << s;
      ASSERT_EQ(kind_name(date), kind_name(any)) << s;
    }
    ASSERT_TRUE(!date || date == any) << s;
  }
  EXPECT_GT(identifiers, 1000);
}

TEST(PiiGuard, ScanningAllocatesNothing) {
  std::vector<std::string> values;
  for (const auto& row : read_tsv(kCorpus / "planted_values.tsv")) values.push_back(unescape(row[2]));
  for (const auto& row : read_tsv(kCorpus / "not_identifiers.tsv")) values.push_back(unescape(row[1]));
  for (const Sample& s : synthetic_values(2'000)) values.push_back(s.value);
  int hits = 0;
  const long before = g_pii_test_allocations.load();
  for (const std::string& v : values)
    for (FieldClass cls : {FieldClass::code, FieldClass::org_unit, FieldClass::date, FieldClass::any})
      hits += scan(v, cls).has_value();
  const long after = g_pii_test_allocations.load();
  EXPECT_GT(hits, 0);
  EXPECT_EQ(after - before, 0);
}

}  // namespace
