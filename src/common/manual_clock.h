#pragma once
// ManualClock: a clock that moves only when told to, for tests and the simulator. A test
// moves it while a server's threads read it (hence atomic), and every EventLoop waiting
// for a time on it wakes to look again.

#include <algorithm>
#include <atomic>
#include <mutex>
#include <vector>

#include "common/time.h"

namespace hotline {

class ManualClock final : public Clock {
 public:
  explicit ManualClock(Time start = 0) : now_(start) {}
  Time now() const override { return now_.load(std::memory_order_relaxed); }
  void set(Time t) {
    now_.store(t, std::memory_order_relaxed);
    tell_watchers();
  }
  void advance(Duration d) {
    now_.fetch_add(d, std::memory_order_relaxed);
    tell_watchers();
  }

  void watch(Watcher* w) const override {
    std::lock_guard<std::mutex> lock(mutex_);
    watchers_.push_back(w);
  }
  void unwatch(Watcher* w) const override {
    std::lock_guard<std::mutex> lock(mutex_);
    watchers_.erase(std::remove(watchers_.begin(), watchers_.end(), w), watchers_.end());
  }

 private:
  void tell_watchers() const {
    std::lock_guard<std::mutex> lock(mutex_);
    for (Watcher* w : watchers_)
      w->clock_moved();
  }

  std::atomic<Time> now_;
  mutable std::mutex mutex_;  // watchers come and go on other threads
  mutable std::vector<Watcher*> watchers_;
};

}  // namespace hotline
