// The center's commands carried out (core thread): one small function per
// CenterCommand type, called from carry_out() after every step of the core.

#include <algorithm>

#include "server/call_flows.h"

namespace hotline::server::detail {

const char* CallFlows::why_stop_ringing(std::uint64_t call) const {
  switch (center_.phase(call)) {
    case center::CallPhase::kGone:
      return "cancelled";  // the caller hung up or was sent elsewhere
    case center::CallPhase::kTalking:
      return "answered_elsewhere";  // ring-all: another agent was quicker
    default:
      return "no_answer";  // ring timeout
  }
}

void CallFlows::note_agent_state(const center::CenterCommand& cmd) {
  wallboard_.agent_changed(cmd.agent);
  if (auto uid = wrap_ups_.state_changed(cmd.agent, cmd.state))
    log_.writer().wrapup_ended(*uid, clock_.now());
}

void CallFlows::carry_out(const center::CenterCommand& cmd) {
  using Type = center::CenterCommand::Type;
  // A callback's caller is gone: the call gets media of its own to ring the agent.
  if (cmd.type == Type::kRingAgent && cmd.callback &&
      !callbacks_.open(cmd.call, cmd.number, cmd.queue)) {
    run_center([&](auto& out) {  // no RTP port now: offered again later
      center_.agent_event(acd::EventType::kAgentRejected, cmd.agent, cmd.call, clock_.now(), out);
    });
    return;
  }
  if (wallboard_.has_subscribers()) publish_command(cmd);
  if (cmd.type == Type::kAgentState) return note_agent_state(cmd);
  Call* found = calls_.find(cmd.call);
  if (!found) return;  // calls already gone
  Call& c = *found;
  switch (cmd.type) {
    case Type::kPlay:
      return play(cmd, c);
    case Type::kStopPlaying:
      return telephony_.stop_prompts(c);
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
      return callbacks_.offer(cmd.call, c, cmd.number);
    case Type::kCallbackAccepted:
      return callbacks_.accepted(cmd.call, c, cmd.number);
    case Type::kConnect:
      return connect(cmd, c);
    case Type::kAgentState:
    case Type::kOfferVoicemail:
      return;
    // Campaigns' commands: this server adds no campaign to the core yet.
    case Type::kDialOut:
    case Type::kAbandonOutbound:
    case Type::kPreview:
    case Type::kLeadDone:
    case Type::kNeedLeads:
      return;
  }
}

void CallFlows::play(const center::CenterCommand& cmd, Call& c) {
  // Synthesis and file reading block: the worker does them, then hands the audio
  // back here, where a barge-in in the meantime makes it stale.
  ++c.prompts_pending;
  const std::uint64_t call = cmd.call;
  const std::uint32_t generation = c.prompt_generation;
  prompt_worker_.post([this, call, generation, text = cmd.prompt] {
    auto pcm = prompts_.get(text);
    std::vector<std::int16_t> audio = pcm.ok() ? std::move(*pcm) : std::vector<std::int16_t>{};
    core_.post([this, call, generation, audio = std::move(audio)]() mutable {
      Call* c = calls_.find(call);
      if (!c || c->prompt_generation != generation) return;
      --c->prompts_pending;
      telephony_.play(*c, std::move(audio));
    });
  });
}

void CallFlows::transfer_when_said(const center::CenterCommand& cmd, Call& c) {
  telephony_.stop_music(c);
  c.transfer_to = cmd.number;
  // Otherwise dialled once the IVR's last words are said (on_media).
  if (c.prompts_pending == 0 && !c.audio_in_relay) outside_.start_transfer(cmd.call);
}

void CallFlows::hang_up_when_said(const center::CenterCommand& cmd, Call& c) {
  telephony_.stop_music(c);
  if (c.prompts_pending > 0 || c.audio_in_relay)
    c.hang_up_after_prompt = true;  // let the goodbye play
  else
    finish(cmd.call);
}

void CallFlows::ring_agent(const center::CenterCommand& cmd, Call& c) {
  const std::uint64_t leg = calls_.new_id();
  // An agent without a registered phone but with a remote seat is called at its number.
  const std::string* seat = agents_.phones().seat_to_dial(cmd.agent);
  const std::size_t record =
      log_.add_leg(cmd.call, agents_.name(cmd.agent), seat ? *seat : "", clock_.now());
  calls_.place(leg, {cmd.call, cmd.agent, false, false, record});
  c.ringing.push_back(leg);
  telephony_.ring_agent(leg, c, agents_.name(cmd.agent), seat, c.caller,
                        center_.ivr().path_header(cmd.call));
}

std::uint64_t CallFlows::add_outside_leg(std::uint64_t call, Call& c, const std::string& number,
                                         acd::AgentId agent, LegKind kind) {
  const std::uint64_t leg = calls_.new_id();
  calls_.place(leg,
               {call, agent, false, false, log_.add_leg(call, "", number, clock_.now()), kind});
  c.ringing.push_back(leg);
  return leg;
}

void CallFlows::say(std::uint64_t call, std::string text) {
  carry_out({.type = center::CenterCommand::Type::kPlay, .call = call, .prompt = std::move(text)});
}

void CallFlows::stop_ringing(const center::CenterCommand& cmd, Call& c) {
  for (std::uint64_t leg : c.ringing) {
    PlacedLeg* l = calls_.leg(leg);
    if (l && l->agent == cmd.agent && !l->answered && !l->cancelled) {
      log_.leg_cancelled(*l, why_stop_ringing(cmd.call));
      telephony_.cancel(leg);
    }
  }
  // A callback back in line has no caller to play to: its media waits for the next
  // agent's ring (Callbacks::open), not with ports held meanwhile.
  if (callbacks_.is_callback(cmd.call) && center_.phase(cmd.call) == center::CallPhase::kQueued &&
      std::none_of(c.ringing.begin(), c.ringing.end(), [&](std::uint64_t leg) {
        const PlacedLeg* l = calls_.leg(leg);
        return l && !l->answered && !l->cancelled;
      }))
    release(cmd.call);
}

void CallFlows::queued(const center::CenterCommand& cmd, Call& c) {
  c.waiting = true;
  c.queue = cmd.queue;
  log_.of(cmd.call).queued = cmd.since;
  wallboard_.call_queued(c.queue, cmd.call, cmd.since);
  if (c.prompts_pending == 0 && !c.audio_in_relay) telephony_.play_music(c);
}

void CallFlows::announce(const center::CenterCommand& cmd, Call& c) {
  // The place in line and the wait, in minutes rounded up.
  const long minutes = std::max<long>(1, static_cast<long>((cmd.wait + seconds(59)) / seconds(60)));
  ++announcements_;
  say_now(cmd.call, c,
          "您前面还有" + std::to_string(cmd.position) + "位客户，预计等待" +
              std::to_string(minutes) + "分钟。 You are number " + std::to_string(cmd.position) +
              " in line, about " + std::to_string(minutes) +
              (minutes == 1 ? " minute." : " minutes."));
}

void CallFlows::connect(const center::CenterCommand& cmd, Call& c) {
  // Caller and agent talk: no more prompts or hold music.
  c.waiting = c.music = false;
  if (!c.queue.empty()) wallboard_.call_answered(c.queue, cmd.call, cmd.wait);
  if (callbacks_.is_callback(cmd.call)) {
    callbacks_.dial(cmd.call, c, cmd.agent);  // recorded once the number answers
  } else {
    start_recording(cmd.call, c);
    record_in_progress(cmd.call, cmd.agent, clock_.now());
  }
  telephony_.stop_prompts(c);
}

}  // namespace hotline::server::detail
