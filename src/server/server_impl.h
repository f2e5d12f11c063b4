#pragma once
// The running center's insides, shared by the files that implement it:
// center_server.cc (calls from the trunk through IVR and queue to agents), commands.cc
// (the core's commands carried out),
// agent_states.cc (agents' states from phones and desktops), outside_calls.cc (legs to
// outside numbers: IVR transfers and agents' calls out), callbacks.cc (virtual hold),
// call_controls.cc (the desk's call controls), record_keeping.cc (records), and
// center_view.cc / center_settings.cc (what the DeskGateway asks: DeskCore).
// Only the core thread touches the call tables; docs/architecture.md ("The server's
// parts") shows the threads and who owns what.

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
#include "server/agent_phones.h"
#include "server/call_records.h"
#include "server/center_server.h"
#include "server/desk_gateway.h"
#include "server/wallboard.h"
#include "server/wrap_ups.h"
#include "store/customer_store.h"
#include "store/knowledge_store.h"
#include "store/registration_store.h"
#include "store/service_store.h"
#include "store/ticket_store.h"

namespace hotline::server::detail {

class ServerImpl final : public CenterServer, public sip::CallHandler, public DeskCore {
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

  // A leg we placed for a call: to an agent, or through the trunk to an outside number.
  enum class LegKind : std::uint8_t {
    kAgent,      // offered by the core to `agent`
    kTransfer,   // the IVR sent the caller to a number
    kCallOut,    // `agent` dialled a number from its phone (or desktop: the number's leg)
    kDeskPhone,  // the agent's phone, rung first for a call its desktop placed
    kCallback,   // the number of a caller who left it, dialled once its agent answered
  };
  struct PlacedLeg {
    std::uint64_t call = 0;
    acd::AgentId agent = acd::kNoAgent;
    bool answered = false;
    bool cancelled = false;
    std::size_t record = 0;  // index in the call's CallDetails::legs
    LegKind kind = LegKind::kAgent;
  };

  struct Call {
    media::RtpRelay::SessionId session = 0;
    int caller_port = 0;
    int agent_port = 0;
    std::uint64_t sdp_version = 1;  // ours, bumped with every answer to a re-offer
    bool phone_held = false;        // the agent's phone put the caller on hold (re-INVITE)
    bool desk_held = false;         // the agent's desktop did: music plays
    bool waiting = false;           // in a queue: music between announcements
    bool music = false;             // the relay is playing hold music (nothing anyone waits for)
    std::string caller;
    // The call is a SIP dialog with the caller (a trunk call, an agent's phone dialling):
    // not a callback, whose caller's line ended when it left its number, nor a desk call.
    bool caller_line = true;
    std::uint64_t agent_leg = 0;         // the answered agent leg
    std::vector<std::uint64_t> ringing;  // agent legs still ringing
    bool hang_up_after_prompt = false;
    int prompts_pending = 0;              // Play commands whose audio is still being prepared
    bool audio_in_relay = false;          // handed to the relay, not yet all sent
    std::uint32_t prompt_generation = 0;  // bumped by a barge-in: older audio is dropped
    // Calls that leave the center (outside_calls.cc).
    std::string transfer_to;                     // the IVR transferred the call to this number
    std::uint64_t transfer_leg = 0;              // placed once the IVR's last words are said
    acd::AgentId calling_agent = acd::kNoAgent;  // a call out: the agent's phone is this call
    std::uint64_t phone_leg = 0;   // a call out from the desktop: the leg to the agent's phone
    Time started = 0;              // a call out: when the agent dialled
    std::string phone_answer;      // a call out: our SDP for the agent's phone
    bool far_end_hung_up = false;  // the placed leg's side ended the call
    char last_agent_key = 0;       // in-call codes from the agent's phone
    bool recording_paused = false;
    std::string queue;  // the queue it waits or waited in
    // Virtual hold (callbacks.cc): the caller left its number; the agent answers first,
    // then the number is dialled on the caller's side of the relay.
    bool callback = false;
    std::uint64_t customer_leg = 0;  // the answered leg to the number
    bool answer_in_ack = false;      // a delayed offer: our 200 OK offered, its ACK answers
    bool on_hold() const { return phone_held || desk_held; }
  };

  // Core thread from here on.
  // Answers a call with our media: negotiates its SDP offer and opens a relay session.
  // False when the call was refused instead (unusable SDP, no RTP port).
  bool open_media(std::uint64_t call, const std::string& sdp);
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
  // A record's uid, unique across restarts: the server's start time and a counter.
  std::string next_uid() { return uid_prefix_ + "-" + std::to_string(++calls_seen_); }
  // Gives the call a record of its own (a new uid unless it has one) that began `now`,
  // and writes it as in progress.
  CallDetails& begin_record(std::uint64_t call, Time now);
  // Writes the call's record as it stands (arrival, queue, agent, answer, recording), so
  // that a crash leaves a record of it, closed as interrupted at the next start.
  void record_in_progress(std::uint64_t call, acd::AgentId agent = acd::kNoAgent,
                          Time answered = 0);

