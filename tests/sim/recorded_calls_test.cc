// A day's call records as simulator input: the calls that reached a queue, when they
// entered it, with their talk and patience; and re-simulated under the configuration they
// came in under, the figures the records themselves give.

#include "sim/recorded_calls.h"

#include <gtest/gtest.h>

#include "report/call_kpis.h"
#include "sim/simulator.h"

namespace hotline::sim {
namespace {

constexpr Time kDay = seconds(1'800'000'000);

Scenario one_agent() {
  QuickQueue q;
  q.arrivals_per_hour = 1;
  q.aht_s = 60;
  q.agents = 1;
  q.hours = 1;
  return quick_scenario(q);  // queue "queue", answered within 20 s, no short abandons
}

store::CallRecord queued_call(const std::string& uid, double queued_s) {
  store::CallRecord r;
  r.uid = uid;
  r.queue = "queue";
  r.arrived = kDay + seconds_f(queued_s - 3);  // three seconds of IVR first
  r.queued = kDay + seconds_f(queued_s);
  r.sl_threshold = seconds(20);
  return r;
}

store::CallRecord answered(const std::string& uid, double queued_s, double answered_s,
                           double ended_s) {
  store::CallRecord r = queued_call(uid, queued_s);
  r.disposition = "answered";
  r.answered = kDay + seconds_f(answered_s);
  r.ended = kDay + seconds_f(ended_s);
  return r;
}

store::CallRecord abandoned(const std::string& uid, double queued_s, double ended_s) {
  store::CallRecord r = queued_call(uid, queued_s);
  r.disposition = "abandoned";
  r.ended = kDay + seconds_f(ended_s);
  return r;
}

// One agent, no wrap-up: the first caller is answered at once and talks 30 s; the second
// hangs up after 5 s while it talks; the third waits 10 s for the agent.
std::vector<store::CallRecord> a_morning() {
  std::vector<store::CallRecord> records = {answered("1", 10, 10, 40), abandoned("2", 20, 25),
                                            answered("3", 30, 40, 60)};
  store::CallRecord ivr_only;  // ended in the IVR: no queue, not a queue's call
  ivr_only.uid = "4";
  ivr_only.arrived = kDay + seconds(50);
  ivr_only.ended = kDay + seconds(55);
  ivr_only.disposition = "ivr_completed";
  records.push_back(ivr_only);
  store::CallRecord going_on = queued_call("5", 70);  // not decided yet
  going_on.disposition = "in_progress";
  records.push_back(going_on);
  records.push_back(answered("6", -100, -100, -50));  // the day before
  return records;
}

TEST(RecordedCalls, TheQueuesCallsWhenTheyEnteredTheQueue) {
  auto calls = calls_from_records(a_morning(), kDay, one_agent());
  ASSERT_TRUE(calls.ok()) << calls.status().message();
  ASSERT_EQ(calls->size(), 3u);
  EXPECT_EQ((*calls)[0].arrival, seconds(10));
  EXPECT_EQ((*calls)[0].talk, seconds(30));
  EXPECT_EQ((*calls)[0].patience, kNever);
  EXPECT_EQ((*calls)[1].arrival, seconds(20));
  EXPECT_EQ((*calls)[1].patience, seconds(5));
  EXPECT_EQ((*calls)[1].talk, seconds(25)) << "an unanswered call talks the mean of the answered";
  EXPECT_EQ((*calls)[2].arrival, seconds(30));
  EXPECT_EQ((*calls)[2].talk, seconds(20));
  for (const CallInput& c : *calls)
    EXPECT_EQ(c.queue, 0u);
}

TEST(RecordedCalls, ReSimulatedTheyGiveTheRecordsFigures) {
  const Scenario scenario = one_agent();
  std::vector<store::CallRecord> records = a_morning();
  auto calls = calls_from_records(records, kDay, scenario);
  ASSERT_TRUE(calls.ok());
  const RunStats run = simulate(scenario, *calls);
  kpi::KpiCounter simulated(kpi::rules_for_queue(seconds(20), 0));
  for (const kpi::KpiCounter& cell : run.cells)
    simulated.merge(cell);
  const kpi::Kpis sim = simulated.figures();

  records.pop_back();  // the report is over the day
  const kpi::Kpis reported = report::queue_kpis(records).front().kpis;
  EXPECT_EQ(sim.offered, reported.offered);
  EXPECT_EQ(sim.answered, reported.answered);
  EXPECT_EQ(sim.abandoned, reported.abandoned);
  EXPECT_DOUBLE_EQ(sim.service_level, reported.service_level);
  EXPECT_DOUBLE_EQ(sim.answer_rate, reported.answer_rate);
  EXPECT_DOUBLE_EQ(sim.asa_s, reported.asa_s);
  EXPECT_DOUBLE_EQ(sim.aht_s, reported.aht_s);
  EXPECT_EQ(reported.answered, 2);
  EXPECT_EQ(reported.abandoned, 1);
  EXPECT_DOUBLE_EQ(reported.asa_s, 5.0);
}

TEST(RecordedCalls, AnUnknownQueueIsNamed) {
  std::vector<store::CallRecord> records = a_morning();
  records[2].queue = "sales";
  auto calls = calls_from_records(records, kDay, one_agent());
  ASSERT_FALSE(calls.ok());
  EXPECT_NE(calls.status().message().find("call 3: queue 'sales'"), std::string::npos)
      << calls.status().message();
}

TEST(RecordedCalls, NoAnsweredCallsTalkThreeMinutesIfAnswered) {
  auto calls = calls_from_records({abandoned("1", 10, 12)}, kDay, one_agent());
  ASSERT_TRUE(calls.ok());
  ASSERT_EQ(calls->size(), 1u);
  EXPECT_EQ((*calls)[0].talk, seconds(180));
  EXPECT_EQ((*calls)[0].patience, seconds(2));
}

}  // namespace
}  // namespace hotline::sim
