#pragma once
// CoreSteps, CallHub: what the server's parts ask of the part that runs calls through
// the routing core. Every part that changes the core (agents' states, callbacks, outside
// calls) asks for a step of it; the call parts also ask for words said to a caller, legs
// placed, records brought up to date, a call's end. CallFlows is the hub; the parts hold
// it by reference and keep their own state.
//
// Thread-safety: the core thread only.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "center/call_center.h"
#include "server/call_table.h"

namespace hotline::server::detail {

// How a part asks for a step of the routing core: `event` hands it over, and what the
// core commands in return is carried out. Every part that changes the core (agents'
// states, callbacks, outside calls) goes through it.
class CoreSteps {
 public:
  using Event = std::function<void(std::vector<center::CenterCommand>&)>;
  virtual void step_center(const Event& event) = 0;

 protected:
  ~CoreSteps() = default;
};

class CallHub : public CoreSteps {
 public:
  // Says `text` to the caller now: what plays (music, an older prompt) stops for it.
  virtual void say_now(std::uint64_t call, Call& c, std::string text) = 0;
  // Says `text` to the caller after what it hears now.
  virtual void say(std::uint64_t call, std::string text) = 0;
  // A leg to `number` for the call, ringing (the caller places it), with its record.
  virtual std::uint64_t add_outside_leg(std::uint64_t call, Call& c, const std::string& number,
                                        acd::AgentId agent, LegKind kind) = 0;
  // Records the talk from now on, and writes the record as it stands (in progress).
  virtual void start_recording(std::uint64_t call, const Call& c) = 0;
  virtual void record_in_progress(std::uint64_t call, acd::AgentId agent, Time answered) = 0;
  // Hangs up every side of the call (BYE, CANCEL), closes its media and forgets it.
  virtual void finish(std::uint64_t call) = 0;
  // The same, but the caller's line is left as it is (the caller is gone, or is
  // refused with a status of its own).
  virtual void release(std::uint64_t call) = 0;

 protected:
  ~CallHub() = default;
};

}  // namespace hotline::server::detail
