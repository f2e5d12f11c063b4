#pragma once
// The discrete-event simulator: drives the production core (center::CallCenter: the IVR,
// the routing core, callbacks) in virtual time with generated or recorded calls, agents'
// shifts and breaks, and callers who give up, so every decision the live server takes
// from the core is taken here the same way. Its figures come from the calls' traces, as
// the live center's records do. One run is one replication; see replications.h for
// several.
//
// Single-threaded and deterministic: the same scenario, calls and seed give the same
// run, event for event.

#include <cstdint>
#include <cstdio>
#include <vector>

#include "center/acd/events.h"
#include "kpi/kpis.h"
#include "sim/scenario.h"

namespace hotline::sim {

// Receives every event the simulator feeds the core (for the JSON-lines event log).
class EventSink {
 public:
  virtual ~EventSink() = default;
  // `call` is set for kCallArrived: the arrival's talk time and patience.
  virtual void on_event(const acd::Event& event, const CallInput* call) = 0;
};

// What one replication measured, by day, interval of the day and queue.
struct RunStats {
  int days = 1, intervals = 1, queues = 1;
  std::vector<kpi::KpiCounter> cells;      // [(day * intervals + interval) * queues + queue]
  std::vector<kpi::AgentTime> agent_time;  // [day * intervals + interval]
  std::uint64_t core_events = 0;           // events handled by the core
  std::uint64_t sim_events = 0;            // events of the simulation itself
  std::uint64_t calls = 0;
  // Calls that never reached a queue, by how they left the IVR.
  struct IvrEnds {
    std::uint64_t self_served = 0;  // the IVR ended the call (self-service, closed hours)
    std::uint64_t transferred = 0;  // sent to a number
    std::uint64_t abandoned = 0;    // the caller hung up in the IVR
    std::uint64_t failed = 0;       // no queue to go to
  } ivr;

  kpi::KpiCounter& cell(int day, int interval, int queue) {
    return cells[(static_cast<std::size_t>(day) * intervals + interval) * queues + queue];
  }
  const kpi::KpiCounter& cell(int day, int interval, int queue) const {
    return cells[(static_cast<std::size_t>(day) * intervals + interval) * queues + queue];
  }
};

// Runs one replication of `scenario` with these calls (sorted by arrival).
RunStats simulate(const Scenario& scenario, const std::vector<CallInput>& calls,
                  EventSink* log = nullptr);

}  // namespace hotline::sim
