#include "server/outside_calls.h"

namespace hotline::server::detail {

namespace {

const char* outside_result(int status) {
  return status == 486 || status == 600 || status == 603   ? "busy"
         : status == 408 || status == 480 || status == 487 ? "no_answer"
                                                           : "failed";
}

constexpr Duration kDeskPhoneRing = seconds(30);

}  // namespace

const std::string& outbound_number(const sip::SipSettings& sip) {
  static const std::string kNone;
  for (const sip::Trunk& t : sip.trunks)
    if (!t.outbound.empty()) return t.number;
  return kNone;
}

void OutsideCalls::start_transfer(std::uint64_t call) {
  Call* found = parts_.calls.find(call);
  if (!found || transfer_placed(call)) return;
  Call& c = *found;
  const std::uint64_t leg =
      parts_.hub.add_outside_leg(call, c, c.transfer_to, acd::kNoAgent, LegKind::kTransfer);
  outside_[call].transfer_leg = leg;
  c.waiting = true;  // music while the number rings
  parts_.telephony.play_music(c);
  parts_.telephony.dial(leg, c, media::Leg::kAgent, c.transfer_to, c.caller,
                        parts_.center.ivr().path_header(call));
}

bool OutsideCalls::transfer_placed(std::uint64_t call) const {
  auto it = outside_.find(call);
  return it != outside_.end() && it->second.transfer_leg != 0;
}

void OutsideCalls::agent_dial(std::uint64_t call, const std::string& agent_name,
                              const std::string& number, const std::string& sdp) {
  Telephony& telephony = parts_.telephony;
  const std::optional<acd::AgentId> agent = parts_.agents.find(agent_name);
  if (!agent) return telephony.refuse(call, 403);
  if (center_number_.empty()) return telephony.refuse(call, 503);  // no trunk to call out on
  switch (parts_.center.routing().agent(*agent).state) {
    case acd::AgentState::kLoggedOut:
      return telephony.refuse(call, 403);  // log in first (*1)
    case acd::AgentState::kRinging:
    case acd::AgentState::kTalking:
      return telephony.refuse(call, 486);
    default:
      break;
  }
  std::string phone_answer;
  Call* opened = telephony.open_call_out(call, sdp, phone_answer);
  if (!opened) return;
  Call& c = *opened;
  outside_[call].phone_answer = std::move(phone_answer);
  start_call_out(call, c, *agent, number);
  parts_.log.of(call).legs[0].number = number;  // the phone's own INVITE is the number's leg
  const std::uint64_t leg = parts_.calls.new_id();
  parts_.calls.place(leg, {call, *agent, false, false, 0, LegKind::kCallOut});
  c.ringing.push_back(leg);
  telephony.dial(leg, c, media::Leg::kCaller, number, {}, {});
}

void OutsideCalls::start_call_out(std::uint64_t call, Call& c, acd::AgentId agent,
                                  const std::string& number) {
  const Time started = parts_.clock.now();
  c.caller = number;
  c.calling_agent = agent;
  parts_.log.of(call).called = number;
  parts_.log.begin(call, c, started);
  parts_.log.add_leg(call, parts_.agents.name(agent), "", started);
  parts_.hub.step_center([&](std::vector<center::CenterCommand>& out) {
    parts_.center.agent_event(acd::EventType::kOutboundStarted, agent, call, started, out);
  });
}

void OutsideCalls::answered(std::uint64_t leg, const std::string& sdp) {
  PlacedLeg& l = *parts_.calls.leg(leg);  // the hub found it
  if (l.kind == LegKind::kDeskPhone) return desk_phone_answered(leg, l, sdp);
  l.answered = true;
  parts_.log.leg_answered(l);
  Call* found = parts_.calls.find(l.call);
  // A transfer's far end is on the agent side of the relay; a call out's or a callback's
  // number on the caller side.
  const media::Leg side = l.kind == LegKind::kTransfer ? media::Leg::kAgent : media::Leg::kCaller;
  if (l.cancelled || !found || !parts_.telephony.join(*found, side, sdp)) {
    parts_.telephony.hang_up_leg(leg);  // the call ended meanwhile, or an answer we cannot use
    return;
  }
  Call& c = *found;
  if (side == media::Leg::kCaller) parts_.telephony.watch(c, side);
  if (l.kind == LegKind::kCallback) return parts_.callbacks.answered(leg, l.call, c);
  parts_.telephony.stop_music(c);
  c.agent_leg = leg;
  // A call out from the phone is answered now; one from the desktop has its phone up.
  if (l.kind == LegKind::kCallOut && phone_leg(l.call) == 0)
    parts_.telephony.answer_phone(l.call, c, outside_[l.call].phone_answer);
  parts_.hub.start_recording(l.call, c);
  parts_.hub.record_in_progress(l.call, acd::kNoAgent, parts_.clock.now());
}

void OutsideCalls::failed(const PlacedLeg& l, int status) {
  Call* found = parts_.calls.find(l.call);
  if (!found) return;
  Call& c = *found;
  c.far_end_hung_up = true;
  if (store::LegRecord* r = parts_.log.leg(l)) r->result = outside_result(status);
  if (l.kind == LegKind::kCallback) return parts_.callbacks.failed(l, outside_result(status));
  if (l.kind == LegKind::kDeskPhone || phone_leg(l.call) != 0) {
    parts_.hub.release(l.call);  // the agent did not take its phone, or the number did not answer
    return;
  }
  if (l.kind == LegKind::kCallOut) {
    // The agent's phone hears what the far end said (busy, not reachable ...).
    parts_.telephony.refuse(l.call, status >= 400 && status < 700 ? status : 503);
    parts_.hub.release(l.call);
    return;
  }
  parts_.telephony.stop_music(c);
  c.hang_up_after_prompt = true;
  parts_.hub.say(l.call, "对不起，转接未成功，再见。 Sorry, we could not connect you. Goodbye.");
}

std::uint64_t OutsideCalls::phone_leg(std::uint64_t call) const {
  auto it = outside_.find(call);
  return it == outside_.end() ? 0 : it->second.phone_leg;
}

void OutsideCalls::phone_hung_up(std::uint64_t call) {
  if (auto it = outside_.find(call); it != outside_.end()) it->second.phone_leg = 0;
}

void OutsideCalls::ended(std::uint64_t call, Call& c) {
  outside_.erase(call);
  const Time now = parts_.clock.now();
  std::optional<store::CallRecord> r = parts_.log.outside_ended(call, c, now);
  if (!c.transfer_to.empty()) {
    if (!r) return;  // the core has not finished the call yet: CallLog::finished() will
    c.transfer_to.clear();
    parts_.log.writer().save({std::move(*r)});
    return;
  }
  const acd::AgentId agent = c.calling_agent;
  c.calling_agent = acd::kNoAgent;  // ended once, whatever the core does next
  parts_.log.writer().save({std::move(*r)});
  parts_.hub.step_center([&](std::vector<center::CenterCommand>& out) {
    parts_.center.agent_event(acd::EventType::kOutboundEnded, agent, call, now, out);
  });
}

api::DialResult OutsideCalls::desk_dial(acd::AgentId agent, const std::string& number) {
  using api::ActionResult;
  if (center_number_.empty()) return {ActionResult::kNoTrunk, {}};
  switch (parts_.center.routing().agent(agent).state) {
    case acd::AgentState::kLoggedOut:
    case acd::AgentState::kRinging:
    case acd::AgentState::kTalking:
      return {ActionResult::kWrongState, {}};
    default:
      break;
  }
  if (!parts_.agents.phones().has_phone(agent)) return {ActionResult::kUnreachable, {}};
  const std::uint64_t call = parts_.calls.new_id();  // no SIP call of its own
  Call* opened = parts_.telephony.open_placed(call);
  if (!opened) return {ActionResult::kBusy, {}};
  Call& c = *opened;
  start_call_out(call, c, agent, number);
  c.caller_line = false;  // the agent's phone is a leg we place, not a call that came
  const std::uint64_t leg = parts_.calls.new_id();
  parts_.calls.place(leg, {call, agent, false, false, 0, LegKind::kDeskPhone});
  c.ringing.push_back(leg);
  outside_[call].phone_leg = leg;
  desk_ring_deadlines_.emplace(parts_.clock.now() + kDeskPhoneRing, leg);
  // The phone shows the number it is about to call.
  parts_.telephony.ring_agent(leg, c, parts_.agents.name(agent), nullptr, number, {});
  return {ActionResult::kDone, parts_.log.of(call).uid};
}

void OutsideCalls::desk_phone_answered(std::uint64_t phone_leg, PlacedLeg& phone,
                                       const std::string& sdp) {
  phone.answered = true;
  Call* found = parts_.calls.find(phone.call);
  if (!found) return parts_.telephony.hang_up_leg(phone_leg);  // the call ended meanwhile
  Call& c = *found;
  // An answer we cannot use: BYE (release).
  if (!parts_.telephony.join(c, media::Leg::kAgent, sdp)) return parts_.hub.finish(phone.call);
  parts_.log.leg_answered(phone);
  // Now the number: the agent hears it ring, or hears what fails.
  const std::uint64_t leg =
      parts_.hub.add_outside_leg(phone.call, c, c.caller, phone.agent, LegKind::kCallOut);
  parts_.telephony.dial(leg, c, media::Leg::kCaller, c.caller, {}, {});
}

Time OutsideCalls::next_deadline() const {
  return desk_ring_deadlines_.empty() ? kNever : desk_ring_deadlines_.begin()->first;
}

void OutsideCalls::ring_timeouts(Time now) {
  while (!desk_ring_deadlines_.empty() && desk_ring_deadlines_.begin()->first <= now) {
    const std::uint64_t leg = desk_ring_deadlines_.begin()->second;
    desk_ring_deadlines_.erase(desk_ring_deadlines_.begin());
    const PlacedLeg* l = parts_.calls.leg(leg);
    // Still ringing: CANCEL; its 487 ends the call (failed()).
    if (l && !l->answered) parts_.telephony.cancel(leg);
  }
}

}  // namespace hotline::server::detail
