// The simulator drives the whole core (center::CallCenter), so what the live center
// decides beyond routing is simulated the same way: callers move through the IVR by
// their keys (self-service, transfers, queues), and callers offered a callback leave
// their number and are called back in their place in line.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "config/center_config.h"
#include "sim/event_log.h"
#include "sim/replications.h"
#include "sim/simulator.h"

namespace hotline::sim {
namespace {

kpi::Kpis totals(const RunStats& r) {
  kpi::KpiCounter all;
  for (const kpi::KpiCounter& c : r.cells)
    all.merge(c);
  return all.figures();
}

// One queue of `agents` agents, all day.
Scenario one_queue(int agents) {
  Scenario s;
  s.model.skills = {"any"};
  s.model.teams = {"all"};
  acd::QueueSpec sales;
  sales.name = "sales";
  sales.agents.any_of_skills = {{0, 1}};
  s.model.queues = {sales};
  for (int i = 0; i < agents; ++i)
    s.model.agents.push_back({"agent" + std::to_string(i), 0, {{0, 5}}});
  s.interval = seconds(3600);
  s.intervals = 4;
  s.talk_time = {Sampler::exponential(180)};
  return s;
}

ivr::Node node(const char* id, ivr::NodeType type) {
  ivr::Node n;
  n.id = n.title = id;
  n.type = type;
  n.prompt = id;
  return n;
}

// welcome → menu: 1 sales queue, 2 balance (a back-end, then goodbye), 9 the operator's
// outside number.
ivr::Flow hotline_menu() {
  ivr::Flow f;
  ivr::Node welcome = node("welcome", ivr::NodeType::kPlay);
  welcome.next = 1;
  ivr::Node menu = node("main", ivr::NodeType::kMenu);
  menu.options = {{'1', 2}, {'2', 3}, {'9', 6}};
  ivr::Node queue = node("to-sales", ivr::NodeType::kQueue);
  queue.queue = "sales";
  ivr::Node lookup = node("balance", ivr::NodeType::kLookup);
  lookup.service = "billing";
  lookup.variable = "ani";
  lookup.next = 4;
  ivr::Node result = node("say-balance", ivr::NodeType::kPlay);
  result.next = 5;
  ivr::Node bye = node("bye", ivr::NodeType::kHangup);
  ivr::Node operator_line = node("operator", ivr::NodeType::kTransfer);
  operator_line.number = "10086";
  f.nodes = {welcome, menu, queue, lookup, result, bye, operator_line};
  f.start = 0;
  return f;
}

TEST(SimulatedCenter, CallersTakeTheirPathsThroughTheIvr) {
  Scenario s = one_queue(12);
  s.flow = hotline_menu();
  s.prompt_time = seconds(4);
  s.ivr_paths = {{"1", 0.5}, {"2", 0.3}, {"9", 0.2}};
  Scenario::Arrivals through_ivr;
  through_ivr.queue = acd::kNoQueue;
  through_ivr.calls_per_interval.assign(4, 400);
  s.arrivals = {through_ivr};
  Rng rng(5);
  const std::vector<CallInput> calls = generate_calls(s, rng);
  const RunStats r = simulate(s, calls);
  const kpi::Kpis queue = totals(r);
  const double n = static_cast<double>(calls.size());
  ASSERT_GT(n, 1400);
  // Every call is counted once: in the queue, or by how it left the IVR.
  EXPECT_EQ(static_cast<double>(queue.offered + r.ivr.self_served + r.ivr.transferred), n);
  EXPECT_EQ(r.ivr.abandoned + r.ivr.failed, 0u);
  // Each path's share of the callers, within four standard deviations.
  const auto near_share = [&](double count, double share) {
    EXPECT_NEAR(count / n, share, 4 * std::sqrt(share * (1 - share) / n)) << count;
  };
  near_share(static_cast<double>(queue.offered), 0.5);
  near_share(static_cast<double>(r.ivr.self_served), 0.3);
  near_share(static_cast<double>(r.ivr.transferred), 0.2);
  EXPECT_GT(queue.answered, 0.9 * queue.offered);  // 12 agents for ~3.3 Erlangs
}

TEST(SimulatedCenter, ALoggedRunThroughTheIvrReplaysTheSame) {
  Scenario s = one_queue(12);
  s.flow = hotline_menu();
  s.prompt_time = seconds(4);
  s.ivr_paths = {{"1", 0.5}, {"2", 0.3}, {"9", 0.2}};
  s.arrivals = {{acd::kNoQueue, 0, std::vector<double>(4, 100)}};
  Rng rng(8);
  const std::vector<CallInput> calls = generate_calls(s, rng);
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("hotline-ivr-replay-" + std::to_string(::getpid()) + ".jsonl"))
                               .string();
  std::FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  EventLogWriter writer(f, s);
  const RunStats first = simulate(s, calls, &writer);
  std::fclose(f);
  auto logged = read_logged_calls(path, s);
  std::filesystem::remove(path);
  ASSERT_TRUE(logged.ok()) << logged.status().message();
  ASSERT_EQ(logged->size(), calls.size());
  EXPECT_EQ((*logged)[7].keys, calls[7].keys);
  EXPECT_EQ((*logged)[7].queue, acd::kNoQueue);
  const RunStats again = simulate(s, *logged);
  EXPECT_EQ(again.ivr.self_served, first.ivr.self_served);
  EXPECT_EQ(again.ivr.transferred, first.ivr.transferred);
  EXPECT_EQ(totals(again).answered, totals(first).answered);
}

// From the configuration: the IVR's branches see the calendar of the simulated day. The
// center opens at 09:00, the simulated day starts at 08:00: the first hour's callers hear
// that it is closed; on the national-day holiday every caller does.
TEST(SimulatedCenter, TheIvrSeesTheSimulatedDaysCalendar) {
  const std::string center = R"(skills: [s]
queues: [{name: sales, skills: {s: 1}}]
agents: [{name: a1, skills: {s: 1}}, {name: a2, skills: {s: 1}}, {name: a3, skills: {s: 1}}]
calendar:
  utc_offset_hours: 8
  holidays: [2026-10-01]
  hours: {workday: "09:00-18:00", weekend: "09:00-18:00", holiday: closed}
ivr:
  - {id: hours, title: Hours, type: branch, rules: [{when: {open: false}, next: closed}], otherwise: main}
  - {id: closed, title: Closed, type: hangup, prompt: We are closed.}
  - {id: main, title: Main, type: menu, prompt: One for sales., options: {"1": to-sales}}
  - {id: to-sales, title: Sales, type: queue, queue: sales}
simulation:
  day_start: "08:00"
  day_end: "12:00"
  interval_min: 60
  ivr:
    calls_per_interval: [60, 60, 60, 60]
    paths: [{keys: "1", share: 1}]
)";
  const auto run = [&](const char* date) {
    auto c = config::parse_center_config(center + "    date: " + date + "\n", "calendar.yaml");
    EXPECT_TRUE(c.ok()) << c.status().message();
    return run_replications(scenario_from_config(*c), 1, 4);
  };
  const SimReport workday = run("2026-10-08");
  ASSERT_EQ(workday.interval.size(), 4u);
  EXPECT_EQ(workday.interval[0].offered.mean, 0);  // 08:00-09:00: closed
  EXPECT_GT(workday.interval[1].offered.mean, 30);
  EXPECT_GT(workday.ivr.self_served, 30u);
  EXPECT_LT(workday.ivr.self_served, 100u);
  const SimReport holiday = run("2026-10-01");
  EXPECT_EQ(holiday.overall.offered.mean, 0);
  EXPECT_EQ(holiday.ivr.self_served, holiday.calls);
}

