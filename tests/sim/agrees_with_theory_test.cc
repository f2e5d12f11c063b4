// The simulator, driving the production routing core, reproduces queueing theory:
// for M/M/c and M/M/c+M the Erlang C and Erlang A values fall inside the simulated
// 95 % confidence intervals.

#include <gtest/gtest.h>

#include "sim/replications.h"
#include "wfm/erlang.h"

namespace hotline::sim {
namespace {

void expect_inside(const Estimate& e, double theory, const char* what) {
  EXPECT_LE(e.low, theory) << what << ": simulated " << e.mean << " [" << e.low << ", " << e.high
                           << "], theory " << theory;
  EXPECT_GE(e.high, theory) << what << ": simulated " << e.mean << " [" << e.low << ", " << e.high
                            << "], theory " << theory;
}

SimReport simulate_quick(QuickQueue q, int replications, std::uint64_t seed) {
  EXPECT_TRUE(validate(q).ok());
  return run_replications(quick_scenario(q), replications, seed);
}

TEST(SimulatorVsTheory, ErlangC) {
  // 10 Erlangs on 12 agents: P(wait) ~ 45 %, a queue that matters.
  QuickQueue q{200, 180, 12, std::nullopt, 200, 20};
  SimReport r = simulate_quick(q, 10, 7);
  wfm::QueueFigures f = wfm::erlang_c_figures(12, 200.0 / 3600, 180, 20);
  expect_inside(r.overall.service_level, f.service_level, "service level");
  expect_inside(r.overall.asa_s, f.asa_s, "ASA");
  expect_inside(r.overall.occupancy, f.occupancy, "occupancy");
  expect_inside(r.overall.aht_s, 180, "AHT");
  EXPECT_EQ(r.overall.abandoned.mean, 0);
  // The interval is tight enough to mean something.
  EXPECT_LT(r.overall.service_level.high - r.overall.service_level.low, 0.05);
}

TEST(SimulatorVsTheory, ErlangAWithAbandonment) {
  QuickQueue q{200, 180, 10, 120.0, 200, 20};
  SimReport r = simulate_quick(q, 10, 11);
  wfm::QueueFigures f = wfm::erlang_a_figures(10, 200.0 / 3600, 180, 120, 20);
  expect_inside(r.overall.service_level, f.service_level, "service level");
  expect_inside(r.overall.asa_s, f.asa_s, "ASA");
  expect_inside(r.overall.abandon_rate, f.abandon_rate, "abandon rate");
  expect_inside(r.overall.occupancy, f.occupancy, "occupancy");
  EXPECT_GT(r.overall.abandon_rate.mean, 0.05);
}

TEST(SimulatorVsTheory, OverloadedErlangA) {
  // Twice the traffic the agents can carry: most callers abandon, agents never idle.
  QuickQueue q{400, 180, 10, 60.0, 200, 20};
  SimReport r = simulate_quick(q, 10, 3);
  wfm::QueueFigures f = wfm::erlang_a_figures(10, 400.0 / 3600, 180, 60, 20);
  expect_inside(r.overall.abandon_rate, f.abandon_rate, "abandon rate");
  expect_inside(r.overall.service_level, f.service_level, "service level");
  EXPECT_GT(r.overall.occupancy.mean, 0.97);
}

TEST(Simulator, SameSeedSameRun) {
  QuickQueue q{300, 200, 10, 90.0, 8, 20};
  SimReport a = simulate_quick(q, 3, 42), b = simulate_quick(q, 3, 42),
            c = simulate_quick(q, 3, 43);
  EXPECT_EQ(a.overall.service_level.mean, b.overall.service_level.mean);
  EXPECT_EQ(a.core_events, b.core_events);
  EXPECT_NE(a.core_events, c.core_events);
}

TEST(Simulator, QuickModeRejectsImpossibleParameters) {
  EXPECT_FALSE(validate(QuickQueue{0, 180, 10, std::nullopt, 8, 20}).ok());
  EXPECT_FALSE(validate(QuickQueue{100, 0, 10, std::nullopt, 8, 20}).ok());
  EXPECT_FALSE(validate(QuickQueue{100, 180, 0, std::nullopt, 8, 20}).ok());
  EXPECT_FALSE(validate(QuickQueue{100, 180, 10, -1.0, 8, 20}).ok());
  EXPECT_FALSE(validate(QuickQueue{-5, 180, 10, std::nullopt, 8, 20}).ok());
}

}  // namespace
}  // namespace hotline::sim
