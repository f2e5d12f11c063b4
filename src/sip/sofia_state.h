#pragma once
// The SIP thread's state behind SofiaServer (sofia_server.cc): sofia-sip's handles,
// the registrar, the calls and legs in progress, and what each nua event does to them.
// Declarations only; the logic is in sofia_state.cc (handles, digest checks, the event
// dispatch), sofia_calls.cc (calls that come in, BYEs), sofia_registrations.cc (phones),
// sofia_legs.cc (legs the center places) and sofia_refresh.cc (session timers). Only
// the sofia_* files include this header; only the SIP thread touches the state.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

// sofia's callbacks take the state by these types: a namespaced class is named once
// declared.
namespace hotline::sip {
struct SofiaServerState;
}
#define NUA_MAGIC_T hotline::sip::SofiaServerState
#define NUA_HMAGIC_T void
#define SU_ROOT_MAGIC_T hotline::sip::SofiaServerState
#define SU_TIMER_ARG_T hotline::sip::SofiaServerState
#define SU_WAKEUP_ARG_T hotline::sip::SofiaServerState

#include <sofia-sip/msg_addr.h>
#include <sofia-sip/nua.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_status.h>
#include <sofia-sip/su_log.h>
#include <sofia-sip/url.h>

#include "common/task_queue.h"
#include "sip/auth_guard.h"
#include "sip/sip_server.h"

namespace hotline::sip {

struct SofiaServerState {
  SofiaServerState(const hotline::sip::SipSettings& s, hotline::sip::CallHandler* h)
      : settings(s), registrar(s.realm, credentials(s), std::random_device{}()), handler(h) {}

  // Phones' accounts and trunks' credentials, checked alike; a trunk has no agent.
  static std::vector<hotline::sip::SipAccount> credentials(const hotline::sip::SipSettings& s);
  bool trunks_authenticate() const;

  // A trunk call: its server handle and how far it got.
  struct TrunkCall {
    nua_handle_t* nh = nullptr;
    bool answered = false;
    bool gone_reported = false;
    std::string local_sdp;         // what we last answered the caller: our side of the media
    bool refresh_unacked = false;  // our refresh INVITE's 200 waits for the ACK's answer
  };

  hotline::sip::SipSettings settings;
  hotline::sip::Registrar registrar;
  hotline::sip::AuthGuard auth_guard;
  su_root_t* root = nullptr;
  nua_t* nua = nullptr;
  su_timer_t* timer = nullptr;
  std::unordered_set<nua_handle_t*> handles;
  std::unordered_set<nua_handle_t*> invite_handles;
  hotline::sip::CallHandler* handler = nullptr;
  std::unordered_map<std::uint64_t, TrunkCall> trunk_calls;
  std::unordered_map<std::uint64_t, nua_handle_t*> agent_legs;
  std::unordered_map<std::uint64_t, hotline::Time> ring_deadlines;  // outside legs ringing
  // Outside legs until their INVITE's final answer: their trunk, and whether challenged.
  std::unordered_map<std::uint64_t, const hotline::sip::Trunk*> trunk_of_leg;
  std::unordered_set<std::uint64_t> challenged;
  std::unordered_map<nua_handle_t*, std::uint64_t> leg_of_handle;
  // Legs whose INVITE was answered: a later nua_r_invite is a session refresh of ours.
  std::unordered_set<nua_handle_t*> answered_legs;
  std::unordered_map<std::uint64_t, std::string> leg_sdp;  // our side of each leg's media
  // Refreshes refused with 491 (glare), to send again when due: by id, never by handle.
  struct RefreshRetry {
    hotline::sip::Side side;
    std::uint64_t id;
    bool update;
    hotline::Time due;
  };
  std::vector<RefreshRetry> refresh_retries;
  std::minstd_rand retry_random{std::random_device{}()};
  std::unordered_set<std::string> registered_users;
  std::unordered_map<nua_handle_t*, std::string> phone_checks;  // OPTIONS in flight -> user
  // BYEs not yet answered: the 200 OK waits until the call's record is durable
  // (confirm_bye), or at most until the deadline.
  struct PendingBye {
    nua_handle_t* nh;
    hotline::Time deadline;
    nua_saved_event_t saved;  // the BYE, to answer it later (nua_save_event)
  };
  std::map<std::pair<hotline::sip::Side, std::uint64_t>, PendingBye> pending_byes;
  hotline::Time next_phone_check = 0;
  int polls = 0;
  std::unordered_map<nua_handle_t*, std::uint64_t> call_of_handle;
  std::uint64_t next_call = 0;
  // Work posted from other threads, run on the SIP thread when the eventfd wakes it.
  hotline::TaskQueue tasks;
  su_wait_t wake_wait[1] = {SU_WAIT_INIT};
  std::atomic<bool> stop_requested{false};
  bool shutting_down = false;
  std::atomic<std::uint64_t> requests{0}, registrations{0}, auth_failures{0}, auth_bans{0},
      rejected_sources{0}, live_handles{0}, bindings{0};

