// The flows of calls through the center, on the core thread: the SIP side's events
// handed over, a trunk call from its arrival through IVR and queue to the agent, the
// races of rings and answers, hold and re-offers, dead media, and every call's end.

#include "server/call_flows.h"

#include <algorithm>

namespace hotline::server::detail {

CallFlows::CallFlows(const config::CenterConfig& config, const ServerSettings& settings,
                     const Clock& clock, EventLoop& core, EventLoop& prompt_worker,
                     std::function<ServerStats()> stats)
    : clock_(clock),
      settings_(settings),
      center_(config.model, config.ivr, config.calendar),
      wallboard_(center_, clock_,
                 {config.kpi_rules, config.queue_boards, config.queue_titles,
                  seconds(60LL * config.calendar.utc_offset_minutes())}),
      agents_(center_, clock_, config, *this),
      prompts_(settings.prompt_dir, settings.cache_dir),
      code_titles_(config.code_titles),
      kpi_rules_(config.kpi_rules),
      services_(config.services),
      core_(core),
      prompt_worker_(prompt_worker),
      log_(core_, clock_,
           {agents_.names(), outbound_number(settings.sip), config.kpi_rules.short_abandon}),
      dispositions_(config.dispositions),
      aht_target_(config.aht_target),
      desk_gateway_(core_, *this, config, std::move(stats)) {}

void CallFlows::use(RecordWriter& records, store::RegistrationStore& registrations,
                    lookup::HttpLookup* lookups, api::ApiService* api) {
  log_.write_to(records);
  registrations_ = &registrations;
  lookups_ = lookups;
  wallboard_.set_events(api);
}

Time CallFlows::next_timer() const {
  return std::min(center_.next_timer(), outside_.next_deadline());
}

void CallFlows::tick(Time now) {
  run_center([&](auto& out) { center_.tick(now, out); });
  outside_.ring_timeouts(now);
}

void CallFlows::log_in_remote_seats() {
  core_.post([this] { agents_.log_in_remote_seats(); });
}

void CallFlows::add_stats(ServerStats& s) const {
  s.calls_answered = answered_;
  s.calls_rejected = telephony_.rejected();
  s.calls_in_progress = calls_.open_calls();
  s.announcements = announcements_;
  s.recording_pauses = recording_pauses_;
}

void CallFlows::on_trunk_call(std::uint64_t call, const std::string& caller,
                              const std::string& called, const std::string& sdp) {
  core_.post([this, call, caller, called, sdp] { arrive(call, caller, called, sdp); });
}

void CallFlows::on_phone_registered(const std::string& agent) {
  core_.post([this, agent] { agents_.phone_registered(agent); });
}

void CallFlows::on_binding_changed(const std::string& user,
                                   const std::optional<sip::Binding>& binding) {
  // Written by the record thread: the SIP thread never waits for the disk.
  store::RegistrationStore* registrations = registrations_;
  log_.writer().then([registrations, user, binding] {
    const Status s =
        binding ? registrations->keep({user, binding->contact, binding->expires_at, binding->route})
                : registrations->remove(user);
    if (!s.ok())
      std::fprintf(stderr, "hotline: registration of %s not kept: %s\n", user.c_str(),
                   s.message().c_str());
  });
}

void CallFlows::on_phone_unregistered(const std::string& agent) {
  core_.post([this, agent] { agents_.phone_unregistered(agent); });
}

void CallFlows::on_feature_code(std::uint64_t call, const std::string& agent,
                                const std::string& code, const std::string& sdp) {
  core_.post([this, call, agent, code, sdp] { feature_code(call, agent, code, sdp); });
}

void CallFlows::on_leg_answered(std::uint64_t leg, const std::string& sdp) {
  core_.post([this, leg, sdp] { agent_answered(leg, sdp); });
}

void CallFlows::on_leg_failed(std::uint64_t leg, int status) {
  core_.post([this, leg, status] {
    const std::optional<PlacedLeg> dropped = calls_.drop_leg(leg);
    if (!dropped) return;
    const PlacedLeg& l = *dropped;
    const char* result = status == 486 || status == 600 || status == 603 ? "busy"
                         : status == 408 || status == 480                ? "unreachable"
                                                                         : "failed";
    // An outside number's outcome is named by OutsideCalls (a 487 there is no answer).
    log_.leg_ended(l, l.cancelled || l.kind != LegKind::kAgent ? nullptr : result, status);
    if (l.cancelled) return;  // our CANCEL's 487
    if (l.kind != LegKind::kAgent) return outside_.failed(l, status);
    run_center([&](auto& out) {
      center_.agent_event(acd::EventType::kAgentRejected, l.agent, l.call, clock_.now(), out);
    });
  });
}

void CallFlows::on_leg_hung_up(std::uint64_t leg) {
  core_.post([this, leg] {
    agent_hung_up(leg);
    confirm_bye_when_stored(sip::Side::kAgent, leg);
  });
}

void CallFlows::confirm_bye_when_stored(sip::Side side, std::uint64_t id) {
  log_.writer().then([this, side, id] { telephony_.confirm_bye(side, id); });
}

void CallFlows::agent_hung_up(std::uint64_t leg) {
  const std::optional<PlacedLeg> dropped = calls_.drop_leg(leg);
  if (!dropped) return;
  const PlacedLeg& l = *dropped;
  log_.leg_ended(l, nullptr, 0);
  Call* call = calls_.find(l.call);
  if (call && outside_.phone_leg(l.call) == leg) {
    outside_.phone_hung_up(l.call);  // the agent hung up its phone: the desktop's call ends
    return finish(l.call);
  }
  if (call && callbacks_.customer_leg(l.call) == leg) {
    callbacks_.customer_hung_up(l.call);
    run_center([&](auto& out) {
      center_.call_ended(l.call, clock_.now(), out, center::HangupSide::kCaller);
    });
    return finish(l.call);
  }
  if (!call || call->agent_leg != leg) return;
  call->agent_leg = 0;  // already gone on the agent side
  call->far_end_hung_up = true;
  agent_ended(l.call);
  finish(l.call);
}

void CallFlows::on_reoffer(sip::Side side, std::uint64_t id, const std::string& sdp) {
  core_.post([this, side, id, sdp] { reoffer(side, id, sdp); });
}

void CallFlows::on_call_gone(std::uint64_t call) {
  core_.post([this, call] {
    run_center([&](auto& out) {
      if (stopping_ && center_.phase(call) == center::CallPhase::kTalking)
        center_.call_ended(call, clock_.now(), out, center::HangupSide::kCenter);
      else
        center_.caller_hung_up(call, clock_.now(), out);
    });
    release(call);
    confirm_bye_when_stored(sip::Side::kCaller, call);
  });
}

void CallFlows::on_agent_dial(std::uint64_t call, const std::string& agent,
                              const std::string& number, const std::string& sdp) {
  core_.post([this, call, agent, number, sdp] { outside_.agent_dial(call, agent, number, sdp); });
}

void CallFlows::on_caller_ack(std::uint64_t call, const std::string& sdp) {
  core_.post([this, call, sdp] { caller_acked(call, sdp); });
}

void CallFlows::caller_acked(std::uint64_t call, const std::string& sdp) {
  Call* found = calls_.find(call);
  if (!found || !found->answer_in_ack) return;
  Call& c = *found;
  if (telephony_.take_ack_answer(call, c, sdp)) return;
  // No usable answer to our offer: the caller's side cannot carry audio (RFC 3261
  // §13.2.1 leaves only hanging up); its record says why.
  if (CallDetails* d = log_.find(call)) d->hangup_cause = "bad_sdp";
  run_center([&](auto& out) { center_.caller_hung_up(call, clock_.now(), out); });
  finish(call);
}

void CallFlows::arrive(std::uint64_t call, const std::string& caller, const std::string& called,
                       const std::string& sdp) {
  const Time now = clock_.now();  // when it came in: before answering takes any time
  Call* c = telephony_.answer(call, sdp);
  if (!c) return;
  c->caller = caller;
  ++answered_;
  log_.of(call).called = called;
  log_.begin(call, *c, now);
  run_center([&](auto& out) { center_.call_arrived(call, now, caller, out); });
}

void CallFlows::rtp_timeout(std::uint64_t call, media::Leg leg) {
  Call* found = calls_.find(call);
  if (!found) return;
  Call& c = *found;
  if (CallDetails* d = log_.find(call)) d->hangup_cause = "rtp_timeout";
  if (c.is_outside()) return finish(call);  // no agent of ours behind a silent line
  if (leg == media::Leg::kCaller) {
    run_center([&](auto& out) {
      if (callbacks_.is_callback(call))  // the number called back went silent
        center_.call_ended(call, clock_.now(), out, center::HangupSide::kCaller);
      else
        center_.caller_hung_up(call, clock_.now(), out);
    });
    finish(call);
    return;
  }
  const PlacedLeg* l = calls_.leg(c.agent_leg);
  if (!l) return;
  const acd::AgentId agent = l->agent;
  agent_ended(call);
  finish(call);  // BYE to both
  run_center([&](auto& out) {
    center_.agent_event(acd::EventType::kAgentNotReady, agent, 0, clock_.now(), out,
                        center_.routing().no_answer_reason());
  });
}

void CallFlows::reoffer(sip::Side side, std::uint64_t id, const std::string& sdp) {
  std::uint64_t call = id;
  if (side == sip::Side::kAgent) {
    const PlacedLeg* l = calls_.leg(id);
    if (!l) return telephony_.refuse_reoffer(side, id, 481);
    call = l->call;
  }
  Call* found = calls_.find(call);
  if (!found) return telephony_.refuse_reoffer(side, id, 481);
  Call& c = *found;
  // On a call out the call that came in is the agent's phone, the leg placed the customer.
  const bool from_agent = (side == sip::Side::kAgent) != (c.calling_agent != acd::kNoAgent);
  const std::optional<bool> held = telephony_.answer_reoffer(
      side, id, c, from_agent ? media::Leg::kAgent : media::Leg::kCaller, sdp);
  if (held && from_agent) set_hold(call, c, HoldBy::kPhone, *held);
}

void CallFlows::on_media(const media::MediaEvent& e) {
  const std::uint64_t call = calls_.call_of_session(e.session);
  if (call == 0) return;
  Call& c = *calls_.find(call);
  if (e.type == media::MediaEvent::Type::kRtpTimeout) {
    rtp_timeout(call, e.leg);
    return;
  }
  if (e.type == media::MediaEvent::Type::kDigit) {
    if (e.leg == media::Leg::kAgent)
      agent_key(call, c, e.digit);
    else
      run_center([&](auto& out) { center_.key(call, e.digit, clock_.now(), out); });
    return;
  }
  // The relay ran dry. Hold music goes round again; if more audio is still being
  // prepared, the prompt goes on.
  if (controls_.on_hold(call)) {
    telephony_.hold_music(c, true);
    return;
  }
  c.audio_in_relay = false;
  c.music = false;
  if (c.waiting) {  // an announcement ended, or the music did: music (again)
    if (c.prompts_pending == 0) telephony_.play_music(c);
    return;
  }
  if (c.prompts_pending > 0) return;
  if (c.hang_up_after_prompt) {
    finish(call);
    return;
  }
  if (!c.transfer_to.empty() && !outside_.transfer_placed(call)) {
    outside_.start_transfer(call);
    return;
  }
  run_center([&](auto& out) { center_.prompt_finished(call, clock_.now(), out); });
}

void CallFlows::agent_key(std::uint64_t call, Call& c, char key) {
  // Keys from an outside party (a transfer's far end) control nothing.
  if (!c.transfer_to.empty()) return;
  if (const std::optional<bool> pause = controls_.agent_key(call, key)) {
    telephony_.pause_recording(c, *pause);
    ++recording_pauses_;
  }
}

void CallFlows::start_lookup(std::uint64_t call, const std::string& service_name) {
  const lookup::LookupService* service = nullptr;
  for (const lookup::LookupService& s : services_)
    if (s.name == service_name) service = &s;
  if (!service || !lookups_) {  // the flow's failure path
    run_center([&](auto& out) { center_.lookup_result(call, false, {}, clock_.now(), out); });
    return;
  }
  std::string url = lookup::expand_url(
      service->url, [&](const std::string& name) { return center_.ivr().variable(call, name); });
  lookups_->lookup(
      *service, std::move(url), [this, call, name = service->name](lookup::LookupResult result) {
        if (!result.ok)
          std::fprintf(stderr, "hotline: lookup '%s' for call %llu failed: %s\n", name.c_str(),
                       static_cast<unsigned long long>(call), result.error.c_str());
        core_.post([this, call, result = std::move(result)] {
          run_center([&](auto& out) {
            center_.lookup_result(call, result.ok, result.values, clock_.now(), out);
          });
        });
      });
}

void CallFlows::say_now(std::uint64_t call, Call& c, std::string text) {
  telephony_.interrupt(c);  // what plays (the music) stops for it
  say(call, std::move(text));
}

void CallFlows::agent_answered(std::uint64_t leg, const std::string& sdp) {
  PlacedLeg* placed = calls_.leg(leg);
  if (!placed) return;
  if (placed->kind != LegKind::kAgent) return outside_.answered(leg, sdp);
  PlacedLeg& l = *placed;
  l.answered = true;
  log_.leg_answered(l);
  Call* call = calls_.find(l.call);
  if (l.cancelled || !call || !telephony_.join(*call, media::Leg::kAgent, sdp)) {
    telephony_.hang_up_leg(leg);  // answered too late (CANCEL crossed the 200), or unusable
    return;
  }
  const acd::AgentId agent = l.agent;
  const std::uint64_t call_id = l.call;
  run_center([&](auto& out) {
    center_.agent_event(acd::EventType::kAgentAnswered, agent, call_id, clock_.now(), out);
  });
  if (center_.phase(call_id) == center::CallPhase::kTalking &&
      center_.routing().agent(agent).call == call_id) {
    call->agent_leg = leg;
  } else {
    telephony_.hang_up_leg(leg);  // the core had moved on (ring timeout crossed the answer)
  }
}

void CallFlows::agent_ended(std::uint64_t call) {
  // A shutdown hangs up every call: neither the agent nor the caller ended it.
  const auto side = stopping_ ? center::HangupSide::kCenter : center::HangupSide::kAgent;
  run_center([&](auto& out) {
    // Before the number answered: not reached.
    if (callbacks_.is_callback(call) && callbacks_.customer_leg(call) == 0)
      center_.callback_failed(call, "cancelled", clock_.now(), out, side);
    else
      center_.call_ended(call, clock_.now(), out, side);
  });
}

void CallFlows::finish(std::uint64_t call) {
  telephony_.hang_up_caller(call, calls_.find(call));
  release(call);
}

void CallFlows::release(std::uint64_t call) {
  Call* found = calls_.find(call);
  if (!found) return;
  Call& c = *found;
  for (std::uint64_t leg : c.ringing) {
    PlacedLeg* l = calls_.leg(leg);
    if (l && !l->answered && !l->cancelled) {
      log_.leg_cancelled(*l, "cancelled");  // the caller is gone
      telephony_.cancel(leg);
    }
  }
  for (std::uint64_t placed :
       {c.agent_leg, outside_.phone_leg(call), callbacks_.customer_leg(call)}) {
    // Ringing legs were CANCELled above; legs already ended (failed, hung up) are gone.
    const PlacedLeg* l = placed == 0 ? nullptr : calls_.leg(placed);
    if (!l || !l->answered) continue;
    telephony_.hang_up_leg(placed);
    calls_.drop_leg(placed);  // our BYE: nothing more is heard of the leg
  }
  if (c.is_outside()) outside_.ended(call, c);
  callbacks_.forget(call);
  controls_.forget(call);
  telephony_.close(call, c);
}

}  // namespace hotline::server::detail
