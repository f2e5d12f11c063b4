#pragma once
// Internal to src/sim reports: printf-style formatting into a std::string.

#include <cstdio>
#include <string>

namespace hotline::sim {

template <typename... Args>
std::string format(const char* fmt, Args... args) {
  char buf[512];
  std::snprintf(buf, sizeof buf, fmt, args...);
  return buf;
}

}  // namespace hotline::sim
