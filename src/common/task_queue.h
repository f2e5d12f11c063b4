#pragma once
// TaskQueue: work posted from any thread to the one thread that owns the queue. The
// owner waits on fd() with whatever it waits on anyway (epoll, sofia's su_root, poll) and
// runs the work in the order it was posted. Every thread of the server that others hand
// work to has one: the core, prompt and record threads (through EventLoop), each RTP relay
// worker and the SIP thread.

#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "common/status.h"

namespace hotline {

class TaskQueue {
 public:
  TaskQueue() = default;
  ~TaskQueue();
  TaskQueue(const TaskQueue&) = delete;
  TaskQueue& operator=(const TaskQueue&) = delete;

  // Makes the descriptor to wait on (an eventfd); fails when the process has none left.
  Status open();
  // Readable when something was posted or wake() was called; -1 before open().
  int fd() const { return fd_; }

  // Any thread.
  void post(std::function<void()> task);
  // The owner's wait ends though nothing was posted (the time it waits for moved).
  void wake();

  // The owner's thread: runs what was posted until now, in order; false if nothing was.
  // The first call names the owner (is_owner_thread()).
  bool run_posted();
  // Whether the caller is the thread that runs the posted work: code that belongs to one
  // thread asserts it.
  bool is_owner_thread() const { return std::this_thread::get_id() == owner_; }
  // Names the owner before it first runs work (a thread that asserts before it waits).
  void set_owner_thread() { owner_ = std::this_thread::get_id(); }

 private:
  int fd_ = -1;
  std::thread::id owner_;
  std::mutex mutex_;
  std::vector<std::function<void()>> tasks_;
};

}  // namespace hotline
