// Per-queue KPIs from call records: each queue judged by its own service-level threshold,
// IVR-only calls left out, and the center the sum of its queues.

#include "report/call_kpis.h"

#include <gtest/gtest.h>

#include "kpi/queue_board.h"

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

TEST(CallKpis, CallsGoingOnOrCutOffUnansweredAreNotDecided) {
  store::CallRecord waiting = call("billing", "answered", 5, 100);
  waiting.disposition = "in_progress";
  store::CallRecord cut_off_waiting = call("billing", "abandoned", 40);
  cut_off_waiting.disposition = "interrupted";
  store::CallRecord cut_off_talking = call("billing", "answered", 5, 100);
  cut_off_talking.disposition = "interrupted";  // answered in 5 s: a call answered in SL
  const std::vector<QueueKpis> q = queue_kpis({waiting, cut_off_waiting, cut_off_talking});
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[0].kpis.offered, 1);
  EXPECT_EQ(q[0].kpis.answered, 1);
  EXPECT_EQ(q[0].kpis.answered_in_sl, 1);
  EXPECT_EQ(q[0].kpis.abandoned, 0);
}

TEST(CallKpis, NoCallsStillGivesTheCenterLine) {
  const std::vector<QueueKpis> q = queue_kpis({});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].kpis.offered, 0);
  EXPECT_EQ(q[0].kpis.service_level, 1.0);  // nobody waited: met, as in docs/kpis.md
}

// One KPI definition, one number: the same calls give the same figures in the report (the
// CLI and reports), on the wallboard's board (the API and the wallboard), and in a counter
// built the way the simulator builds its own — each with the rules of the queue's T and
// the center's short abandon, kept in the records.
TEST(CallKpis, TheReportTheWallboardAndTheSimulatorAgree) {
  std::vector<store::CallRecord> calls = {
      call("billing", "answered", 8, 60, 0, 10),   // in the queue's 10 s
      call("billing", "answered", 12, 60, 0, 10),  // late for 10 s (in time for the center's 20)
      call("billing", "abandoned", 3, 0, 0, 10),   // a short abandon: under the center's 5 s
      call("billing", "abandoned", 30, 0, 0, 10),
  };
  for (store::CallRecord& c : calls)
    c.short_abandon = seconds(5);
  const kpi::Kpis report = queue_kpis(calls)[0].kpis;

  kpi::QueueBoard board(kpi::rules_for_queue(seconds(10), seconds(5)), 0);
  kpi::KpiCounter simulated(kpi::rules_for_queue(seconds(10), seconds(5)));
  std::uint64_t id = 0;
  for (const store::CallRecord& c : calls) {
    kpi::CallOutcome outcome;
    ASSERT_TRUE(to_outcome(c, &outcome));
    board.arrive(++id, c.queued);
    if (outcome.end == kpi::CallEnd::kAnswered) board.answer(id, outcome.wait);
    board.forget(id, c.queued);
    board.add(c.queued, c.ended, outcome);
    simulated.add(outcome);
  }
  const kpi::Kpis wallboard = board.today(seconds(3600));
  const kpi::Kpis sim = simulated.figures();
  EXPECT_DOUBLE_EQ(report.service_level, 1.0 / 3.0);  // 1 in SL of 3 counted
  EXPECT_DOUBLE_EQ(report.answer_rate, 2.0 / 3.0);
  for (const kpi::Kpis& k : {wallboard, sim}) {
    EXPECT_EQ(k.offered, report.offered);
    EXPECT_EQ(k.short_abandoned, report.short_abandoned);
    EXPECT_DOUBLE_EQ(k.service_level, report.service_level);
    EXPECT_DOUBLE_EQ(k.answer_rate, report.answer_rate);
    EXPECT_DOUBLE_EQ(k.abandon_rate, report.abandon_rate);
    EXPECT_DOUBLE_EQ(k.asa_s, report.asa_s);
    EXPECT_DOUBLE_EQ(k.aht_s, report.aht_s);
  }
}

}  // namespace
}  // namespace hotline::report
