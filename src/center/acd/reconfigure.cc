// RoutingEngine::reconfigure: a changed center taken while calls and agents are live. A
// fresh state is built from the new model and the live part (agents' states, calls,
// timers) is carried over by id; ready agents and waiting calls are then matched again
// under the new pools.

#include <algorithm>

#include "center/acd/engine_state.h"

namespace hotline::acd {

namespace {

Status same_names(const char* what, const std::vector<std::string>& before,
                  const std::vector<std::string>& after) {
  if (before.size() != after.size())
    return Status::invalid_argument(
        std::string("the ") + what + " cannot change while the center runs (" +
        std::to_string(before.size()) + " before, " + std::to_string(after.size()) + " after)");
  for (std::size_t i = 0; i < before.size(); ++i)
    if (before[i] != after[i])
      return Status::invalid_argument(std::string("the ") + what +
                                      " cannot change while the center runs: '" + before[i] +
                                      "' became '" + after[i] + "'");
  return Status();
}

template <typename T>
std::vector<std::string> names_of(const std::vector<T>& items) {
  std::vector<std::string> names;
  names.reserve(items.size());
  for (const T& item : items)
    names.push_back(item.name);
  return names;
}

}  // namespace

Status RoutingEngine::reconfigure(CenterModel model, Time at, std::vector<Command>& out) {
  State& old = *state_;
  if (Status s = same_names("agents", names_of(old.model.agents), names_of(model.agents)); !s.ok())
    return s;
  if (Status s = same_names("queues", names_of(old.model.queues), names_of(model.queues)); !s.ok())
    return s;

  // What was due before the change happens under the rules it was set under.
  const Time now = std::max(at, old.now);
  old.out = &out;
  old.fire_due_timers(now);
  old.now = now;
  old.out = nullptr;

  // Reason ids are held by agents (and by the adapters' records): keep every known code
  // at its id and add the new ones after them.
  std::vector<std::string> reasons = old.model.reasons;
  for (const std::string& r : model.reasons)
    if (std::find(reasons.begin(), reasons.end(), r) == reasons.end()) reasons.push_back(r);
  model.reasons = std::move(reasons);
  model.random_seed = old.model.random_seed;

  auto fresh = std::make_unique<State>(std::move(model));
  State& s = *fresh;
  s.now = now;
  s.ignored = old.ignored;
  s.rng = old.rng;
  // Calls keep their slots, so the timers that name them stay valid. The pools hold a
  // pointer to call_pos: it is assigned into, never replaced.
  s.calls = std::move(old.calls);
  s.call_pos.assign(s.calls.size(), IndexedHeap::kAbsent);
  s.free_slots = std::move(old.free_slots);
  s.call_index = std::move(old.call_index);
  s.timers = std::move(old.timers);
  for (QueueId q = 0; q < s.queues.size(); ++q)
    s.queues[q].offers = old.queues[q].offers;

  for (AgentId a = 0; a < s.agents.size(); ++a) {
    AgentRuntime& agent = s.agents[a];
    const AgentRuntime& before = old.agents[a];
    agent.status = before.status;
    agent.call_slot = before.call_slot;
    agent.timer_gen = before.timer_gen;
    agent.ready_stamp = before.ready_stamp;
    agent.pending = before.pending;
    agent.pending_reason = before.pending_reason;
    agent.outbound = before.outbound;
    for (std::uint32_t m = agent.first_membership; m < agent.end_membership; ++m) {
      Membership& place = s.memberships[m];
      // Round-robin memory follows the agent within a queue.
      for (std::uint32_t k = before.first_membership; k < before.end_membership; ++k)
        if (old.pools[old.memberships[k].pool].queue == s.pools[place.pool].queue)
          place.last_offer = old.memberships[k].last_offer;
      if (agent.status.state != AgentState::kLoggedOut) ++s.pools[place.pool].staffed;
    }
  }

  std::vector<std::uint32_t> waiting;
  for (std::uint32_t slot = 0; slot < s.calls.size(); ++slot) {
    CallRecord& c = s.calls[slot];
    if (c.state != CallState::kQueued) continue;
    const QueueRuntime& rt = s.queues[c.queue];
    c.tier = std::min(c.tier, rt.tiers - 1);
    c.next_rule =
        std::min<std::uint32_t>(c.next_rule, static_cast<std::uint32_t>(rt.time_rules.size()));
    s.enqueue(slot);
    waiting.push_back(slot);
  }
  for (AgentId a = 0; a < s.agents.size(); ++a)
    if (s.agents[a].status.state == AgentState::kReady) s.enter_pools(a);

  state_ = std::move(fresh);
  s.out = &out;
  // Agents may now take calls they could not before: the best calls first.
  std::sort(waiting.begin(), waiting.end(), [&s](std::uint32_t x, std::uint32_t y) {
    const double px = s.effective_priority(s.calls[x]), py = s.effective_priority(s.calls[y]);
    return px != py ? px > py : s.calls[x].arrival < s.calls[y].arrival;
  });
  for (std::uint32_t slot : waiting)
    if (s.calls[slot].state == CallState::kQueued) s.try_assign_call(slot);
  // The queues' times may have changed: each live call's next timer follows its new rules.
  for (std::uint32_t slot = 0; slot < s.calls.size(); ++slot)
    if (s.calls[slot].state != CallState::kFree) s.schedule_call(slot);
  s.drop_stale_timers();
  s.out = nullptr;
  return Status();
}

}  // namespace hotline::acd
