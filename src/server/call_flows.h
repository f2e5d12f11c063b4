#pragma once
// CallFlows: the flows of calls through the center, and the hub its parts ask. A trunk
// call is answered with our media, runs through the IVR and the queues (the routing core,
// center::CallCenter) and is bridged to the agent whose phone answers; each command of
// the core is carried out by one function. Implemented in call_flows.cc (the SIP side's
// and the relay's events, arrivals, answers and their races, re-offers, dead media, every
// call's end), commands.cc (the core's commands), call_controls.cc (the desk's call
// controls, phones' feature codes), record_keeping.cc (records), center_view.cc and
// center_settings.cc (what the DeskGateway asks: DeskCore). Its parts with state of their
// own: CallTable, CallLog, Telephony, AgentStates, Callbacks, OutsideCalls, Wallboard,
// DeskGateway, WrapUps. The running center (center_server.cc) owns the threads and the
// adapters; docs/architecture.md ("The server's parts") shows who owns what.
//
// Thread-safety: the sip::CallHandler methods on the SIP thread (they post to the core
// thread), new_call_id() on any thread, view() for the API's threads (DeskGateway);
// everything else on the core thread.

#include <atomic>
#include <cassert>
#include <map>
#include <unordered_map>

#include "api/api_service.h"
#include "center/call_center.h"
#include "common/event_loop.h"
#include "kpi/kpis.h"
#include "kpi/queue_board.h"
#include "lookup/http_lookup.h"
#include "media/prompts.h"
#include "media/sdp.h"
#include "server/agent_states.h"
#include "server/call_hub.h"
#include "server/call_log.h"
#include "server/call_records.h"
#include "server/call_table.h"
#include "server/callbacks.h"
#include "server/center_server.h"
#include "server/control_states.h"
#include "server/desk_gateway.h"
#include "server/outside_calls.h"
#include "server/telephony.h"
#include "server/wallboard.h"
#include "server/wrap_ups.h"
#include "store/registration_store.h"

namespace hotline::server::detail {

class CallFlows final : public sip::CallHandler, public DeskCore, public CallHub {
 public:
  // `core` is the thread every call runs on, `prompt_worker` the one that prepares
  // prompts; `stats` gives the running center's figures to the desks' metrics. All
  // must outlive the flows.
  CallFlows(const config::CenterConfig& config, const ServerSettings& settings, const Clock& clock,
            EventLoop& core, EventLoop& prompt_worker, std::function<ServerStats()> stats);

  // What the running center starts for the flows, before the core thread runs.
  // At start, before any call or agent: today's queue boards and agents' day counters
  // from the stored records, so that a restart changes no figure.
  Status rebuild_today(store::CallStore& store, Time now);
  // Records are written by `records`; phones' registrations kept in `registrations`;
  // back-end services asked through `lookups` (null: none); events go to `api` (null:
  // none). Each must outlive the flows.
  void use(RecordWriter& records, store::RegistrationStore& registrations,
           lookup::HttpLookup* lookups, api::ApiService* api);
  // The SIP stack and the relay, once started, with the music on hold.
  void attach(sip::SipServer& sip, media::RtpRelay& relay, std::vector<std::int16_t> hold_music) {
    telephony_.attach(sip, relay, std::move(hold_music));
  }
  // The core thread's timers: when it must wake next, and what it does then.
  Time next_timer() const;
  void tick(Time now);
  // An id for a call that comes in (the SIP thread's). Any thread.
  std::uint64_t new_call_id() { return calls_.new_id(); }
  // A remote seat is always reachable, like a phone that never unregisters.
  void log_in_remote_seats();
  // The center is stopping: the calls the SIP side ends from now on were ended by it.
  void stopping() { stopping_ = true; }
  // The flows' figures in the running center's.
  void add_stats(ServerStats& s) const;
  api::CenterView& view() { return desk_gateway_; }

  // The relay's events (key presses, prompts done, RTP timeouts), on the core thread.
  void on_media(const media::MediaEvent& e);

