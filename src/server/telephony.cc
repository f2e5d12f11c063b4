#include "server/telephony.h"

#include <cassert>
#include <cstdio>

namespace hotline::server::detail {

namespace {

constexpr media::LegSetup kPcmuOffer{media::Codec::kPcmu, 0, 101};  // what make_offer offers

media::LegSetup setup_of(const media::AudioAgreement& agreed) {
  return {agreed.codec, agreed.payload_type, agreed.telephone_event_pt};
}

}  // namespace

Telephony::Telephony(const EventLoop& owner, CallTable& calls, std::string rtp_address)
    : owner_(owner), calls_(calls), rtp_address_(std::move(rtp_address)) {}

void Telephony::attach(sip::SipServer& sip, media::RtpRelay& relay,
                       std::vector<std::int16_t> hold_music) {
  sip_ = &sip;
  relay_ = &relay;
  hold_music_ = std::move(hold_music);
}

std::string Telephony::offer(const Call& c, media::Leg side, std::uint64_t id) const {
  return media::make_offer(rtp_address_, side == media::Leg::kCaller ? c.caller_port : c.agent_port,
                           id, 1);
}

Call* Telephony::answer(std::uint64_t call, const std::string& sdp) {
  assert(on_owner());
  const bool delayed = sdp.empty();
  auto agreed = delayed ? media::AudioAgreement{} : media::negotiate_audio(sdp);
  if (!agreed.ok()) {
    refuse(call, 488);
    ++rejected_;
    return nullptr;
  }
  if (delayed) agreed->telephone_event_pt = kPcmuOffer.telephone_event_pt;
  auto ports = relay_->open(setup_of(*agreed), kPcmuOffer);
  if (!ports.ok()) {
    refuse(call, 503);
    ++rejected_;
    return nullptr;
  }
  if (!delayed)
    relay_->set_peer(ports->session, media::Leg::kCaller, agreed->remote_address,
                     agreed->remote_port);
  Call& c = calls_.open(call, *ports);
  c.answer_in_ack = delayed;
  sip_->answer(call, delayed ? offer(c, media::Leg::kCaller, call)
                             : media::make_answer(*agreed, rtp_address_, c.caller_port, call, 1));
  return &c;
}

bool Telephony::take_ack_answer(std::uint64_t call, Call& c, const std::string& sdp) {
  assert(on_owner());
  c.answer_in_ack = false;
  auto agreed = media::negotiate_audio(sdp);
  if (agreed.ok()) {
    relay_->configure(c.session, media::Leg::kCaller, setup_of(*agreed));
    relay_->set_peer(c.session, media::Leg::kCaller, agreed->remote_address, agreed->remote_port);
    return true;
  }
  std::fprintf(stderr, "hotline: call %llu: the ACK brought no usable answer (%s): hung up\n",
               static_cast<unsigned long long>(call), agreed.status().message().c_str());
  return false;
}

void Telephony::refuse(std::uint64_t call, int status) {
  assert(on_owner());
  sip_->reject(call, status);
}

void Telephony::answer_phone(std::uint64_t call, const Call& c, const std::string& sdp) {
  assert(on_owner());
  sip_->answer(call, sdp);
  relay_->watch(c.session, media::Leg::kAgent, true);
}

Call* Telephony::open_placed(std::uint64_t call) {
  assert(on_owner());
  // Both sides are offered PCMU; their answers configure them.
  auto ports = relay_->open(kPcmuOffer, kPcmuOffer);
  if (!ports.ok()) return nullptr;
  // The number's side sends nothing while it rings, however long: watched once answered.
  relay_->watch(ports->session, media::Leg::kCaller, false);
  return &calls_.open(call, *ports);
}

Call* Telephony::open_call_out(std::uint64_t call, const std::string& sdp,
                               std::string& phone_answer) {
  assert(on_owner());
  auto agreed = media::negotiate_audio(sdp);
  if (!agreed.ok()) {
    ++rejected_;
    refuse(call, 488);
    return nullptr;
  }
  // The customer (caller side) is offered PCMU now; its answer configures that side.
  auto ports = relay_->open(kPcmuOffer, setup_of(*agreed));
  if (!ports.ok()) {
    ++rejected_;
    refuse(call, 503);
    return nullptr;
  }
  relay_->set_peer(ports->session, media::Leg::kAgent, agreed->remote_address, agreed->remote_port);
  // The phone hears our answer only when the number answers: it cannot send before.
  relay_->watch(ports->session, media::Leg::kAgent, false);
  relay_->watch(ports->session, media::Leg::kCaller, false);  // ringing: silent
  Call& c = calls_.open(call, *ports);
  phone_answer = media::make_answer(*agreed, rtp_address_, c.agent_port, call, 1);
  return &c;
}

void Telephony::ring_agent(std::uint64_t leg, const Call& c, const std::string& agent,
                           const std::string* seat, const std::string& caller,
                           const std::string& ivr_path) {
  assert(on_owner());
  if (seat)
    sip_->dial_out(leg, *seat, caller, offer(c, media::Leg::kAgent, leg), ivr_path);
  else
    sip_->ring_agent(leg, agent, caller, offer(c, media::Leg::kAgent, leg), ivr_path);
}

void Telephony::dial(std::uint64_t leg, const Call& c, media::Leg side, const std::string& number,
                     const std::string& caller, const std::string& ivr_path) {
  assert(on_owner());
  sip_->dial_out(leg, number, caller, offer(c, side, leg), ivr_path);
}

bool Telephony::join(Call& c, media::Leg side, const std::string& sdp) {
  assert(on_owner());
  auto agreed = media::negotiate_audio(sdp);
  if (!agreed.ok()) return false;
  relay_->configure(c.session, side, setup_of(*agreed));
  relay_->set_peer(c.session, side, agreed->remote_address, agreed->remote_port);
  return true;
}

void Telephony::watch(const Call& c, media::Leg side, bool watched) {
  assert(on_owner());
  relay_->watch(c.session, side, watched);
}

void Telephony::cancel(std::uint64_t leg) {
  assert(on_owner());
  sip_->stop_ringing(leg);
}

void Telephony::hang_up_leg(std::uint64_t leg) {
  assert(on_owner());
  sip_->hang_up_leg(leg);
}

std::optional<bool> Telephony::answer_reoffer(sip::Side sip_side, std::uint64_t id, Call& c,
                                              media::Leg side, const std::string& sdp) {
  assert(on_owner());
  auto agreed = media::negotiate_audio(sdp);
  if (!agreed.ok()) {
    refuse_reoffer(sip_side, id, 488);
    return std::nullopt;
  }
  relay_->configure(c.session, side, setup_of(*agreed));
  if (!agreed->on_hold())
    relay_->set_peer(c.session, side, agreed->remote_address, agreed->remote_port);
  relay_->watch(c.session, side, !agreed->on_hold());  // a side on hold may fall silent
  const int port = side == media::Leg::kCaller ? c.caller_port : c.agent_port;
  sip_->answer_reoffer(sip_side, id, 200,
                       media::make_answer(*agreed, rtp_address_, port, id, ++c.sdp_version));
  return agreed->on_hold();
}

void Telephony::refuse_reoffer(sip::Side sip_side, std::uint64_t id, int status) {
  assert(on_owner());
  sip_->answer_reoffer(sip_side, id, status, {});
}

void Telephony::play(Call& c, std::vector<std::int16_t> audio) {
  assert(on_owner());
  c.audio_in_relay = true;
  relay_->play(c.session, std::move(audio));
}

void Telephony::play_music(Call& c) {
  assert(on_owner());
  c.audio_in_relay = c.music = true;
  relay_->play(c.session, hold_music_);
}

void Telephony::stop_music(Call& c) {
  assert(on_owner());
  c.waiting = false;
  if (!c.music) return;
  c.music = c.audio_in_relay = false;
  relay_->stop_playing(c.session);
}

void Telephony::stop_prompts(Call& c) {
  assert(on_owner());
  ++c.prompt_generation;
  c.prompts_pending = 0;
  c.audio_in_relay = false;
  relay_->stop_playing(c.session);
}

void Telephony::interrupt(Call& c) {
  assert(on_owner());
  ++c.prompt_generation;
  relay_->stop_playing(c.session);
  c.audio_in_relay = c.music = false;
}

void Telephony::hold_music(Call& c, bool on) {
  assert(on_owner());
  if (on) return relay_->play(c.session, hold_music_);
  ++c.prompt_generation;
  relay_->stop_playing(c.session);
}

void Telephony::part(Call& c, bool parted) {
  assert(on_owner());
  relay_->part(c.session, parted);
}

void Telephony::silence(const Call& c) {
  assert(on_owner());
  relay_->stop_playing(c.session);
}

void Telephony::forget_agent_side(const Call& c) {
  assert(on_owner());
  relay_->forget_peer(c.session, media::Leg::kAgent);
}

void Telephony::record(const Call& c, const std::string& path) {
  assert(on_owner());
  relay_->record(c.session, path);
}

void Telephony::pause_recording(const Call& c, bool paused) {
  assert(on_owner());
  relay_->pause_recording(c.session, paused);
}

void Telephony::stop_recording(const Call& c) {
  assert(on_owner());
  relay_->stop_recording(c.session);
}

void Telephony::hang_up_caller(std::uint64_t call, const Call* c) {
  assert(on_owner());
  if (!c || c->caller_line) sip_->hang_up(call);
}

void Telephony::confirm_bye(sip::Side side, std::uint64_t id) {
  sip_->confirm_bye(side, id);
}

void Telephony::close(std::uint64_t call, const Call& c) {
  assert(on_owner());
  relay_->close(c.session);
  calls_.close(call);
}

}  // namespace hotline::server::detail
