// RoutingEngine::check_invariants: the structural rules every test sequence must keep.

#include <string>

#include "center/acd/engine_state.h"

namespace hotline::acd {

namespace {
Status fail(const std::string& what) {
  return Status::internal("invariant: " + what);
}
}  // namespace

Status RoutingEngine::check_invariants() const {
  const State& s = *state_;
  std::vector<int> calls_per_agent(s.agents.size(), 0);

  for (std::uint32_t slot = 0; slot < s.calls.size(); ++slot) {
    const CallRecord& c = s.calls[slot];
    if (c.state == CallState::kFree) {
      if (s.call_pos[slot] != IndexedHeap::kAbsent) return fail("free call slot in a heap");
      continue;
    }
    const std::uint32_t* indexed = s.call_index.find(c.id);
    if (!indexed || *indexed != slot) return fail("call index out of step");
    const QueueRuntime& rt = s.queues[c.queue];
    if (c.state == CallState::kQueued) {
      if (c.pool != rt.first_pool + static_cast<std::uint32_t>(c.tier))
        return fail("queued call in the wrong tier's heap");
      const std::uint32_t pos = s.call_pos[slot];
      const IndexedHeap& heap = s.pools[c.pool].waiting_calls;
      if (pos == IndexedHeap::kAbsent || pos >= heap.size() || heap.at(pos).handle != slot)
        return fail("queued call missing from its heap");
      // Work conservation: no eligible agent may sit ready while this call waits.
      for (int t = 0; t <= c.tier; ++t) {
        AgentId ready = kNoAgent;
        s.groups[s.pools[rt.first_pool + t].group].ready_agents.for_each(
            [&](const ReadyAgentHeap::Entry& e) {
              if (s.live(e) && e.agent != c.refused_by) ready = e.agent;
            });
        if (ready != kNoAgent)
          return fail("call " + std::to_string(c.id) + " waits while agent " +
                      std::to_string(ready) + " is ready");
      }
    } else {
      if (s.call_pos[slot] != IndexedHeap::kAbsent) return fail("offered/talking call in a heap");
    }
    if (c.state == CallState::kOffered) {
      std::vector<AgentId> offered = c.ringing;
      if (offered.empty()) offered.push_back(c.agent);
      if (offered.size() > 1 && s.model.queues[c.queue].strategy != Strategy::kRingAll)
        return fail("call offered to several agents outside ring-all");
      for (AgentId a : offered) {
        if (a >= s.agents.size()) return fail("offered to no agent");
        if (s.agents[a].status.state != AgentState::kRinging || s.agents[a].call_slot != slot)
          return fail("offered call's agent is not ringing for it");
        ++calls_per_agent[a];
      }
    }
    if (c.state == CallState::kTalking) {
      if (s.agents[c.agent].status.state != AgentState::kTalking ||
          s.agents[c.agent].call_slot != slot)
        return fail("talking call's agent is not talking on it");
      ++calls_per_agent[c.agent];
    }
  }

  std::vector<std::size_t> waiting(s.queues.size(), 0);
  for (const Pool& p : s.pools)
    waiting[p.queue] += p.waiting_calls.size();
  for (QueueId q = 0; q < s.queues.size(); ++q)
    if (waiting[q] != s.queues[q].waiting) return fail("waiting count out of step");

  // Each pool's group holds every agent of the pool: each member has a group membership.
  for (AgentId a = 0; a < s.agents.size(); ++a) {
    const AgentRuntime& ag = s.agents[a];
    for (std::uint32_t m = ag.first_membership; m < ag.end_membership; ++m) {
      bool found = false;
      for (std::uint32_t k = ag.first_group; k < ag.end_group; ++k)
        found |= s.pools[s.memberships[s.group_memberships[k]].pool].group ==
                 s.pools[s.memberships[m].pool].group;
      if (!found) return fail("agent " + std::to_string(a) + " missing from a pool's group");
    }
  }
  // Each ready agent has exactly one live entry in each of its groups; others none.
  std::vector<int> live_entries(s.group_memberships.size(), 0);
  for (std::uint32_t g = 0; g < s.groups.size(); ++g) {
    const ReadyAgentHeap& ready = s.groups[g].ready_agents;
    if (ready.size() > 2 * s.groups[g].members + 17) return fail("ready heap not compacted");
    const char* problem = nullptr;
    ready.for_each([&](const ReadyAgentHeap::Entry& e) {
      if (problem) return;
      if (e.agent >= s.agents.size()) {
        problem = "heap entry for no agent";
        return;
      }
      const AgentRuntime& ag = s.agents[e.agent];
      std::uint32_t k = ag.first_group;
      while (k < ag.end_group && s.pools[s.memberships[s.group_memberships[k]].pool].group != g)
        ++k;
      if (k == ag.end_group) {
        problem = "entry in a group the agent is not eligible for";
        return;
      }
      if (s.live(e)) ++live_entries[k];
    });
    if (problem) return fail(problem);
  }
  for (AgentId a = 0; a < s.agents.size(); ++a) {
    const AgentRuntime& ag = s.agents[a];
    if (calls_per_agent[a] > 1) return fail("agent " + std::to_string(a) + " has two calls");
    const bool ready = ag.status.state == AgentState::kReady;
    for (std::uint32_t k = ag.first_group; k < ag.end_group; ++k) {
      if (live_entries[k] != (ready ? 1 : 0))
        return fail("agent " + std::to_string(a) + " has " + std::to_string(live_entries[k]) +
                    " live entries in a group while " + (ready ? "ready" : "not ready"));
    }
    const bool busy =
        ag.status.state == AgentState::kRinging || ag.status.state == AgentState::kTalking;
    if (ag.outbound) {
      if (ag.status.state != AgentState::kTalking || ag.call_slot != UINT32_MAX)
        return fail("agent " + std::to_string(a) + " on a call out but not talking alone");
      continue;
    }
    if (busy != (ag.call_slot != UINT32_MAX)) return fail("agent call slot out of step");
    if (busy && calls_per_agent[a] != 1) return fail("busy agent without its call");
  }
  return {};
}

const char* to_string(EventType type) {
  switch (type) {
    case EventType::kCallArrived:
      return "call_arrived";
    case EventType::kCallAbandoned:
      return "call_abandoned";
    case EventType::kCallEnded:
      return "call_ended";
    case EventType::kCallbackAccepted:
      return "callback_accepted";
    case EventType::kAgentLogin:
      return "agent_login";
    case EventType::kAgentLogout:
      return "agent_logout";
    case EventType::kAgentReady:
      return "agent_ready";
    case EventType::kAgentNotReady:
      return "agent_not_ready";
    case EventType::kAgentAnswered:
      return "agent_answered";
    case EventType::kAgentRejected:
      return "agent_rejected";
    case EventType::kAgentNoAnswer:
      return "agent_no_answer";
    case EventType::kWrapUpDone:
      return "wrap_up_done";
    case EventType::kOutboundStarted:
      return "outbound_started";
    case EventType::kOutboundEnded:
      return "outbound_ended";
    case EventType::kTick:
      return "tick";
  }
  return "?";
}

const char* to_string(CommandType type) {
  switch (type) {
    case CommandType::kCallQueued:
      return "call_queued";
    case CommandType::kOfferCall:
      return "offer_call";
    case CommandType::kCancelOffer:
      return "cancel_offer";
    case CommandType::kConnect:
      return "connect";
    case CommandType::kAnnouncePosition:
      return "announce_position";
    case CommandType::kMoveToQueue:
      return "move_to_queue";
    case CommandType::kOverflowToTarget:
      return "overflow_to_target";
    case CommandType::kOfferVoicemail:
      return "offer_voicemail";
    case CommandType::kOfferCallback:
      return "offer_callback";
    case CommandType::kRejectCall:
      return "reject_call";
    case CommandType::kAgentStateChanged:
      return "agent_state_changed";
  }
  return "?";
}

const char* to_string(AgentState state) {
  switch (state) {
    case AgentState::kLoggedOut:
      return "logged_out";
    case AgentState::kReady:
      return "ready";
    case AgentState::kNotReady:
      return "not_ready";
    case AgentState::kRinging:
      return "ringing";
    case AgentState::kTalking:
      return "talking";
    case AgentState::kWrapUp:
      return "wrap_up";
  }
  return "?";
}

const char* to_string(Strategy strategy) {
  switch (strategy) {
    case Strategy::kLongestIdle:
      return "longest_idle";
    case Strategy::kFewestCalls:
      return "fewest_calls";
    case Strategy::kLeastTalkTime:
      return "least_talk_time";
    case Strategy::kBestSkill:
      return "best_skill";
    case Strategy::kRoundRobin:
      return "round_robin";
    case Strategy::kRandom:
      return "random";
    case Strategy::kRingAll:
      return "ring_all";
  }
  return "?";
}

}  // namespace hotline::acd