  void track(nua_handle_t* nh);
  void post(std::function<void()> work);

  TrunkCall* trunk_call(std::uint64_t call);

  // The caller's side ended (BYE, CANCEL, transport): tell the handler once.
  void report_gone(nua_handle_t* nh);

  // The handle is done with: what it was (an answered leg, a trunk call) is reported
  // ended, and it is destroyed once, whoever calls this first.
  void destroy(nua_handle_t* nh);

  // A peer's text for a log line: printable ASCII only, at most 64 characters.
  static std::string printable(const std::string& text);

  // The address the request came from, as text ("127.0.0.1").
  std::string source_address();

  // Where the current request came from, as a route back to its sender:
  // "sip:192.0.2.7:5062;transport=udp". Requests within its dialog (BYE, re-INVITE) and to
  // a phone it registered go there when the peer named a host rather than an address in
  // its Contact (or From, or Record-Route): resolving that name could hold the SIP thread
  // (RFC 4475's inv2543 with no DNS). An address is used as given (a phone registered
  // by a provisioning server from elsewhere is still reached at its own).
  static bool names_a_host(url_t const* url);
  static bool dialog_names_a_host(sip_t const* sip);
  std::string source_route();

  // A peer's user part is stored and shown: bytes that are not UTF-8 (a number with 0xB1
  // in it) become U+FFFD here, at the boundary, not in every report that reads them later.
  static std::string user_of(sip_addr_t const* a);
  static std::string body_of(sip_t const* sip);
  // The Authorization header as one string, as the registrar reads it.
  static std::string authorization_of(sip_t const* sip);

  // Digest authentication of a request from an agent's phone. Answers the request when
  // it fails (401 challenge, 403) and returns the account's user; "" then.
  std::string authenticate(nua_handle_t* nh, sip_t const* sip, const char* method);

  // A call this side answers (trunk call or feature code): the handler decides.
  std::uint64_t adopt_call(nua_handle_t* nh, sip_t const* sip);

  // Session refreshes (RFC 4028) are the only requests the center starts in a dialog it
  // answered: when the caller makes us the refresher. Carried by UPDATE where the caller
  // allows it (no offer needed); otherwise by an offerless re-INVITE, whose 200 OK
  // carries the caller's offer and our ACK the answer (sofia's media engine is off, so
  // the ACK is ours to send). See sofia_refresh.cc.
  void prepare_refreshes(nua_handle_t* nh, sip_t const* sip);
  // The answer to a re-INVITE or UPDATE we sent: a session refresh.
  void on_refresh_response(nua_handle_t* nh, int status, sip_t const* sip, bool update);
  // Sends the refreshes that met glare again once their wait is over.
  void retry_refreshes();
  // ACKs a refresh's 200 OK with our answer (`sdp`, or what we last answered).
  void ack_refresh(TrunkCall& c, const std::string* sdp);

