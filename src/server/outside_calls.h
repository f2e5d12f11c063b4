#pragma once
// OutsideCalls: calls that leave the center through the trunk. The IVR's transfer to a
// number (the caller waits with music while it rings; bridged and recorded when it
// answers, told so and hung up when it fails), and agents' calls out: dialled from the
// agent's phone (the number rings first, the phone is answered when the number answers),
// or from the desktop (click to dial: the agent's phone rings first, then the number).
// All are bridged through the relay and recorded like any answered call; the customer
// is on the relay's caller side (the left channel), except a transfer's far end, which
// takes the agent's side.
//
// Thread-safety: the core thread only.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>

#include "api/api_service.h"
#include "center/call_center.h"
#include "common/time.h"
#include "server/agent_states.h"
#include "server/call_hub.h"
#include "server/call_log.h"
#include "server/call_table.h"
#include "server/callbacks.h"
#include "server/telephony.h"
#include "sip/sip_server.h"

namespace hotline::server::detail {

// The number calls out show: the first trunk's that places calls; "" when none does.
const std::string& outbound_number(const sip::SipSettings& sip);

class OutsideCalls {
 public:
  struct Parts {  // every one must outlive this part
    CallHub& hub;
    CallTable& calls;
    CallLog& log;
    Telephony& telephony;
    AgentStates& agents;
    Callbacks& callbacks;
    center::CallCenter& center;
    const Clock& clock;
  };
  OutsideCalls(const Parts& parts, std::string center_number)
      : parts_(parts), center_number_(std::move(center_number)) {}

  // The number calls out show; "" when no trunk places calls.
  const std::string& center_number() const { return center_number_; }

  // The IVR's transfer, once its last words are said: the number rings, music meanwhile.
  void start_transfer(std::uint64_t call);
  // Whether the IVR's transfer of the call has been dialled.
  bool transfer_placed(std::uint64_t call) const;
  // An agent's phone dialled a number: the agent is busy (core), the number is called
  // with the center's number, and the phone is answered when the far end answers.
  void agent_dial(std::uint64_t call, const std::string& agent, const std::string& number,
                  const std::string& sdp);
  // Click to dial: the agent's phone rings first (30 s at most), then the number.
  api::DialResult desk_dial(acd::AgentId agent, const std::string& number);

  // A leg placed here (or a callback's) answered, or failed with `status`.
  void answered(std::uint64_t leg, const std::string& sdp);
  void failed(const PlacedLeg& l, int status);
  // The leg to the agent's phone of a call out from the desktop; 0 for none.
  std::uint64_t phone_leg(std::uint64_t call) const;
  // The agent hung up that phone.
  void phone_hung_up(std::uint64_t call);
  // The call is released (CallHub::finish): its record is written, its agent freed.
  void ended(std::uint64_t call, Call& c);

  // The desktop calls whose phone rang too long are given up: the core thread's own timers.
  Time next_deadline() const;
  void ring_timeouts(Time now);

 private:
  // What only this part knows of a call.
  struct OutsideCall {
    std::uint64_t transfer_leg = 0;  // the IVR's transfer, once dialled
    std::uint64_t phone_leg = 0;     // a call out from the desktop: the leg to the phone
    std::string phone_answer;        // a call out from the phone: our SDP for it
  };
  // The call (opened with its media), its record and the agent's state for a call out
  // of `agent` to `number`; its first leg record is the agent's.
  void start_call_out(std::uint64_t call, Call& c, acd::AgentId agent, const std::string& number);
  void desk_phone_answered(std::uint64_t phone_leg, PlacedLeg& phone, const std::string& sdp);

  Parts parts_;
  const std::string center_number_;
  std::unordered_map<std::uint64_t, OutsideCall> outside_;
  std::multimap<Time, std::uint64_t> desk_ring_deadlines_;  // phone legs of desktop calls
};

}  // namespace hotline::server::detail
