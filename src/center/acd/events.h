#pragma once
// The routing core's interface: events in, commands out.
//
// Adapters (SIP, the simulator, the API) translate the world into Events and carry
// out the Commands the core returns. Both are small trivially-copyable values so that
// they can be logged, replayed and queued between threads without allocation.

#include <cstdint>

#include "center/acd/model.h"
#include "common/time.h"

namespace hotline::acd {

enum class EventType : std::uint8_t {
  kCallArrived,       // call, queue, priority: a caller enters a queue; with an agent
                      // that is ready, it is offered to that agent first (a transfer)
  kCallAbandoned,     // call: the caller left (hung up, chose voicemail) before talking
  kCallEnded,         // call: talk is over (either side hung up); wrap-up starts
  kCallbackAccepted,  // call: the caller accepted a callback; it keeps its place in line
  kAgentLogin,        // agent: logs in and becomes ready
  kAgentLogout,       // agent: logs out (after the current call, if any)
  kAgentReady,        // agent
  kAgentNotReady,     // agent, reason (after the current call, if any)
  kAgentAnswered,     // agent, call: the offered call was answered
  kAgentRejected,     // agent, call: the phone declined (busy) or failed
  kAgentNoAnswer,     // agent, call: the phone rang out (the core also times this itself)
  kWrapUpDone,        // agent: ends wrap-up early
  kOutboundStarted,   // agent, call: the agent placed a call (from ready, not ready or
                      // wrap-up): talking, offered nothing until kOutboundEnded
  kOutboundEnded,     // agent, call: back to the state before (not ready stays not ready)
  kTick,              // nothing but time: fire due timers
};

struct Event {
  EventType type = EventType::kTick;
  Time at = 0;
  CallId call = 0;
  AgentId agent = kNoAgent;
  QueueId queue = kNoQueue;
  std::int32_t priority = 0;
  ReasonId reason = 0;
};

enum class AgentState : std::uint8_t {
  kLoggedOut,
  kReady,
  kNotReady,
  kRinging,  // reserved for an offered call
  kTalking,
  kWrapUp,
};

enum class RejectReason : std::uint8_t { kQueueFull, kMaxWait, kUnknownQueue };

enum class CommandType : std::uint8_t {
  kCallQueued,         // call, queue, value = position
  kOfferCall,          // call, agent: ring this agent
  kCancelOffer,        // call, agent: stop ringing (answered elsewhere, caller gone)
  kConnect,            // call, agent: bridge caller and agent; talk starts
  kAnnouncePosition,   // call, value = position, wait = expected wait
  kMoveToQueue,        // call, queue: overflowed into another queue of this center
  kOverflowToTarget,   // call, queue, value = rule index: send to the rule's outside target
  kOfferVoicemail,     // call, queue
  kOfferCallback,      // call, queue
  kRejectCall,         // call, queue, value = RejectReason
  kAgentStateChanged,  // agent, value = AgentState, reason
};

struct Command {
  CommandType type = CommandType::kCallQueued;
  Time at = 0;
  CallId call = 0;
  AgentId agent = kNoAgent;
  QueueId queue = kNoQueue;
  std::int32_t value = 0;
  Duration wait = 0;
  ReasonId reason = 0;
};

const char* to_string(EventType type);
const char* to_string(CommandType type);
const char* to_string(AgentState state);
const char* to_string(Strategy strategy);

}  // namespace hotline::acd