  // sip::CallHandler, on the SIP thread: hand over to the core thread.
  void on_trunk_call(std::uint64_t call, const std::string& caller, const std::string& called,
                     const std::string& sdp) override;
  void on_phone_registered(const std::string& agent) override;
  void on_phone_unregistered(const std::string& agent) override;
  void on_binding_changed(const std::string& user,
                          const std::optional<sip::Binding>& binding) override;
  void on_feature_code(std::uint64_t call, const std::string& agent, const std::string& code,
                       const std::string& sdp) override;
  void on_agent_dial(std::uint64_t call, const std::string& agent, const std::string& number,
                     const std::string& sdp) override;
  void on_leg_answered(std::uint64_t leg, const std::string& sdp) override;
  void on_leg_failed(std::uint64_t leg, int status) override;
  void on_leg_hung_up(std::uint64_t leg) override;
  void on_reoffer(sip::Side side, std::uint64_t id, const std::string& sdp) override;
  void on_caller_ack(std::uint64_t call, const std::string& sdp) override;
  void on_call_gone(std::uint64_t call) override;

  // DeskCore, on the core thread (center_view.cc, center_settings.cc): what the API's
  // threads ask through the DeskGateway.
  api::CenterSnapshot desk_snapshot() override;
  api::ActionResult desk_action(acd::AgentId agent, api::AgentAction action,
                                const std::string& argument) override;
  api::DialResult desk_dial(acd::AgentId agent, const std::string& number) override;
  std::vector<std::string> desk_callbacks() override;
  std::string core_metrics() override;
  Status reconfigure(const config::CenterConfig& config) override;

 private:
  // The 200 OK to a BYE goes once the record the BYE completed is written: a 200 means
  // the record is durable (kill -9 loses nothing acknowledged).
  void confirm_bye_when_stored(sip::Side side, std::uint64_t id);
  // The far end of a placed leg hung up: the whole call ends.
  void agent_hung_up(std::uint64_t leg);

  // Core thread from here on.
  // A trunk call: answered with our media (unless refused), recorded, and handed to the core.
  void arrive(std::uint64_t call, const std::string& caller, const std::string& called,
              const std::string& sdp);
  // The caller's ACK: for a delayed offer, the answer to ours (or a hang-up without one).
  void caller_acked(std::uint64_t call, const std::string& sdp);

  // A leg went silent without a BYE: its phone or line is dead. The call ends on both
  // sides with the cause in its record; a dead agent phone also takes its agent out of
  // ready, so that no more calls are sent to it.
  void rtp_timeout(std::uint64_t call, media::Leg leg);

  // A re-INVITE: the side may have moved, changed codec, or put the other on hold. An
  // agent's hold plays music to the caller until the agent resumes.
  void reoffer(sip::Side side, std::uint64_t id, const std::string& sdp);
  // In-call codes from the agent's phone: *7 pauses the recording (card numbers), *8
  // resumes it.
  void agent_key(std::uint64_t call, Call& c, char key);

  template <typename F>
  void run_center(F&& step) {
    assert(core_.is_current_thread());  // CallCenter and the call table are the core's
    std::vector<center::CenterCommand> out;
    step(out);
    for (const center::CenterCommand& cmd : out)
      carry_out(cmd);
    write_records();
    if (wallboard_.has_subscribers()) wallboard_.publish_queue_changes();
  }

  // The events of a command for the API's subscribers (only when someone listens):
  // agents' states, calls offered and answered.
  void publish_command(const center::CenterCommand& cmd);

  // Asks the IVR's back-end service for the call (lookups_); its answer, or its failure,
  // goes back to the core as the lookup's result.
  void start_lookup(std::uint64_t call, const std::string& service);

  // Calls the core has finished become records, written by the record thread.
  void write_records();
  // The call's record as it stands, written as in progress (CallLog::in_progress).
  void record_in_progress(std::uint64_t call, acd::AgentId agent, Time answered) override;
  // Records the talk from now on.
  void start_recording(std::uint64_t call, const Call& c) override;
  // Says `text` to the caller now: what plays (music, an older prompt) stops for it.
  void say_now(std::uint64_t call, Call& c, std::string text) override;

  // Why the core stopped an agent's phone ringing, judged by where the call is now.
  const char* why_stop_ringing(std::uint64_t call) const;

  // After-call work ends when an agent in wrap-up changes state; the record learns it.
  void note_agent_state(const center::CenterCommand& cmd);

