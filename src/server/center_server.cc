#include "server/center_server.h"

#include <algorithm>
#include <atomic>
#include <ctime>
#include <filesystem>
#include <unordered_map>
#include <unordered_set>

#include "center/call_center.h"
#include "media/prompts.h"
#include "media/sdp.h"
#include "report/call_kpis.h"
#include "server/call_records.h"
#include "server/server_impl.h"
#include "store/stores.h"

namespace hotline::server {

namespace detail {

ServerImpl::ServerImpl(const config::CenterConfig& config, const ServerSettings& settings,
                       const ServerDeps& deps)
    : clock_(*deps.clock),
      start_sip_(deps.start_sip),
      start_relay_(deps.start_relay),
      settings_(settings),
      center_(config.model, config.ivr, config.calendar),
      wallboard_(center_, clock_,
                 {config.kpi_rules, config.queue_boards, config.queue_titles,
                  seconds(60LL * config.calendar.utc_offset_minutes())}),
      agents_(center_, clock_, config,
              [this](const AgentStates::Event& event) { run_center(event); }),
      prompts_(settings.prompt_dir, settings.cache_dir),
      code_titles_(config.code_titles),
      kpi_rules_(config.kpi_rules),
      services_(config.services),
      log_(core_, clock_,
           {agents_.names(), outbound_number(settings.sip), config.kpi_rules.short_abandon}),
      dispositions_(config.dispositions),
      aht_target_(config.aht_target),
      desk_gateway_(core_, *this, config, [this] { return stats(); }) {}

Status ServerImpl::run() {
  std::error_code ec;
  std::filesystem::create_directories(settings_.data_dir, ec);
  if (ec) return Status::io_error("data directory " + settings_.data_dir + ": " + ec.message());
  std::unique_ptr<store::CallStore> store;  // the record writer's, once the day is rebuilt
  if (Status s = store::open(settings_.data_dir, store); !s.ok()) return s;
  const std::string recordings_dir =
      (std::filesystem::path(settings_.data_dir) / "recordings").string();
  auto interrupted = close_interrupted_calls(*store, recordings_dir);
  if (!interrupted.ok()) return interrupted.status();
  if (*interrupted > 0)
    std::fprintf(stderr, "hotline: %zu calls cut off by the last stop recorded as interrupted\n",
                 *interrupted);
  if (Status s = rebuild_today(*store, clock_.now()); !s.ok()) return s;
  auto records = RecordWriter::start(std::move(store));
  if (!records.ok()) return records.status();
  records_ = std::move(*records);
  log_.write_to(*records_);
  auto recorder = media::Recorder::start(recordings_dir);
  if (!recorder.ok()) return recorder.status();
  recorder_ = std::move(*recorder);
  auto relay = start_relay_(
      settings_.rtp, [this](const media::MediaEvent& e) { core_.post([this, e] { on_media(e); }); },
      recorder_.get());
  if (!relay.ok()) return relay.status();
  relay_ = std::move(*relay);
  // Before the core thread starts: it reads api_ without a lock.
  if (settings_.api) {
    for (Status s : {store::open(settings_.data_dir, service_store_),
                     store::open(settings_.data_dir, customer_store_),
                     store::open(settings_.data_dir, knowledge_store_),
                     store::open(settings_.data_dir, ticket_store_),
                     store::open(settings_.data_dir, call_reader_)})
      if (!s.ok()) return s;
    api::ApiSettings api_settings = *settings_.api;
    api_settings.recordings_dir =
        (std::filesystem::path(settings_.data_dir) / "recordings").string();
    auto api =
        api::ApiService::start(api_settings,
                               {service_store_.get(), customer_store_.get(), knowledge_store_.get(),
                                ticket_store_.get(), call_reader_.get()},
                               &desk_gateway_);
    if (!api.ok()) return api.status();
    api_ = std::move(*api);
    wallboard_.set_events(api_.get());
  }
  if (Status s = prompt_worker_.start(); !s.ok()) return s;
  if (!services_.empty()) lookups_ = std::make_unique<lookup::HttpLookup>();
  if (Status s =
          core_.start([this] { return std::min(center_.next_timer(), outside_.next_deadline()); },
                      [this] {
                        const Time now = clock_.now();
                        run_center([&](auto& out) { center_.tick(now, out); });
                        outside_.ring_timeouts(now);
                      });
      !s.ok())
    return s;
  // Phones registered before the restart are still there: their agents stay logged in.
  if (Status s = store::open(settings_.data_dir, registrations_); !s.ok()) {
    stop();
    return s;
  }
  sip::SipSettings sip_settings = settings_.sip;
  if (auto kept = registrations_->live(clock_.now()); kept.ok())
    for (store::StoredRegistration& r : *kept)
      sip_settings.kept_bindings.emplace_back(r.user,
                                              sip::Binding{r.contact, r.expires_at, r.route});
  else
    std::fprintf(stderr, "hotline: phones' registrations not restored: %s\n",
                 kept.status().message().c_str());
  sip_settings.new_call_id = [this] { return calls_.new_id(); };
  auto sip = start_sip_(sip_settings, this);
  if (!sip.ok()) {
    stop();
    return sip.status();
  }
  sip_ = std::move(*sip);
  auto moh =
      media::load_audio_8k((std::filesystem::path(settings_.prompt_dir) / "moh.wav").string());
  telephony_.attach(*sip_, *relay_,
                    moh.ok() && !moh->empty() ? std::move(*moh) : media::default_hold_music());
  // A remote seat is always reachable, like a phone that never unregisters.
  core_.post([this] { agents_.log_in_remote_seats(); });
  return {};
}

void ServerImpl::stop() {
  if (stopped_.exchange(true)) return;
  stopping_ = true;        // calls the SIP side ends from now on were ended by the center
  if (api_) api_->stop();  // its requests may wait on the core
  if (sip_) sip_->stop();  // no more calls arrive
  core_.stop();
  if (lookups_) lookups_->stop();  // answers still coming find the core stopped
  prompt_worker_.stop();
  if (relay_) relay_->stop();
  if (recorder_) recorder_->stop();  // after the relay: its last audio is written
  if (records_) records_->stop();
}

ServerStats ServerImpl::stats() const {
  ServerStats s;
  if (sip_) s.sip = sip_->stats();
  if (relay_) s.rtp = relay_->counters();
  s.calls_answered = answered_;
  s.calls_rejected = telephony_.rejected();
  s.calls_in_progress = calls_.open_calls();
  s.announcements = announcements_;
  s.recording_pauses = recording_pauses_;
  if (recorder_) s.recordings = recorder_->counters();
  if (records_) {
    s.records_written = records_->written();
    s.records_waiting = records_->waiting();
  }
  if (lookups_) {
    s.lookups_succeeded = lookups_->counters().succeeded;
    s.lookups_failed = lookups_->counters().failed;
  }
  return s;
}

void ServerImpl::on_trunk_call(std::uint64_t call, const std::string& caller,
                               const std::string& called, const std::string& sdp) {
  core_.post([this, call, caller, called, sdp] { arrive(call, caller, called, sdp); });
}

void ServerImpl::on_phone_registered(const std::string& agent) {
  core_.post([this, agent] { agents_.phone_registered(agent); });
}

void ServerImpl::on_binding_changed(const std::string& user,
                                    const std::optional<sip::Binding>& binding) {
  // Written by the record thread: the SIP thread never waits for the disk.
  store::RegistrationStore* registrations = registrations_.get();
  records_->then([registrations, user, binding] {
    const Status s =
        binding ? registrations->keep({user, binding->contact, binding->expires_at, binding->route})
                : registrations->remove(user);
    if (!s.ok())
      std::fprintf(stderr, "hotline: registration of %s not kept: %s\n", user.c_str(),
                   s.message().c_str());
  });
}

void ServerImpl::on_phone_unregistered(const std::string& agent) {
  core_.post([this, agent] { agents_.phone_unregistered(agent); });
}

void ServerImpl::on_feature_code(std::uint64_t call, const std::string& agent,
                                 const std::string& code, const std::string& sdp) {
  core_.post([this, call, agent, code, sdp] { feature_code(call, agent, code, sdp); });
}

void ServerImpl::on_leg_answered(std::uint64_t leg, const std::string& sdp) {
  core_.post([this, leg, sdp] { agent_answered(leg, sdp); });
}

void ServerImpl::on_leg_failed(std::uint64_t leg, int status) {
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

void ServerImpl::on_leg_hung_up(std::uint64_t leg) {
  core_.post([this, leg] {
    agent_hung_up(leg);
    confirm_bye_when_stored(sip::Side::kAgent, leg);
  });
}

void ServerImpl::confirm_bye_when_stored(sip::Side side, std::uint64_t id) {
  records_->then([this, side, id] { telephony_.confirm_bye(side, id); });
}

void ServerImpl::agent_hung_up(std::uint64_t leg) {
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

void ServerImpl::on_reoffer(sip::Side side, std::uint64_t id, const std::string& sdp) {
  core_.post([this, side, id, sdp] { reoffer(side, id, sdp); });
}

void ServerImpl::on_call_gone(std::uint64_t call) {
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

void ServerImpl::on_agent_dial(std::uint64_t call, const std::string& agent,
                               const std::string& number, const std::string& sdp) {
  core_.post([this, call, agent, number, sdp] { outside_.agent_dial(call, agent, number, sdp); });
}

void ServerImpl::on_caller_ack(std::uint64_t call, const std::string& sdp) {
  core_.post([this, call, sdp] { caller_acked(call, sdp); });
}

void ServerImpl::caller_acked(std::uint64_t call, const std::string& sdp) {
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

void ServerImpl::arrive(std::uint64_t call, const std::string& caller, const std::string& called,
                        const std::string& sdp) {
  Call* c = telephony_.answer(call, sdp);
  if (!c) return;
  c->caller = caller;
  ++answered_;
  const Time now = clock_.now();
  log_.of(call).called = called;
  log_.begin(call, *c, now);
  run_center([&](auto& out) { center_.call_arrived(call, now, caller, out); });
}

void ServerImpl::rtp_timeout(std::uint64_t call, media::Leg leg) {
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

void ServerImpl::reoffer(sip::Side side, std::uint64_t id, const std::string& sdp) {
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

void ServerImpl::on_media(const media::MediaEvent& e) {
  const std::uint64_t call = calls_.call_of_session(e.session);
  if (call == 0) return;
  Call& c = *calls_.find(call);
  if (e.type == media::MediaEvent::Type::kRtpTimeout) {
    rtp_timeout(call, e.leg);
    return;
  }
  if (e.type == media::MediaEvent::Type::kDigit) {
    if (e.leg == media::Leg::kAgent)
      agent_key(c, e.digit);
    else
      run_center([&](auto& out) { center_.key(call, e.digit, clock_.now(), out); });
    return;
  }
  // The relay ran dry. Hold music goes round again; if more audio is still being
  // prepared, the prompt goes on.
  if (c.on_hold()) {
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

void ServerImpl::agent_key(Call& c, char key) {
  // Keys from an outside party (a transfer's far end) control nothing.
  if (!c.transfer_to.empty()) return;
  if (c.last_agent_key == '*' && (key == '7' || key == '8')) {
    const bool pause = key == '7';
    if (pause != c.recording_paused) {
      c.recording_paused = pause;
      telephony_.pause_recording(c, pause);
      ++recording_pauses_;
    }
    key = 0;  // "*7*8" needs its second star again
  }
  c.last_agent_key = key;
}

void ServerImpl::start_lookup(std::uint64_t call, const std::string& service_name) {
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

void ServerImpl::say_now(std::uint64_t call, Call& c, std::string text) {
  telephony_.interrupt(c);  // what plays (the music) stops for it
  say(call, std::move(text));
}

void ServerImpl::agent_answered(std::uint64_t leg, const std::string& sdp) {
  PlacedLeg* placed = calls_.leg(leg);
  if (!placed) return;
  if (placed->kind != LegKind::kAgent) return outside_.answered(leg, sdp);
  PlacedLeg& l = *placed;
  l.answered = true;
  if (store::LegRecord* r = log_.leg(l)) {
    r->sip_status = 200;
    if (!l.cancelled) {
      r->result = "answered";
      r->answered = clock_.now();
    } else {
      r->result = "answered_late";  // crossed our CANCEL: hung up at once
    }
  }
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

void ServerImpl::agent_ended(std::uint64_t call) {
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

void ServerImpl::finish(std::uint64_t call) {
  telephony_.hang_up_caller(call, calls_.find(call));
  release(call);
}

void ServerImpl::release(std::uint64_t call) {
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
  telephony_.close(call, c);
}

}  // namespace detail

using detail::ServerImpl;

Result<std::unique_ptr<CenterServer>> CenterServer::start(const config::CenterConfig& config,
                                                          const ServerSettings& settings,
                                                          const ServerDeps& deps) {
  if (!deps.clock || !deps.start_sip || !deps.start_relay)
    return Status::internal("the server needs a clock, a SIP server and an RTP relay");
  auto server = std::make_unique<ServerImpl>(config, settings, deps);
  if (Status s = server->run(); !s.ok()) return s;
  return std::unique_ptr<CenterServer>(std::move(server));
}

}  // namespace hotline::server
