// Agents' states as their phones and desktops change them: a phone's registration logs
// its agent in, feature codes dialled from the phone (*1, *2N, *0) and the desktop's
// buttons go through one gate (act_for_agent) that knows what each state allows.

#include "server/server_impl.h"

namespace hotline::server::detail {

void ServerImpl::phone_registered(const std::string& agent) {
  auto it = agent_ids_.find(agent);
  if (it == agent_ids_.end()) return;
  if (!phones_.phone_registered(it->second)) return;
  if (center_.routing().agent(it->second).state != acd::AgentState::kLoggedOut) return;
  agent_event(agent, acd::EventType::kAgentLogin);
}

api::ActionResult ServerImpl::act_for_agent(acd::AgentId agent, api::AgentAction action,
                                            acd::ReasonId reason) {
  const acd::AgentState state = center_.routing().agent(agent).state;
  const bool reachable = phones_.reachable(agent);
  auto send = [&](acd::EventType type, acd::ReasonId why = 0) {
    run_center([&](auto& out) { center_.agent_event(type, agent, 0, clock_.now(), out, why); });
  };
  using api::ActionResult;
  switch (action) {
    case api::AgentAction::kLogin:
    case api::AgentAction::kReady:
      if (!reachable) return ActionResult::kUnreachable;  // it would be rung in vain
      if (action == api::AgentAction::kLogin && state != acd::AgentState::kLoggedOut)
        return ActionResult::kDone;
      if (state == acd::AgentState::kRinging || state == acd::AgentState::kTalking)
        return ActionResult::kWrongState;
      phones_.logged_in_by_choice(agent);
      send(state == acd::AgentState::kLoggedOut ? acd::EventType::kAgentLogin
           : state == acd::AgentState::kWrapUp  ? acd::EventType::kWrapUpDone
                                                : acd::EventType::kAgentReady);
      return ActionResult::kDone;
    case api::AgentAction::kNotReady:
      if (state == acd::AgentState::kLoggedOut) return ActionResult::kWrongState;
      if (reason >= center_.routing().model().reasons.size()) return ActionResult::kUnknownReason;
      send(acd::EventType::kAgentNotReady, reason);
      return ActionResult::kDone;
    case api::AgentAction::kWrapUpDone:
      if (state != acd::AgentState::kWrapUp) return ActionResult::kWrongState;
      send(acd::EventType::kWrapUpDone);
      return ActionResult::kDone;
    case api::AgentAction::kLogout:
      phones_.logged_out_by_choice(agent);  // its phone's next registration does not log it in
      if (state != acd::AgentState::kLoggedOut) send(acd::EventType::kAgentLogout);
      return ActionResult::kDone;
    case api::AgentAction::kHangUp: {
      if (state != acd::AgentState::kTalking) return ActionResult::kWrongState;
      const std::uint64_t call = center_.routing().agent(agent).call;
      auto it = calls_.find(call);
      if (it == calls_.end()) return ActionResult::kWrongState;
      if (auto d = details_.find(call); d != details_.end())
        d->second.hangup_cause = "agent_desktop";  // not the phone: the record says so
      if (!is_outside(it->second)) agent_ended(call, it->second);
      finish(call);  // BYE to the caller and to the agent's phone
      return ActionResult::kDone;
    }
    default:
      break;  // the call's other controls: control_call()
  }
  return ActionResult::kWrongState;
}

std::string ServerImpl::apply_feature_code(acd::AgentId agent, const std::string& code) {
  using api::ActionResult;
  if (code == "*1")
    return act_for_agent(agent, api::AgentAction::kReady, 0) == ActionResult::kDone
               ? "已就绪。 Ready."
               : "";
  if (code.rfind("*2", 0) == 0) {
    // *2N: the Nth code agents may give; *2 the first.
    std::size_t n = 0;
    if (code.size() == 3 && code[2] >= '1' && code[2] <= '9')
      n = static_cast<std::size_t>(code[2] - '1');
    else if (code.size() != 2)
      return {};
    if (n >= reasons_.size()) return {};
    const std::optional<acd::ReasonId> reason = reason_id(reasons_[n]);
    if (!reason ||
        act_for_agent(agent, api::AgentAction::kNotReady, *reason) != ActionResult::kDone)
      return {};
    return "示忙。 Not ready: " + reasons_[n] + ".";
  }
  if (code == "*0") {
    act_for_agent(agent, api::AgentAction::kLogout, 0);
    return "已签出。 Logged out.";
  }
  return {};
}

void ServerImpl::feature_code(std::uint64_t call, const std::string& agent_name,
                              const std::string& code, const std::string& sdp) {
  auto agent = agent_ids_.find(agent_name);
  const std::string said = agent == agent_ids_.end() ? "" : apply_feature_code(agent->second, code);
  if (said.empty()) {
    sip_->reject(call, 404);
    return;
  }
  if (!open_media(call, sdp)) return;  // the state changed anyway; the phone heard nothing
  calls_[call].hang_up_after_prompt = true;
  carry_out({.type = center::CenterCommand::Type::kPlay, .call = call, .prompt = said});
}

void ServerImpl::agent_event(const std::string& agent, acd::EventType type) {
  auto it = agent_ids_.find(agent);
  if (it == agent_ids_.end()) return;
  run_center([&](auto& out) { center_.agent_event(type, it->second, 0, clock_.now(), out); });
}

}  // namespace hotline::server::detail
