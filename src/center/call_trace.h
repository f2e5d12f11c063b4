#pragma once
// CallTrace: what the core saw of one call, from arrival to its end — the milestones a
// call-detail record and every call KPI are made of. The core fills it as events come
// and hands it over once the call is over (CallCenter::take_finished); the adapter adds
// what only it knows (SIP causes, agent legs, the recording) and stores it.

#include <cstdint>
#include <string>

#include "center/acd/model.h"
#include "common/time.h"

namespace hotline::center {

// How a call ended, from the center's point of view.
enum class Disposition : std::uint8_t {
  kAnswered,        // an agent took it
  kAbandoned,       // the caller hung up while queued or while an agent's phone rang
  kAbandonedIvr,    // the caller hung up in the IVR
  kIvrCompleted,    // the IVR ended the call (self-service, closed hours)
  kTransferred,     // the IVR sent it to a number
  kOverflowed,      // a queue rule sent it to an outside target
  kRejected,        // the queue refused it (full, waited too long)
  kCallback,        // the caller left its number to be called back, keeping its place in line
  kCallbackFailed,  // the call back found nobody (busy, no answer): cause says which
};
const char* disposition_name(Disposition d);

enum class HangupSide : std::uint8_t { kCaller, kAgent, kCenter };
const char* hangup_side_name(HangupSide s);

struct CallTrace {
  std::uint64_t call = 0;
  std::string caller;
  // Milestones; 0 when the call never got there.
  Time arrived = 0;
  Time ivr_exit = 0;  // left the IVR for a queue
  Time queued = 0;
  Time offered = 0;   // first offer to an agent
  Time answered = 0;  // connected to the agent
  Time ended = 0;
  int offers = 0;  // agents' phones rung for it
  std::string ivr_path;
  std::string queue;
  Duration sl_threshold = 0;  // the queue's "answered within", for service level
  acd::AgentId agent = acd::kNoAgent;
  Disposition disposition = Disposition::kAbandonedIvr;
  HangupSide side = HangupSide::kCaller;
  std::string cause;  // the center's reason ("queue_full", "max_wait") or transfer target
  // Set when an agent transferred the call here (the trace of the rest of the call).
  acd::AgentId transferred_by = acd::kNoAgent;
  // The part of a call that calls back a caller who left its number (virtual hold):
  // queued is when the caller first queued, since the call kept its place in line.
  bool callback = false;
};

}  // namespace hotline::center
