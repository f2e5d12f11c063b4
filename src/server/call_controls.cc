// Call controls of the agent's desktop (the API): hold and resume, blind transfers to a
// queue, a colleague or an outside number, and the disposition code of the call. All on
// the core thread; each refusal leaves the call as it was.

#include <algorithm>

#include "server/server_impl.h"

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

api::ActionResult ServerImpl::control_call(acd::AgentId agent, api::AgentAction action,
                                           const std::string& argument) {
  using api::ActionResult;
  if (action == api::AgentAction::kSetDisposition) return set_disposition(agent, argument);
  const acd::AgentStatus& status = center_.routing().agent(agent);
  if (status.state != acd::AgentState::kTalking) return ActionResult::kWrongState;
  auto it = calls_.find(status.call);
  // A call that has left for an outside number is no longer the agent's to control.
  if (it == calls_.end() || !it->second.transfer_to.empty()) return ActionResult::kWrongState;
  Call& c = it->second;
  switch (action) {
    case api::AgentAction::kHold:
    case api::AgentAction::kResume: {
      const bool hold = action == api::AgentAction::kHold;
      if (c.desk_held == hold) return ActionResult::kWrongState;
      set_hold(status.call, c, HoldBy::kDesk, hold);
      return ActionResult::kDone;
    }
    case api::AgentAction::kTransferToQueue:
    case api::AgentAction::kTransferToAgent:
    case api::AgentAction::kTransferToNumber:
    case api::AgentAction::kTransferToIvr:
      // A call the agent placed is not a queue call, and a callback's customer is a leg
      // we placed: neither can be handed on (yet).
      if (c.calling_agent != acd::kNoAgent || c.callback) return ActionResult::kWrongState;
      return transfer(status.call, c, action, argument);
    default:
      return ActionResult::kWrongState;
  }
}

void ServerImpl::set_hold(std::uint64_t call, Call& c, HoldBy by, bool on) {
  const bool was = c.on_hold();
  (by == HoldBy::kPhone ? c.phone_held : c.desk_held) = on;
  // The phone on hold sends nothing; the desktop's hold must keep the two apart itself.
  if (by == HoldBy::kDesk) relay_->part(c.session, on);
  if (was == c.on_hold()) return;
  CallDetails& d = details_[call];
  const Time now = clock_.now();
  if (on) {
    d.hold_since = now;
    relay_->play(c.session, hold_music_);
    return;
  }
  d.hold += now - d.hold_since;
  d.hold_since = 0;
  ++c.prompt_generation;
  relay_->stop_playing(c.session);
}

api::ActionResult ServerImpl::transfer(std::uint64_t call, Call& c, api::AgentAction action,
                                       const std::string& target) {
  using api::ActionResult;
  center::TransferTarget to;
  switch (action) {
    case api::AgentAction::kTransferToQueue:
      to = center::TransferTarget::to_queue(target);
      break;
    case api::AgentAction::kTransferToAgent: {
      auto a = agent_ids_.find(target);
      if (a == agent_ids_.end()) return ActionResult::kUnknownTarget;
      to = center::TransferTarget::to_agent(a->second);
      break;
    }
    case api::AgentAction::kTransferToIvr:
      to = center::TransferTarget::to_ivr(target);
      break;
    default:
      if (!is_phone_number(target)) return ActionResult::kUnknownTarget;
      if (center_number().empty()) return ActionResult::kNoTrunk;
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
  if (auto leg = legs_.find(agent_leg); leg != legs_.end()) {
    leg_ended(leg->second, nullptr, 0);
    legs_.erase(leg);
  }
  c.agent_leg = 0;
  c.ringing.clear();
  if (agent_leg) sip_->hang_up_leg(agent_leg);
  // The hold ends with the agent's part (make_record counts an open hold to its end).
  c.phone_held = false;
  if (c.desk_held) {
    c.desk_held = false;
    relay_->part(c.session, false);
    relay_->stop_playing(c.session);
  }
  relay_->forget_peer(c.session, media::Leg::kAgent);
  if (to.kind == center::TransferTarget::Kind::kNumber) {
    // One record: the agent's talk and the outside leg, one recording across both.
    CallDetails& d = details_[call];
    if (d.hold_since) d.hold += now - d.hold_since;
    d.hold_since = 0;
  } else {
    // The rest of the call is a record of its own (and a recording of its own); the
    // agent's part keeps what was gathered so far, for the trace the core finishes now.
    relay_->stop_recording(c.session);
    CallDetails& part = transferred_parts_[call];
    part = std::move(details_[call]);
    CallDetails& rest = details_[call] = CallDetails{};
    rest.called = part.called;
    rest.transferred_from = part.uid;
    begin_record(call, now);
  }
  run_center([&](auto& out) { center_.transfer(call, to, now, out); });
  return ActionResult::kDone;
}

api::ActionResult ServerImpl::set_disposition(acd::AgentId agent, const std::string& code) {
  using api::ActionResult;
  if (std::find(dispositions_.begin(), dispositions_.end(), code) == dispositions_.end())
    return ActionResult::kUnknownTarget;
  const acd::AgentStatus& status = center_.routing().agent(agent);
  if (status.state == acd::AgentState::kTalking) {
    auto d = details_.find(status.call);
    if (d == details_.end()) return ActionResult::kWrongState;
    d->second.disposition_code = code;
    return ActionResult::kDone;
  }
  const std::string* last = wrap_ups_.last_call(agent);
  if (status.state != acd::AgentState::kWrapUp || !last) return ActionResult::kWrongState;
  records_->disposition_code(*last, code);
  wrap_ups_.set_code(agent, code);
  return ActionResult::kDone;
}

}  // namespace hotline::server::detail