  // Fills in how an agent leg ended; `result` null keeps what is known already.
  void leg_ended(const PlacedLeg& l, const char* result, int status);
  void leg_cancelled(PlacedLeg& l, const char* result);
  void play_music(Call& c);
  // Says `text` to the caller now: what plays (music, an older prompt) stops for it.
  void say_now(std::uint64_t call, Call& c, std::string text);

  // The call leaves the queue (hangup, transfer): music is not something to finish.
  void stop_music(Call& c);

  // Recordings go in a folder per day (local date): YYYY-MM-DD/UID.wav.
  std::string recording_path(const std::string& uid) const;

  // Why the core stopped an agent's phone ringing, judged by where the call is now.
  const char* why_stop_ringing(std::uint64_t call) const;

  // After-call work ends when an agent in wrap-up changes state; the record learns it.
  void note_agent_state(const center::CenterCommand& cmd);

  // The core's commands (commands.cc): carry_out() hands each to its function.
  void carry_out(const center::CenterCommand& cmd);
  void play(const center::CenterCommand& cmd, Call& c);
  void stop_prompts(Call& c);  // a key interrupted them, or an agent answered
  // The IVR's transfer and goodbye wait for its last words.
  void transfer_when_said(const center::CenterCommand& cmd, Call& c);
  void hang_up_when_said(const center::CenterCommand& cmd, Call& c);
  void ring_agent(const center::CenterCommand& cmd, Call& c);  // its phone or remote seat
  void stop_ringing(const center::CenterCommand& cmd, Call& c);
  void queued(const center::CenterCommand& cmd, Call& c);  // music while it waits
  void announce(const center::CenterCommand& cmd, Call& c);
  void connect(const center::CenterCommand& cmd, Call& c);  // recorded from here

  // A phone's registration (new or refreshed) logs its agent in, unless the agent is
  // already in, or logged out with *0 and has not asked back in.
  void phone_registered(const std::string& agent);

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

  // An agent's state changed from its phone or the API. Logging in and ready need a
  // phone to ring (registered, or a remote seat).
  api::ActionResult act_for_agent(acd::AgentId agent, api::AgentAction action,
                                  acd::ReasonId reason);

  // Feature codes dialled from an agent's phone (docs/telephony.md):
  //   *1 ready (logs in, ends wrap-up), *2 not ready (*2N: reason N), *0 log out.
  // Returns what to say back, or "" for a code that means nothing.
  std::string apply_feature_code(acd::AgentId agent, const std::string& code);

  void feature_code(std::uint64_t call, const std::string& agent_name, const std::string& code,
                    const std::string& sdp);
  void agent_event(const std::string& agent, acd::EventType type);
  void agent_answered(std::uint64_t leg, const std::string& sdp);
  void finish(std::uint64_t call);
  // The agent's side ended a connected call (phone, desktop, dead line): the core hears
  // it; a callback whose number had not answered yet ends as not reached ("cancelled").
  void agent_ended(std::uint64_t call, const Call& c);
  // A placed leg answered: its side of the relay speaks what was agreed, to where it said.
  void join_leg(Call& c, media::Leg leg, const media::AudioAgreement& agreed);

  // Virtual hold (callbacks.cc). A queued caller is offered a callback and may press 1;
  // then told so and hung up, while the call keeps its place in line.
  void offer_callback(std::uint64_t call, Call& c, const std::string& number);
  void callback_accepted(std::uint64_t call, Call& c, const std::string& number);
  // The core rang an agent for a callback: the call gets media of its own again (the
  // caller's line is gone). False when no RTP port is free.
  bool open_callback(std::uint64_t call, const std::string& number, const std::string& queue);
  // The agent answered a callback: the number is dialled through the trunk.
  void dial_callback(std::uint64_t call, Call& c, acd::AgentId agent);
  void callback_answered(std::uint64_t leg, std::uint64_t call, Call& c,
                         const media::AudioAgreement& agreed);
  void callback_failed(const PlacedLeg& l, const char* why);

