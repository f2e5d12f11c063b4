#pragma once
// ApiService: the HTTP JSON API under /api/v1 (documented in /api/v1/openapi.json) and
// /metrics for Prometheus, on its own port and threads, and the WebSocket
// /api/v1/events pushing call, agent and queue events as they happen.
//
// Every /api/v1 request but login and the OpenAPI document carries a session token
// ("Authorization: Bearer TOKEN", from POST /api/v1/login); each endpoint checks the
// user's role (auth/roles.h). Errors are JSON: {"error": {"code", "message"}}. Logins,
// changes and reads of sensitive data are written to the audit log.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/http_server.h"
#include "common/status.h"
#include "common/time.h"
#include "tickets/rules.h"

namespace hotline::store {
class CallStore;
class CustomerStore;
class KnowledgeStore;
class TicketStore;
class ServiceStore;
}  // namespace hotline::store
namespace hotline::campaigns {
class CampaignStore;
}  // namespace hotline::campaigns
namespace hotline::orders {
class OrderStore;
}  // namespace hotline::orders
namespace hotline::leads {
class LeadStore;
}  // namespace hotline::leads

namespace hotline::api {

struct ApiSettings {
  HttpSettings http;
  Duration session_lifetime = seconds(12 * 3600);  // a 10-hour shift and its overtime
  int max_failed_logins = 5;                       // in a row: then the user is locked out
  Duration lockout = seconds(15 * 60);
  int login_attempts_per_minute = 120;  // from one client address, right or wrong
  std::string recordings_dir;           // where the calls' recordings are (the server's)
  std::string web_root;                 // the built web desktop (web/dist); "": not served
  tickets::TicketRules tickets;         // deadlines, providers, complaint causes, escalation
};

// The center as the API shows it: read on the core thread at one instant.
struct AgentSnapshot {
  std::string name;
  std::string team;
  std::string state;   // logged_out, ready, not_ready, ringing, talking, wrap_up
  std::string reason;  // not_ready: the reason code
  Time state_since = 0;
  std::uint32_t calls_today = 0;
  Duration talk_today = 0;
  Duration wrap_up_today = 0;
  Time wrap_up_until = 0;        // wrap-up: when it ends by itself
  Duration aht_target = 0;       // the center's average handle time target (0: none)
  bool reachable = false;        // a registered phone or a remote seat
  std::string call;              // ringing, talking, wrap-up: the call's id ("" if not known)
  std::string caller;            // ringing, talking: the caller's number
  bool on_hold = false;          // talking: the caller is on hold
  std::string disposition_code;  // talking, wrap-up: the code given to the call so far
};
// Calls of a queue over some span: offered, answered (within the service level's time),
// abandoned, and the rates taken from them.
// As docs/kpis.md defines them: `abandoned` leaves out the short abandons, counted apart.
struct QueueFigures {
  std::int64_t offered = 0, answered = 0, answered_in_sl = 0, abandoned = 0, short_abandoned = 0;
  double service_level = 0, answer_rate = 0, asa_s = 0;
};
struct QueueSnapshot {
  std::string name;
  std::string title;
  std::size_t waiting = 0;
  int staffed = 0;  // agents logged in to its own pool
  // Calls finished since the start: what service level and answer rate are taken from.
  QueueFigures since_start;
  // For the wallboard.
  Time oldest_waiting = 0;              // when the call waiting longest entered; 0: none waits
  std::map<std::string, int> agents;    // its own pool's agents logged in, by state
  QueueFigures today, last_30_min;      // today from local midnight; calls ended in 30 min
  Time day_start = 0;                   // today's first interval
  Duration interval = 0;                // intervals' length
  std::vector<QueueFigures> intervals;  // today's, by arrival, to the current one
  std::vector<double> forecast;         // calls forecast per interval of the day; may be empty
  double answer_rate_alarm = 0.93;      // 接通率 below this is shown as an alarm
};
struct CenterSnapshot {
  std::vector<AgentSnapshot> agents;
  std::vector<QueueSnapshot> queues;
  std::vector<std::string> reasons;           // not-ready reason codes
  std::vector<std::string> dispositions;      // disposition codes for calls
  std::map<std::string, std::string> titles;  // how the pages show codes (config `titles`)
};

enum class AgentAction : std::uint8_t {
  kLogin,
  kReady,
  kNotReady,
  kWrapUpDone,
  kLogout,
  // Controls of the agent's current call (audited as "call.NAME"): is_call_control().
  kHangUp,            // end the agent's current call (both sides)
  kHold,              // the caller hears music, the agent nothing; recorded and timed as hold
  kResume,            // back to talking
  kTransferToQueue,   // argument: the queue's name
  kTransferToAgent,   // argument: a ready agent's name (rung first, else its queue)
  kTransferToNumber,  // argument: an outside number, through the trunk
  kTransferToIvr,     // argument: an IVR node's id: the caller goes on in the IVR there
  // argument: a disposition code (config `dispositions`) for the call the agent talks on
  // or has just finished (wrap-up).
  kSetDisposition,
};
// Whether the action controls the agent's current call (rather than the agent's state).
constexpr bool is_call_control(AgentAction action) {
  switch (action) {
    case AgentAction::kLogin:
    case AgentAction::kReady:
    case AgentAction::kNotReady:
    case AgentAction::kWrapUpDone:
    case AgentAction::kLogout:
      return false;
    case AgentAction::kHangUp:
    case AgentAction::kHold:
    case AgentAction::kResume:
    case AgentAction::kTransferToQueue:
    case AgentAction::kTransferToAgent:
    case AgentAction::kTransferToNumber:
    case AgentAction::kTransferToIvr:
    case AgentAction::kSetDisposition:
      return true;
  }
  return false;
}
// Its name in the audit log ("ready", "transfer_to_queue").
const char* action_name(AgentAction action);

enum class ActionResult : std::uint8_t {
  kDone,
  kUnknownAgent,
  kUnknownReason,
  kUnreachable,     // log in or ready: the agent has no phone to ring
  kWrongState,      // e.g. wrap-up done while not in wrap-up, not ready while logged out
  kBusy,            // the core did not answer in time
  kUnknownTarget,   // no such queue, agent or disposition code; a number that is no number
  kTargetNotReady,  // a transfer to an agent that is not ready
  kNoTrunk,         // a transfer to a number without a trunk to call out on
};

struct DialResult {
  ActionResult result = ActionResult::kBusy;
  std::string call;  // kDone: the uid of the call's record
};

// What the API needs of the running center; implemented by the server. Called on the
// API's threads.
class CenterView {
 public:
  virtual ~CenterView() = default;
  // The center's figures as Prometheus text (lines "# HELP", "# TYPE", samples).
  virtual std::string metrics() = 0;
  // Whether the configuration has an agent of this name (users may be linked to one).
  virtual bool has_agent(const std::string& name) = 0;
  // Nothing when the core is too busy to answer within a second.
  virtual std::optional<CenterSnapshot> snapshot() = 0;
  // `argument`: for kNotReady, a reason code of the configuration ("" for the first);
  // for transfers the target, for kSetDisposition the code (see AgentAction).
  virtual ActionResult agent_action(const std::string& agent, AgentAction action,
                                    const std::string& argument) = 0;
  // A call from the agent's desktop (click to dial): its phone rings first (showing the
  // number); answered, `number` (digits, as the trunk dials them) is called through the
  // trunk and the two are bridged and recorded as the agent's outbound call. The agent
  // must be logged in, not on a call, with a registered phone (kUnreachable), and a trunk
  // must call out (kNoTrunk).
  virtual DialResult dial(const std::string& agent, const std::string& number) = 0;
  // The numbers the center will call back by itself (virtual hold): callers who left
  // their number and whose callbacks wait in line, ring an agent or are being dialled.
  // Nothing when the core is too busy to answer within a second.
  virtual std::optional<std::vector<std::string>> pending_callbacks() = 0;

