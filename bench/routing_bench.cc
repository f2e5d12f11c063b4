// Routing core throughput and latency on a large center: 10,000 agents, 200 queues,
// 50 skills, every agent with 5 skills, every queue with an overflow tier.
//
// A routing decision is choosing an agent for an arriving call, or a waiting call for
// an agent who became free. p50/p99 are per handle() call that made one decision.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <vector>

#include "center/acd/routing_engine.h"

namespace hotline::acd {
namespace {

CenterModel large_center(int agents, int queues, int skills, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  CenterModel m;
  for (int s = 0; s < skills; ++s)
    m.skills.push_back("skill" + std::to_string(s));
  m.teams = {"front", "reserve"};
  m.reasons = {"break"};
  const Strategy strategies[] = {Strategy::kLongestIdle, Strategy::kFewestCalls,
                                 Strategy::kLeastTalkTime, Strategy::kBestSkill,
                                 Strategy::kRoundRobin};
  for (int q = 0; q < queues; ++q) {
    QueueSpec spec;
    spec.name = "queue" + std::to_string(q);
    spec.strategy = strategies[q % 5];
    spec.agents.any_of_skills = {{static_cast<SkillId>(q % skills), 4}};
    OverflowRule widen;
    widen.after_wait = seconds(30);
    widen.agents.any_of_skills = {{static_cast<SkillId>(q % skills), 1},
                                  {static_cast<SkillId>((q + 7) % skills), 6}};
    spec.overflow = {widen};
    m.queues.push_back(spec);
  }
  for (int a = 0; a < agents; ++a) {
    AgentSpec spec{"agent" + std::to_string(a), static_cast<TeamId>(a % 20 == 0), {}};
    while (spec.skills.size() < 5) {
      const SkillId s = static_cast<SkillId>(rng() % skills);
      if (std::none_of(spec.skills.begin(), spec.skills.end(),
                       [&](auto& x) { return x.skill == s; }))
        spec.skills.push_back({s, 1 + static_cast<int>(rng() % 10)});
    }
    m.agents.push_back(spec);
  }
  return m;
}

void report_latency(benchmark::State& state, std::vector<double>& ns) {
  if (ns.empty()) return;
  std::sort(ns.begin(), ns.end());
  state.counters["p50_ns"] = ns[ns.size() / 2];
  state.counters["p99_ns"] = ns[ns.size() * 99 / 100];
  state.counters["p999_ns"] = ns[ns.size() * 999 / 1000];
}

// Calls arrive into random queues of a center where most agents are free; each is
// answered and ended, so agents cycle through ringing, talking and ready.
void BM_RouteArrivingCalls(benchmark::State& state) {
  RoutingEngine engine(large_center(10000, 200, 50, 1));
  std::vector<Command> out;
  out.reserve(64);
  Time now = 0;
  for (AgentId a = 0; a < 10000; ++a)
    engine.handle(Event{EventType::kAgentLogin, now, 0, a}, out);
  std::mt19937_64 rng(2);
  std::vector<double> latency;
  latency.reserve(1 << 22);
  CallId next = 1;
  std::int64_t decisions = 0;
  for (auto _ : state) {
    now += 1000;
    const QueueId q = static_cast<QueueId>(rng() % 200);
    out.clear();
    const auto t0 = std::chrono::steady_clock::now();
    engine.handle(Event{EventType::kCallArrived, now, next, kNoAgent, q}, out);
    const auto t1 = std::chrono::steady_clock::now();
    AgentId agent = kNoAgent;
    for (const Command& c : out)
      if (c.type == CommandType::kOfferCall) agent = c.agent;
    if (agent != kNoAgent) {
      ++decisions;
      if (latency.size() < latency.capacity())
        latency.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count());
      out.clear();
      engine.handle(Event{EventType::kAgentAnswered, now, next, agent}, out);
      out.clear();
      // The agent is free again at once and looks for a waiting call: a second decision.
      engine.handle(Event{EventType::kCallEnded, now, next}, out);
      ++decisions;
    }
    ++next;
  }
  state.counters["decisions_per_s"] =
      benchmark::Counter(static_cast<double>(decisions), benchmark::Counter::kIsRate);
  report_latency(state, latency);
}
BENCHMARK(BM_RouteArrivingCalls)->Unit(benchmark::kNanosecond);

// A busy center: 2,000 calls wait across 200 queues; each ended call frees an agent who
// picks the best waiting call among all its queues and tiers, and a new call arrives
// (two decisions; the latency is the freed agent's).
void BM_RouteFreedAgentsWithBacklog(benchmark::State& state) {
  RoutingEngine engine(large_center(10000, 200, 50, 3));
  std::vector<Command> out;
  Time now = 0;
  for (AgentId a = 0; a < 10000; ++a)
    engine.handle(Event{EventType::kAgentLogin, now, 0, a}, out);
  std::mt19937_64 rng(4);
  CallId next = 1;
  std::vector<CallId> talking_call(10000, 0);
  std::vector<AgentId> talking;
  // Fill every agent, then 2,000 more calls wait.
  auto arrive = [&](QueueId q) {
    out.clear();
    engine.handle(Event{EventType::kCallArrived, now, next++, kNoAgent, q}, out);
    for (const Command& c : out)
      if (c.type == CommandType::kOfferCall) {
        std::vector<Command> more;
        engine.handle(Event{EventType::kAgentAnswered, now, c.call, c.agent}, more);
        talking_call[c.agent] = c.call;
        talking.push_back(c.agent);
      }
  };
  while (talking.size() < 9000 && next < 200000)
    arrive(static_cast<QueueId>(rng() % 200));
  for (int i = 0; i < 2000; ++i)
    arrive(static_cast<QueueId>(rng() % 200));
  std::vector<double> latency;
  latency.reserve(1 << 22);
  std::int64_t decisions = 0;
  for (auto _ : state) {
    now += 1000;
    if (talking.empty()) break;
    const std::size_t pick = rng() % talking.size();
    const AgentId agent = talking[pick];
    talking[pick] = talking.back();
    talking.pop_back();
    out.clear();
    const auto t0 = std::chrono::steady_clock::now();
    engine.handle(Event{EventType::kCallEnded, now, talking_call[agent]}, out);
    const auto t1 = std::chrono::steady_clock::now();
    ++decisions;
    if (latency.size() < latency.capacity())
      latency.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count());
    for (const Command& c : out)
      if (c.type == CommandType::kOfferCall) {
        std::vector<Command> more;
        engine.handle(Event{EventType::kAgentAnswered, now, c.call, c.agent}, more);
        talking_call[c.agent] = c.call;
        talking.push_back(c.agent);
      }
    arrive(static_cast<QueueId>(rng() % 200));  // routed too: offered or queued
    ++decisions;
  }
  state.counters["decisions_per_s"] =
      benchmark::Counter(static_cast<double>(decisions), benchmark::Counter::kIsRate);
  std::size_t waiting = 0;
  for (QueueId q = 0; q < 200; ++q)
    waiting += engine.waiting_calls(q);
  state.counters["calls_waiting"] = static_cast<double>(waiting);
  report_latency(state, latency);
}
BENCHMARK(BM_RouteFreedAgentsWithBacklog)->Unit(benchmark::kNanosecond);

}  // namespace
}  // namespace hotline::acd

BENCHMARK_MAIN();
