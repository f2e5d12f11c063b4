#pragma once
// Times as text for machines: ISO 8601 in UTC with milliseconds, as events carry them.

#include <cstdio>
#include <ctime>
#include <string>

#include "common/time.h"

namespace hotline {

// "2026-11-25T10:40:00Z".
inline std::string iso_utc(Time t) {
  const std::time_t seconds = static_cast<std::time_t>(t / kMicrosPerSecond);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

// "2026-11-25T10:40:00.123Z".
inline std::string iso_utc_ms(Time t) {
  const std::time_t seconds = static_cast<std::time_t>(t / kMicrosPerSecond);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[40];
  const std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(text + n, sizeof text - n, ".%03dZ", static_cast<int>(t % kMicrosPerSecond / 1000));
  return text;
}

}  // namespace hotline
