// Calls that leave the center through the trunk: the IVR's transfer to a number, and
// agents dialling out from their phones. Both are bridged through the relay and recorded
// like any answered call; the customer is on the relay's caller side (the left channel).

#include "server/server_impl.h"

namespace hotline::server::detail {

namespace {

const char* outside_result(int status) {
  return status == 486 || status == 600 || status == 603   ? "busy"
         : status == 408 || status == 480 || status == 487 ? "no_answer"
                                                           : "failed";
}

}  // namespace

const std::string& ServerImpl::center_number() const {
  static const std::string kNone;
  for (const sip::Trunk& t : settings_.sip.trunks)
    if (!t.outbound.empty()) return t.number;
  return kNone;
}

void ServerImpl::on_agent_dial(std::uint64_t call, const std::string& agent,
                               const std::string& number, const std::string& sdp) {
  core_.post([this, call, agent, number, sdp] { agent_dial(call, agent, number, sdp); });
}

void ServerImpl::start_transfer(std::uint64_t call) {
  auto it = calls_.find(call);
  if (it == calls_.end() || it->second.transfer_leg != 0) return;
  Call& c = it->second;
  const std::uint64_t leg =
      add_outside_leg(call, c, c.transfer_to, acd::kNoAgent, LegKind::kTransfer);
  c.transfer_leg = leg;
  c.waiting = true;  // music while the number rings
  play_music(c);
  sip_->dial_out(leg, c.transfer_to, c.caller,
                 media::make_offer(settings_.rtp.address, c.agent_port, leg, 1),
                 center_.ivr().path_header(call));
}

std::uint64_t ServerImpl::add_outside_leg(std::uint64_t call, Call& c, const std::string& number,
                                          acd::AgentId agent, LegKind kind) {
  const std::uint64_t leg = new_id();
  std::vector<store::LegRecord>& leg_records = details_[call].legs;
  store::LegRecord& record = leg_records.emplace_back();
  record.number = number;
  record.offered = clock_.now();
  record.result = "ringing";
  legs_[leg] = PlacedLeg{call, agent, false, false, leg_records.size() - 1, kind};
  c.ringing.push_back(leg);
  return leg;
}

void ServerImpl::agent_dial(std::uint64_t call, const std::string& agent_name,
                            const std::string& number, const std::string& sdp) {
  auto agent = agent_ids_.find(agent_name);
  if (agent == agent_ids_.end()) return sip_->reject(call, 403);
  if (center_number().empty()) return sip_->reject(call, 503);  // no trunk to call out on
  const acd::AgentId a = agent->second;
  switch (center_.routing().agent(a).state) {
    case acd::AgentState::kLoggedOut:
      return sip_->reject(call, 403);  // log in first (*1)
    case acd::AgentState::kRinging:
    case acd::AgentState::kTalking:
      return sip_->reject(call, 486);
    default:
      break;
  }
  auto agreed = media::negotiate_audio(sdp);
  if (!agreed.ok()) {
    ++rejected_;
    return sip_->reject(call, 488);
  }
  // The customer (caller side) is offered PCMU now; its answer configures that side.
  auto ports = relay_->open({media::Codec::kPcmu, 0, 101},
                            {agreed->codec, agreed->payload_type, agreed->telephone_event_pt});
  if (!ports.ok()) {
    ++rejected_;
    return sip_->reject(call, 503);
  }
  relay_->set_peer(ports->session, media::Leg::kAgent, agreed->remote_address, agreed->remote_port);
  // The phone hears our answer only when the number answers: it cannot send before.
  relay_->watch(ports->session, media::Leg::kAgent, false);
  Call& c = start_call_out(call, *ports, a, number);
  c.phone_answer = media::make_answer(*agreed, settings_.rtp.address, ports->agent_port, call, 1);
  details_[call].legs[0].number = number;  // the phone's own INVITE is the number's leg
  const std::uint64_t leg = new_id();
  legs_[leg] = PlacedLeg{call, a, false, false, 0, LegKind::kCallOut};
  c.ringing.push_back(leg);
  sip_->dial_out(leg, number, {},
                 media::make_offer(settings_.rtp.address, ports->caller_port, leg, 1), {});
}

ServerImpl::Call& ServerImpl::start_call_out(std::uint64_t call,
                                             const media::RtpRelay::Ports& ports,
                                             acd::AgentId agent, const std::string& number) {
  Call& c = calls_[call];
  c.session = ports.session;
  // The number's side sends nothing while it rings, however long: watched once answered.
  relay_->watch(ports.session, media::Leg::kCaller, false);
  c.caller_port = ports.caller_port;
  c.agent_port = ports.agent_port;
  c.caller = number;
  c.calling_agent = agent;
  c.started = clock_.now();
  call_of_session_[ports.session] = call;
  ++in_progress_;
  details_[call].called = number;
  CallDetails& details = begin_record(call, c.started);
  store::LegRecord& record = details.legs.emplace_back();
  record.agent = agent_names_[agent];
  record.offered = c.started;
  record.result = "ringing";
  run_center([&](auto& out) {
    center_.agent_event(acd::EventType::kOutboundStarted, agent, call, c.started, out);
  });
  return c;
}

void ServerImpl::outside_answered(std::uint64_t leg, const std::string& sdp) {
  PlacedLeg& l = legs_[leg];
  if (l.kind == LegKind::kDeskPhone) return desk_phone_answered(leg, l, sdp);
  l.answered = true;
  CallDetails& details = details_[l.call];
  if (l.record < details.legs.size()) {
    store::LegRecord& r = details.legs[l.record];
    r.sip_status = 200;
    r.result = "answered";
    r.answered = clock_.now();
  }
  auto it = calls_.find(l.call);
  auto agreed = media::negotiate_audio(sdp);
  if (l.cancelled || it == calls_.end() || !agreed.ok()) {
    sip_->hang_up_leg(leg);  // the call ended meanwhile, or an answer we cannot use
    return;
  }
  Call& c = it->second;
  if (l.kind == LegKind::kCallback) return callback_answered(leg, l.call, c, *agreed);
  // A transfer's far end is on the agent side of the relay; a call out's on the caller side.
  const media::Leg side = l.kind == LegKind::kTransfer ? media::Leg::kAgent : media::Leg::kCaller;
  join_leg(c, side, *agreed);
  if (side == media::Leg::kCaller) relay_->watch(c.session, side, true);
  stop_music(c);
  c.agent_leg = leg;
  // A call out from the phone is answered now; one from the desktop has its phone up.
  if (l.kind == LegKind::kCallOut && c.phone_leg == 0) {
    sip_->answer(l.call, c.phone_answer);
    relay_->watch(c.session, media::Leg::kAgent, true);
  }
  details.recording = recording_path(details.uid);
  relay_->record(c.session, details.recording);
  record_in_progress(l.call, acd::kNoAgent, clock_.now());
}

void ServerImpl::outside_failed(const PlacedLeg& l, int status) {
  auto it = calls_.find(l.call);
  if (it == calls_.end()) return;
  Call& c = it->second;
  c.far_end_hung_up = true;
  if (auto d = details_.find(l.call); d != details_.end() && l.record < d->second.legs.size())
    d->second.legs[l.record].result = outside_result(status);
  if (l.kind == LegKind::kCallback) return callback_failed(l, outside_result(status));
  if (l.kind == LegKind::kDeskPhone || c.phone_leg != 0) {
    release(l.call);  // the agent did not take its phone, or the number did not answer
    return;
  }
  if (l.kind == LegKind::kCallOut) {
    // The agent's phone hears what the far end said (busy, not reachable ...).
    sip_->reject(l.call, status >= 400 && status < 700 ? status : 503);
    release(l.call);
    return;
  }
  stop_music(c);
  c.hang_up_after_prompt = true;
  carry_out({.type = center::CenterCommand::Type::kPlay,
             .call = l.call,
             .prompt = "对不起，转接未成功，再见。 Sorry, we could not connect you. Goodbye."});
}

void ServerImpl::outside_call_ended(std::uint64_t call, Call& c) {
  const Time now = clock_.now();
  if (!c.transfer_to.empty()) {
    auto trace = transferred_.extract(call);
    if (!trace) return;  // the core has not finished the call yet: write_records will
    c.transfer_to.clear();
    auto details = details_.extract(call);
    CallDetails d = details ? std::move(details.mapped()) : CallDetails{};
    for (store::LegRecord& leg : d.legs)
      if (leg.ended == 0) leg.ended = now;
    trace.mapped().ended = now;
    store::CallRecord r = make_record(trace.mapped(), std::move(d), agent_names_);
    for (const store::LegRecord& leg : r.legs)  // the recording spans the transferred talk
      if (!r.recording.empty() && !leg.number.empty() && leg.answered)
        r.recording_length = now - leg.answered;
    records_->save({std::move(r)});
    return;
  }
  const acd::AgentId agent = c.calling_agent;
  c.calling_agent = acd::kNoAgent;
  auto details = details_.extract(call);
  CallDetails d = details ? std::move(details.mapped()) : CallDetails{};
  store::CallRecord r;
  r.uid = d.uid;
  r.direction = "outbound";
  r.caller = center_number();
  r.called = d.called;
  r.agent = agent_names_[agent];
  r.arrived = c.started;
  r.ended = now;
  std::string phone_result;  // a desktop's call: how the agent's phone took it
  for (store::LegRecord& leg : d.legs) {
    if (leg.ended == 0) leg.ended = now;
    if (leg.number.empty()) {
      phone_result = leg.result;
      continue;
    }
    if (leg.answered) r.answered = leg.answered;
    r.disposition = leg.result == "ringing" ? "cancelled" : leg.result;
  }
  r.hangup_cause = d.hangup_cause.empty() ? "bye" : d.hangup_cause;
  if (r.disposition.empty()) {  // the number was never called: the agent's phone failed
    r.disposition = "cancelled";
    r.hangup_cause = "agent_phone_";
    r.hangup_cause += phone_result == "ringing" ? "cancelled" : phone_result;
  }
  // The number called hung up or refused; else the agent's phone ended it (or gave up).
  r.hangup_side = c.far_end_hung_up ? "customer" : "agent";
  r.recording = d.recording;
  if (r.answered && !r.recording.empty()) r.recording_length = now - r.answered;
  r.legs = std::move(d.legs);
  records_->save({std::move(r)});
  const std::uint64_t id = call;
  run_center(
      [&](auto& out) { center_.agent_event(acd::EventType::kOutboundEnded, agent, id, now, out); });
}

namespace {
constexpr Duration kDeskPhoneRing = seconds(30);
}  // namespace

api::DialResult ServerImpl::desk_dial(acd::AgentId agent, const std::string& number) {
  using api::ActionResult;
  if (center_number().empty()) return {ActionResult::kNoTrunk, {}};
  switch (center_.routing().agent(agent).state) {
    case acd::AgentState::kLoggedOut:
    case acd::AgentState::kRinging:
    case acd::AgentState::kTalking:
      return {ActionResult::kWrongState, {}};
    default:
      break;
  }
  if (!phones_.has_phone(agent)) return {ActionResult::kUnreachable, {}};
  // Both sides are offered PCMU; their answers configure them.
  auto ports = relay_->open({media::Codec::kPcmu, 0, 101}, {media::Codec::kPcmu, 0, 101});
  if (!ports.ok()) return {ActionResult::kBusy, {}};
  const std::uint64_t call = new_id();  // no SIP call of its own
  Call& c = start_call_out(call, *ports, agent, number);
  c.caller_line = false;  // the agent's phone is a leg we place, not a call that came
  const Time now = c.started;
  const std::uint64_t leg = new_id();
  legs_[leg] = PlacedLeg{call, agent, false, false, 0, LegKind::kDeskPhone};
  c.ringing.push_back(leg);
  c.phone_leg = leg;
  desk_ring_deadlines_.emplace(now + kDeskPhoneRing, leg);
  // The phone shows the number it is about to call.
  sip_->ring_agent(leg, agent_names_[agent], number,
                   media::make_offer(settings_.rtp.address, c.agent_port, leg, 1), {});
  return {ActionResult::kDone, details_[call].uid};
}

void ServerImpl::desk_phone_answered(std::uint64_t phone_leg, PlacedLeg& phone,
                                     const std::string& sdp) {
  phone.answered = true;
  auto it = calls_.find(phone.call);
  auto agreed = media::negotiate_audio(sdp);
  if (it == calls_.end()) return sip_->hang_up_leg(phone_leg);  // the call ended meanwhile
  if (!agreed.ok()) return finish(phone.call);  // an answer we cannot use: BYE (release)
  Call& c = it->second;
  CallDetails& details = details_[phone.call];
  const Time now = clock_.now();
  if (phone.record < details.legs.size()) {
    details.legs[phone.record].result = "answered";
    details.legs[phone.record].answered = now;
    details.legs[phone.record].sip_status = 200;
  }
  join_leg(c, media::Leg::kAgent, *agreed);
  // Now the number: the agent hears it ring, or hears what fails.
  const std::uint64_t leg =
      add_outside_leg(phone.call, c, c.caller, phone.agent, LegKind::kCallOut);
  sip_->dial_out(leg, c.caller, {}, media::make_offer(settings_.rtp.address, c.caller_port, leg, 1),
                 {});
}

Time ServerImpl::next_desk_deadline() const {
  return desk_ring_deadlines_.empty() ? kNever : desk_ring_deadlines_.begin()->first;
}

void ServerImpl::desk_ring_timeouts(Time now) {
  while (!desk_ring_deadlines_.empty() && desk_ring_deadlines_.begin()->first <= now) {
    const std::uint64_t leg = desk_ring_deadlines_.begin()->second;
    desk_ring_deadlines_.erase(desk_ring_deadlines_.begin());
    auto l = legs_.find(leg);
    // Still ringing: CANCEL; its 487 ends the call (outside_failed).
    if (l != legs_.end() && !l->second.answered) sip_->stop_ringing(leg);
  }
}

}  // namespace hotline::server::detail