  // Calls that leave the center through the trunk (outside_calls.cc).
  // A leg to `number` for the call, ringing, with its record; placed by the caller.
  std::uint64_t add_outside_leg(std::uint64_t call, Call& c, const std::string& number,
                                acd::AgentId agent, LegKind kind);
  // The IVR's transfer: the caller waits with music while the number rings; bridged and
  // recorded when answered; told so and hung up when it fails.
  void start_transfer(std::uint64_t call);
  // An agent's phone dialled a number: the agent is busy (core), the number is called
  // with the center's number, and the phone is answered when the far end answers.
  void agent_dial(std::uint64_t call, const std::string& agent, const std::string& number,
                  const std::string& sdp);
  void outside_answered(std::uint64_t leg, const std::string& sdp);
  // The call, its record and the agent's state for a call out of `agent` to `number`;
  // its first leg record is the agent's.
  Call& start_call_out(std::uint64_t call, const media::RtpRelay::Ports& ports, acd::AgentId agent,
                       const std::string& number);
  // A call out from the desktop (click to dial): the phone rings first, then the number.
  void desk_phone_answered(std::uint64_t phone_leg, PlacedLeg& phone, const std::string& sdp);
  // Desktop calls whose phone rang too long are given up (the core thread's own timers).
  Time next_desk_deadline() const;
  void desk_ring_timeouts(Time now);
  void outside_failed(const PlacedLeg& leg, int status);
  // A transfer or call out ends (release()): its record is written, its agent freed.
  void outside_call_ended(std::uint64_t call, Call& c);
  bool is_outside(const Call& c) const {
    return !c.transfer_to.empty() || c.calling_agent != acd::kNoAgent;
  }
  const std::string& center_number() const;
  void release(std::uint64_t call);

  // The reason codes agents may give (core thread): the configuration's, and the core's
  // no_answer. Codes taken out stay known to the core for agents not ready with them.
  void set_reasons(const std::vector<std::string>& reasons);
  // The core's id of a reason code agents may give; nothing for others.
  std::optional<acd::ReasonId> reason_id(const std::string& code) const;

  const Clock& clock_;  // the only time src/server reads
  ServerDeps::StartSip start_sip_;
  ServerDeps::StartRelay start_relay_;
  ServerSettings settings_;
  center::CallCenter center_;
  Wallboard wallboard_;                             // core thread
  media::PromptStore prompts_;                      // prompt worker only
  std::map<std::string, std::string> code_titles_;  // core thread: how pages show codes
  // What settings never change: the center's KPI rules and its back-end services.
  const kpi::KpiRules kpi_rules_;
  const std::vector<lookup::LookupService> services_;
  std::vector<std::int16_t> hold_music_;
  std::unique_ptr<media::Recorder> recorder_;  // outlives the relay that feeds it
  std::unique_ptr<media::RtpRelay> relay_;
  std::unique_ptr<sip::SipServer> sip_;
  // The core thread (CallCenter, the call table) and the prompt worker (files, TTS), both
  // timed by the server's clock.
  EventLoop core_{clock_}, prompt_worker_{clock_};
  std::unordered_map<std::uint64_t, Call> calls_;
  std::unordered_map<std::uint64_t, PlacedLeg> legs_;
  // One id space for everything that is a call or a leg: calls that come in (the SIP
  // side takes theirs from here), desk calls and every leg placed. Any thread.
  std::uint64_t new_id() { return ++last_id_; }
  std::atomic<std::uint64_t> last_id_{0};
  std::unordered_map<std::string, acd::AgentId> agent_ids_;
  std::vector<std::string> agent_names_;
  std::unordered_map<media::RtpRelay::SessionId, std::uint64_t> call_of_session_;
  std::unique_ptr<RecordWriter> records_;
  std::unique_ptr<lookup::HttpLookup> lookups_;              // when the configuration has services
  std::unique_ptr<store::RegistrationStore> registrations_;  // used on the record thread
  std::string uid_prefix_;
  std::uint64_t calls_seen_ = 0;
  std::unordered_map<std::uint64_t, CallDetails> details_;  // until the core finishes the call
  // The agent's part of a call it transferred to a queue or an agent: written with the
  // trace the core finishes for it, while details_ follows the rest of the call.
  std::unordered_map<std::uint64_t, CallDetails> transferred_parts_;
  std::vector<std::string> dispositions_;
  std::vector<std::string> reasons_;
  std::multimap<Time, std::uint64_t> desk_ring_deadlines_;  // phone legs of desktop calls
  // Transferred calls: the core is done with them, the record waits for the far end.
  std::unordered_map<std::uint64_t, center::CallTrace> transferred_;
  AgentPhones phones_;       // how each agent is reached
  WrapUps wrap_ups_;         // the call each agent wraps up
  Duration aht_target_ = 0;  // the center's, shown on agents' desks
  std::unique_ptr<store::ServiceStore> service_store_;
  std::unique_ptr<store::CustomerStore> customer_store_;
  std::unique_ptr<store::KnowledgeStore> knowledge_store_;
  std::unique_ptr<store::TicketStore> ticket_store_;
  std::unique_ptr<store::CallStore> call_reader_;  // the API's reads of call records
  DeskGateway desk_gateway_;                       // the API's threads call only this
  std::unique_ptr<api::ApiService> api_;
  std::atomic<std::uint64_t> answered_{0}, rejected_{0}, in_progress_{0}, announcements_{0},
      recording_pauses_{0};
  std::atomic<bool> stopped_{false};
  std::atomic<bool> stopping_{false};  // stop() began: the center ends the calls left
};

}  // namespace hotline::server::detail
