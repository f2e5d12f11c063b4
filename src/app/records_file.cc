#include "app/records_file.h"

#include <cstdio>
#include <ctime>
#include <filesystem>

#include "store/call_store.h"
#include "store/stores.h"

namespace hotline::app {

Result<Time> parse_local_time(const std::string& text) {
  std::tm tm{};
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  char separator = 0;
  const int n = std::sscanf(text.c_str(), "%4d-%2d-%2d%c%2d:%2d:%2d", &year, &month, &day,
                            &separator, &hour, &minute, &second);
  const bool date_only = n == 3 && text.size() == 10;
  const bool with_time = n >= 6 && (separator == ' ' || separator == 'T');
  if ((!date_only && !with_time) || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 ||
      minute > 59 || second > 60)
    return Status::invalid_argument(
        "'" + text + "' is not a time; use YYYY-MM-DD or YYYY-MM-DD HH:MM[:SS] (local time)");
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  tm.tm_isdst = -1;
  return static_cast<Time>(std::mktime(&tm)) * kMicrosPerSecond;
}

Time local_day_start(Time t) {
  const std::time_t seconds_part = static_cast<std::time_t>(t / kMicrosPerSecond);
  std::tm tm{};
  localtime_r(&seconds_part, &tm);
  tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
  tm.tm_isdst = -1;
  return static_cast<Time>(std::mktime(&tm)) * kMicrosPerSecond;
}

Result<std::vector<store::CallRecord>> read_call_records(const std::string& data_dir, Time from,
                                                         Time to) {
  const std::string db = store::database_path(data_dir);
  if (!std::filesystem::exists(db))
    return Status::not_found("no call records at " + db + " (see serve --data)");
  std::unique_ptr<store::CallStore> store;
  if (Status s = store::open(data_dir, store); !s.ok()) return s;
  return store->calls(from, to);
}

}  // namespace hotline::app
