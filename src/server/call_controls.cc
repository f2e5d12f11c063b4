// Call controls of the agent's desktop (the API): hold and resume, blind transfers to a
// queue, a colleague or an outside number, the disposition code of the call and hanging
// up; and the feature codes dialled from the agent's phone. All on
// the core thread; each refusal leaves the call as it was.

#include <algorithm>

#include "server/call_flows.h"

namespace hotline::server::detail {

namespace {

// What a trunk can dial: digits, optionally a leading '+', at most 20 of them.
bool is_phone_number(const std::string& s) {
  const std::size_t first = !s.empty() && s[0] == '+' ? 1 : 0;
  return s.size() > first && s.size() <= first + 20 &&
         std::all_of(s.begin() + static_cast<long>(first), s.end(),
                     [](char ch) { return ch >= '0' && ch <= '9'; });
}

}  // namespace

api::ActionResult CallFlows::control_call(acd::AgentId agent, api::AgentAction action,
                                          const std::string& argument) {
  using api::ActionResult;
  if (action == api::AgentAction::kSetDisposition) return set_disposition(agent, argument);
  const acd::AgentStatus& status = center_.routing().agent(agent);
  if (status.state != acd::AgentState::kTalking) return ActionResult::kWrongState;
  Call* found = calls_.find(status.call);
  // A call that has left for an outside number is no longer the agent's to control.
  if (!found || !found->transfer_to.empty()) return ActionResult::kWrongState;
  Call& c = *found;
  switch (action) {
    case api::AgentAction::kHold:
    case api::AgentAction::kResume: {
      const bool hold = action == api::AgentAction::kHold;
      if (controls_.held_by(status.call, HoldBy::kDesk) == hold) return ActionResult::kWrongState;
      set_hold(status.call, c, HoldBy::kDesk, hold);
      return ActionResult::kDone;
    }
    case api::AgentAction::kTransferToQueue:
    case api::AgentAction::kTransferToAgent:
    case api::AgentAction::kTransferToNumber:
    case api::AgentAction::kTransferToIvr:
      // A call the agent placed is not a queue call, and a callback's customer is a leg
      // we placed: neither can be handed on (yet).
      if (c.calling_agent != acd::kNoAgent || callbacks_.is_callback(status.call))
        return ActionResult::kWrongState;
      return transfer(status.call, c, action, argument);
    default:
      return ActionResult::kWrongState;
  }
}

void CallFlows::set_hold(std::uint64_t call, Call& c, HoldBy by, bool on) {
  const bool changed = controls_.set_hold(call, by, on);
  // The phone on hold sends nothing; the desktop's hold must keep the two apart itself.
  if (by == HoldBy::kDesk) telephony_.part(c, on);
  if (!changed) return;
  log_.hold(call, on);
  telephony_.hold_music(c, on);
}

api::ActionResult CallFlows::transfer(std::uint64_t call, Call& c, api::AgentAction action,
                                      const std::string& target) {
  using api::ActionResult;
  center::TransferTarget to;
  switch (action) {
    case api::AgentAction::kTransferToQueue:
      to = center::TransferTarget::to_queue(target);
      break;
    case api::AgentAction::kTransferToAgent: {
      const std::optional<acd::AgentId> a = agents_.find(target);
      if (!a) return ActionResult::kUnknownTarget;
      to = center::TransferTarget::to_agent(*a);
      break;
    }
    case api::AgentAction::kTransferToIvr:
      to = center::TransferTarget::to_ivr(target);
      break;
    default:
      if (!is_phone_number(target)) return ActionResult::kUnknownTarget;
      if (outside_.center_number().empty()) return ActionResult::kNoTrunk;
      to = center::TransferTarget::to_number(target);
      break;
  }
  switch (center_.check_transfer(call, to)) {
    case center::TransferResult::kDone:
      break;
    case center::TransferResult::kUnknownQueue:
    case center::TransferResult::kUnknownNode:
      return ActionResult::kUnknownTarget;
    case center::TransferResult::kAgentNotReady:
      return ActionResult::kTargetNotReady;
    case center::TransferResult::kNotTalking:
      return ActionResult::kWrongState;
  }
  const Time now = clock_.now();
  // The agent's phone is done with the call: its leg ends in the record.
  const std::uint64_t agent_leg = c.agent_leg;
  if (auto leg = calls_.drop_leg(agent_leg)) log_.leg_ended(*leg, nullptr, 0);
  c.agent_leg = 0;
  c.ringing.clear();
  if (agent_leg) telephony_.hang_up_leg(agent_leg);
  // The hold ends with the agent's part (make_record counts an open hold to its end).
  if (controls_.end_holds(call)) {
    telephony_.part(c, false);
    telephony_.silence(c);
  }
  telephony_.forget_agent_side(c);
  if (to.kind == center::TransferTarget::Kind::kNumber) {
    // One record: the agent's talk and the outside leg, one recording across both.
    log_.end_hold_at_transfer(call, now);
  } else {
    // The rest of the call is a record of its own (and a recording of its own); the
    // agent's part keeps what was gathered so far, for the trace the core finishes now.
    telephony_.stop_recording(c);
    log_.split_at_transfer(call, c, now);
  }
  run_center([&](auto& out) { center_.transfer(call, to, now, out); });
  return ActionResult::kDone;
}

api::ActionResult CallFlows::set_disposition(acd::AgentId agent, const std::string& code) {
  using api::ActionResult;
  if (std::find(dispositions_.begin(), dispositions_.end(), code) == dispositions_.end())
    return ActionResult::kUnknownTarget;
  const acd::AgentStatus& status = center_.routing().agent(agent);
  if (status.state == acd::AgentState::kTalking) {
    CallDetails* d = log_.find(status.call);
    if (!d) return ActionResult::kWrongState;
    d->disposition_code = code;
    return ActionResult::kDone;
  }
  const std::string* last = wrap_ups_.last_call(agent);
  if (status.state != acd::AgentState::kWrapUp || !last) return ActionResult::kWrongState;
  log_.writer().disposition_code(*last, code);
  wrap_ups_.set_code(agent, code);
  return ActionResult::kDone;
}

api::ActionResult CallFlows::hang_up_call(acd::AgentId agent) {
  const acd::AgentStatus& status = center_.routing().agent(agent);
  if (status.state != acd::AgentState::kTalking) return api::ActionResult::kWrongState;
  const std::uint64_t call = status.call;
  const Call* c = calls_.find(call);
  if (!c) return api::ActionResult::kWrongState;
  if (CallDetails* d = log_.find(call))
    d->hangup_cause = "agent_desktop";  // not the phone: the record says so
  if (!c->is_outside()) agent_ended(call);
  finish(call);  // BYE to the caller and to the agent's phone
  return api::ActionResult::kDone;
}

void CallFlows::feature_code(std::uint64_t call, const std::string& agent_name,
                             const std::string& code, const std::string& sdp) {
  const std::optional<acd::AgentId> agent = agents_.find(agent_name);
  const std::string said = agent ? agents_.feature_code(*agent, code) : "";
  if (said.empty()) return telephony_.refuse(call, 404);
  Call* c = telephony_.answer(call, sdp);
  if (!c) return;  // the state changed anyway; the phone heard nothing
  c->hang_up_after_prompt = true;
  say(call, said);
}

}  // namespace hotline::server::detail
