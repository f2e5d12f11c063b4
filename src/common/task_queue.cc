#include "common/task_queue.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace hotline {

TaskQueue::~TaskQueue() {
  if (fd_ >= 0) ::close(fd_);
}

Status TaskQueue::open() {
  if (fd_ >= 0) return {};
  fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (fd_ < 0) return Status::unavailable(std::string("eventfd: ") + std::strerror(errno));
  return {};
}

void TaskQueue::post(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    tasks_.push_back(std::move(task));
  }
  wake();
}

void TaskQueue::wake() {
  const std::uint64_t one = 1;
  [[maybe_unused]] ssize_t n = ::write(fd_, &one, sizeof one);
}

bool TaskQueue::run_posted() {
  owner_ = std::this_thread::get_id();
  std::uint64_t count;
  [[maybe_unused]] ssize_t n = ::read(fd_, &count, sizeof count);
  std::vector<std::function<void()>> tasks;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    tasks.swap(tasks_);
  }
  for (auto& task : tasks)
    task();
  return !tasks.empty();
}

}  // namespace hotline
