#include "kpi/kpis.h"

#include <gtest/gtest.h>

namespace hotline::kpi {
namespace {

CallOutcome answered(double wait_s, double talk_s, double wrap_s = 0) {
  return CallOutcome{CallEnd::kAnswered, seconds_f(wait_s), seconds_f(talk_s), 0,
                     seconds_f(wrap_s)};
}
CallOutcome abandoned(double wait_s) {
  return CallOutcome{CallEnd::kAbandoned, seconds_f(wait_s)};
}

TEST(Kpis, DefinitionsOnAWorkedExample) {
  KpiCounter c(KpiRules{seconds(20), seconds(5)});
  c.add(answered(0, 100, 20));
  c.add(answered(10, 200, 20));
  c.add(answered(30, 300, 20));
  c.add(abandoned(3));  // short: not offered for the rates
  c.add(abandoned(60));
  c.add(CallOutcome{CallEnd::kOverflowed, seconds(90)});
  Kpis k = c.figures();
  EXPECT_EQ(k.offered, 6);
  EXPECT_EQ(k.short_abandoned, 1);
  EXPECT_EQ(k.abandoned, 1);
  EXPECT_EQ(k.overflowed, 1);
  EXPECT_DOUBLE_EQ(k.service_level, 2.0 / 5.0);
  EXPECT_DOUBLE_EQ(k.answer_rate, 3.0 / 5.0);
  EXPECT_DOUBLE_EQ(k.abandon_rate, 1.0 / 5.0);
  EXPECT_DOUBLE_EQ(k.asa_s, 40.0 / 3.0);
  EXPECT_DOUBLE_EQ(k.aht_s, 220.0);
  EXPECT_DOUBLE_EQ(k.longest_wait_s, 90.0);
}

TEST(Kpis, OccupancyAndProductivity) {
  KpiCounter c;
  AgentTime t;
  t.talk = seconds(2400);
  t.wrap_up = seconds(600);
  t.ready = seconds(600);
  t.not_ready = seconds(360);
  c.add(t);
  c.add(t);  // two agents, one hour each
  for (int i = 0; i < 20; ++i)
    c.add(answered(5, 150));
  Kpis k = c.figures(seconds(3600));
  EXPECT_DOUBLE_EQ(k.occupancy, 3000.0 / 3600.0);
  EXPECT_DOUBLE_EQ(k.calls_per_agent_hour, 20.0 / (2 * 3960.0 / 3600));
  EXPECT_DOUBLE_EQ(k.staffed_agents, 2 * 3960.0 / 3600);
  EXPECT_DOUBLE_EQ(k.available_agents, 2.0);
}

TEST(Kpis, MergingIntervalsEqualsTheDay) {
  KpiCounter morning, afternoon, day;
  for (int i = 0; i < 10; ++i) {
    morning.add(answered(i * 5, 100));
    day.add(answered(i * 5, 100));
    afternoon.add(abandoned(i * 7));
    day.add(abandoned(i * 7));
  }
  morning.merge(afternoon);
  Kpis merged = morning.figures(), direct = day.figures();
  EXPECT_EQ(merged.offered, direct.offered);
  EXPECT_DOUBLE_EQ(merged.service_level, direct.service_level);
  EXPECT_DOUBLE_EQ(merged.asa_s, direct.asa_s);
  EXPECT_DOUBLE_EQ(merged.longest_wait_s, direct.longest_wait_s);
}

TEST(Kpis, EmptySpanMeetsItsTargets) {
  Kpis k = KpiCounter().figures();
  EXPECT_EQ(k.offered, 0);
  EXPECT_DOUBLE_EQ(k.service_level, 1.0);
  EXPECT_DOUBLE_EQ(k.abandon_rate, 0.0);
  EXPECT_DOUBLE_EQ(k.occupancy, 0.0);
}

}  // namespace
}  // namespace hotline::kpi
