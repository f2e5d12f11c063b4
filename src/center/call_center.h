#pragma once
// CallCenter: the whole pure core of one center — the IVR, then the routing core — as a
// single events-in, commands-out machine. The SIP adapter drives it call by call; tests
// drive it in microseconds. A call enters the IVR (or, without a flow, the first queue),
// leaves it for a queue, and is offered to agents by the routing core; everything that
// must happen outside (play a prompt, ring an agent, bridge, hang up) is a Command.
//
// Thread-safety: none; the core thread owns it. Late events are ignored and counted.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "center/acd/events.h"
#include "center/acd/model.h"
#include "center/acd/routing_engine.h"
#include "center/call_trace.h"
#include "center/dialer/dialer.h"
#include "center/ivr/calendar.h"
#include "center/ivr/flow.h"
#include "center/ivr/ivr_engine.h"
#include "common/time.h"

namespace hotline::center {

using CallId = std::uint64_t;

// What the center asks of its adapters. Each field has one meaning; a type uses the
// fields its comment names, the others stay empty.
struct CenterCommand {
  enum class Type : std::uint8_t {
    kPlay,         // prompt: say it to the caller
    kStopPlaying,  // the caller pressed a key during a prompt
    kLookup,       // service, lookup_key; answer with lookup_result()
    kRingAgent,    // agent: ring its phone for the call; callback: then dial `number`, the
                   // caller's, once the agent answers (the call waited in `queue`)
    kStopRinging,  // agent
    kConnect,      // agent: bridge caller and agent; wait: how long the call waited
    kQueued,       // queue: where the call waits now, since `since` (its trace's time):
                   // music until an agent or an announcement
    kAnnounce,     // position in line, wait: the expected wait
    kOfferVoicemail,
    kOfferCallback,     // number: the caller's; key 1 accepts
    kCallbackAccepted,  // number: say so and hang up; the call keeps its place
    kTransfer,          // number: a number or a destination's name
    kHangup,            // why (for the record): "ivr", "queue_full", "max_wait", ...
    kAgentState,        // agent, state, reason (not ready)
    // Outbound campaigns (their calls' ids have kOutboundCallBit). kConnect also bridges a
    // campaign's call answered by a person to its agent (campaign, lead); kHangup, why
    // "machine", ends one an answering machine took.
    kDialOut,          // call, number, campaign, lead; agent: the one it is for (progressive,
                       // preview), kNoAgent for predictive
    kAbandonOutbound,  // call, campaign, lead: a person answered and no agent was free in
                       // time: the message naming the center and its number, then hang up
    kPreview,          // agent, campaign, lead, number: show the lead to the agent
    kLeadDone,         // campaign, lead, number, why (the outcome), retry_at (0: done)
    kNeedLeads,        // campaign, count: more leads wanted
  };
  Type type;
  CallId call = 0;
  acd::AgentId agent = acd::kNoAgent;
  std::string prompt = {};      // TTS text or "file:NAME"
  std::string service = {};     // an IVR back-end (config `services`)
  std::string lookup_key = {};  // the value the back-end is asked about
  std::string queue = {};
  std::string number = {};
  std::string why = {};
  std::string reason = {};  // a not-ready reason code ("break", "no_answer")
  bool callback = false;
  Time since = 0;
  std::int64_t position = 0;  // 1: next in line
  acd::AgentState state = acd::AgentState::kLoggedOut;
  Duration wait = 0;
  std::uint32_t campaign = 0;  // an index: CallCenter::campaign_name()
  std::int64_t lead = 0;
  Time retry_at = 0;
  std::int32_t count = 0;
};

// Where an agent sends the caller it talks with (a blind transfer).
struct TransferTarget {
  enum class Kind : std::uint8_t {
    kQueue,   // queue: waits in line there like a new call
    kAgent,   // agent (ready now): rings there first, else waits in its queue
    kNumber,  // number: an outside number through the trunk
    kIvr,     // ivr_node: back into the IVR at that node (self-service, a survey)
  };
  Kind kind = Kind::kQueue;
  std::string queue;  // kQueue; kAgent: where it waits if the agent does not answer
                      // ("": the queue the call came from)
  acd::AgentId agent = acd::kNoAgent;
  std::string number;
  std::string ivr_node;

  static TransferTarget to_queue(std::string queue) {
    return {Kind::kQueue, std::move(queue), acd::kNoAgent, {}, {}};
  }
  static TransferTarget to_agent(acd::AgentId agent, std::string fallback_queue = {}) {
    return {Kind::kAgent, std::move(fallback_queue), agent, {}, {}};
  }
  static TransferTarget to_number(std::string number) {
    return {Kind::kNumber, {}, acd::kNoAgent, std::move(number), {}};
  }
  static TransferTarget to_ivr(std::string node) {
    return {Kind::kIvr, {}, acd::kNoAgent, {}, std::move(node)};
  }
};
enum class TransferResult : std::uint8_t {
  kDone,
  kNotTalking,  // the call is not connected to an agent
  kUnknownQueue,
  kAgentNotReady,  // the target agent is not ready (or is the one transferring)
  kUnknownNode,    // no such IVR node
};

// How a call comes in: through the IVR (the default), or straight into a queue — a
// simulated workload drawn per queue, as a line whose number names its queue would.
struct CallEntry {
  acd::QueueId queue = acd::kNoQueue;  // kNoQueue: the IVR (or, without one, the first queue)
  int priority = 0;
};

// Where a call is; kGone for calls never seen or already finished.
enum class CallPhase : std::uint8_t { kGone, kIvr, kQueued, kTalking };

class CallCenter {
 public:
  CallCenter(acd::CenterModel model, ivr::Flow flow, ivr::Calendar calendar);
  ~CallCenter();
  CallCenter(const CallCenter&) = delete;
  CallCenter& operator=(const CallCenter&) = delete;

