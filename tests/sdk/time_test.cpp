// Dates and working days: the representative's deadlines are counted in
// working days, so holidays must be right. Reference: the official public
// holidays of 2026 (Easter Sunday 2026 is 5 April).
#include <gtest/gtest.h>

#include "fairaudit/time.hpp"

using fairaudit::Calendar;
using fairaudit::Timestamp;

namespace {
Timestamp d(const char* s) { return *Timestamp::parse(s); }
}  // namespace

TEST(Timestamp, ParsesDatesAndDateTimes) {
  auto t = Timestamp::parse("2026-03-21");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->year(), 2026);
  EXPECT_EQ(t->month(), 3);
  EXPECT_EQ(t->day(), 21);
  EXPECT_FALSE(t->has_time());
  EXPECT_EQ(t->iso(), "2026-03-21");

  auto z = Timestamp::parse("2026-03-21T09:30:00Z");
  ASSERT_TRUE(z);
  EXPECT_TRUE(z->has_time());
  EXPECT_EQ(z->iso(), "2026-03-21T09:30:00Z");
  // An offset is folded into UTC: 00:30+01:00 is the previous day in UTC.
  auto o = Timestamp::parse("2026-03-21T00:30:00+01:00");
  ASSERT_TRUE(o);
  EXPECT_EQ(o->iso(), "2026-03-20T23:30:00Z");
  EXPECT_TRUE(Timestamp::parse("2026-03-21T09:30"));
  EXPECT_TRUE(Timestamp::parse("2026-03-21T09:30:00.123Z"));
}

TEST(Timestamp, RejectsImpossibleOrMalformedDates) {
  for (const char* bad : {"2026-13-01", "2026-02-29", "2026-02-30", "2026-04-31", "26-03-21", "2026/03/21",
                          "2026-03-21T25:00", "2026-03-21T09:30:00+1", "2026-03-21x", "", "yesterday"})
    EXPECT_FALSE(Timestamp::parse(bad)) << bad;
  EXPECT_TRUE(Timestamp::parse("2024-02-29"));  // leap year
}

TEST(Timestamp, ComparesByDayUnlessBothHaveTimes) {
  EXPECT_TRUE(d("2026-03-20").before(d("2026-03-21")));
  EXPECT_FALSE(d("2026-03-21").before(d("2026-03-21T10:00:00Z")));  // same day, one side without time
  EXPECT_TRUE(d("2026-03-21T09:00:00Z").before(d("2026-03-21T10:00:00Z")));
  EXPECT_TRUE(d("2026-03-21").on_or_before(d("2026-03-21T10:00:00Z")));
}

TEST(Calendar, NorwegianHolidays2026) {
  // Skjærtorsdag 2 Apr, langfredag 3 Apr, 2. påskedag 6 Apr, 1. mai, 14 May
  // Kristi himmelfartsdag, 17. mai (a Sunday in 2026), 2. pinsedag 25 May.
  for (const char* h : {"2026-01-01", "2026-04-02", "2026-04-03", "2026-04-06", "2026-05-01", "2026-05-14",
                        "2026-05-25", "2026-12-25", "2026-12-26"})
    EXPECT_FALSE(fairaudit::is_working_day(d(h), Calendar::norway)) << h;
  for (const char* w : {"2026-04-01", "2026-04-07", "2026-05-15", "2026-05-26"})
    EXPECT_TRUE(fairaudit::is_working_day(d(w), Calendar::norway)) << w;
}

TEST(Calendar, SwedishAndDanishHolidays2026) {
  // Sweden: trettondedag jul 6 Jan, nationaldagen 6 Jun (a Saturday), midsommarafton Fri 19 Jun.
  EXPECT_FALSE(fairaudit::is_working_day(d("2026-01-06"), Calendar::sweden));
  EXPECT_FALSE(fairaudit::is_working_day(d("2026-06-19"), Calendar::sweden));
  EXPECT_TRUE(fairaudit::is_working_day(d("2026-04-02"), Calendar::sweden));  // skärtorsdag is a working day
  // Denmark: skærtorsdag 2 Apr, grundlovsdag 5 Jun; store bededag (1 May 2026) abolished from 2024.
  EXPECT_FALSE(fairaudit::is_working_day(d("2026-04-02"), Calendar::denmark));
  EXPECT_FALSE(fairaudit::is_working_day(d("2026-06-05"), Calendar::denmark));
  EXPECT_TRUE(fairaudit::is_working_day(d("2026-05-01"), Calendar::denmark));
}

TEST(Calendar, WorkingDaysBetweenExcludeBothEnds) {
  // Monday 2 Mar -> Wednesday 4 Mar: only Tuesday lies between.
  EXPECT_EQ(fairaudit::working_days_between(d("2026-03-02"), d("2026-03-04"), Calendar::norway), 1);
  // Friday 6 Mar -> Tuesday 10 Mar: Monday only.
  EXPECT_EQ(fairaudit::working_days_between(d("2026-03-06"), d("2026-03-10"), Calendar::norway), 1);
  // Over Easter 2026 in Norway: Wed 1 Apr -> Tue 7 Apr has no working day between.
  EXPECT_EQ(fairaudit::working_days_between(d("2026-04-01"), d("2026-04-07"), Calendar::norway), 0);
  // The same span with weekends only: Thu 2, Fri 3, Mon 6 Apr.
  EXPECT_EQ(fairaudit::working_days_between(d("2026-04-01"), d("2026-04-07"), Calendar::weekends_only), 3);
  EXPECT_EQ(fairaudit::working_days_between(d("2026-03-04"), d("2026-03-02"), Calendar::norway), -1);
}