  // `status`: what the stack already answered (>= 200: e.g. 491 to a re-INVITE that
  // crossed our own, which it then retries).
  void on_invite(nua_handle_t* nh, int status);

  // REGISTER from an agent's phone (digest checked): a binding made, refreshed or removed.
  void on_register(nua_handle_t* nh, sip_t const* sip);

  // Tells the handler when a phone starts or stops being reachable.
  void registration_changed(const std::string& user, hotline::Time now);

  // A BYE from the caller or an agent's phone: the handler hears of it now and confirms
  // (confirm_bye) once what it must keep of the call is stored; then the 200 OK goes.
  void on_bye(nua_handle_t* nh);

  // Keeps the BYE until answer_bye() for its call or leg, or its deadline.
  void hold_bye(std::pair<hotline::sip::Side, std::uint64_t> key, PendingBye bye);
  // Sends the 200 OK to a kept BYE.
  void respond_bye(PendingBye& bye);
  // The handler's confirm_bye(): the record is stored.
  void answer_bye(hotline::sip::Side side, std::uint64_t id);

  // A handler that never confirms must not leave the peer retransmitting its BYE.
  void answer_late_byes(bool all);

  // Every registered phone is asked OPTIONS now and then: one that is switched off or
  // unplugged never unregisters, and its agent must not stay ready.
  void check_phones();

  // Sends the phone an OPTIONS unless one is on its way (on_phone_check reads the answer).
  void check_phone(const std::string& user, hotline::Time now);

  // Any answer from the phone means it is there; a timeout or a transport error (ICMP
  // unreachable, a dead TCP connection) means it is gone, as if it had unregistered.
  void on_phone_check(nua_handle_t* nh, int status);

  // The bindings of the last run, on the SIP thread before anything is received. Each
  // phone is asked at once whether it is still there: one switched off meanwhile is
  // dropped within seconds, not left to be rung until its registration lapses.
  void restore_bindings();

  // Registrations that lapsed without a refresh: the phone is gone.
  void expire_registrations();

  // A number we may put in a request URI as it is: digits, with an optional leading '+'
  // ('#' and '*' would need escaping there, and no carrier routes them).
  static bool is_dialable(const std::string& number);

  // Legs we place: our INVITEs to agents' phones and to outside numbers.
  void ring_agent(std::uint64_t leg, const std::string& agent, const std::string& caller,
                  const std::string& sdp, const std::string& ivr_path);

  // Through the trunk: the center's number as From, the customer's in X-Hotline-Caller.
  void dial_out(std::uint64_t leg, const std::string& number, const std::string& caller,
                const std::string& sdp, const std::string& ivr_path);
  // `number` through `trunk` (null: none that calls out, 503), showing the trunk's number.
  void dial_through(std::uint64_t leg, const hotline::sip::Trunk* trunk, const std::string& number,
                    const std::string& caller, const std::string& sdp, const std::string& ivr_path);

  // Outside numbers that ring too long are given up (CANCEL; the 487 reports it).
  void give_up_ringing();

  // INVITEs `to` with our SDP offer; the outcome comes back in on_agent_response().
  // `route`: where to send the INVITE and the dialog's requests ("": to `to`).
  void place_leg(std::uint64_t leg, const std::string& to, const std::string& from,
                 const std::string& sdp, const std::string& headers, const std::string& route = {});

  // A carrier that challenges our call out is answered once, with the trunk's credentials.
  bool answer_challenge(nua_handle_t* nh, std::uint64_t leg, int status, sip_t const* sip);

  void on_agent_response(nua_handle_t* nh, int status, sip_t const* sip);

  void on_event(nua_event_t event, int status, nua_handle_t* nh, sip_t const* sip, tagi_t tags[]);
};

}  // namespace hotline::sip
