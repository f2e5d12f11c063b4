#pragma once
// Callbacks: virtual hold. A caller who has waited long enough is offered to leave its
// number (the queue's overflow rule `offer: callback`); pressing 1 ends its line while
// the call keeps its place. When an agent is free its phone rings, showing the number;
// once it answers, the number is dialled through the trunk on the caller's side of the
// relay and the two are bridged and recorded like any call. A number that does not
// answer ends the call back as callback_failed, with the reason.
//
// A callback is the same call id living on without its caller's line; this part knows
// which calls are callbacks and the leg that reached each number.
//
// Thread-safety: the core thread only.

#include <cstdint>
#include <string>
#include <unordered_map>

#include "center/call_center.h"
#include "common/time.h"
#include "server/call_hub.h"
#include "server/call_log.h"
#include "server/call_table.h"
#include "server/telephony.h"

namespace hotline::server::detail {

class Callbacks {
 public:
  // Every reference must outlive the part.
  Callbacks(CallHub& hub, CallTable& calls, CallLog& log, Telephony& telephony,
            center::CallCenter& center, const Clock& clock)
      : hub_(hub),
        calls_(calls),
        log_(log),
        telephony_(telephony),
        center_(center),
        clock_(clock) {}

  bool is_callback(std::uint64_t call) const { return callbacks_.contains(call); }
  // The answered leg to the callback's number; 0 before it answers (or not a callback).
  std::uint64_t customer_leg(std::uint64_t call) const;

  // The core offers the caller a callback: it hears the offer, "press 1".
  void offer(std::uint64_t call, Call& c, const std::string& number);
  // It pressed 1: told so and hung up, while the call keeps its place in line.
  void accepted(std::uint64_t call, Call& c, const std::string& number);
  // The core rang an agent for the callback: the call gets media of its own again (the
  // caller's line is gone). False when no RTP port is free.
  bool open(std::uint64_t call, const std::string& number, const std::string& queue);
  // The agent answered: the number is dialled through the trunk.
  void dial(std::uint64_t call, Call& c, acd::AgentId agent);
  // The number answered (joined by the caller of this): recorded from now.
  void answered(std::uint64_t leg, std::uint64_t call, Call& c);
  // The number did not answer (`why`: busy, no_answer, failed): the call ends.
  void failed(const PlacedLeg& l, const char* why);
  // The number hung up: the leg is gone.
  void customer_hung_up(std::uint64_t call);
  // The call is released: nothing more of it is kept.
  void forget(std::uint64_t call) { callbacks_.erase(call); }

 private:
  struct Callback {
    std::uint64_t customer_leg = 0;
  };

  CallHub& hub_;
  CallTable& calls_;
  CallLog& log_;
  Telephony& telephony_;
  center::CallCenter& center_;
  const Clock& clock_;
  std::unordered_map<std::uint64_t, Callback> callbacks_;
};

}  // namespace hotline::server::detail
