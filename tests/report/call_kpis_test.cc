// Per-queue KPIs from call records: each queue judged by its own service-level threshold,
// IVR-only calls left out, and the center the sum of its queues.

#include "report/call_kpis.h"

#include <gtest/gtest.h>

namespace hotline::report {
namespace {

store::CallRecord call(const std::string& queue, const std::string& disposition, int wait_s,
                       int talk_s = 0, int wrap_s = 0, int threshold_s = 20) {
  store::CallRecord c;
  c.arrived = seconds(100);
  c.disposition = disposition;
  if (!queue.empty()) {
    c.queue = queue;
    c.queued = seconds(110);
    c.sl_threshold = seconds(threshold_s);
  }
  if (disposition == "answered") {
    c.answered = c.queued + seconds(wait_s);
    c.ended = c.answered + seconds(talk_s);
    if (wrap_s) c.wrapup_ended = c.ended + seconds(wrap_s);
  } else {
    c.ended = c.queued + seconds(wait_s);
  }
  return c;
}

TEST(CallKpis, PerQueueAndForTheCenter) {
  const std::vector<store::CallRecord> calls = {
      call("billing", "answered", 5, 100, 20),    // in SL
      call("billing", "answered", 30, 200, 0),    // late
      call("billing", "abandoned", 40),           //
      call("repair", "answered", 50, 60, 0, 60),  // repair's target is 60 s: in SL
      call("repair", "rejected", 900),            // max wait
      call("", "ivr_completed", 0),               // self-service: not offered to a queue
  };
  const std::vector<QueueKpis> q = queue_kpis(calls);
  ASSERT_EQ(q.size(), 3u);
  EXPECT_EQ(q[0].queue, "billing");
  EXPECT_EQ(q[0].kpis.offered, 3);
  EXPECT_EQ(q[0].kpis.answered, 2);
  EXPECT_EQ(q[0].kpis.abandoned, 1);
  EXPECT_EQ(q[0].kpis.answered_in_sl, 1);
  EXPECT_NEAR(q[0].kpis.service_level, 1.0 / 3, 1e-9);
  EXPECT_NEAR(q[0].kpis.asa_s, 17.5, 1e-9);
  EXPECT_NEAR(q[0].kpis.aht_s, (100 + 20 + 200) / 2.0, 1e-9);
  EXPECT_EQ(q[1].queue, "repair");
  EXPECT_EQ(q[1].kpis.answered_in_sl, 1);
  EXPECT_EQ(q[1].kpis.overflowed, 1);
  EXPECT_EQ(q[2].queue, "");  // the whole center
  EXPECT_EQ(q[2].kpis.offered, 5);
  EXPECT_EQ(q[2].kpis.answered, 3);
  EXPECT_EQ(q[2].kpis.answered_in_sl, 2);
  EXPECT_NEAR(q[2].kpis.answer_rate, 3.0 / 5, 1e-9);
  EXPECT_NEAR(q[2].kpis.longest_wait_s, 900, 1e-9);
}

TEST(CallKpis, NoCallsStillGivesTheCenterLine) {
  const std::vector<QueueKpis> q = queue_kpis({});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].kpis.offered, 0);
  EXPECT_EQ(q[0].kpis.service_level, 1.0);  // nobody waited: met, as in docs/kpis.md
}

}  // namespace
}  // namespace hotline::report
