#pragma once
// Internal state of RoutingEngine, shared by its translation units. Not a public header.

#include <cstdint>
#include <queue>
#include <random>
#include <vector>

#include "center/acd/indexed_heap.h"
#include "center/acd/ready_agents.h"
#include "center/acd/routing_engine.h"
#include "common/id_map.h"

namespace hotline::acd {

enum class CallState : std::uint8_t { kQueued, kOffered, kTalking, kFree };

// A pool: the agents eligible for one tier of one queue, and the calls currently
// waiting at that tier. Waiting calls live in an indexed heap ordered by priority; the
// ready agents in the pool's group, ordered by the queue's strategy.
struct Pool {
  Pool(QueueId q, int t, Strategy s, std::vector<std::uint32_t>* call_pos)
      : queue(q), tier(t), strategy(s), waiting_calls(call_pos) {}
  QueueId queue;
  int tier;
  Strategy strategy;          // the queue's, here so that ranking an agent reads one line
  std::uint32_t group = 0;    // index into State::groups
  IndexedHeap waiting_calls;  // handles: call slots
  int staffed = 0;            // members logged in
};

// The ready agents of every pool with the same agents and the same order: queues that
// differ only in priority or rules share one (fewer heaps to enter when an agent is
// freed). Round-robin pools keep their own: their order is the queue's offer memory.
struct ReadyGroup {
  ReadyAgentHeap ready_agents;  // lazy: see ready_agents.h
  std::size_t members = 0;      // agents in the group: bounds the lazy heap's size
};

// An agent's place in one pool, with the skill level it brings there.
struct Membership {
  std::uint32_t pool = 0;
  AgentId agent = 0;
  int level = 0;
  std::int64_t last_offer = 0;  // round-robin memory: the queue's offer counter
};

struct QueueRuntime {
  std::uint32_t first_pool = 0;
  int tiers = 1;
  std::vector<std::uint32_t> time_rules;  // rule indices by after_wait
  std::vector<int> tier_of_rule;          // kAddAgents rule -> its tier
  std::size_t waiting = 0;
  std::int64_t offers = 0;
};

enum class Pending : std::uint8_t { kNone, kNotReady, kLogout };

// What an agent does when an offer to it ends without an answer.
enum class AfterOffer : std::uint8_t { kNoAnswer, kReady, kNotReady, kLogout };

struct AgentRuntime {
  AgentStatus status;
  std::uint32_t call_slot = UINT32_MAX;
  std::uint32_t first_membership = 0, end_membership = 0;
  // Into State::group_memberships: one membership (of the agent's pools) per group.
  std::uint32_t first_group = 0, end_group = 0;
  std::uint32_t timer_gen = 0;
  std::uint32_t ready_stamp = 0;  // bumped when the agent stops being ready
  Pending pending = Pending::kNone;
  ReasonId pending_reason = 0;
  bool outbound = false;  // talking on a call the agent placed (no call slot)
};

struct CallRecord {
  CallId id = 0;
  QueueId queue = 0;
  int tier = 0;
  int priority = 0;
  Time arrival = 0;    // first arrival: keeps the call's place across queues and requeues
  Time queued_at = 0;  // entered the current queue: overflow rules count from here
  Time offered_at = 0;
  Time answered_at = 0;
  CallState state = CallState::kFree;
  bool callback = false;
  std::uint32_t next_rule = 0;  // index into QueueRuntime::time_rules
  std::uint32_t pool = 0;       // while kQueued: the pool whose heap holds it
  AgentId agent = kNoAgent;     // offered to / talking with (kNoAgent for ring-all offers)
  AgentId refused_by = kNoAgent;
  Time refused_until = 0;
  Time next_announce = kNever;
  std::uint32_t timer_gen = 0;
  Time timer_at = kNever;        // when the pending call timer fires
  int moves_guard = 0;           // queue-to-queue overflows so far
  std::vector<AgentId> ringing;  // ring-all: every agent being rung
};

struct Timer {
  Time at;
  std::uint32_t index;  // call slot or agent id
  std::uint32_t gen;
  bool for_agent;
  bool operator>(const Timer& o) const { return at > o.at; }
};

struct RoutingEngine::State {
  explicit State(CenterModel m);
  void group_pools(const std::vector<const AgentPoolSpec*>& specs);

