#pragma once
// The center's calendar: local time (a fixed UTC offset; China has no daylight saving)
// and day types. Chinese public holidays come with make-up working days (調休) on
// weekends, so a day's type is: listed holiday > listed workday > Saturday/Sunday.
// Opening hours (營業時間) are set per day type; IVR branches ask `open`.

#include <array>
#include <set>
#include <utility>

#include "center/ivr/flow.h"
#include "common/time.h"

namespace hotline::ivr {

struct LocalTime {
  int date = 0;          // yyyymmdd
  int day_of_month = 1;  // 1..31
  int weekday = 0;       // 0 = Sunday .. 6 = Saturday
  int minute_of_day = 0;
};

class Calendar {
 public:
  Calendar() = default;
  Calendar(int utc_offset_minutes, std::set<int> holidays, std::set<int> workdays)
      : utc_offset_minutes_(utc_offset_minutes),
        holidays_(std::move(holidays)),
        workdays_(std::move(workdays)) {}

  // `t` is microseconds since the Unix epoch.
  LocalTime local(Time t) const;
  DayType day_type(const LocalTime& l) const;
  int utc_offset_minutes() const { return utc_offset_minutes_; }
  const std::set<int>& holidays() const { return holidays_; }
  const std::set<int>& workdays() const { return workdays_; }

  // Local minutes [from, to) the center is open on days of a type; from == to: closed
  // all day. Unset: open all day.
  using Hours = std::pair<int, int>;
  static constexpr Hours kAllDay{0, 24 * 60};
  void set_hours(DayType type, Hours hours) { hours_[static_cast<int>(type)] = hours; }
  Hours hours(DayType type) const { return hours_[static_cast<int>(type)]; }
  bool open(const LocalTime& l) const {
    const Hours h = hours(day_type(l));
    return l.minute_of_day >= h.first && l.minute_of_day < h.second;
  }

 private:
  int utc_offset_minutes_ = 8 * 60;  // Asia/Shanghai
  std::set<int> holidays_, workdays_;
  std::array<Hours, 3> hours_{kAllDay, kAllDay, kAllDay};  // by DayType
};

// yyyymmdd of the civil date `days` after 1970-01-01, and its weekday (0 = Sunday).
int civil_date(std::int64_t days, int* weekday);
// Days since 1970-01-01 of yyyymmdd; -1 if it is not a real date.
std::int64_t days_from_civil(int yyyymmdd);

}  // namespace hotline::ivr
