#pragma once
// WorkThread: a thread running posted work in order, one item after another, and waking
// also at a deadline its owner gives (the core's next timer). The server's core, prompt
// and record threads are each one of these.

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "common/time.h"

namespace hotline::server {

// A thread running posted work in order, waking also at a deadline the owner gives.
class WorkThread {
 public:
  using Deadline = std::function<Time()>;
  // `clock` tells the time `deadline` is in (needed with a deadline); it must outlive
  // the thread.
  void start(Deadline deadline = nullptr, std::function<void()> on_wake = nullptr,
             const Clock* clock = nullptr) {
    clock_ = clock;
    deadline_ = std::move(deadline);
    on_wake_ = std::move(on_wake);
    thread_ = std::thread([this] { loop(); });
  }
  void post(std::function<void()> work) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      queue_.push_back(std::move(work));
    }
    cv_.notify_one();
  }
  // Whether the caller runs on this thread: code that belongs to one thread asserts it.
  bool is_current_thread() const { return std::this_thread::get_id() == thread_.get_id(); }
  // Runs what was posted before, then joins.
  void stop() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }

 private:
  void loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_) {
      const Time due = deadline_ ? deadline_() : kNever;
      const Duration wait =
          deadline_ ? std::clamp<Time>(due - clock_->now(), 0, 1'000'000) : 1'000'000;
      cv_.wait_for(lock, std::chrono::microseconds(wait),
                   [&] { return stopping_ || !queue_.empty(); });
      std::deque<std::function<void()>> work;
      work.swap(queue_);
      lock.unlock();
      for (auto& w : work)
        w();
      if (on_wake_) on_wake_();
      lock.lock();
    }
    // Work posted while the last batch ran is still owed (records to write, say).
    while (!queue_.empty()) {
      std::deque<std::function<void()>> work;
      work.swap(queue_);
      lock.unlock();
      for (auto& w : work)
        w();
      lock.lock();
    }
  }

  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  const Clock* clock_ = nullptr;
  Deadline deadline_;
  std::function<void()> on_wake_;
};

}  // namespace hotline::server
