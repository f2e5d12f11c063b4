#include "center/ivr/calendar.h"

namespace hotline::ivr {

int civil_date(std::int64_t days, int* weekday) {
  // Howard Hinnant's civil_from_days: exact for the proleptic Gregorian calendar.
  *weekday = static_cast<int>(days >= -4 ? (days + 4) % 7 : (days + 5) % 7 + 6);
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t doe = days - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = yoe + era * 400 + (m <= 2);
  return static_cast<int>(y * 10000 + m * 100 + d);
}

std::int64_t days_from_civil(int yyyymmdd) {
  std::int64_t y = yyyymmdd / 10000;
  const int m = yyyymmdd / 100 % 100, d = yyyymmdd % 100;
  if (m < 1 || m > 12 || d < 1 || d > 31) return -1;
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const std::int64_t days = era * 146097 + doe - 719468;
  int weekday = 0;
  return civil_date(days, &weekday) == yyyymmdd ? days : -1;  // rejects 2026-02-30
}

LocalTime Calendar::local(Time t) const {
  const std::int64_t minutes =
      (t / kMicrosPerSecond - (t % kMicrosPerSecond < 0)) / 60 + utc_offset_minutes_;
  std::int64_t days = minutes / 1440, minute = minutes % 1440;
  if (minute < 0) {
    minute += 1440;
    --days;
  }
  LocalTime l;
  l.date = civil_date(days, &l.weekday);
  l.day_of_month = l.date % 100;
  l.minute_of_day = static_cast<int>(minute);
  return l;
}

DayType Calendar::day_type(const LocalTime& l) const {
  if (holidays_.count(l.date)) return DayType::kHoliday;
  if (workdays_.count(l.date)) return DayType::kWorkday;
  return l.weekday == 0 || l.weekday == 6 ? DayType::kWeekend : DayType::kWorkday;
}

}  // namespace hotline::ivr
