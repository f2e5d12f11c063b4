#pragma once
// The routing core's interface: events in, commands out.
//
// Adapters (SIP, the simulator, the API) translate the world into Events and carry
// out the Commands the core returns. Both are small trivially-copyable values so that
// they can be logged, replayed and queued between threads without allocation.

#include <cassert>
#include <cstddef>
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
  kOutboundEnded,     // agent, call: back to the state before (not ready stays not ready),
                      // after wrap_up in wrap-up (a campaign's call)
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
  Duration wrap_up = 0;  // kOutboundEnded: wrap-up after the call; 0: none
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
  kCallQueued,         // call, queue, position()
  kOfferCall,          // call, agent: ring this agent; is_callback()
  kCancelOffer,        // call, agent: stop ringing (answered elsewhere, caller gone)
  kConnect,            // call, agent: bridge caller and agent; talk starts
  kAnnouncePosition,   // call, position(), wait = expected wait
  kMoveToQueue,        // call, queue: overflowed into another queue of this center, from_queue()
  kOverflowToTarget,   // call, queue, overflow_rule(): send to the rule's outside target
  kOfferVoicemail,     // call, queue
  kOfferCallback,      // call, queue
  kRejectCall,         // call, queue, reject_reason()
  kAgentStateChanged,  // agent, agent_state(), reason
};

// A routing decision. Small and flat, as the routing core makes millions of them: the
// one number whose meaning depends on the type is read through the accessor that names
// it (checked in debug builds).
struct Command {
  CommandType type = CommandType::kCallQueued;
  Time at = 0;
  CallId call = 0;
  AgentId agent = kNoAgent;
  QueueId queue = kNoQueue;
  std::int32_t value = 0;  // read through the accessors below
  Duration wait = 0;
  ReasonId reason = 0;

  // kCallQueued, kAnnouncePosition: the place in line (1: next).
  std::int32_t position() const {
    assert(type == CommandType::kCallQueued || type == CommandType::kAnnouncePosition);
    return value;
  }
  // kOfferCall: the call is a callback (its caller left a number and hung up).
  bool is_callback() const {
    assert(type == CommandType::kOfferCall);
    return value != 0;
  }
  // kMoveToQueue: the queue the call left.
  QueueId from_queue() const {
    assert(type == CommandType::kMoveToQueue);
    return static_cast<QueueId>(value);
  }
  // kOverflowToTarget: the index of the queue's overflow rule.
  std::size_t overflow_rule() const {
    assert(type == CommandType::kOverflowToTarget);
    return static_cast<std::size_t>(value);
  }
  RejectReason reject_reason() const {
    assert(type == CommandType::kRejectCall);
    return static_cast<RejectReason>(value);
  }
  AgentState agent_state() const {
    assert(type == CommandType::kAgentStateChanged);
    return static_cast<AgentState>(value);
  }
};

const char* to_string(EventType type);
const char* to_string(CommandType type);
const char* to_string(AgentState state);
const char* to_string(Strategy strategy);

}  // namespace hotline::acd
