#include "common/event_loop.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>
#include <vector>

#include "common/manual_clock.h"

namespace hotline {
namespace {

TEST(EventLoop, RunsPostedWorkInOrderOnItsOwnThread) {
  EventLoop loop;
  ASSERT_TRUE(loop.start().ok());
  std::vector<int> order;  // loop thread only
  std::promise<bool> on_loop;
  for (int i = 0; i < 100; ++i)
    loop.post([&order, i] { order.push_back(i); });
  loop.post([&] { on_loop.set_value(loop.is_current_thread()); });
  EXPECT_TRUE(on_loop.get_future().get());
  EXPECT_FALSE(loop.is_current_thread());
  loop.stop();
  ASSERT_EQ(order.size(), 100u);
  for (int i = 0; i < 100; ++i)
    EXPECT_EQ(order[i], i);
}

TEST(EventLoop, StopRunsWhatWasPostedBefore) {
  std::atomic<int> done{0};
  {
    EventLoop loop;
    ASSERT_TRUE(loop.start().ok());
    // The first item holds the loop while the rest queue up behind it.
    loop.post([] { std::this_thread::sleep_for(std::chrono::milliseconds(20)); });
    for (int i = 0; i < 50; ++i)
      loop.post([&] { ++done; });
  }  // destroyed: stopped
  EXPECT_EQ(done, 50);
}

TEST(EventLoop, WorkFromManyThreadsIsAllRun) {
  EventLoop loop;
  ASSERT_TRUE(loop.start().ok());
  std::atomic<int> done{0};
  std::vector<std::thread> posters;
  for (int t = 0; t < 4; ++t)
    posters.emplace_back([&] {
      for (int i = 0; i < 1000; ++i)
        loop.post([&] { ++done; });
    });
  for (std::thread& t : posters)
    t.join();
  loop.stop();
  EXPECT_EQ(done, 4000);
}

TEST(EventLoop, ATimerFiresWhenAManualClockReachesIt) {
  ManualClock clock(seconds(100));
  EventLoop loop(clock);
  std::atomic<Time> due{seconds(110)};
  std::promise<Time> fired;
  ASSERT_TRUE(loop.start([&] { return due.load(); },
                         [&] {
                           if (clock.now() < due) return;
                           fired.set_value(clock.now());
                           due = kNever;
                         })
                  .ok());
  std::future<Time> when = fired.get_future();
  clock.advance(seconds(5));
  clock.advance(seconds(5));
  ASSERT_EQ(when.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_EQ(when.get(), seconds(110)) << "fired in the clock's time, not before";
  loop.stop();
}

TEST(TaskQueue, RunsNothingWhenNothingWasPosted) {
  TaskQueue tasks;
  ASSERT_TRUE(tasks.open().ok());
  EXPECT_GE(tasks.fd(), 0);
  EXPECT_FALSE(tasks.run_posted());
  int ran = 0;
  tasks.post([&] { ++ran; });
  EXPECT_TRUE(tasks.run_posted());
  EXPECT_EQ(ran, 1);
  EXPECT_TRUE(tasks.is_owner_thread());
  EXPECT_FALSE(tasks.run_posted());
}

}  // namespace
}  // namespace hotline