TEST(SimulatedCenter, CallsOfAQueuesWorkloadSkipTheIvr) {
  Scenario s = one_queue(12);
  s.flow = hotline_menu();
  s.arrivals = {{0, 0, std::vector<double>(4, 100)}};
  Rng rng(3);
  const std::vector<CallInput> calls = generate_calls(s, rng);
  const RunStats r = simulate(s, calls);
  EXPECT_EQ(static_cast<std::size_t>(totals(r).offered), calls.size());
  EXPECT_EQ(r.ivr.self_served + r.ivr.transferred, 0u);
}

TEST(SimulatedCenter, CallersOfferedACallbackAreCalledBackInsteadOfGivingUp) {
  // Overloaded: 6 agents for 10 Erlangs, callers give up after a minute on average.
  Scenario s = one_queue(6);
  s.arrivals = {{0, 0, std::vector<double>(4, 200)}};
  s.patience = Sampler::exponential(60);
  Rng rng(9);
  const std::vector<CallInput> calls = generate_calls(s, rng);
  const kpi::Kpis without = totals(simulate(s, calls));

  acd::OverflowRule offer;
  offer.after_wait = seconds(10);
  offer.action = acd::OverflowAction::kCallback;
  s.model.queues[0].overflow = {offer};
  const kpi::Kpis with = totals(simulate(s, calls));

  EXPECT_EQ(with.offered, without.offered);
  EXPECT_EQ(with.offered, with.answered + with.abandoned + with.short_abandoned + with.overflowed +
                              with.in_queue);
  // Callers still in line at 10 s leave their number; only earlier ones can give up
  // (1 - e^(-10/60): about 15 % of those who wait, against about 40 % without).
  const auto gave_up = [](const kpi::Kpis& k) { return k.abandoned + k.short_abandoned; };
  EXPECT_LT(gave_up(with), gave_up(without) / 2);
  EXPECT_GT(gave_up(with), 0);
  EXPECT_GT(with.answered, without.answered);
  // A called-back caller's wait counts from when it first queued: long.
  EXPECT_GT(with.asa_s, without.asa_s);
}

}  // namespace
}  // namespace hotline::sim
