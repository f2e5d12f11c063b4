#include "center/ivr/calendar.h"

#include <gtest/gtest.h>

namespace hotline::ivr {
namespace {

Time at_utc(int yyyymmdd, int hour, int minute) {
  return (days_from_civil(yyyymmdd) * 86400 + hour * 3600 + minute * 60) * kMicrosPerSecond;
}

TEST(Calendar, CivilDatesRoundTrip) {
  int weekday = -1;
  EXPECT_EQ(civil_date(0, &weekday), 19700101);
  EXPECT_EQ(weekday, 4);  // a Thursday
  EXPECT_EQ(days_from_civil(19700101), 0);
  EXPECT_EQ(civil_date(days_from_civil(20261001), &weekday), 20261001);
  EXPECT_EQ(weekday, 4);  // National Day 2026 is a Thursday
  EXPECT_EQ(civil_date(days_from_civil(20240229), &weekday), 20240229);
  EXPECT_EQ(days_from_civil(20260230), -1);
  EXPECT_EQ(days_from_civil(20261301), -1);
  EXPECT_EQ(civil_date(-1, &weekday), 19691231);
  EXPECT_EQ(weekday, 3);
}

TEST(Calendar, LocalTimeInChina) {
  Calendar cn;                                       // UTC+8
  LocalTime l = cn.local(at_utc(20261125, 17, 30));  // 01:30 next day in Beijing
  EXPECT_EQ(l.date, 20261126);
  EXPECT_EQ(l.minute_of_day, 90);
  EXPECT_EQ(l.day_of_month, 26);
  EXPECT_EQ(l.weekday, 4);
}

TEST(Calendar, HolidaysAndMakeUpWorkdays) {
  Calendar cn(8 * 60, {20261001, 20261002}, {20261010});
  const auto type = [&](int date) { return cn.day_type(cn.local(at_utc(date, 2, 0))); };
  EXPECT_EQ(type(20261001), DayType::kHoliday);
  EXPECT_EQ(type(20261010), DayType::kWorkday);  // a Saturday, worked in exchange
  EXPECT_EQ(type(20261011), DayType::kWeekend);
  EXPECT_EQ(type(20261012), DayType::kWorkday);
}

}  // namespace
}  // namespace hotline::ivr
