#pragma once
// EventLoop: a thread of its own that runs posted work in order and wakes at the times
// its owner's timers are due, by the owner's Clock. The server's core, prompt and record
// threads are each one. A manual clock moved by a test wakes the loop at once, so timers
// fire in the test's time, not after a real wait.
//
// Thread-safety: post() and is_current_thread() from any thread; start() and stop() from
// the owner's controlling thread.

#include <atomic>
#include <functional>
#include <thread>

#include "common/status.h"
#include "common/task_queue.h"
#include "common/time.h"

namespace hotline {

class EventLoop final : private Clock::Watcher {
 public:
  // `clock` is the time the timers are in; it must outlive the loop.
  explicit EventLoop(const Clock& clock = system_clock()) : clock_(clock) {}
  ~EventLoop() { stop(); }
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // The owner's timers: `next_due()` says when the loop must wake next (kNever: only for
  // work), and `on_wake()` runs on the loop after every wake-up (due or not), to fire what
  // is due. Both optional.
  using NextDue = std::function<Time()>;
  Status start(NextDue next_due = nullptr, std::function<void()> on_wake = nullptr);
  void post(std::function<void()> work) { tasks_.post(std::move(work)); }
  // Whether the caller runs on the loop's thread.
  bool is_current_thread() const { return std::this_thread::get_id() == thread_.get_id(); }
  // Runs what was posted before, then joins. Work posted after stop() is not run.
  void stop();

 private:
  void loop();
  void clock_moved() override { tasks_.wake(); }

  const Clock& clock_;
  TaskQueue tasks_;
  NextDue next_due_;
  std::function<void()> on_wake_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace hotline
