// The core's side of what the API asks (DeskCore, on the core thread): the desks'
// snapshot, agents' actions, and today's figures rebuilt at start.

#include "server/call_flows.h"

namespace hotline::server::detail {

Status CallFlows::rebuild_today(store::CallStore& store, Time now) {
  auto calls = store.calls(wallboard_.today_start(now), kNever);
  if (!calls.ok()) return calls.status();
  struct Day {
    std::uint32_t calls = 0;
    Duration talk = 0, wrap_up = 0;
  };
  std::map<acd::AgentId, Day> agents;
  for (const store::CallRecord& r : *calls) {
    wallboard_.restore_call(r);
    const std::optional<acd::AgentId> agent = agents_.find(r.agent);
    if (!agent || r.answered == 0 || r.ended < r.answered) continue;
    Day& d = agents[*agent];
    if (r.direction == "outbound") {
      d.talk += r.ended - r.arrived;  // from the dial, as the routing core counts a call out
    } else {
      ++d.calls;
      d.talk += r.ended - r.answered;
    }
    if (r.wrapup_ended > r.ended) d.wrap_up += r.wrapup_ended - r.ended;
  }
  for (const auto& [agent, d] : agents)
    center_.restore_agent_day(agent, d.calls, d.talk, d.wrap_up);
  return {};
}

api::CenterSnapshot CallFlows::desk_snapshot() {
  api::CenterSnapshot snap;
  const acd::RoutingEngine& routing = center_.routing();
  const acd::CenterModel& model = routing.model();
  snap.reasons = agents_.reasons();
  snap.dispositions = dispositions_;
  snap.titles = code_titles_;
  for (std::size_t a = 0; a < model.agents.size(); ++a) {
    const acd::AgentId id = static_cast<acd::AgentId>(a);
    const acd::AgentStatus& st = routing.agent(id);
    api::AgentSnapshot v;
    v.name = model.agents[a].name;
    if (model.agents[a].team < model.teams.size()) v.team = model.teams[model.agents[a].team];
    v.state = agent_state_name(st.state);
    if (st.state == acd::AgentState::kNotReady && st.reason < model.reasons.size())
      v.reason = model.reasons[st.reason];
    v.state_since = st.state_since;
    v.calls_today = st.calls_today;
    v.talk_today = st.talk_today;
    v.wrap_up_today = st.wrap_up_today;
    v.wrap_up_until = st.wrap_up_until;
    v.aht_target = aht_target_;
    v.reachable = agents_.phones().reachable(id);
    if (st.state == acd::AgentState::kRinging || st.state == acd::AgentState::kTalking) {
      if (const CallDetails* d = log_.find(st.call)) {
        v.call = d->uid;
        v.disposition_code = d->disposition_code;
      }
      if (const Call* c = calls_.find(st.call)) {
        v.caller = c->caller;
        v.on_hold = controls_.on_hold(st.call);
      }
    } else if (st.state == acd::AgentState::kWrapUp) {
      if (const std::string* last = wrap_ups_.last_call(id)) v.call = *last;
      if (const std::string* code = wrap_ups_.code(id)) v.disposition_code = *code;
    }
    snap.agents.push_back(std::move(v));
  }
  for (std::size_t q = 0; q < model.queues.size(); ++q)
    snap.queues.push_back(wallboard_.queue_snapshot(static_cast<acd::QueueId>(q)));
  return snap;
}

api::ActionResult CallFlows::desk_action(acd::AgentId agent, api::AgentAction action,
                                         const std::string& argument) {
  if (action == api::AgentAction::kHangUp) return hang_up_call(agent);
  if (api::is_call_control(action)) return control_call(agent, action, argument);
  acd::ReasonId why = 0;
  if (action == api::AgentAction::kNotReady) {
    // "" is the first code agents may give.
    const std::optional<acd::ReasonId> code =
        agents_.reason_id(argument.empty() ? agents_.reasons().front() : argument);
    if (!code) return api::ActionResult::kUnknownReason;
    why = *code;
  }
  return agents_.act(agent, action, why);
}

api::DialResult CallFlows::desk_dial(acd::AgentId agent, const std::string& number) {
  return outside_.desk_dial(agent, number);
}

std::vector<std::string> CallFlows::desk_callbacks() {
  return center_.callback_numbers();
}

std::string CallFlows::core_metrics() {
  return wallboard_.metrics();
}

void CallFlows::publish_command(const center::CenterCommand& cmd) {
  using Type = center::CenterCommand::Type;
  if (cmd.type == Type::kAgentState) {
    wallboard_.agent_state_event(cmd.agent, cmd.state, cmd.reason);
    return;
  }
  if (cmd.type != Type::kRingAgent && cmd.type != Type::kConnect) return;
  const Call* c = calls_.find(cmd.call);
  if (!c) return;
  const CallDetails* d = log_.find(cmd.call);
  wallboard_.call_event(cmd.type == Type::kConnect, cmd.agent, cmd.call,
                        {d ? d->uid : "", c->caller, c->queue, callbacks_.is_callback(cmd.call)});
}

}  // namespace hotline::server::detail
