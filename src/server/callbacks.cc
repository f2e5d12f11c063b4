// Virtual hold: a caller who has waited long enough is offered to leave its number
// (the queue's overflow rule `offer: callback`); pressing 1 ends its line while the
// call keeps its place. When an agent is free its phone rings, showing the number; once
// it answers, the number is dialled through the trunk on the caller's side of the relay
// and the two are bridged and recorded like any call. A number that does not answer
// ends the call back as callback_failed, with the reason.

#include "server/server_impl.h"

namespace hotline::server::detail {

namespace {

// Digits read one by one, as people say phone numbers ("1 3 8 ...").
std::string spoken_digits(const std::string& number) {
  std::string out;
  for (char ch : number) {
    if (!out.empty()) out += ' ';
    out += ch;
  }
  return out;
}

}  // namespace

void ServerImpl::offer_callback(std::uint64_t call, Call& c, const std::string& number) {
  const std::string digits = spoken_digits(number);
  say_now(call, c,
          "座席正忙。如需保留排队位置并由我们回电至 " + digits + "，请按1。 " +
              "All our agents are busy. To keep your place in line and be called back at " +
              digits + ", press 1.");
}

void ServerImpl::callback_accepted(std::uint64_t call, Call& c, const std::string& number) {
  stop_music(c);
  c.prompts_pending = 0;  // what was still being prepared (the offer) is not wanted
  c.hang_up_after_prompt = true;
  const std::string digits = spoken_digits(number);
  say_now(call, c,
          "好的，我们将回电至 " + digits +
              "，您的排队位置已保留。再见。 We will call you back at " + digits +
              ", and your place in line is kept. Goodbye.");
}

bool ServerImpl::open_callback(std::uint64_t call, const std::string& number,
                               const std::string& queue) {
  if (auto it = calls_.find(call); it != calls_.end()) {
    if (it->second.callback) return true;
    finish(call);  // still saying goodbye to the caller when an agent came free
  }
  // Both sides are offered PCMU; their answers configure them.
  auto ports = relay_->open({media::Codec::kPcmu, 0, 101}, {media::Codec::kPcmu, 0, 101});
  if (!ports.ok()) return false;
  // The number's side carries no RTP until it answers: not watched till then.
  relay_->watch(ports->session, media::Leg::kCaller, false);
  Call& c = calls_[call];
  c.session = ports->session;
  c.caller_port = ports->caller_port;
  c.agent_port = ports->agent_port;
  c.caller = number;
  c.queue = queue;
  c.callback = true;
  c.caller_line = false;
  call_of_session_[ports->session] = call;
  ++in_progress_;
  begin_record(call, clock_.now());  // its own record, kept if rung before
  return true;
}

void ServerImpl::dial_callback(std::uint64_t call, Call& c, acd::AgentId agent) {
  const std::uint64_t leg = add_outside_leg(call, c, c.caller, agent, LegKind::kCallback);
  sip_->dial_out(leg, c.caller, {}, media::make_offer(settings_.rtp.address, c.caller_port, leg, 1),
                 center_.ivr().path_header(call));
}

void ServerImpl::callback_answered(std::uint64_t leg, std::uint64_t call, Call& c,
                                   const media::AudioAgreement& agreed) {
  join_leg(c, media::Leg::kCaller, agreed);
  relay_->watch(c.session, media::Leg::kCaller, true);
  c.customer_leg = leg;
  CallDetails& details = details_[call];
  details.recording = recording_path(details.uid);
  relay_->record(c.session, details.recording);
  const auto agent_leg = legs_.find(c.agent_leg);
  record_in_progress(call, agent_leg == legs_.end() ? acd::kNoAgent : agent_leg->second.agent,
                     clock_.now());
}

void ServerImpl::callback_failed(const PlacedLeg& l, const char* why) {
  run_center([&](auto& out) { center_.callback_failed(l.call, why, clock_.now(), out); });
  finish(l.call);  // BYE to the agent's phone
}

}  // namespace hotline::server::detail
