// Agent side of the routing engine: state changes, pool membership, strategy keys.

#include "center/acd/engine_state.h"

namespace hotline::acd {

void RoutingEngine::State::set_agent_state(AgentId a, AgentState s, ReasonId reason) {
  AgentStatus& st = agents[a].status;
  if (st.state == AgentState::kWrapUp) st.wrap_up_today += now - st.state_since;
  if (s != AgentState::kWrapUp) st.wrap_up_until = 0;
  st.state = s;
  st.reason = reason;
  st.state_since = now;
  emit(CommandType::kAgentStateChanged, st.call, a, kNoQueue, static_cast<std::int32_t>(s), 0,
       reason);
}

double RoutingEngine::State::agent_key(const Membership& m) const {
  const AgentStatus& st = agents[m.agent].status;
  switch (pools[m.pool].strategy) {
    case Strategy::kLongestIdle:
    case Strategy::kRingAll:
      return static_cast<double>(st.idle_since);
    case Strategy::kFewestCalls:
      return st.calls_today;
    case Strategy::kLeastTalkTime:
      return static_cast<double>(st.talk_today);
    case Strategy::kBestSkill:
      return -m.level;
    case Strategy::kRoundRobin:
      return static_cast<double>(m.last_offer);
    case Strategy::kRandom:
      return 0;  // picked uniformly at offer time, not by key
  }
  return 0;
}

std::int64_t RoutingEngine::State::agent_tie(const Membership& m) const {
  switch (pools[m.pool].strategy) {
    case Strategy::kFewestCalls:
    case Strategy::kLeastTalkTime:
    case Strategy::kBestSkill:
      return agents[m.agent].status.idle_since;
    default:
      return m.agent;
  }
}

void RoutingEngine::State::enter_pools(AgentId a) {
  AgentRuntime& ag = agents[a];
  const std::uint32_t stamp = ++ag.ready_stamp;  // any older entries are dead from now on
  live_stamp[a] = stamp;
  const auto is_live = [this](const ReadyAgentHeap::Entry& e) { return live(e); };
  for (std::uint32_t k = ag.first_group; k < ag.end_group; ++k) {
    const Membership& m = memberships[group_memberships[k]];
    ReadyGroup& group = groups[pools[m.pool].group];
    group.ready_agents.push({agent_key(m), agent_tie(m), a, stamp});
    group.ready_agents.compact_if_needed(group.members, is_live);
  }
}

void RoutingEngine::State::leave_pools(AgentId a) {
  ++agents[a].ready_stamp;
  live_stamp[a] = 0;
}

AgentId RoutingEngine::State::best_ready_agent(std::uint32_t pool, AgentId excluded) {
  ReadyAgentHeap& heap = ready_agents(pool);
  const auto is_live = [this](const ReadyAgentHeap::Entry& e) { return live(e); };
  const ReadyAgentHeap::Entry* best = heap.top(is_live);
  if (!best) return kNoAgent;
  if (best->agent != excluded) return best->agent;
  // The excluded agent is on top: set it aside, look again, put it back.
  const ReadyAgentHeap::Entry aside = *best;
  heap.pop();
  const ReadyAgentHeap::Entry* next = heap.top(is_live);
  const AgentId found = next ? next->agent : kNoAgent;
  heap.push(aside);
  return found;
}

void RoutingEngine::State::make_ready(AgentId a, bool reset_idle, bool take_call) {
  AgentRuntime& ag = agents[a];
  if (reset_idle) ag.status.idle_since = now;
  ag.call_slot = UINT32_MAX;
  ag.status.call = 0;
  set_agent_state(a, AgentState::kReady);
  // A waiting call first: an agent who takes one at once never needs its places in the
  // ready pools (dozens of heap entries that would be dead at once).
  if (take_call && try_assign_agent(a)) return;
  enter_pools(a);
}

void RoutingEngine::State::finish_work(AgentId a) {
  AgentRuntime& ag = agents[a];
  ++ag.timer_gen;
  ag.call_slot = UINT32_MAX;
  ag.status.call = 0;
  const Pending pending = ag.pending;
  ag.pending = Pending::kNone;
  switch (pending) {
    case Pending::kNotReady:
      set_agent_state(a, AgentState::kNotReady, ag.pending_reason);
      break;
    case Pending::kLogout:
      sign_out(a);
      break;
    case Pending::kNone:
      make_ready(a, true);
      break;
  }
}

void RoutingEngine::State::login(AgentId a) {
  AgentRuntime& ag = agents[a];
  if (ag.status.state != AgentState::kLoggedOut) {
    if (ag.status.state == AgentState::kNotReady) agent_ready(a);
    return;
  }
  for (std::uint32_t m = ag.first_membership; m < ag.end_membership; ++m)
    ++pools[memberships[m].pool].staffed;
  ag.pending = Pending::kNone;
  ag.status.no_answer_streak = 0;
  make_ready(a, true);
}

void RoutingEngine::State::logout(AgentId a) {
  AgentRuntime& ag = agents[a];
  switch (ag.status.state) {
    case AgentState::kLoggedOut:
      ++ignored;
      return;
    case AgentState::kTalking:
      ag.pending = Pending::kLogout;
      return;
    case AgentState::kRinging:
      offer_failed(a, ag.status.call, AfterOffer::kLogout);
      return;
    case AgentState::kWrapUp:
    case AgentState::kReady:
    case AgentState::kNotReady:
      sign_out(a);
      return;
  }
}

void RoutingEngine::State::sign_out(AgentId a) {
  AgentRuntime& ag = agents[a];
  ++ag.timer_gen;  // a pending wrap-up timer
  leave_pools(a);
  for (std::uint32_t m = ag.first_membership; m < ag.end_membership; ++m)
    --pools[memberships[m].pool].staffed;
  ag.pending = Pending::kNone;
  ag.call_slot = UINT32_MAX;
  ag.status.call = 0;
  set_agent_state(a, AgentState::kLoggedOut);
}

void RoutingEngine::State::agent_ready(AgentId a) {
  AgentRuntime& ag = agents[a];
  switch (ag.status.state) {
    case AgentState::kLoggedOut:
      login(a);
      break;
    case AgentState::kNotReady:
      ag.status.no_answer_streak = 0;
      make_ready(a, true);
      break;
    case AgentState::kWrapUp:
      finish_work(a);
      break;
    case AgentState::kTalking:
      ag.pending = Pending::kNone;
      break;
    case AgentState::kReady:
    case AgentState::kRinging:
      break;
  }
}

void RoutingEngine::State::agent_not_ready(AgentId a, ReasonId reason) {
  AgentRuntime& ag = agents[a];
  switch (ag.status.state) {
    case AgentState::kLoggedOut:
      ++ignored;
      return;
    case AgentState::kTalking:
      ag.pending = Pending::kNotReady;
      ag.pending_reason = reason;
      return;
    case AgentState::kRinging:
      // Declining a ringing call by going not ready is not a no-answer.
      offer_failed(a, ag.status.call, AfterOffer::kNotReady, reason);
      return;
    case AgentState::kWrapUp:
      ++ag.timer_gen;
      break;
    case AgentState::kReady:
      leave_pools(a);
      break;
    case AgentState::kNotReady:
      break;
  }
  set_agent_state(a, AgentState::kNotReady, reason);
}

void RoutingEngine::State::wrap_up_done(AgentId a) {
  if (agents[a].status.state == AgentState::kWrapUp)
    finish_work(a);
  else
    ++ignored;
}

// A call the agent placed: no offers meanwhile. Afterwards the agent is ready again,
// unless it was not ready before (or asked to be since): agents going not ready to make
// their calls stay so.
void RoutingEngine::State::outbound_started(AgentId a, CallId call) {
  AgentRuntime& ag = agents[a];
  switch (ag.status.state) {
    case AgentState::kReady:
      leave_pools(a);
      break;
    case AgentState::kNotReady:
      ag.pending = Pending::kNotReady;
      ag.pending_reason = ag.status.reason;
      break;
    case AgentState::kWrapUp:
      ++ag.timer_gen;  // the wrap-up timer; a pending not-ready or logout stays
      break;
    case AgentState::kLoggedOut:
    case AgentState::kRinging:
    case AgentState::kTalking:
      ++ignored;
      return;
  }
  ag.outbound = true;
  ag.call_slot = UINT32_MAX;
  ag.status.call = call;
  set_agent_state(a, AgentState::kTalking);
}

void RoutingEngine::State::outbound_ended(AgentId a, CallId call, Duration wrap_up) {
  AgentRuntime& ag = agents[a];
  if (!ag.outbound || ag.status.call != call) {
    ++ignored;
    return;
  }
  ag.outbound = false;
  ag.status.talk_today += now - ag.status.state_since;
  if (wrap_up > 0) {
    set_agent_state(a, AgentState::kWrapUp);  // then as after an inbound call
    ag.status.wrap_up_until = now + wrap_up;
    timers.push(Timer{now + wrap_up, a, ++ag.timer_gen, true});
  } else {
    finish_work(a);
  }
}

}  // namespace hotline::acd
