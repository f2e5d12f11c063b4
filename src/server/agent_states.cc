#include "server/agent_states.h"

#include <algorithm>

namespace hotline::server::detail {

AgentStates::AgentStates(center::CallCenter& center, const Clock& clock,
                         const config::CenterConfig& config, CoreSteps& core)
    : center_(center), clock_(clock), core_(core) {
  for (acd::AgentId a = 0; a < config.model.agents.size(); ++a) {
    ids_[config.model.agents[a].name] = a;
    names_.push_back(config.model.agents[a].name);
  }
  if (config.sip)
    for (const auto& seat : config.sip->remote_seats)
      if (auto agent = find(seat.agent)) phones_.add_remote_seat(*agent, seat.number);
  set_reasons(config.model.reasons);
}

std::optional<acd::AgentId> AgentStates::find(const std::string& name) const {
  auto it = ids_.find(name);
  if (it == ids_.end()) return std::nullopt;
  return it->second;
}

void AgentStates::send(acd::AgentId agent, acd::EventType type, acd::ReasonId reason) {
  core_.step_center([&](std::vector<center::CenterCommand>& out) {
    center_.agent_event(type, agent, 0, clock_.now(), out, reason);
  });
}

void AgentStates::phone_registered(const std::string& name) {
  const std::optional<acd::AgentId> agent = find(name);
  if (!agent || !phones_.phone_registered(*agent)) return;
  if (center_.routing().agent(*agent).state != acd::AgentState::kLoggedOut) return;
  send(*agent, acd::EventType::kAgentLogin);
}

void AgentStates::phone_unregistered(const std::string& name) {
  const std::optional<acd::AgentId> agent = find(name);
  // A remote seat still reaches it: it is rung at the seat's number from now on.
  if (agent && phones_.phone_gone(*agent)) send(*agent, acd::EventType::kAgentLogout);
}

void AgentStates::log_in_remote_seats() {
  for (const auto& [agent, number] : phones_.remote_seats())
    send(agent, acd::EventType::kAgentLogin);
}

api::ActionResult AgentStates::act(acd::AgentId agent, api::AgentAction action,
                                   acd::ReasonId reason) {
  const acd::AgentState state = center_.routing().agent(agent).state;
  const bool reachable = phones_.reachable(agent);
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
      send(agent, state == acd::AgentState::kLoggedOut ? acd::EventType::kAgentLogin
                  : state == acd::AgentState::kWrapUp  ? acd::EventType::kWrapUpDone
                                                       : acd::EventType::kAgentReady);
      return ActionResult::kDone;
    case api::AgentAction::kNotReady:
      if (state == acd::AgentState::kLoggedOut) return ActionResult::kWrongState;
      if (reason >= center_.routing().model().reasons.size()) return ActionResult::kUnknownReason;
      send(agent, acd::EventType::kAgentNotReady, reason);
      return ActionResult::kDone;
    case api::AgentAction::kWrapUpDone:
      if (state != acd::AgentState::kWrapUp) return ActionResult::kWrongState;
      send(agent, acd::EventType::kWrapUpDone);
      return ActionResult::kDone;
    case api::AgentAction::kLogout:
      phones_.logged_out_by_choice(agent);  // its phone's next registration does not log it in
      if (state != acd::AgentState::kLoggedOut) send(agent, acd::EventType::kAgentLogout);
      return ActionResult::kDone;
    default:
      break;  // the call's controls, hanging up included
  }
  return ActionResult::kWrongState;
}

std::string AgentStates::feature_code(acd::AgentId agent, const std::string& code) {
  using api::ActionResult;
  if (code == "*1")
    return act(agent, api::AgentAction::kReady, 0) == ActionResult::kDone ? "已就绪。 Ready." : "";
  if (code.rfind("*2", 0) == 0) {
    // *2N: the Nth code agents may give; *2 the first.
    std::size_t n = 0;
    if (code.size() == 3 && code[2] >= '1' && code[2] <= '9')
      n = static_cast<std::size_t>(code[2] - '1');
    else if (code.size() != 2)
      return {};
    if (n >= reasons_.size()) return {};
    const std::optional<acd::ReasonId> reason = reason_id(reasons_[n]);
    if (!reason || act(agent, api::AgentAction::kNotReady, *reason) != ActionResult::kDone)
      return {};
    return "示忙。 Not ready: " + reasons_[n] + ".";
  }
  if (code == "*0") {
    act(agent, api::AgentAction::kLogout, 0);
    return "已签出。 Logged out.";
  }
  return {};
}

void AgentStates::set_reasons(const std::vector<std::string>& reasons) {
  reasons_ = reasons;
  // The core's own reason for agents who let calls ring out; agents may give it too.
  if (std::find(reasons_.begin(), reasons_.end(), "no_answer") == reasons_.end())
    reasons_.push_back("no_answer");
}

std::optional<acd::ReasonId> AgentStates::reason_id(const std::string& code) const {
  if (std::find(reasons_.begin(), reasons_.end(), code) == reasons_.end()) return std::nullopt;
  const std::vector<std::string>& known = center_.routing().model().reasons;
  auto it = std::find(known.begin(), known.end(), code);
  if (it == known.end()) return std::nullopt;
  return static_cast<acd::ReasonId>(it - known.begin());
}

}  // namespace hotline::server::detail
