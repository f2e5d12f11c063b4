// Simulator speed: events per second, and a 1,000-agent day of ~300,000 calls.

#include <benchmark/benchmark.h>

#include "sim/outbound.h"
#include "sim/replications.h"

namespace hotline::sim {
namespace {

// One queue, 100 agents at 90 % occupancy with abandonment, 24 simulated hours a run.
void BM_SimulatorEvents(benchmark::State& state) {
  QuickQueue q{100 * 0.9 * 3600 / 180, 180, 100, 300.0, 24, 20};
  const Scenario s = quick_scenario(q);
  std::uint64_t events = 0, seed = 1;
  for (auto _ : state) {
    const SimReport r = run_replications(s, 1, seed++);
    events += r.core_events + r.sim_events;
  }
  state.counters["events_per_s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SimulatorEvents)->Unit(benchmark::kMillisecond);

// 1,000 agents on 20 skills and 40 queues, 07:30-21:30, ~300,000 calls at ~85 % occupancy.
Scenario thousand_agent_day() {
  Scenario s;
  s.day_start = seconds(7 * 3600 + 1800);
  s.interval = seconds(1800);
  s.intervals = 28;
  for (int k = 0; k < 20; ++k)
    s.model.skills.push_back("skill" + std::to_string(k));
  s.model.teams = {"all"};
  for (int q = 0; q < 40; ++q) {
    acd::QueueSpec spec;
    spec.name = "queue" + std::to_string(q);
    spec.strategy = q % 2 ? acd::Strategy::kLongestIdle : acd::Strategy::kBestSkill;
    spec.agents.any_of_skills = {{static_cast<acd::SkillId>(q % 20), 3}};
    acd::OverflowRule widen;
    widen.after_wait = seconds(30);
    widen.agents.any_of_skills = {{static_cast<acd::SkillId>(q % 20), 1},
                                  {static_cast<acd::SkillId>((q + 1) % 20), 1}};
    spec.overflow = {widen};
    s.model.queues.push_back(spec);
    s.talk_time.push_back(Sampler::log_normal(140, 90));
    Scenario::Arrivals a;
    a.queue = static_cast<acd::QueueId>(q);
    a.calls_per_interval.assign(28, 300000.0 / 40 / 28);
    s.arrivals.push_back(a);
  }
  for (int i = 0; i < 1000; ++i) {
    acd::AgentSpec a{"agent" + std::to_string(i), 0, {}};
    for (int k = 0; k < 3; ++k)
      a.skills.push_back({static_cast<acd::SkillId>((i + 7 * k) % 20), 1 + (i * 7 + k) % 10});
    s.model.agents.push_back(a);
  }
  s.patience = Sampler::exponential(180);
  return s;
}

void BM_ThousandAgentDay(benchmark::State& state) {
  const Scenario s = thousand_agent_day();
  std::uint64_t seed = 1, calls = 0, events = 0;
  double sl = 0;
  for (auto _ : state) {
    const SimReport r = run_replications(s, 1, seed++);
    calls = r.calls;
    events = r.core_events + r.sim_events;
    sl = r.overall.service_level.mean;
  }
  state.counters["calls"] = static_cast<double>(calls);
  state.counters["events"] = static_cast<double>(events);
  state.counters["service_level"] = sl;
}
BENCHMARK(BM_ThousandAgentDay)->Unit(benchmark::kMillisecond)->MinTime(3);

// One day of the 48-agent predictive campaign (bench/outbound_acceptance.cc has the rest).
void BM_OutboundPredictiveDay(benchmark::State& state) {
  OutboundScenario s;
  s.days = 1;
  s.answer_delay = Sampler::fixed(10);
  s.rules.mode = dialer::Mode::kPredictive;
  std::uint64_t seed = 1, dialled = 0;
  for (auto _ : state)
    dialled = simulate_outbound(s, seed++).dialled;
  state.counters["dialled"] = static_cast<double>(dialled);
}
BENCHMARK(BM_OutboundPredictiveDay)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace hotline::sim

BENCHMARK_MAIN();