  // The center's settings in force, as JSON text: skills, teams, reasons, dispositions,
  // queues with their parameters, agents with their skills, the calendar and opening hours.
  virtual std::string center_settings() = 0;
  // Checks `settings` (every changed setting, as it would be kept: key -> JSON, see
  // config::CenterSettings) against the configuration's rules; then, unless `check_only`,
  // puts them in force at once, calls and agents going on. The error says what is wrong
  // (or that the core did not answer in time).
  virtual Status apply_settings(const std::map<std::string, std::string>& settings,
                                bool check_only) = 0;
};

// A real-time event for /api/v1/events subscribers (api/event_hub.h says who gets it).
struct ApiEvent {
  std::string agent;  // "" for events about no agent (queues)
  std::string team;   // the agent's team
  std::string user;   // a user it is for besides (a ticket's owner); "" for none
  std::string json;   // the message: a JSON object with a "type"
  // Events carrying customers' data (tickets, screen pops) reach, besides `user` and the
  // agent itself, only roles that may read customers over REST.
  bool customer_data = false;
  // A call offered to `agent` (json has "caller"): a "screen_pop" with the customers of
  // that number follows, built off the publisher's thread.
  bool screen_pop = false;
};

// Where the API keeps what it serves (all in hotline.db).
struct ApiStores {
  store::ServiceStore* users = nullptr;  // users, the audit log
  store::CustomerStore* customers = nullptr;
  store::KnowledgeStore* knowledge = nullptr;
  store::TicketStore* tickets = nullptr;
  store::CallStore* calls = nullptr;  // call records (read only)
  leads::LeadStore* leads = nullptr;  // lead lists, the do-not-call list (none: no routes)
  campaigns::CampaignStore* campaigns = nullptr;  // outbound campaigns (none: no routes)
  orders::OrderStore* orders = nullptr;           // the catalogue and orders (none: no routes)
};

class ApiService {
 public:
  // The stores and `center` must outlive the service.
  static Result<std::unique_ptr<ApiService>> start(const ApiSettings& settings,
                                                   const ApiStores& stores, CenterView* center);
  virtual ~ApiService() = default;
  virtual int port() const = 0;
  virtual void stop() = 0;
  // Pushes an event to the subscribers allowed to see it; any thread.
  virtual void publish(const ApiEvent& event) = 0;
  // Whether anyone listens (publishers skip building events nobody gets).
  virtual bool has_subscribers() const = 0;
};

// The OpenAPI 3 document of the API (src/api/openapi.json, built in).
const std::string& openapi_document();

}  // namespace hotline::api
