#pragma once
// The SIP side of hotline, on sofia-sip's nua, on its own thread.
//
// It answers OPTIONS, runs the registrar for agents' phones (digest authentication
// against stored HA1 hashes, expiry honoured) and guards the trunk: INVITEs from
// addresses that are not a configured trunk are refused with 403 and never reach a queue
// or the outside (toll fraud); only agents' phones, with their credentials, may dial
// out. Calls from trunks go to the CallHandler, which answers them (the IVR) or rejects
// them, and places the legs towards agents and outside numbers.
//
// Thread-safety: start() and stop() from one controlling thread; stats() from any thread.
// Everything else runs on the SIP thread, which alone touches sofia-sip.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "sip/registrar.h"

namespace hotline::sip {

struct Trunk {
  std::string name;
  std::vector<std::string> addresses;  // source IP addresses the carrier sends from
  std::string outbound;                // "sip:host:port" calls out go to; "": none
  std::string number;                  // the center's number, shown on calls out
  // Digest credentials the carrier answers our challenge with, for carriers that do not
  // send from fixed addresses; "": recognized by address only.
  std::string user, ha1;
  // What we answer when the carrier challenges our calls out (401/407); "": not asked.
  std::string outbound_user, outbound_password;
};

// A named place outside the center (config `sip.destinations`): a SIP URI reached directly
// (a partner site), or a number called through the named trunk.
struct Destination {
  std::string name;
  std::string uri;
  std::string number, trunk;
};

struct SipSettings {
  std::string listen = "sip:127.0.0.1:5060";  // a sofia URL; without ;transport= UDP and TCP
  std::string realm = "hotline";
  // What our messages say we are (User-Agent, Server): not the SIP stack and its version,
  // which would tell a scanner which holes to try.
  std::string user_agent = "hotline";
  std::vector<Trunk> trunks;
  std::vector<SipAccount> accounts;
  std::vector<Destination> destinations;
  Duration min_expires = seconds(60);
  Duration max_expires = seconds(3600);
  // Registered phones are sent OPTIONS this often; one that does not answer is taken as
  // gone (its agent logged out) as if it had unregistered. 0: never.
  Duration phone_check = seconds(30);
  // An outside number (an IVR transfer, an agent's call out) that rings this long is given
  // up (CANCEL, reported as 487). Agents' phones are timed by the routing core. 0: never.
  Duration outbound_ring_timeout = seconds(60);
  // Phones' registrations kept from the last run (CallHandler::on_binding_changed): a
  // restart does not log agents out while their phones are still there. Restored at
  // start unless lapsed or no longer an agent's account; the phone check soon drops one
  // whose phone has gone meanwhile.
  std::vector<std::pair<std::string, Binding>> kept_bindings;
  // Where the ids of calls that come in are taken from (any thread may call it; the SIP
  // thread does): the handler's one id space for calls and the legs it places, so that
  // no number names two things. Unset: the SIP side counts from 1 itself.
  std::function<std::uint64_t()> new_call_id;
};

// The two sides of a bridged call, as the SIP side sees them: the call that came in (from
// the trunk, or from an agent's phone dialling out) and a leg we placed (to an agent's
// phone, a remote seat or an outside number).
enum class Side : std::uint8_t { kCaller, kAgent };

// Who takes calls arriving from trunks. Called on the SIP thread: hand the work over,
// never block. Without a handler, trunk calls are declined (480).
class CallHandler {
 public:
  virtual ~CallHandler() = default;
  // A trunk call waits for answer() or reject(). `sdp` is the caller's offer; empty for a
  // delayed offer: answer() then carries our offer, and the answer comes with the ACK.
  virtual void on_trunk_call(std::uint64_t call, const std::string& caller_number,
                             const std::string& called_number, const std::string& sdp) = 0;
  // An agent's phone dialled a feature code ("*1"); its credentials were checked. Like a
  // trunk call it waits for answer() or reject().
  virtual void on_feature_code(std::uint64_t call, const std::string& agent,
                               const std::string& code, const std::string& sdp) = 0;
  // An agent's phone dialled an outside number (credentials checked). It waits for
  // answer() or reject(); the handler places the outside leg with dial_out().
  virtual void on_agent_dial(std::uint64_t call, const std::string& agent,
                             const std::string& number, const std::string& sdp) = 0;
  // A new offer within an established call (re-INVITE: hold, resume, a moved address, a
  // session refresh) from the caller (`id`: the call) or an agent's phone (`id`: the
  // leg). Answer it with answer_reoffer(); a refused offer leaves the call as it was.
  virtual void on_reoffer(Side side, std::uint64_t id, const std::string& sdp) = 0;
  // The caller's ACK to our 200 OK. A call that came without SDP (a delayed offer, RFC
  // 3261 §13.2.1) was answered with our offer; `sdp` is the caller's answer to it.
  virtual void on_caller_ack(std::uint64_t /*call*/, const std::string& /*sdp*/) {}
  // The caller hung up (BYE) or cancelled; the call is gone on the SIP side. A BYE is
  // answered once the handler calls confirm_bye(kCaller, call) (at most 2 s later).
  virtual void on_call_gone(std::uint64_t call) = 0;
  // An agent's phone registered (or refreshed), or its registration ended or lapsed.
  virtual void on_phone_registered(const std::string& agent) = 0;
  virtual void on_phone_unregistered(const std::string& agent) = 0;
  // A phone's binding was made, refreshed or removed (nullopt): kept, so that the next
  // start restores it (SipSettings::kept_bindings).
  virtual void on_binding_changed(const std::string& /*user*/,
                                  const std::optional<Binding>& /*binding*/) {}
  // The outcome of a leg we placed (ring_agent(), dial_out()): answered with SDP, or
  // failed with a status (no registration: 480, busy: 486, cancelled: 487 ...). Then: the
  // far end hung up (its BYE is answered after confirm_bye(kAgent, leg)), or the leg died.
  virtual void on_leg_answered(std::uint64_t leg, const std::string& sdp) = 0;
  virtual void on_leg_failed(std::uint64_t leg, int status) = 0;
  virtual void on_leg_hung_up(std::uint64_t leg) = 0;
};

struct SipStats {
  std::uint64_t requests = 0;
  std::uint64_t registrations = 0;     // successful REGISTERs (bind, refresh or remove)
  std::uint64_t auth_failures = 0;     // wrong credentials or unknown users (403)
  std::uint64_t auth_bans = 0;         // accounts or addresses banned for guessing
  std::uint64_t rejected_sources = 0;  // INVITEs from unknown addresses (403)
  std::uint64_t live_handles = 0;      // sofia handles not yet destroyed: 0 when idle
  std::uint64_t bindings = 0;          // phones registered now
};

class SipServer {
 public:
  virtual ~SipServer() = default;
  // Binds the listening sockets and starts the SIP thread; an error names the address.
  static Result<std::unique_ptr<SipServer>> start(const SipSettings& settings,
                                                  CallHandler* handler = nullptr);
  // Thread-safe: carried out on the SIP thread. Unknown or finished calls are ignored.
  virtual void answer(std::uint64_t call, const std::string& sdp) = 0;
  // Refuses a call with a final status (4xx-6xx) and its standard reason phrase.
  virtual void reject(std::uint64_t call, int status) = 0;
  virtual void hang_up(std::uint64_t call) = 0;
  // Calls the phone registered for `agent` (leg: the caller's id for this attempt), with
  // the caller's number, our SDP offer and the caller's IVR path (X-Hotline-Ivr-Path).
  virtual void ring_agent(std::uint64_t leg, const std::string& agent,
                          const std::string& caller_number, const std::string& sdp,
                          const std::string& ivr_path) = 0;
  // Calls an outside number through the first trunk with an outbound address, showing
  // the center's number; the customer's number (if any) goes in X-Hotline-Caller, the
  // IVR path (if any) in X-Hotline-Ivr-Path. Without such a trunk the leg fails (503).
  // `number` may name a destination instead: its number goes through its own trunk, and
  // its SIP URI is called directly, showing the customer's number (a partner site sees
  // who calls). Anything else fails (484).
  virtual void dial_out(std::uint64_t leg, const std::string& number,
                        const std::string& caller_number, const std::string& sdp,
                        const std::string& ivr_path) = 0;
  // The handler has stored what it keeps of a call (its record): the BYE that ended it
  // is answered now, so a 200 OK to a BYE means the record is durable.
  virtual void confirm_bye(Side side, std::uint64_t id) = 0;
  // Answers the pending re-INVITE of on_reoffer(): 200 with `sdp`, or an error status.
  virtual void answer_reoffer(Side side, std::uint64_t id, int status, const std::string& sdp) = 0;
  virtual void stop_ringing(std::uint64_t leg) = 0;  // CANCEL
  virtual void hang_up_leg(std::uint64_t leg) = 0;   // BYE
  // Shuts the stack down gracefully (pending transactions answered) and joins the thread.
  virtual void stop() = 0;
  virtual SipStats stats() const = 0;
};

}  // namespace hotline::sip
