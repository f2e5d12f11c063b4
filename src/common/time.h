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
  virtual ~Clock() = default;
  virtual Time now() const = 0;
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

// A clock that only moves when told to: for tests and the simulator. A test moves it
// while the server's threads read it, hence atomic.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Time start = 0) : now_(start) {}
  Time now() const override { return now_.load(std::memory_order_relaxed); }
  void set(Time t) { now_.store(t, std::memory_order_relaxed); }
  void advance(Duration d) { now_.fetch_add(d, std::memory_order_relaxed); }

 private:
  std::atomic<Time> now_;
};

}  // namespace hotline
