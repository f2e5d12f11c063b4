#pragma once
// The running center's hub, shared by the files that implement it: center_server.cc
// (calls from the trunk through IVR and queue to agents), commands.cc (the core's
// commands carried out), call_controls.cc (the desk's call controls, phones' feature
// codes), record_keeping.cc (records), and center_view.cc / center_settings.cc (what the
// DeskGateway asks: DeskCore). Its parts with state of their own: CallTable (the calls
// and legs), CallLog (their records), Telephony (all SIP and RTP), AgentStates,
// Callbacks, OutsideCalls, Wallboard, DeskGateway, WrapUps. Only the core thread touches
// the call tables; docs/architecture.md ("The server's parts") shows the threads and who
// owns what.

#include <atomic>
#include <cassert>
#include <ctime>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>
#include <unordered_set>

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
#include "server/desk_gateway.h"
#include "server/outside_calls.h"
#include "server/telephony.h"
#include "server/wallboard.h"
#include "server/wrap_ups.h"
#include "store/customer_store.h"
#include "store/knowledge_store.h"
#include "store/registration_store.h"
#include "store/service_store.h"
#include "store/ticket_store.h"

namespace hotline::server::detail {

class ServerImpl final : public CenterServer,
                         public sip::CallHandler,
                         public DeskCore,
                         public CallHub {
 public:
  ServerImpl(const config::CenterConfig& config, const ServerSettings& settings,
             const ServerDeps& deps);

  ~ServerImpl() override { stop(); }

  Status run();
  void stop() override;
  ServerStats stats() const override;
  int api_port() const override { return api_ ? api_->port() : 0; }
  api::CenterView& view() override { return desk_gateway_; }

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
  void on_media(const media::MediaEvent& e);
  // In-call codes from the agent's phone: *7 pauses the recording (card numbers), *8
  // resumes it.
  void agent_key(Call& c, char key);

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

  // At start, before any call or agent: today's queue boards and agents' day counters
  // from the stored records, so that a restart changes no figure.
  Status rebuild_today(store::CallStore& store, Time now);

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
  enum class HoldBy : std::uint8_t { kPhone, kDesk };
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
  ServerDeps::StartSip start_sip_;
  ServerDeps::StartRelay start_relay_;
  ServerSettings settings_;
  center::CallCenter center_;
  Wallboard wallboard_;                             // core thread
  AgentStates agents_;                              // core thread: agents' names, phones, states
  media::PromptStore prompts_;                      // prompt worker only
  std::map<std::string, std::string> code_titles_;  // core thread: how pages show codes
  // What settings never change: the center's KPI rules and its back-end services.
  const kpi::KpiRules kpi_rules_;
  const std::vector<lookup::LookupService> services_;
  std::unique_ptr<media::Recorder> recorder_;  // outlives the relay that feeds it
  std::unique_ptr<media::RtpRelay> relay_;
  std::unique_ptr<sip::SipServer> sip_;
  // The core thread (CallCenter, the call table) and the prompt worker (files, TTS), both
  // timed by the server's clock.
  EventLoop core_{clock_}, prompt_worker_{clock_};
  CallTable calls_{core_};  // the calls and legs open, and the ids of everything
  CallLog log_;             // their records
  Telephony telephony_{core_, calls_, settings_.rtp.address};  // all SIP and RTP goes through it
  Callbacks callbacks_{*this, calls_, log_, telephony_, center_, clock_};  // virtual hold
  OutsideCalls outside_{{*this, calls_, log_, telephony_, agents_, callbacks_, center_, clock_},
                        outbound_number(settings_.sip)};  // transfers to numbers, calls out
  std::unique_ptr<RecordWriter> records_;
  std::unique_ptr<lookup::HttpLookup> lookups_;              // when the configuration has services
  std::unique_ptr<store::RegistrationStore> registrations_;  // used on the record thread
  std::vector<std::string> dispositions_;
  WrapUps wrap_ups_;         // the call each agent wraps up
  Duration aht_target_ = 0;  // the center's, shown on agents' desks
  std::unique_ptr<store::ServiceStore> service_store_;
  std::unique_ptr<store::CustomerStore> customer_store_;
  std::unique_ptr<store::KnowledgeStore> knowledge_store_;
  std::unique_ptr<store::TicketStore> ticket_store_;
  std::unique_ptr<store::CallStore> call_reader_;  // the API's reads of call records
  DeskGateway desk_gateway_;                       // the API's threads call only this
  std::unique_ptr<api::ApiService> api_;
  std::atomic<std::uint64_t> answered_{0}, announcements_{0}, recording_pauses_{0};
  std::atomic<bool> stopped_{false};
  std::atomic<bool> stopping_{false};  // stop() began: the center ends the calls left
};

}  // namespace hotline::server::detail
