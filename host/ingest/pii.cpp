// The PII guard. See pii.hpp for what is recognised and why; this file keeps to
// one rule for speed: an ordinary value costs one pass over its bytes with a
// table lookup per byte, and only values with a long enough run of digits, an
// '@' or whitespace are looked at more closely.
#include "ingest/pii.hpp"

#include <array>
#include <cstdint>

namespace fairaudit::ingest {
namespace {

using u8 = std::uint8_t;
using std::size_t;
using std::string_view;

// ---------------------------------------------------------------------------
// Byte classes

enum : unsigned {
  kDigit = 1,
  kAlpha = 2,
  // May stand between the digits of one number as it is written: space, '-',
  // '+', '.', '(', ')', and every non-ASCII byte (so that NBSP and narrow NBSP,
  // which word processors put into phone numbers, join too).
  kJoin = 4,
  kAt = 8,
  kSpace = 16,  // ASCII whitespace
  kHigh = 32,   // non-ASCII byte: maybe part of a Unicode space
  kPlus = 64,
  kKeep = 128,  // digit or joiner: keeps a run of digits going
  kOther = 256,  // none of the above
};
constexpr unsigned kAlphaShift = 1, kKeepShift = 7;

constexpr std::array<std::uint16_t, 256> make_classes() {
  std::array<std::uint16_t, 256> t{};
  for (std::size_t c = '0'; c <= '9'; ++c) t[c] = kDigit;
  for (std::size_t c = 'a'; c <= 'z'; ++c) t[c] = kAlpha;
  for (std::size_t c = 'A'; c <= 'Z'; ++c) t[c] = kAlpha;
  for (char c : {' ', '-', '+', '.', '(', ')'}) t[static_cast<u8>(c)] |= kJoin;
  for (char c : {' ', '\t', '\n', '\v', '\f', '\r'}) t[static_cast<u8>(c)] |= kSpace;
  t['@'] |= kAt;
  t['+'] |= kPlus;
  for (std::size_t c = 0x80; c < 0x100; ++c) t[c] = kJoin | kHigh;
  for (auto& k : t) {
    if (k & (kDigit | kJoin)) k |= kKeep;
    if (k == 0) k = kOther;
  }
  return t;
}
constexpr std::array<std::uint16_t, 256> kClass = make_classes();

inline unsigned class_of(char c) noexcept { return kClass[static_cast<u8>(c)]; }
inline bool is_digit(char c) noexcept { return (class_of(c) & kDigit) != 0; }
inline bool is_alnum(char c) noexcept { return (class_of(c) & (kDigit | kAlpha)) != 0; }
inline int digit(char c) noexcept { return c - '0'; }

// The fewest digits of a number written with '-', '.' or nothing between its
// groups (a Swedish phone number); Norwegian and Danish phone numbers of 8
// digits are written with spaces, and international ones with '+'.
constexpr size_t kMinNumberDigits = 9;
constexpr size_t kMinSpacedNumberDigits = 8;

// ---------------------------------------------------------------------------
// Dates

constexpr bool gregorian_leap(int year) noexcept {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

// `year` is the full year, or -1 when only `yy` is known: then 29 February is
// given the benefit of the doubt whenever yy is divisible by four (1900 and
// 2000 cannot be told apart).
bool date_exists(int year, int yy, int month, int day) noexcept {
  static constexpr u8 kDays[13] = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDays[month]) return false;
  if (month == 2 && day == 29) return year < 0 ? yy % 4 == 0 : gregorian_leap(year);
  return true;
}

inline int two(const u8* d) noexcept { return d[0] * 10 + d[1]; }

// ---------------------------------------------------------------------------
// National identity numbers

// Luhn over ten digits, the leftmost doubled: the check digit Skatteverket
// gives personnummer and samordningsnummer.
bool luhn10(const u8* d) noexcept {
  int sum = 0;
  for (int k = 0; k < 10; ++k) {
    const int x = (k % 2 == 0) ? d[k] * 2 : d[k];
    sum += x > 9 ? x - 9 : x;
  }
  return sum % 10 == 0;
}

// d: YYMMDDNNNC; century: 18, 19, 20, or -1 when not written.
std::optional<PiiKind> swedish(const u8* d, int century) noexcept {
  const int yy = two(d), month = two(d + 2);
  int day = two(d + 4);
  PiiKind kind = PiiKind::se_personnummer;
  if (day > 60) {
    day -= 60;
    kind = PiiKind::se_samordningsnummer;
  }
  if (!date_exists(century < 0 ? -1 : century * 100 + yy, yy, month, day)) return std::nullopt;
  if (!luhn10(d)) return std::nullopt;
  return kind;
}

// d: DDMMYYIIIKK.
std::optional<PiiKind> norwegian(const u8* d) noexcept {
  static constexpr u8 kW1[9] = {3, 7, 6, 1, 8, 9, 4, 5, 2};
  static constexpr u8 kW2[10] = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
  int s1 = 0, s2 = 0;
  for (int k = 0; k < 9; ++k) s1 += kW1[k] * d[k];
  const int k1 = (11 - s1 % 11) % 11;
  if (k1 == 10 || k1 != d[9]) return std::nullopt;
  for (int k = 0; k < 10; ++k) s2 += kW2[k] * d[k];
  const int k2 = (11 - s2 % 11) % 11;
  if (k2 == 10 || k2 != d[10]) return std::nullopt;

  int day = two(d), month = two(d + 2);
  const int yy = two(d + 4), individual = d[6] * 100 + d[7] * 10 + d[8];
  PiiKind kind = PiiKind::no_fodselsnummer;
  if (day > 40) {
    day -= 40;
    kind = PiiKind::no_d_nummer;
  }
  if (month > 80)
    month -= 80;  // Skatteetaten's synthetic numbers (Tenor)
  else if (month > 40)
    month -= 40;  // H-numbers, NAV's synthetic numbers
  // Century from the individual number (Skatteetaten's allocation table).
  int year = -1;
  if (individual < 500)
    year = 1900 + yy;
  else if (individual < 750 && yy >= 54)
    year = 1800 + yy;
  else if (yy < 40)
    year = 2000 + yy;
  else if (individual >= 900)
    year = 1900 + yy;
  if (!date_exists(year, yy, month, day)) return std::nullopt;
  return kind;
}

// d: DDMMYYSSSS. The 7th digit gives the century (CPR office, "Personnummeret
// i CPR-systemet").
bool danish(const u8* d) noexcept {
  const int day = two(d), month = two(d + 2), yy = two(d + 4), c = d[6];
  int year;
  if (c <= 3)
    year = 1900 + yy;
  else if (c == 4 || c == 9)
    year = (yy <= 36 ? 2000 : 1900) + yy;
  else
    year = (yy <= 57 ? 2000 : 1800) + yy;
  return date_exists(year, yy, month, day);
}

// A number goes on past v[j] if v[j] is '-', '+' or '.' and a digit follows.
inline bool continues_number(string_view v, size_t j) noexcept {
  const char c = v[j];
  return (c == '-' || c == '+' || c == '.') && j + 1 < v.size() && is_digit(v[j + 1]);
}

inline bool at_number_end(string_view v, size_t j) noexcept {
  return j == v.size() || (!is_alnum(v[j]) && !continues_number(v, j));
}

// v[i] is a digit that starts a number.
std::optional<PiiKind> match_national(string_view v, size_t i) noexcept {
  const size_t n = v.size();
  u8 d[12];
  size_t nd = 0, split = 0, j = i;
  char sep = 0;
  for (; j < n; ++j) {
    const char c = v[j];
    if (is_digit(c)) {
      if (nd == 12) return std::nullopt;
      d[nd++] = static_cast<u8>(digit(c));
    } else if (sep == 0 && (c == '-' || c == '+' || c == ' ') && j + 1 < n && is_digit(v[j + 1])) {
      sep = c;
      split = nd;
    } else {
      break;
    }
  }
  if (nd < 10 || !at_number_end(v, j)) return std::nullopt;
  const bool bare = sep == 0;
  switch (nd) {
    case 10:
      if (!bare && split != 6) return std::nullopt;
      if (auto k = swedish(d, -1)) return k;
      if (sep != '+' && danish(d)) return PiiKind::dk_cpr;
      return std::nullopt;
    case 11:
      if (!bare && (split != 6 || sep == '+')) return std::nullopt;
      return norwegian(d);
    case 12: {
      if (!bare && split != 8) return std::nullopt;
      const int century = two(d);
      if (century < 18 || century > 20) return std::nullopt;
      return swedish(d + 2, century);
    }
    default:
      return std::nullopt;
  }
}

// ---------------------------------------------------------------------------
// Phone numbers

enum : u8 { kSepSpace = 1, kSepDash = 2, kSepDot = 4, kSepParen = 8 };
constexpr u8 kSepWide = kSepSpace | kSepDash | kSepDot | kSepParen;

// Length of a separator of `set` at v[j], 0 if there is none. NBSP (U+00A0)
// and narrow NBSP (U+202F) count as spaces.
size_t separator_at(string_view v, size_t j, u8 set) noexcept {
  switch (v[j]) {
    case ' ': return (set & kSepSpace) ? 1 : 0;
    case '-': return (set & kSepDash) ? 1 : 0;
    case '.': return (set & kSepDot) ? 1 : 0;
    case '(':
    case ')': return (set & kSepParen) ? 1 : 0;
    default: break;
  }
  if (!(set & kSepSpace)) return 0;
  const auto b = [&](size_t k) -> unsigned { return k < v.size() ? static_cast<u8>(v[k]) : 0u; };
  if (b(j) == 0xC2 && b(j + 1) == 0xA0) return 2;
  if (b(j) == 0xE2 && b(j + 1) == 0x80 && b(j + 2) == 0xAF) return 3;
  return 0;
}

struct Groups {
  size_t digits = 0;
  size_t count = 0;
  size_t end = 0;      // one past the last digit
  u8 len[8] = {};      // lengths of the first eight groups
  size_t dashes = 0;
  bool dash_after_first = false;
  bool space_after_first = false;  // the first group ends in a space
};

// Digit groups from v[i] (a digit) joined by up to `max_sep` separator
// characters of `set`; stops once more than `max_digits` digits are read.
Groups read_groups(string_view v, size_t i, u8 set, size_t max_sep, size_t max_digits) noexcept {
  Groups g;
  const size_t n = v.size();
  size_t j = i;
  for (;;) {
    const size_t start = j;
    while (j < n && is_digit(v[j])) ++j;
    const size_t len = j - start;
    g.digits += len;
    if (g.count < 8) g.len[g.count] = static_cast<u8>(len < 255 ? len : 255);
    ++g.count;
    g.end = j;
    if (g.digits > max_digits) return g;
    size_t k = j, seps = 0, dashes = 0;
    while (k < n && seps < max_sep) {
      const size_t l = separator_at(v, k, set);
      if (l == 0) break;
      if (v[k] == '-') ++dashes;
      k += l;
      ++seps;
    }
    if (seps == 0 || k >= n || !is_digit(v[k])) return g;
    if (dashes != 0) {
      g.dashes += dashes;
      if (g.count == 1) g.dash_after_first = true;
    }
    if (g.count == 1 && v[j] != '-' && v[j] != '.' && v[j] != '(' && v[j] != ')') g.space_after_first = true;
    j = k;
  }
}

// '+', a country code and the subscriber number: E.164 allows at most 15
// digits; fewer than 8 is no phone number anywhere in the Nordics.
bool match_plus(string_view v, size_t i) noexcept {
  if (i + 1 >= v.size() || v[i + 1] < '1' || v[i + 1] > '9') return false;
  const Groups g = read_groups(v, i + 1, kSepWide, 2, 15);
  return g.digits >= 8 && g.digits <= 15 && at_number_end(v, g.end);
}

bool nordic_country_code(string_view rest) noexcept {
  for (string_view cc : {"45", "46", "47", "298", "299", "354", "358"})
    if (rest.substr(0, cc.size()) == cc) return true;
  return false;
}

// v[i] is a digit that starts a number (not glued to digits before it).
bool match_phone(string_view v, size_t i) noexcept {
  const size_t n = v.size();
  const char c1 = i + 1 < n ? v[i + 1] : '\0';
  if (v[i] == '0' && c1 == '0') {
    // International prefix 00 and a country code, set apart by a space
    // ("0047 22 33 44 55", "00 46 70-123 45 67"), or unseparated with a
    // Nordic country code ("004722334455"). Not phones: a first group of six
    // digits or more (a date or reference, "001126-6161"), a dash after the
    // first group (UUIDs and reference numbers, "477e-0029-941707320925"),
    // and 00 followed by anything but a space or a digit (the seconds of a
    // time, "…:00.737855-09:30").
    const size_t cc = i + 2 + (i + 2 < n ? separator_at(v, i + 2, kSepSpace) : 0);
    if (cc >= n || v[cc] < '1' || v[cc] > '9') return false;
    const Groups g = read_groups(v, i, kSepWide, 2, 17);
    if (g.digits < 10 || g.digits > 17 || !at_number_end(v, g.end)) return false;
    if (g.count == 1) return nordic_country_code(v.substr(i + 2));
    return g.len[0] <= 5 && g.space_after_first;
  }
  if (v[i] == '0') {
    // Swedish national number: trunk 0, area code (2–4 digits with the 0),
    // subscriber; 9 or 10 digits in all. A dash only after the area code keeps
    // dashed reference numbers ("01-2026-0412") out.
    if (c1 < '1' || c1 > '9') return false;
    const Groups g = read_groups(v, i, kSepSpace | kSepDash, 1, 10);
    if (g.digits < 9 || g.digits > 10 || !at_number_end(v, g.end)) return false;
    if (g.count == 1) return g.digits == 10 && c1 == '7';  // mobile 07x written without spaces
    if (g.len[0] < 2 || g.len[0] > 4) return false;
    return g.dashes == 0 || (g.dashes == 1 && g.dash_after_first);
  }
  if (v[i] >= '2') {
    // Norwegian and Danish numbers: 8 digits, first digit 2–9, in the groupings
    // people write (22 33 44 55, 912 34 567, 2233 4455).
    const Groups g = read_groups(v, i, kSepSpace, 1, 8);
    if (g.digits != 8 || !at_number_end(v, g.end)) return false;
    if (g.count == 4) return g.len[0] == 2 && g.len[1] == 2 && g.len[2] == 2 && g.len[3] == 2;
    if (g.count == 3) return g.len[0] == 3 && g.len[1] == 2 && g.len[2] == 3;
    if (g.count == 2 && g.len[0] == 4) {
      // Two years side by side ("2025 2026") are not a phone number.
      const auto year_like = [&](size_t k) {
        return (v[k] == '1' && v[k + 1] == '9') || (v[k] == '2' && v[k + 1] == '0');
      };
      size_t second = i + 4;
      while (!is_digit(v[second])) ++second;
      return !(year_like(i) && year_like(second));
    }
    return false;
  }
  return false;
}

std::optional<PiiKind> scan_numbers(string_view v) noexcept {
  const size_t n = v.size();
  for (size_t i = 0; i < n; ++i) {
    const char c = v[i];
    if (!is_digit(c) && c != '+') continue;
    const char prev = i > 0 ? v[i - 1] : ' ';
    if (is_alnum(prev)) continue;  // inside a word or a longer number
    if (c == '+') {
      if (match_plus(v, i)) return PiiKind::phone;
      continue;
    }
    const bool after_digit = i >= 2 && is_digit(v[i - 2]);
    // A national number may follow another number after a space ("nr 12
    // 850709-9805"), but not after '-', '+' or '.' (then it is part of it).
    if (!(after_digit && (prev == '-' || prev == '+' || prev == '.')))
      if (auto k = match_national(v, i)) return k;
    // A phone number's digit groups are joined by separators, so a group that
    // follows digits and a separator is not the start of one.
    if (!(after_digit && (class_of(prev) & kJoin)))
      if (match_phone(v, i)) return PiiKind::phone;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// E-mail addresses

inline bool is_local_char(char c) noexcept {
  if (class_of(c) & (kDigit | kAlpha | kHigh)) return true;
  switch (c) {
    case '.': case '_': case '%': case '+': case '-': case '!': case '#': case '$': case '&':
    case '\'': case '*': case '/': case '=': case '?': case '^': case '`': case '{': case '|':
    case '}': case '~': return true;
    default: return false;
  }
}

inline bool is_label_char(char c) noexcept { return (class_of(c) & (kDigit | kAlpha | kHigh)) || c == '-'; }

bool has_email(string_view v) noexcept {
  const size_t n = v.size();
  for (size_t at = v.find('@'); at != string_view::npos; at = v.find('@', at + 1)) {
    if (at == 0 || !is_local_char(v[at - 1])) continue;
    size_t j = at + 1, labels = 0, last_len = 0;
    bool last_alpha = false;
    while (j < n) {
      const size_t start = j;
      bool alpha = true;
      for (; j < n && is_label_char(v[j]); ++j)
        if (!(class_of(v[j]) & (kAlpha | kHigh))) alpha = false;
      if (j == start) break;
      ++labels;
      last_len = j - start;
      last_alpha = alpha;
      if (j + 1 < n && v[j] == '.' && is_label_char(v[j + 1])) {
        ++j;
        continue;
      }
      break;
    }
    if (labels >= 2 && last_len >= 2 && last_alpha) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------
// Free text

// Length of a whitespace character at v[j] (ASCII or a Unicode space), 0 if none.
size_t space_at(string_view v, size_t j) noexcept {
  if (class_of(v[j]) & kSpace) return 1;
  const auto b = [&](size_t k) -> unsigned { return k < v.size() ? static_cast<u8>(v[k]) : 0u; };
  const unsigned b0 = b(j);
  if (b0 == 0xC2 && b(j + 1) == 0xA0) return 2;  // U+00A0
  if (b0 == 0xE2 && b(j + 1) == 0x80) {
    const unsigned b2 = b(j + 2);
    // U+2000–200A, U+2028, U+2029, U+202F
    if ((b2 >= 0x80 && b2 <= 0x8A) || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF) return 3;
  }
  if (b0 == 0xE2 && b(j + 1) == 0x81 && b(j + 2) == 0x9F) return 3;  // U+205F
  if (b0 == 0xE3 && b(j + 1) == 0x80 && b(j + 2) == 0x80) return 3;  // U+3000
  return 0;
}

bool has_space_between_words(string_view v) noexcept {
  bool word = false, gap = false;
  for (size_t j = 0; j < v.size();) {
    if (const size_t l = space_at(v, j)) {
      gap = word;
      j += l;
    } else {
      if (gap) return true;
      word = true;
      ++j;
    }
  }
  return false;
}

size_t longest_segment(string_view v) noexcept {
  size_t longest = 0, run = 0;
  for (char c : v) {
    run = c == '/' ? 0 : run + 1;
    longest = run > longest ? run : longest;
  }
  return longest;
}

// ---------------------------------------------------------------------------

inline bool digits_at(string_view v, size_t i, size_t count) noexcept {
  if (i + count > v.size()) return false;
  for (size_t k = i; k < i + count; ++k)
    if (!is_digit(v[k])) return false;
  return true;
}

// The longest run of digits that joiners may join and that is not glued to a
// letter (a number glued to a letter is never reported). Without branches:
// the digits of hex ids would defeat branch prediction.
size_t longest_digit_run(string_view v) noexcept {
  size_t run = 0, longest = 0, glued = 0;
  for (char c : v) {
    const unsigned k = class_of(c);
    const size_t digit_bit = k & kDigit;
    run = (run + (digit_bit & (glued ^ 1))) & (size_t{0} - ((k >> kKeepShift) & 1));
    glued = ((k >> kAlphaShift) & 1) | (glued & digit_bit);
    longest = longest < run ? run : longest;
  }
  return longest;
}

// A UUID (RFC 4122 text form) is machine-made: its last group of twelve hex
// digits is all digits one time in three hundred and would then now and again
// read as a phone number ("…-004516359088") or a 12-digit personnummer.
bool is_uuid(string_view v) noexcept {
  if (v.size() != 36) return false;
  for (size_t i = 0; i < 36; ++i) {
    const char c = v[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!is_digit(c) && !((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

// The shape of an ISO-8601 / RFC 3339 date or date-time: such a value holds no
// identifier, whatever its digits.
bool is_iso_timestamp(string_view v) noexcept {
  const size_t n = v.size();
  if (!(digits_at(v, 0, 4) && n >= 10 && v[4] == '-' && digits_at(v, 5, 2) && v[7] == '-' && digits_at(v, 8, 2)))
    return false;
  if (n == 10) return true;
  if (v[10] != 'T' && v[10] != 't' && v[10] != ' ') return false;
  if (!(digits_at(v, 11, 2) && n > 13 && v[13] == ':' && digits_at(v, 14, 2))) return false;
  size_t i = 16;
  if (i < n && v[i] == ':') {
    if (!digits_at(v, i + 1, 2)) return false;
    i += 3;
    if (i < n && (v[i] == '.' || v[i] == ',')) {
      const size_t start = ++i;
      while (i < n && is_digit(v[i])) ++i;
      if (i == start || i - start > 9) return false;
    }
  }
  if (i == n) return true;
  if (v[i] == 'Z' || v[i] == 'z') return i + 1 == n;
  if (v[i] != '+' && v[i] != '-') return false;
  if (!digits_at(v, i + 1, 2)) return false;
  i += 3;
  if (i < n && v[i] == ':') ++i;
  return digits_at(v, i, 2) && i + 2 == n;
}

}  // namespace

const char* to_string(PiiKind kind) noexcept {
  switch (kind) {
    case PiiKind::se_personnummer: return "se-personnummer";
    case PiiKind::se_samordningsnummer: return "se-samordningsnummer";
    case PiiKind::no_fodselsnummer: return "no-fodselsnummer";
    case PiiKind::no_d_nummer: return "no-d-nummer";
    case PiiKind::dk_cpr: return "dk-cpr";
    case PiiKind::email: return "email";
    case PiiKind::phone: return "phone";
    case PiiKind::free_text: return "free-text";
  }
  return "unknown";
}

std::optional<PiiKind> scan_free_text(string_view value, FieldClass cls) noexcept {
  if (cls != FieldClass::code && cls != FieldClass::org_unit) return std::nullopt;
  unsigned seen = 0;
  for (char c : value) seen |= class_of(c);
  if ((seen & (kSpace | kHigh)) && has_space_between_words(value)) return PiiKind::free_text;
  if (value.size() > kMaxCodeLength && (cls == FieldClass::code || longest_segment(value) > kMaxCodeLength))
    return PiiKind::free_text;
  return std::nullopt;
}

std::optional<PiiKind> scan(string_view value, FieldClass cls) noexcept {
  if (cls == FieldClass::date && is_iso_timestamp(value)) return std::nullopt;

  // Pre-filter, in two steps. First which byte classes occur and how many
  // digits: most values have fewer digits than any number is written with.
  unsigned seen = 0;
  size_t digits = 0;
  for (char c : value) {
    const unsigned k = class_of(c);
    seen |= k;
    digits += k & kDigit;
  }
  // A single token of letters and digits (a hex HMAC, a title code) holds a
  // number only if it is all digits: digits glued to letters never count.
  const bool one_token = (seen & ~unsigned{kDigit | kAlpha | kKeep}) == 0;
  if (digits >= kMinSpacedNumberDigits && (one_token ? digits == value.size() : !is_uuid(value))) {
    const size_t longest = longest_digit_run(value);
    if (longest >= kMinNumberDigits || (longest >= kMinSpacedNumberDigits && (seen & (kSpace | kHigh | kPlus))))
      if (auto k = scan_numbers(value)) return k;
  }
  if ((seen & kAt) && has_email(value)) return PiiKind::email;
  if (cls == FieldClass::code || cls == FieldClass::org_unit) {
    if ((seen & (kSpace | kHigh)) && has_space_between_words(value)) return PiiKind::free_text;
    // No segment of an org unit is longer than the whole path.
    if (value.size() > kMaxCodeLength && (cls == FieldClass::code || longest_segment(value) > kMaxCodeLength))
      return PiiKind::free_text;
  }
  return std::nullopt;
}

}  // namespace fairaudit::ingest
