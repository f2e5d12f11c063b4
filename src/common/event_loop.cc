#include "common/event_loop.h"

#include <poll.h>

#include <algorithm>
#include <ctime>

namespace hotline {

namespace {
// The longest the loop sleeps without work: a due time that moved earlier (the owner's
// timers change only on the loop, but a clock may jump) is seen within this.
constexpr Duration kLongestWait = seconds(1);
}  // namespace

Status EventLoop::start(NextDue next_due, std::function<void()> on_wake) {
  if (Status s = tasks_.open(); !s.ok()) return s;
  next_due_ = std::move(next_due);
  on_wake_ = std::move(on_wake);
  stopping_ = false;
  clock_.watch(this);
  thread_ = std::thread([this] { loop(); });
  return {};
}

void EventLoop::stop() {
  if (!thread_.joinable()) return;
  stopping_ = true;
  tasks_.wake();
  thread_.join();
  clock_.unwatch(this);
}

void EventLoop::loop() {
  tasks_.set_owner_thread();
  pollfd wake{tasks_.fd(), POLLIN, 0};
  while (!stopping_) {
    const Time due = next_due_ ? next_due_() : kNever;
    const Duration wait =
        due == kNever ? kLongestWait : std::clamp<Duration>(due - clock_.now(), 0, kLongestWait);
    const timespec timeout{static_cast<time_t>(wait / kMicrosPerSecond),
                           static_cast<long>(wait % kMicrosPerSecond) * 1000};
    ::ppoll(&wake, 1, &timeout, nullptr);
    tasks_.run_posted();
    if (on_wake_) on_wake_();
  }
  // Work posted while the last batch ran is still owed (records to write, say).
  while (tasks_.run_posted()) {
  }
}

}  // namespace hotline
