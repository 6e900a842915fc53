// Dates, date-times and working-day calendars for the SDK.
#include "fairaudit/time.hpp"

#include <chrono>
#include <cstdio>

namespace fairaudit {
namespace {

using std::chrono::day;
using std::chrono::days;
using std::chrono::month;
using std::chrono::sys_days;
using std::chrono::year;
using std::chrono::year_month_day;

std::chrono::year_month_day ymd_of(std::int32_t d) { return year_month_day{sys_days{days{d}}}; }

// Reads exactly n decimal digits at text[pos].
bool digits(std::string_view text, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > text.size()) return false;
  int v = 0;
  for (std::size_t k = 0; k < n; ++k) {
    char c = text[pos + k];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

// Easter Sunday in the Gregorian calendar (the anonymous algorithm published
// by Meeus, "Astronomical Algorithms", ch. 8).
std::int32_t easter_sunday(int y) {
  int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
  int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
  int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  int m = (a + 11 * h + 22 * l) / 451;
  int month_ = (h + l - 7 * m + 114) / 31, day_ = ((h + l - 7 * m + 114) % 31) + 1;
  return sys_days{year{y} / month_ / day_}.time_since_epoch().count();
}

bool is_fixed(const year_month_day& ymd, unsigned m, unsigned d) {
  return unsigned(ymd.month()) == m && unsigned(ymd.day()) == d;
}

bool is_holiday(std::int32_t d, Calendar cal) {
  if (cal == Calendar::weekends_only) return false;
  const auto ymd = ymd_of(d);
  const int y = int(ymd.year());
  const std::int32_t easter = easter_sunday(y);
  const int off = d - easter;
  switch (cal) {
    case Calendar::norway:
      // Lov om 1. og 17. mai som høgtidsdager; helligdagsloven.
      if (is_fixed(ymd, 1, 1) || is_fixed(ymd, 5, 1) || is_fixed(ymd, 5, 17) || is_fixed(ymd, 12, 25) ||
          is_fixed(ymd, 12, 26))
        return true;
      // Skjærtorsdag, langfredag, 2. påskedag, Kristi himmelfart, 2. pinsedag.
      return off == -3 || off == -2 || off == 1 || off == 39 || off == 50;
    case Calendar::sweden: {
      // Lag (1989:253) om allmänna helgdagar, plus the eves treated as
      // holidays in the public-sector agreements.
      if (is_fixed(ymd, 1, 1) || is_fixed(ymd, 1, 6) || is_fixed(ymd, 5, 1) || is_fixed(ymd, 6, 6) ||
          is_fixed(ymd, 12, 24) || is_fixed(ymd, 12, 25) || is_fixed(ymd, 12, 26) || is_fixed(ymd, 12, 31))
        return true;
      // Midsommarafton: the Friday between 19 and 25 June.
      if (unsigned(ymd.month()) == 6 && unsigned(ymd.day()) >= 19 && unsigned(ymd.day()) <= 25 &&
          std::chrono::weekday{sys_days{days{d}}}.iso_encoding() == 5)
        return true;
      return off == -2 || off == 1 || off == 39;
    }
    case Calendar::denmark:
      // Helligdagsloven; store bededag is no holiday from 2024 (lov nr. 133 af 2023).
      if (is_fixed(ymd, 1, 1) || is_fixed(ymd, 6, 5) || is_fixed(ymd, 12, 24) || is_fixed(ymd, 12, 25) ||
          is_fixed(ymd, 12, 26))
        return true;
      if (y < 2024 && off == 26) return true;
      return off == -3 || off == -2 || off == 1 || off == 39 || off == 50;
    case Calendar::weekends_only:
      return false;
  }
  return false;
}

}  // namespace

std::optional<Timestamp> Timestamp::from_ymd(int y, int m, int d) {
  if (m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  year_month_day ymd{std::chrono::year{y}, std::chrono::month{unsigned(m)}, std::chrono::day{unsigned(d)}};
  if (!ymd.ok()) return std::nullopt;
  return from_days(sys_days{ymd}.time_since_epoch().count());
}

std::optional<Timestamp> Timestamp::parse(std::string_view t) {
  int y, m, d;
  if (t.size() < 10 || !digits(t, 0, 4, y) || t[4] != '-' || !digits(t, 5, 2, m) || t[7] != '-' ||
      !digits(t, 8, 2, d))
    return std::nullopt;
  auto date = from_ymd(y, m, d);
  if (!date) return std::nullopt;
  if (t.size() == 10) return date;
  if (t[10] != 'T' && t[10] != ' ') return std::nullopt;
  int hh, mm, ss = 0;
  if (!digits(t, 11, 2, hh) || t.size() < 16 || t[13] != ':' || !digits(t, 14, 2, mm)) return std::nullopt;
  std::size_t pos = 16;
  if (pos < t.size() && t[pos] == ':') {
    if (!digits(t, pos + 1, 2, ss)) return std::nullopt;
    pos += 3;
    if (pos < t.size() && (t[pos] == '.' || t[pos] == ',')) {  // fractions of a second are dropped
      ++pos;
      std::size_t start = pos;
      while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') ++pos;
      if (pos == start) return std::nullopt;
    }
  }
  if (hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  long offset = 0;
  if (pos < t.size()) {
    if (t[pos] == 'Z' && pos + 1 == t.size()) {
      ++pos;
    } else if ((t[pos] == '+' || t[pos] == '-') && pos + 6 == t.size() && t[pos + 3] == ':') {
      int oh, om;
      if (!digits(t, pos + 1, 2, oh) || !digits(t, pos + 4, 2, om) || oh > 23 || om > 59) return std::nullopt;
      offset = (oh * 3600L + om * 60L) * (t[pos] == '+' ? 1 : -1);
      pos = t.size();
    } else {
      return std::nullopt;
    }
  }
  if (pos != t.size()) return std::nullopt;
  long secs = long(date->days()) * 86400L + hh * 3600L + mm * 60L + (ss == 60 ? 59 : ss) - offset;
  long dd = secs >= 0 ? secs / 86400L : -((-secs + 86399L) / 86400L);
  return from_days_seconds(std::int32_t(dd), std::int32_t(secs - dd * 86400L));
}

int Timestamp::year() const { return int(ymd_of(days_).year()); }
int Timestamp::month() const { return int(unsigned(ymd_of(days_).month())); }
int Timestamp::day() const { return int(unsigned(ymd_of(days_).day())); }
int Timestamp::weekday() const {
  return int(std::chrono::weekday{sys_days{std::chrono::days{days_}}}.iso_encoding());
}

std::string Timestamp::iso() const {
  char buf[32];
  if (has_time())
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", year(), month(), day(), seconds_ / 3600,
                  (seconds_ / 60) % 60, seconds_ % 60);
  else
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year(), month(), day());
  return buf;
}

bool Timestamp::before(const Timestamp& o) const {
  if (!has_time() || !o.has_time()) return days_ < o.days_;
  return days_ < o.days_ || (days_ == o.days_ && seconds_ < o.seconds_);
}

std::optional<Calendar> calendar_from_string(std::string_view n) {
  if (n == "NO") return Calendar::norway;
  if (n == "SE") return Calendar::sweden;
  if (n == "DK") return Calendar::denmark;
  if (n == "weekends") return Calendar::weekends_only;
  return std::nullopt;
}

const char* to_string(Calendar c) {
  switch (c) {
    case Calendar::norway: return "NO";
    case Calendar::sweden: return "SE";
    case Calendar::denmark: return "DK";
    case Calendar::weekends_only: return "weekends";
  }
  return "?";
}

bool is_working_day(const Timestamp& t, Calendar cal) {
  return t.weekday() <= 5 && !is_holiday(t.days(), cal);
}

int working_days_between(const Timestamp& from, const Timestamp& to, Calendar cal) {
  const std::int32_t a = from.days(), b = to.days();
  if (a == b) return 0;
  const std::int32_t lo = std::min(a, b), hi = std::max(a, b);
  int n = 0;
  for (std::int32_t d = lo + 1; d < hi; ++d)
    if (is_working_day(Timestamp::from_days(d), cal)) ++n;
  return a < b ? n : -n;
}

}  // namespace fairaudit