  // A caller reached the center (the trunk call was answered).
  void call_arrived(CallId call, Time now, const std::string& caller_number,
                    std::vector<CenterCommand>& out, const CallEntry& entry = {});
  // A key from the caller: for the IVR, or '1' to accept a callback offered in a queue.
  void key(CallId call, char key, Time now, std::vector<CenterCommand>& out);
  void prompt_finished(CallId call, Time now, std::vector<CenterCommand>& out);
  void lookup_result(CallId call, bool ok, const std::map<std::string, std::string>& values,
                     Time now, std::vector<CenterCommand>& out);
  void caller_hung_up(CallId call, Time now, std::vector<CenterCommand>& out);
  // Agents and their phones.
  void agent_event(acd::EventType type, acd::AgentId agent, CallId call, Time now,
                   std::vector<CenterCommand>& out, acd::ReasonId reason = 0);
  // The agent (or, `side` kCaller, the customer of a callback) ended a connected call.
  void call_ended(CallId call, Time now, std::vector<CenterCommand>& out,
                  HangupSide side = HangupSide::kAgent);
  // A callback's agent answered but the number did not (`why`: busy, no_answer, failed;
  // `side` kAgent: the agent gave up first): the agent goes to wrap-up and the call ends
  // as kCallbackFailed.
  void callback_failed(CallId call, const std::string& why, Time now,
                       std::vector<CenterCommand>& out, HangupSide side = HangupSide::kCaller);
  // The agent hands its caller on. The agent's part of the call ends (wrap-up starts; its
  // trace is finished as answered, cause "transfer:TARGET"). To a number: kTransfer
  // follows. To a queue or an agent: the call goes on under the same id with a new trace
  // (transferred_by: the agent), offered like a call from the IVR, with its IVR path kept.
  // To an IVR node: the same, the call going on in the IVR from that node.
  TransferResult transfer(CallId call, const TransferTarget& to, Time now,
                          std::vector<CenterCommand>& out);
  // What transfer() would answer, changing nothing.
  TransferResult check_transfer(CallId call, const TransferTarget& to) const;
  void tick(Time now, std::vector<CenterCommand>& out);
  Time next_timer() const;
  // The center's settings changed (administration): the routing core takes the new model
  // (RoutingEngine::reconfigure: the same agents and queues) and the IVR the new calendar.
  // Offers the change makes possible come out at once. An error changes nothing.
  Status reconfigure(acd::CenterModel model, ivr::Calendar calendar, Time now,
                     std::vector<CenterCommand>& out);

  // Outbound campaigns (center/outbound/outbound_calls.h: blending with inbound), numbered
  // from 0 as added; a new one is paused, with no agents. The adapter resolves a campaign's
  // teams and skills into agents, feeds it leads (kNeedLeads), dials (kDialOut) and
  // reports what became of each call out.
  std::uint32_t add_campaign(std::string name, const dialer::CampaignRules& rules,
                             Duration wrap_up);
  std::optional<std::uint32_t> find_campaign(const std::string& name) const;
  const std::string& campaign_name(std::uint32_t campaign) const;
  const dialer::Dialer& campaign_dialer(std::uint32_t campaign) const;
  void set_campaign_rules(std::uint32_t campaign, const dialer::CampaignRules& rules,
                          Duration wrap_up);
  void set_campaign_agents(std::uint32_t campaign, const std::vector<acd::AgentId>& agents,
                           Time now, std::vector<CenterCommand>& out);
  void set_campaign_running(std::uint32_t campaign, bool running, Time now,
                            std::vector<CenterCommand>& out);
  void add_campaign_leads(std::uint32_t campaign, std::vector<dialer::Lead> leads, Time now,
                          std::vector<CenterCommand>& out);
  // A call out was answered (by a person, or a machine), or ended unanswered (busy,
  // no_answer, failed). Its talk ends by call_ended().
  void outbound_answered(CallId call, bool person, Time now, std::vector<CenterCommand>& out);
  void outbound_failed(CallId call, dialer::Outcome why, Time now, std::vector<CenterCommand>& out);
  // Preview: the agent dials the lead it was shown, or passes it by.
  void preview_dial(acd::AgentId agent, Time now, std::vector<CenterCommand>& out);
  void preview_skip(acd::AgentId agent, Time now, std::vector<CenterCommand>& out);

  // Calls that ended since the last call, in the order they ended, with their traces.
  void take_finished(std::vector<CallTrace>& out);

  CallPhase phase(CallId call) const;
  // The numbers of the callbacks still to make: their callers left them and are gone.
  std::vector<std::string> callback_numbers() const;
  const acd::RoutingEngine& routing() const;
  const ivr::IvrEngine& ivr() const;
  // At start: an agent's day so far from the stored records (RoutingEngine's REQUIRES).
  void restore_agent_day(acd::AgentId agent, std::uint32_t calls, Duration talk, Duration wrap_up);

 private:
  // The queue a transfer waits in: the target queue, or for an agent its fallback.
  static const std::string& transfer_queue(const CallTrace& t, const TransferTarget& to);
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace hotline::center