  // The core's commands (commands.cc): carry_out() hands each to its function.
  void carry_out(const center::CenterCommand& cmd);
  void play(const center::CenterCommand& cmd, Call& c);
  // The IVR's transfer and goodbye wait for its last words.
  void transfer_when_said(const center::CenterCommand& cmd, Call& c);
  void hang_up_when_said(const center::CenterCommand& cmd, Call& c);
  void ring_agent(const center::CenterCommand& cmd, Call& c);  // its phone or remote seat
  void stop_ringing(const center::CenterCommand& cmd, Call& c);
  void queued(const center::CenterCommand& cmd, Call& c);  // music while it waits
  void announce(const center::CenterCommand& cmd, Call& c);
  void connect(const center::CenterCommand& cmd, Call& c);  // recorded from here

  // Call controls of the desktop (call_controls.cc): hold, resume, transfers and the
  // disposition code of the agent's call.
  api::ActionResult control_call(acd::AgentId agent, api::AgentAction action,
                                 const std::string& argument);
  api::ActionResult transfer(std::uint64_t call, Call& c, api::AgentAction action,
                             const std::string& target);
  api::ActionResult set_disposition(acd::AgentId agent, const std::string& code);
  // Hold from the phone or the desktop: music while either holds, and the time counted.
  using HoldBy = ControlStates::HoldBy;
  void set_hold(std::uint64_t call, Call& c, HoldBy by, bool on);

  // A feature code dialled from an agent's phone (AgentStates::feature_code): its
  // answer is said, or the call refused (404) for a code that means nothing.
  void feature_code(std::uint64_t call, const std::string& agent_name, const std::string& code,
                    const std::string& sdp);
  // The agent's desktop hangs up its call: BYE to both sides, the record says so.
  api::ActionResult hang_up_call(acd::AgentId agent);
  void agent_answered(std::uint64_t leg, const std::string& sdp);
  void finish(std::uint64_t call) override;
  // The agent's side ended a connected call (phone, desktop, dead line): the core hears
  // it; a callback whose number had not answered yet ends as not reached ("cancelled").
  void agent_ended(std::uint64_t call);

  // A leg to `number` for the call, ringing, with its record; placed by the caller.
  std::uint64_t add_outside_leg(std::uint64_t call, Call& c, const std::string& number,
                                acd::AgentId agent, LegKind kind) override;
  void step_center(const Event& event) override { run_center(event); }
  void say(std::uint64_t call, std::string text) override;
  void release(std::uint64_t call) override;

  const Clock& clock_;  // the only time src/server reads
  ServerSettings settings_;
  center::CallCenter center_;
  Wallboard wallboard_;                             // core thread
  AgentStates agents_;                              // core thread: agents' names, phones, states
  media::PromptStore prompts_;                      // prompt worker only
  std::map<std::string, std::string> code_titles_;  // core thread: how pages show codes
  // What settings never change: the center's KPI rules and its back-end services.
  const kpi::KpiRules kpi_rules_;
  const std::vector<lookup::LookupService> services_;
  // The core thread (CallCenter, the call table) and the prompt worker (files, TTS).
  EventLoop& core_;
  EventLoop& prompt_worker_;
  CallTable calls_{core_};  // the calls and legs open, and the ids of everything
  CallLog log_;             // their records
  Telephony telephony_{core_, calls_, settings_.rtp.address};  // all SIP and RTP goes through it
  Callbacks callbacks_{*this, calls_, log_, telephony_, center_, clock_};  // virtual hold
  ControlStates controls_;  // holds, the agent's in-call keys
  OutsideCalls outside_{{*this, calls_, log_, telephony_, agents_, callbacks_, center_, clock_},
                        outbound_number(settings_.sip)};  // transfers to numbers, calls out
  lookup::HttpLookup* lookups_ = nullptr;                 // when the configuration has services
  store::RegistrationStore* registrations_ = nullptr;     // used on the record thread
  std::vector<std::string> dispositions_;
  WrapUps wrap_ups_;          // the call each agent wraps up
  Duration aht_target_ = 0;   // the center's, shown on agents' desks
  DeskGateway desk_gateway_;  // the API's threads call only this
  std::atomic<std::uint64_t> answered_{0}, announcements_{0}, recording_pauses_{0};
  std::atomic<bool> stopping_{false};  // stop() began: the center ends the calls left
};

}  // namespace hotline::server::detail
