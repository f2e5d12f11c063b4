#pragma once
// RoutingEngine: the automatic call distributor (ACD) of hotline.
//
// A deterministic state machine. Adapters feed it Events (each stamped with its time)
// and it appends Commands to a caller-owned vector. It keeps its own timers (ring
// timeouts, wrap-up, overflow steps, announcements, maximum wait): ask next_timer() when
// the next one is due and send a kTick then, or simply pass the next event; due timers
// fire before any event is handled. It never reads a clock, never does I/O, never blocks.
//
// Thread-safety: none. One thread owns an engine (the core thread in the server, the
// simulation loop in the simulator).
//
// Late or unknown events (a call that is gone, an agent id out of range) are ignored
// and counted in ignored_events(): peers control event timing, so nothing they cause
// may crash the core.
//
// Routing in short. Each queue has tiers of eligible agents: its own pool, then one
// pool per kAddAgents overflow rule. A call waiting at tier t may go to a ready agent of
// pools 0..t, first tier first, best agent by the queue's strategy. An agent who becomes
// ready takes the best waiting call it is eligible for, across all its queues, by
// effective priority (queue priority + call priority + aging x wait), then arrival time.

#include <cstdint>
#include <memory>
#include <vector>

#include "center/acd/events.h"
#include "center/acd/model.h"
#include "common/status.h"
#include "common/time.h"

namespace hotline::acd {

struct AgentStatus {
  AgentState state = AgentState::kLoggedOut;
  ReasonId reason = 0;  // meaningful in kNotReady
  CallId call = 0;      // meaningful in kRinging, kTalking, kWrapUp
  Time state_since = 0;
  Time wrap_up_until = 0;  // in kWrapUp: when it ends by itself (wrap-up done ends it sooner)
  Time idle_since = 0;     // when the agent last became free for calls
  std::uint32_t calls_today = 0;
  Duration talk_today = 0;     // connected, hold included
  Duration wrap_up_today = 0;  // after-call work: with talk, the handle time
  int no_answer_streak = 0;
};

class RoutingEngine {
 public:
  // REQUIRES: `model` passed config validation (ids in range, levels 1..10).
  explicit RoutingEngine(CenterModel model);
  ~RoutingEngine();
  RoutingEngine(const RoutingEngine&) = delete;
  RoutingEngine& operator=(const RoutingEngine&) = delete;

  // Handles one event. Times must not go backwards; an earlier time is treated as the
  // latest time seen. Commands are appended to `out` (not cleared).
  void handle(const Event& event, std::vector<Command>& out);

  // Takes a changed center while calls and agents are live (an administrator changed skill
  // levels, a queue's parameters, reason codes). Agents and queues must be the same, by
  // name and order: their ids are held by the adapters. Everything else may change:
  //  - agents move to the pools of their new skills; ready agents are offered the calls
  //    they may now take, at once (commands appended to `out`);
  //  - waiting calls keep their place (arrival, tier, overflow rules already applied);
  //    a queue's new times (ring timeout, maximum wait) count from the call's start;
  //  - offers, talks and wrap-ups in progress go on as they began;
  //  - reason ids stay: a code no longer in `model` is kept, so an agent not ready with
  //    it stays so; new codes are added after the known ones.
  // Timers due up to `at` fire first, under the old rules. Errors leave the engine as it
  // was. O(agents x pools + calls).
  Status reconfigure(CenterModel model, Time at, std::vector<Command>& out);

  // When the next timer is due, or kNever.
  Time next_timer() const;

  const CenterModel& model() const;
  const AgentStatus& agent(AgentId agent) const;
  std::size_t waiting_calls(QueueId queue) const;
  int staffed_agents(QueueId queue) const;  // logged in agents of the queue's own pool
  // When the call waiting longest in the queue entered it; kNever if none waits. O(calls
  // waiting in the queue): for wallboards, not for routing.
  Time oldest_waiting(QueueId queue) const;
  // Whether the agent belongs to the queue's own pool (its first tier).
  bool serves(AgentId agent, QueueId queue) const;
  std::size_t live_calls() const;
  std::uint64_t ignored_events() const;
  ReasonId no_answer_reason() const;
  // Starts a new day for the per-agent counters.
  void reset_daily_counters();
  // The agent's day so far, as the stored records tell it (a restart changes no figure).
  // REQUIRES: the agent is logged out (its counters order the pools it is ready in).
  void restore_daily_counters(AgentId agent, std::uint32_t calls, Duration talk, Duration wrap_up);

  // Checks every structural invariant (agent heaps, call heaps, one call per agent, one
  // agent per call except ring-all, no call waiting while an eligible agent is ready).
  // O(size of the center); for tests.
  Status check_invariants() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace hotline::acd
