// The center's commands carried out (core thread): one small function per
// CenterCommand type, called from carry_out() after every step of the core.

#include <algorithm>

#include "server/server_impl.h"

namespace hotline::server::detail {

const char* ServerImpl::why_stop_ringing(std::uint64_t call) const {
  switch (center_.phase(call)) {
    case center::CallPhase::kGone:
      return "cancelled";  // the caller hung up or was sent elsewhere
    case center::CallPhase::kTalking:
      return "answered_elsewhere";  // ring-all: another agent was quicker
    default:
      return "no_answer";  // ring timeout
  }
}

void ServerImpl::note_agent_state(const center::CenterCommand& cmd) {
  wallboard_.agent_changed(cmd.agent);
  if (auto uid = wrap_ups_.state_changed(cmd.agent, cmd.state))
    records_->wrapup_ended(*uid, clock_.now());
}

void ServerImpl::carry_out(const center::CenterCommand& cmd) {
  using Type = center::CenterCommand::Type;
  // A callback's caller is gone: the call gets media of its own to ring the agent.
  if (cmd.type == Type::kRingAgent && cmd.callback &&
      !open_callback(cmd.call, cmd.number, cmd.queue)) {
    run_center([&](auto& out) {  // no RTP port now: offered again later
      center_.agent_event(acd::EventType::kAgentRejected, cmd.agent, cmd.call, clock_.now(), out);
    });
    return;
  }
  if (wallboard_.has_subscribers()) publish_command(cmd);
  if (cmd.type == Type::kAgentState) return note_agent_state(cmd);
  auto it = calls_.find(cmd.call);
  if (it == calls_.end()) return;  // calls already gone
  Call& c = it->second;
  switch (cmd.type) {
    case Type::kPlay:
      return play(cmd, c);
    case Type::kStopPlaying:
      return stop_prompts(c);
    case Type::kLookup:
      return start_lookup(cmd.call, cmd.service);
    case Type::kTransfer:
      return transfer_when_said(cmd, c);
    case Type::kHangup:
      return hang_up_when_said(cmd, c);
    case Type::kRingAgent:
      return ring_agent(cmd, c);
    case Type::kStopRinging:
      return stop_ringing(cmd, c);
    case Type::kQueued:
      return queued(cmd, c);
    case Type::kAnnounce:
      return announce(cmd, c);
    case Type::kOfferCallback:
      return offer_callback(cmd.call, c, cmd.number);
    case Type::kCallbackAccepted:
      return callback_accepted(cmd.call, c, cmd.number);
    case Type::kConnect:
      return connect(cmd, c);
    case Type::kAgentState:
    case Type::kOfferVoicemail:
      return;
  }
}

void ServerImpl::play(const center::CenterCommand& cmd, Call& c) {
  // Synthesis and file reading block: the worker does them, then hands the audio
  // back here, where a barge-in in the meantime makes it stale.
  ++c.prompts_pending;
  const std::uint64_t call = cmd.call;
  const std::uint32_t generation = c.prompt_generation;
  prompt_worker_.post([this, call, generation, text = cmd.prompt] {
    auto pcm = prompts_.get(text);
    std::vector<std::int16_t> audio = pcm.ok() ? std::move(*pcm) : std::vector<std::int16_t>{};
    core_.post([this, call, generation, audio = std::move(audio)]() mutable {
      auto it = calls_.find(call);
      if (it == calls_.end() || it->second.prompt_generation != generation) return;
      --it->second.prompts_pending;
      it->second.audio_in_relay = true;
      relay_->play(it->second.session, std::move(audio));
    });
  });
}

void ServerImpl::stop_prompts(Call& c) {
  ++c.prompt_generation;
  c.prompts_pending = 0;
  c.audio_in_relay = false;
  relay_->stop_playing(c.session);
}

void ServerImpl::transfer_when_said(const center::CenterCommand& cmd, Call& c) {
  stop_music(c);
  c.transfer_to = cmd.number;
  // Otherwise dialled once the IVR's last words are said (on_media).
  if (c.prompts_pending == 0 && !c.audio_in_relay) start_transfer(cmd.call);
}

void ServerImpl::hang_up_when_said(const center::CenterCommand& cmd, Call& c) {
  stop_music(c);
  if (c.prompts_pending > 0 || c.audio_in_relay)
    c.hang_up_after_prompt = true;  // let the goodbye play
  else
    finish(cmd.call);
}

void ServerImpl::ring_agent(const center::CenterCommand& cmd, Call& c) {
  const std::uint64_t leg = new_id();
  std::vector<store::LegRecord>& leg_records = details_[cmd.call].legs;
  store::LegRecord& record = leg_records.emplace_back();
  record.agent = agent_names_[cmd.agent];
  record.offered = clock_.now();
  record.result = "ringing";
  legs_[leg] = PlacedLeg{cmd.call, cmd.agent, false, false, leg_records.size() - 1};
  c.ringing.push_back(leg);
  const std::string offer = media::make_offer(settings_.rtp.address, c.agent_port, leg, 1);
  // An agent without a registered phone but with a remote seat is called at its number.
  if (const std::string* seat = phones_.seat_to_dial(cmd.agent)) {
    record.number = *seat;
    sip_->dial_out(leg, *seat, c.caller, offer, center_.ivr().path_header(cmd.call));
  } else {
    sip_->ring_agent(leg, agent_names_[cmd.agent], c.caller, offer,
                     center_.ivr().path_header(cmd.call));
  }
}

void ServerImpl::stop_ringing(const center::CenterCommand& cmd, Call& c) {
  for (std::uint64_t leg : c.ringing) {
    auto l = legs_.find(leg);
    if (l != legs_.end() && l->second.agent == cmd.agent && !l->second.answered &&
        !l->second.cancelled) {
      leg_cancelled(l->second, why_stop_ringing(cmd.call));
      sip_->stop_ringing(leg);
    }
  }
  // A callback back in line has no caller to play to: its media waits for the next
  // agent's ring (open_callback), not with ports held meanwhile.
  if (c.callback && center_.phase(cmd.call) == center::CallPhase::kQueued &&
      std::none_of(c.ringing.begin(), c.ringing.end(), [&](std::uint64_t leg) {
        auto l = legs_.find(leg);
        return l != legs_.end() && !l->second.answered && !l->second.cancelled;
      }))
    release(cmd.call);
}

void ServerImpl::queued(const center::CenterCommand& cmd, Call& c) {
  c.waiting = true;
  c.queue = cmd.queue;
  details_[cmd.call].queued = cmd.since;
  wallboard_.call_queued(c.queue, cmd.call, cmd.since);
  if (c.prompts_pending == 0 && !c.audio_in_relay) play_music(c);
}

void ServerImpl::announce(const center::CenterCommand& cmd, Call& c) {
  // The place in line and the wait, in minutes rounded up.
  const long minutes = std::max<long>(1, static_cast<long>((cmd.wait + seconds(59)) / seconds(60)));
  ++announcements_;
  say_now(cmd.call, c,
          "您前面还有" + std::to_string(cmd.position) + "位客户，预计等待" +
              std::to_string(minutes) + "分钟。 You are number " + std::to_string(cmd.position) +
              " in line, about " + std::to_string(minutes) +
              (minutes == 1 ? " minute." : " minutes."));
}

void ServerImpl::connect(const center::CenterCommand& cmd, Call& c) {
  // Caller and agent talk: no more prompts or hold music.
  c.waiting = c.music = false;
  if (!c.queue.empty()) wallboard_.call_answered(c.queue, cmd.call, cmd.wait);
  if (c.callback) {
    dial_callback(cmd.call, c, cmd.agent);  // recorded once the number answers
  } else {
    CallDetails& details = details_[cmd.call];
    details.recording = recording_path(details.uid);
    relay_->record(c.session, details.recording);
    record_in_progress(cmd.call, cmd.agent, clock_.now());
  }
  stop_prompts(c);
}

}  // namespace hotline::server::detail
