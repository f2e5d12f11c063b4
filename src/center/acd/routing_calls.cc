// Call side of the routing engine: arrival, matching, offers, overflow, hangups.

#include <algorithm>

#include "center/acd/engine_state.h"

namespace hotline::acd {

namespace {
constexpr int kMaxMovesPerCall = 8;  // stops A -> B -> A overflow loops in a bad config
}

std::uint32_t* RoutingEngine::State::find_call(CallId id) {
  return call_index.find(id);
}

std::uint32_t RoutingEngine::State::live_slot(CallId id) {
  const std::uint32_t* found = find_call(id);
  if (found) return *found;
  ++ignored;  // a late event for a call that is gone
  return UINT32_MAX;
}

double RoutingEngine::State::call_key(const CallRecord& c) const {
  // Effective priority at time t is p + aging * (t - arrival): ordering by
  // aging * arrival - p is the same order at every t, so the heap never needs rekeying.
  const QueueSpec& spec = model.queues[c.queue];
  return spec.aging_per_second * to_seconds(c.arrival) - (spec.priority + c.priority);
}

double RoutingEngine::State::effective_priority(const CallRecord& c) const {
  const QueueSpec& spec = model.queues[c.queue];
  return spec.priority + c.priority + spec.aging_per_second * to_seconds(now - c.arrival);
}

void RoutingEngine::State::enqueue(std::uint32_t slot) {
  CallRecord& c = calls[slot];
  c.state = CallState::kQueued;
  c.pool = queues[c.queue].first_pool + static_cast<std::uint32_t>(c.tier);
  pools[c.pool].waiting_calls.push(call_key(c), c.arrival, slot);
  ++queues[c.queue].waiting;
}

void RoutingEngine::State::dequeue(std::uint32_t slot) {
  CallRecord& c = calls[slot];
  pools[c.pool].waiting_calls.erase(slot);
  --queues[c.queue].waiting;
}

void RoutingEngine::State::release_call(std::uint32_t slot) {
  CallRecord& c = calls[slot];
  call_index.erase(c.id);
  c.state = CallState::kFree;
  ++c.timer_gen;
  c.timer_at = kNever;
  c.ringing.clear();
  free_slots.push_back(slot);
}

void RoutingEngine::State::call_arrived(const Event& e) {
  if (call_index.contains(e.call)) {
    ++ignored;
    return;
  }
  if (e.queue >= queues.size()) {
    emit(CommandType::kRejectCall, e.call, kNoAgent, e.queue,
         static_cast<std::int32_t>(RejectReason::kUnknownQueue));
    return;
  }
  std::uint32_t slot;
  if (!free_slots.empty()) {
    slot = free_slots.back();
    free_slots.pop_back();
  } else {
    slot = static_cast<std::uint32_t>(calls.size());
    calls.emplace_back();
    call_pos.push_back(IndexedHeap::kAbsent);
  }
  CallRecord& c = calls[slot];
  const std::uint32_t gen = c.timer_gen + 1;
  c = CallRecord{};
  c.timer_gen = gen;
  c.id = e.call;
  c.queue = e.queue;
  c.priority = e.priority;
  c.arrival = c.queued_at = now;
  const QueueSpec& spec = model.queues[e.queue];
  if (spec.announce_every > 0) c.next_announce = now + spec.announce_every;
  call_index.try_emplace(e.call, slot);

  // Sent to one agent (a transfer): it rings there first; unanswered, it waits in line.
  if (e.agent < agents.size() && agents[e.agent].status.state == AgentState::kReady) {
    offer(slot, e.agent);
    return;
  }
  enqueue(slot);
  emit(CommandType::kCallQueued, c.id, kNoAgent, c.queue,
       static_cast<std::int32_t>(queues[c.queue].waiting));
  apply_state_rules(slot);
  if (c.state != CallState::kQueued || c.queue != e.queue) return;  // left or moved
  if (spec.max_length > 0 && queues[c.queue].waiting > static_cast<std::size_t>(spec.max_length)) {
    dequeue(slot);
    emit(CommandType::kRejectCall, c.id, kNoAgent, c.queue,
         static_cast<std::int32_t>(RejectReason::kQueueFull));
    release_call(slot);
    return;
  }
  if (!try_assign_call(slot)) schedule_call(slot);
}

void RoutingEngine::State::apply_state_rules(std::uint32_t slot) {
  const QueueId q = calls[slot].queue;
  const QueueSpec& spec = model.queues[q];
  for (std::uint32_t r = 0; r < spec.overflow.size(); ++r) {
    const OverflowRule& rule = spec.overflow[r];
    if (rule.after_wait >= 0) continue;
    // The arriving call is already counted in `waiting`.
    const bool long_queue =
        rule.queue_length_at_least > 0 &&
        queues[q].waiting > static_cast<std::size_t>(rule.queue_length_at_least);
    const bool nobody = rule.when_no_agents && pools[queues[q].first_pool].staffed == 0;
    if (!long_queue && !nobody) continue;
    apply_rule(slot, r);
    if (calls[slot].state != CallState::kQueued || calls[slot].queue != q) return;
  }
}

void RoutingEngine::State::apply_rule(std::uint32_t slot, std::uint32_t r) {
  CallRecord& c = calls[slot];
  const OverflowRule& rule = model.queues[c.queue].overflow[r];
  switch (rule.action) {
    case OverflowAction::kAddAgents: {
      const int tier = queues[c.queue].tier_of_rule[r];
      if (tier > c.tier) {
        dequeue(slot);
        c.tier = tier;
        enqueue(slot);
      }
      break;
    }
    case OverflowAction::kTarget:
      if (rule.target_queue != kNoQueue) {
        if (++c.moves_guard <= kMaxMovesPerCall) move_to_queue(slot, rule.target_queue);
        break;
      }
      dequeue(slot);
      emit(CommandType::kOverflowToTarget, c.id, kNoAgent, c.queue, static_cast<std::int32_t>(r),
           now - c.arrival);
      release_call(slot);
      break;
    case OverflowAction::kVoicemail:
      emit(CommandType::kOfferVoicemail, c.id, kNoAgent, c.queue, 0, now - c.arrival);
      break;
    case OverflowAction::kCallback:
      if (!c.callback)
        emit(CommandType::kOfferCallback, c.id, kNoAgent, c.queue, 0, now - c.arrival);
      break;
  }
}

void RoutingEngine::State::move_to_queue(std::uint32_t slot, QueueId target) {
  CallRecord& c = calls[slot];
  const QueueId from = c.queue;
  dequeue(slot);
  c.queue = target;
  c.tier = 0;
  c.next_rule = 0;
  c.queued_at = now;
  c.refused_by = kNoAgent;
  const QueueSpec& spec = model.queues[target];
  c.next_announce = spec.announce_every > 0 ? now + spec.announce_every : kNever;
  enqueue(slot);
  emit(CommandType::kMoveToQueue, c.id, kNoAgent, target, static_cast<std::int32_t>(from),
       now - c.arrival);
}

bool RoutingEngine::State::try_assign_call(std::uint32_t slot) {
  const CallRecord& c = calls[slot];
  const QueueRuntime& rt = queues[c.queue];
  if (model.queues[c.queue].strategy == Strategy::kRingAll) {
    offer_ring_all(slot);
    return calls[slot].state == CallState::kOffered;
  }
  const bool random = model.queues[c.queue].strategy == Strategy::kRandom;
  for (int t = 0; t <= c.tier; ++t) {
    const std::uint32_t pool = rt.first_pool + static_cast<std::uint32_t>(t);
    const AgentId a =
        random ? random_ready_agent(pool, c.refused_by) : best_ready_agent(pool, c.refused_by);
    if (a == kNoAgent) continue;
    offer(slot, a);
    return true;
  }
  return false;
}

AgentId RoutingEngine::State::random_ready_agent(std::uint32_t pool, AgentId excluded) {
  // Uniform among the live entries (each ready agent has exactly one in a pool).
  scratch_agents.clear();
  ready_agents(pool).for_each([&](const ReadyAgentHeap::Entry& e) {
    if (e.agent != excluded && live(e)) scratch_agents.push_back(e.agent);
  });
  return scratch_agents.empty() ? kNoAgent : scratch_agents[rng() % scratch_agents.size()];
}

bool RoutingEngine::State::try_assign_agent(AgentId a) {
  const AgentRuntime& ag = agents[a];
  std::uint32_t best = UINT32_MAX;
  double best_priority = 0;
  QueueId previous = kNoQueue;
  for (std::uint32_t m = ag.first_membership; m < ag.end_membership; ++m) {
    const Pool& pool = pools[memberships[m].pool];
    // Memberships are in pool order, so the first one of a queue has the agent's lowest tier.
    if (pool.queue == previous) continue;
    previous = pool.queue;
    const QueueRuntime& rt = queues[pool.queue];
    if (rt.waiting == 0) continue;
    for (int t = pool.tier; t < rt.tiers; ++t) {
      const IndexedHeap& heap = pools[rt.first_pool + t].waiting_calls;
      // The root is the best call of this heap. Only when this agent just let it ring out
      // (rare) is the rest of the heap scanned for the best call it may take.
      for (std::size_t i = 0; i < heap.size(); ++i) {
        const std::uint32_t slot = heap.at(i).handle;
        const CallRecord& c = calls[slot];
        if (c.refused_by == a) continue;
        const double p = effective_priority(c);
        if (best == UINT32_MAX || p > best_priority ||
            (p == best_priority && c.arrival < calls[best].arrival)) {
          best = slot;
          best_priority = p;
        }
        if (calls[heap.at(0).handle].refused_by != a) break;
      }
    }
  }
  if (best == UINT32_MAX) return false;
  offer(best, a);
  return true;
}

void RoutingEngine::State::offer(std::uint32_t slot, AgentId a) {
  CallRecord& c = calls[slot];
  if (c.state == CallState::kQueued) dequeue(slot);
  leave_pools(a);
  QueueRuntime& rt = queues[c.queue];
  ++rt.offers;
  AgentRuntime& ag = agents[a];
  for (std::uint32_t m = ag.first_membership; m < ag.end_membership; ++m)
    if (pools[memberships[m].pool].queue == c.queue) memberships[m].last_offer = rt.offers;
  ag.call_slot = slot;
  ag.status.call = c.id;
  c.state = CallState::kOffered;
  c.agent = a;
  c.offered_at = now;
  set_agent_state(a, AgentState::kRinging);
  emit(CommandType::kOfferCall, c.id, a, c.queue, c.callback ? 1 : 0, now - c.arrival);
  schedule_call(slot);
}

void RoutingEngine::State::offer_ring_all(std::uint32_t slot) {
  CallRecord& c = calls[slot];
  const QueueRuntime& rt = queues[c.queue];
  const std::size_t limit =
      static_cast<std::size_t>(std::max(1, model.queues[c.queue].ring_all_limit));
  scratch_agents.clear();
  for (int t = 0; t <= c.tier && scratch_agents.size() < limit; ++t) {
    ready_agents(rt.first_pool + t).for_each([&](const ReadyAgentHeap::Entry& e) {
      const AgentId a = e.agent;
      if (scratch_agents.size() >= limit || a == c.refused_by || !live(e)) return;
      if (std::find(scratch_agents.begin(), scratch_agents.end(), a) != scratch_agents.end())
        return;
      scratch_agents.push_back(a);
    });
  }
  if (scratch_agents.empty()) return;
  dequeue(slot);
  c.state = CallState::kOffered;
  c.agent = kNoAgent;
  c.offered_at = now;
  c.ringing = scratch_agents;
  for (AgentId a : c.ringing) {
    leave_pools(a);
    agents[a].call_slot = slot;
    agents[a].status.call = c.id;
    set_agent_state(a, AgentState::kRinging);
    emit(CommandType::kOfferCall, c.id, a, c.queue, c.callback ? 1 : 0, now - c.arrival);
  }
  schedule_call(slot);
}

void RoutingEngine::State::requeue(std::uint32_t slot) {
  CallRecord& c = calls[slot];
  c.agent = kNoAgent;
  c.ringing.clear();
  enqueue(slot);
  if (!try_assign_call(slot)) schedule_call(slot);
}

std::uint32_t RoutingEngine::State::offered_slot(AgentId a, CallId id) {
  const std::uint32_t* found = find_call(id);
  const AgentRuntime& ag = agents[a];
  if (!found || ag.status.state != AgentState::kRinging || ag.call_slot != *found) {
    ++ignored;  // a late answer or rejection, or one for another call
    return UINT32_MAX;
  }
  return *found;
}

void RoutingEngine::State::answered(AgentId a, CallId id) {
  const std::uint32_t slot = offered_slot(a, id);
  if (slot == UINT32_MAX) return;
  AgentRuntime& ag = agents[a];
  CallRecord& c = calls[slot];
  scratch_agents.clear();
  for (AgentId other : c.ringing)
    if (other != a) scratch_agents.push_back(other);
  c.ringing.clear();
  c.state = CallState::kTalking;
  c.agent = a;
  c.answered_at = now;
  ++c.timer_gen;
  c.timer_at = kNever;
  ++ag.status.calls_today;
  ag.status.no_answer_streak = 0;
  set_agent_state(a, AgentState::kTalking);
  emit(CommandType::kConnect, c.id, a, c.queue, 0, now - c.arrival);
  // Ring-all: everyone else stops ringing and is free again, in their old place.
  const std::vector<AgentId> others = scratch_agents;
  for (AgentId other : others) {
    emit(CommandType::kCancelOffer, id, other, c.queue);
    make_ready(other, false);
  }
}

void RoutingEngine::State::offer_failed(AgentId a, CallId id, AfterOffer next, ReasonId reason) {
  const std::uint32_t slot = offered_slot(a, id);
  if (slot == UINT32_MAX) return;
  AgentRuntime& ag = agents[a];
  CallRecord& c = calls[slot];
  const QueueSpec& spec = model.queues[c.queue];
  emit(CommandType::kCancelOffer, id, a, c.queue);
  ag.call_slot = UINT32_MAX;
  ag.status.call = 0;
  auto it = std::find(c.ringing.begin(), c.ringing.end(), a);
  if (it != c.ringing.end()) c.ringing.erase(it);
  if (c.ringing.empty()) {
    if (next == AfterOffer::kNoAnswer) {
      c.refused_by = a;
      c.refused_until = now + spec.ring_timeout;
    }
    requeue(slot);
  }
  switch (next) {
    case AfterOffer::kNoAnswer:
      if (++ag.status.no_answer_streak >= spec.max_no_answer) {
        ag.status.no_answer_streak = 0;
        set_agent_state(a, AgentState::kNotReady, no_answer_reason);
      } else {
        make_ready(a, false);
      }
      break;
    case AfterOffer::kReady:
      make_ready(a, false);
      break;
    case AfterOffer::kNotReady:
      set_agent_state(a, AgentState::kNotReady, reason);
      break;
    case AfterOffer::kLogout:
      sign_out(a);
      break;
  }
}

void RoutingEngine::State::ring_timeout(std::uint32_t slot) {
  CallRecord& c = calls[slot];
  if (c.ringing.empty()) {
    offer_failed(c.agent, c.id, AfterOffer::kNoAnswer);
    return;
  }
  // Ring-all: nobody picked up. Nobody is penalized; all are free again first, so that the
  // call, back in line, rings every one of them again.
  const std::vector<AgentId> ringing = c.ringing;
  for (AgentId a : ringing) {
    emit(CommandType::kCancelOffer, c.id, a, c.queue);
    agents[a].call_slot = UINT32_MAX;
    make_ready(a, false, /*take_call=*/false);
  }
  requeue(slot);
  for (AgentId a : ringing)
    if (agents[a].status.state == AgentState::kReady) try_assign_agent(a);
}

void RoutingEngine::State::call_abandoned(CallId id) {
  const std::uint32_t slot = live_slot(id);
  if (slot == UINT32_MAX) return;
  CallRecord& c = calls[slot];
  switch (c.state) {
    case CallState::kQueued:
      dequeue(slot);
      release_call(slot);
      return;
    case CallState::kOffered: {
      scratch_agents = c.ringing;
      if (scratch_agents.empty()) scratch_agents.push_back(c.agent);
      const QueueId q = c.queue;
      release_call(slot);
      const std::vector<AgentId> ringing = scratch_agents;
      for (AgentId a : ringing) {
        emit(CommandType::kCancelOffer, id, a, q);
        agents[a].call_slot = UINT32_MAX;
        make_ready(a, false);
      }
      return;
    }
    case CallState::kTalking:
      call_ended(id);
      return;
    case CallState::kFree:
      ++ignored;
      return;
  }
}

void RoutingEngine::State::call_ended(CallId id) {
  const std::uint32_t slot = live_slot(id);
  if (slot == UINT32_MAX) return;
  CallRecord& c = calls[slot];
  if (c.state != CallState::kTalking) {
    call_abandoned(id);
    return;
  }
  const AgentId a = c.agent;
  AgentRuntime& ag = agents[a];
  ag.status.talk_today += now - c.answered_at;
  const Duration wrap_up = model.queues[c.queue].wrap_up;
  release_call(slot);
  ag.call_slot = UINT32_MAX;
  if (wrap_up > 0) {
    set_agent_state(a, AgentState::kWrapUp);  // status.call still names the call wrapped up
    ag.status.wrap_up_until = now + wrap_up;
    timers.push(Timer{now + wrap_up, a, ++ag.timer_gen, true});
  } else {
    finish_work(a);
  }
}

void RoutingEngine::State::callback_accepted(CallId id) {
  const std::uint32_t slot = live_slot(id);
  if (slot != UINT32_MAX) calls[slot].callback = true;
}

void RoutingEngine::State::on_call_timer(std::uint32_t slot) {
  CallRecord& c = calls[slot];
  c.timer_at = kNever;
  if (c.state == CallState::kOffered) {
    if (now >= c.offered_at + model.queues[c.queue].ring_timeout)
      ring_timeout(slot);
    else
      schedule_call(slot);
    return;
  }
  if (c.state != CallState::kQueued) return;
  const QueueId q = c.queue;
  const QueueSpec& spec = model.queues[q];
  const QueueRuntime& rt = queues[q];
  while (c.next_rule < rt.time_rules.size() &&
         now >= c.queued_at + spec.overflow[rt.time_rules[c.next_rule]].after_wait) {
    apply_rule(slot, rt.time_rules[c.next_rule++]);
    if (c.state != CallState::kQueued) return;  // sent out of the center
    if (c.queue != q) {                         // moved: the new queue's rules apply
      if (!try_assign_call(slot)) schedule_call(slot);
      return;
    }
  }
  if (c.refused_by != kNoAgent && now >= c.refused_until) c.refused_by = kNoAgent;
  if (spec.max_wait > 0 && now >= c.queued_at + spec.max_wait) {
    dequeue(slot);
    emit(CommandType::kRejectCall, c.id, kNoAgent, q,
         static_cast<std::int32_t>(RejectReason::kMaxWait), now - c.arrival);
    release_call(slot);
    return;
  }
  if (now >= c.next_announce) {
    const int position = queue_position(slot);
    const int staffed = std::max(1, pools[rt.first_pool].staffed);
    emit(CommandType::kAnnouncePosition, c.id, kNoAgent, q, position,
         position * spec.expected_handle / staffed);
    c.next_announce += spec.announce_every;
  }
  if (!try_assign_call(slot)) schedule_call(slot);
}

void RoutingEngine::State::schedule_call(std::uint32_t slot) {
  CallRecord& c = calls[slot];
  const QueueSpec& spec = model.queues[c.queue];
  Time at = kNever;
  if (c.state == CallState::kOffered) {
    at = c.offered_at + spec.ring_timeout;
  } else if (c.state == CallState::kQueued) {
    const QueueRuntime& rt = queues[c.queue];
    if (c.next_rule < rt.time_rules.size())
      at = std::min(at, c.queued_at + spec.overflow[rt.time_rules[c.next_rule]].after_wait);
    if (spec.max_wait > 0) at = std::min(at, c.queued_at + spec.max_wait);
    at = std::min(at, c.next_announce);
    if (c.refused_by != kNoAgent) at = std::min(at, c.refused_until);
  }
  if (at == c.timer_at) return;  // the pending timer already covers it
  c.timer_at = at;
  ++c.timer_gen;
  if (at != kNever) timers.push(Timer{std::max(at, now), slot, c.timer_gen, false});
}

int RoutingEngine::State::queue_position(std::uint32_t slot) const {
  const CallRecord& me = calls[slot];
  const QueueRuntime& rt = queues[me.queue];
  const double mine = effective_priority(me);
  int ahead = 0;
  for (int t = 0; t < rt.tiers; ++t) {
    const IndexedHeap& heap = pools[rt.first_pool + t].waiting_calls;
    for (std::size_t i = 0; i < heap.size(); ++i) {
      const CallRecord& other = calls[heap.at(i).handle];
      const double p = effective_priority(other);
      if (p > mine || (p == mine && other.arrival < me.arrival)) ++ahead;
    }
  }
  return ahead + 1;
}

}  // namespace hotline::acd