  CenterModel model;
  ReasonId no_answer_reason = 0;
  Time now = 0;
  std::uint64_t ignored = 0;
  std::mt19937_64 rng;

  std::vector<Pool> pools;
  std::vector<ReadyGroup> groups;
  std::vector<std::uint32_t> group_memberships;  // membership indices, grouped by agent
  std::vector<QueueRuntime> queues;
  std::vector<Membership> memberships;
  // Per agent: its ready stamp while ready, 0 otherwise. Small and dense, so that checking
  // whether a heap entry is live touches one cache line for many agents.
  std::vector<std::uint32_t> live_stamp;
  std::vector<AgentRuntime> agents;
  std::vector<CallRecord> calls;
  std::vector<std::uint32_t> call_pos;  // heap position of each call slot
  std::vector<std::uint32_t> free_slots;
  IdMap<std::uint32_t> call_index;  // call id -> its slot in `calls`
  std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> timers;
  std::vector<AgentId> scratch_agents;

  std::vector<Command>* out = nullptr;

  // Dispatch.
  void fire_due_timers(Time until);
  bool timer_live(const Timer& t) const;
  void drop_stale_timers();
  void dispatch(const Event& e);
  void emit(CommandType type, CallId call, AgentId agent, QueueId queue, std::int32_t value = 0,
            Duration wait = 0, ReasonId reason = 0);

  // Agents (routing_agents.cc).
  void set_agent_state(AgentId a, AgentState s, ReasonId reason = 0);
  void enter_pools(AgentId a);
  void leave_pools(AgentId a);
  // Ready: takes the best waiting call (unless told not to), or waits in its pools.
  void make_ready(AgentId a, bool reset_idle, bool take_call = true);
  void sign_out(AgentId a);     // REQUIRES: not ringing or talking
  void finish_work(AgentId a);  // after talk/wrap-up: pending state or ready
  void login(AgentId a);
  void logout(AgentId a);
  void agent_ready(AgentId a);
  void agent_not_ready(AgentId a, ReasonId reason);
  void wrap_up_done(AgentId a);
  void outbound_started(AgentId a, CallId call);
  void outbound_ended(AgentId a, CallId call, Duration wrap_up);
  double agent_key(const Membership& m) const;
  bool live(const ReadyAgentHeap::Entry& e) const { return live_stamp[e.agent] == e.stamp; }
  ReadyAgentHeap& ready_agents(std::uint32_t pool) {
    return groups[pools[pool].group].ready_agents;
  }
  // The best live ready agent of a pool other than `excluded`; kNoAgent if none.
  AgentId best_ready_agent(std::uint32_t pool, AgentId excluded);
  AgentId random_ready_agent(std::uint32_t pool, AgentId excluded);
  std::int64_t agent_tie(const Membership& m) const;

  // Calls (routing_calls.cc).
  std::uint32_t* find_call(CallId id);
  // The slot of a live call, or UINT32_MAX after counting an ignored event.
  std::uint32_t live_slot(CallId id);
  void call_arrived(const Event& e);
  void enqueue(std::uint32_t slot);
  void dequeue(std::uint32_t slot);
  void release_call(std::uint32_t slot);
  bool try_assign_call(std::uint32_t slot);
  bool try_assign_agent(AgentId a);
  void offer(std::uint32_t slot, AgentId a);
  void offer_ring_all(std::uint32_t slot);
  void requeue(std::uint32_t slot);
  // The slot of call `id` if agent `a` is ringing for it; else counts an ignored event.
  std::uint32_t offered_slot(AgentId a, CallId id);
  void answered(AgentId a, CallId id);
  void offer_failed(AgentId a, CallId id, AfterOffer next, ReasonId reason = 0);
  void ring_timeout(std::uint32_t slot);
  void call_abandoned(CallId id);
  void call_ended(CallId id);
  void callback_accepted(CallId id);
  void apply_rule(std::uint32_t slot, std::uint32_t rule_index);
  void apply_state_rules(std::uint32_t slot);
  void move_to_queue(std::uint32_t slot, QueueId target);
  void on_call_timer(std::uint32_t slot);
  void schedule_call(std::uint32_t slot);
  int queue_position(std::uint32_t slot) const;
  double effective_priority(const CallRecord& c) const;
  double call_key(const CallRecord& c) const;
};

}  // namespace hotline::acd
