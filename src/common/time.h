#pragma once
// Time in the core: signed 64-bit microseconds on a timeline chosen by the caller
// (the simulator starts at 0; the live server uses the Unix epoch). The core never
// reads a wall clock: every event carries its time, so runs are reproducible.

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>

namespace hotline {

using Time = std::int64_t;      // microseconds since the caller's origin
using Duration = std::int64_t;  // microseconds

constexpr Duration kMicrosPerSecond = 1'000'000;
constexpr Time kNever = INT64_MAX;

constexpr Duration seconds(std::int64_t s) {
  return s * kMicrosPerSecond;
}
inline Duration seconds_f(double s) {
  return static_cast<Duration>(std::llround(s * 1e6));
}
constexpr double to_seconds(Duration d) {
  return static_cast<double>(d) / 1e6;
}

// The wall clock in the core's units (microseconds since the Unix epoch), for adapters
// that feed the core live events. The core itself never calls it.
inline Time system_now() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A source of the current time for adapters; the core itself only sees event times.
class Clock {
 public:
  // Who waits for a time on a clock (an EventLoop's timers) hears when the clock jumps
  // rather than runs: a manual clock moved by a test.
  class Watcher {
   public:
    virtual void clock_moved() = 0;

   protected:
    ~Watcher() = default;
  };

  virtual ~Clock() = default;
  virtual Time now() const = 0;
  // The system clock runs by itself and tells no one; a manual clock tells its watchers.
  virtual void watch(Watcher*) const {}
  virtual void unwatch(Watcher*) const {}
};

// The wall clock, for production.
class SystemClock final : public Clock {
 public:
  Time now() const override { return system_now(); }
};

// The one system clock adapters are given unless a test gives its own.
inline const Clock& system_clock() {
  static const SystemClock clock;
  return clock;
}

}  // namespace hotline
