// fairaudit plugin SDK — dates, date-times and working days.
//
// The export carries ISO-8601 dates ("2026-03-21") or date-times
// ("2026-03-21T09:30:00Z", "2026-03-21T09:30:00+01:00"). Hiring rules are
// about calendar days, so most comparisons are by day; when both sides carry a
// time the time decides.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fairaudit/api.hpp"

namespace fairaudit {

class FAIRAUDIT_VISIBLE Timestamp {
 public:
  Timestamp() = default;
  // days: days since 1970-01-01; seconds: seconds since midnight UTC, or -1
  // when the source gave only a date.
  static Timestamp from_days(std::int32_t days) { return Timestamp(days, -1); }
  static Timestamp from_days_seconds(std::int32_t days, std::int32_t seconds) {
    return Timestamp(days, seconds);
  }

  // Parses an ISO-8601 date or date-time; nullopt when the text is not one
  // (including impossible dates such as 2026-02-30).
  static std::optional<Timestamp> parse(std::string_view text);
  // A civil date; nullopt when it does not exist.
  static std::optional<Timestamp> from_ymd(int year, int month, int day);

  std::int32_t days() const { return days_; }
  bool has_time() const { return seconds_ >= 0; }
  std::int32_t seconds() const { return seconds_; }
  int year() const;
  int month() const;
  int day() const;
  int weekday() const;  // 1 = Monday … 7 = Sunday (ISO)

  // "2026-03-21" or "2026-03-21T09:30:00Z" (UTC).
  std::string iso() const;

  // Strictly earlier: by day when either side has no time, else by instant.
  bool before(const Timestamp& other) const;
  // Earlier or the same: by day when either side has no time.
  bool on_or_before(const Timestamp& other) const { return !other.before(*this); }
  bool same_day(const Timestamp& other) const { return days_ == other.days_; }

  friend bool operator==(const Timestamp&, const Timestamp&) = default;
  // Total order for sorting (date-only sorts before any time on that day).
  friend std::strong_ordering operator<=>(const Timestamp& a, const Timestamp& b) {
    if (auto c = a.days_ <=> b.days_; c != 0) return c;
    return a.seconds_ <=> b.seconds_;
  }

 private:
  Timestamp(std::int32_t d, std::int32_t s) : days_(d), seconds_(s) {}
  std::int32_t days_ = 0;
  std::int32_t seconds_ = -1;
};

// Public-holiday calendars for counting working days. Weekends are never
// working days; the holiday lists are the statutory ones plus the days that
// are treated as holidays in public-sector agreements (Swedish midsommarafton,
// julafton, nyårsafton; Danish grundlovsdag and juleaftensdag).
enum class Calendar : std::uint8_t { norway, sweden, denmark, weekends_only };

std::optional<Calendar> calendar_from_string(std::string_view name);
const char* to_string(Calendar c);

bool is_working_day(const Timestamp& day, Calendar calendar);

// Working days strictly between two days: neither the day the thing was
// received nor the day of the decision counts (the usual way Nordic deadlines
// are counted). Negative when `to` is before `from`.
int working_days_between(const Timestamp& from, const Timestamp& to, Calendar calendar);

}  // namespace fairaudit
