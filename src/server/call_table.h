#pragma once
// CallTable: the calls and legs the server has open, and the one id space that names
// them all.
//
// A Call is one conversation as the adapters see it: the relay session that carries its
// audio and the legs placed for it (agents' phones, outside numbers). The core
// (center::CallCenter) knows the same call by the same id; a leg has an id of its own,
// never a call's, so that a SIP event names exactly one thing.
//
// Thread-safety: new_id() and open_calls() from any thread (the SIP thread names the
// calls that come in); everything else on the core thread only, asserted.

#include <atomic>
#include <cassert>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "center/acd/model.h"
#include "common/event_loop.h"
#include "common/time.h"
#include "media/rtp_relay.h"

namespace hotline::server::detail {

// A leg we placed for a call: to an agent, or through the trunk to an outside number.
enum class LegKind : std::uint8_t {
  kAgent,      // offered by the core to `agent`
  kTransfer,   // the IVR sent the caller to a number
  kCallOut,    // `agent` dialled a number from its phone (or desktop: the number's leg)
  kDeskPhone,  // the agent's phone, rung first for a call its desktop placed
  kCallback,   // the number of a caller who left it, dialled once its agent answered
};

struct PlacedLeg {
  std::uint64_t call = 0;
  acd::AgentId agent = acd::kNoAgent;
  bool answered = false;
  bool cancelled = false;
  std::size_t record = 0;  // index in the call's CallDetails::legs
  LegKind kind = LegKind::kAgent;
};

struct Call {
  media::RtpRelay::SessionId session = 0;
  int caller_port = 0;
  int agent_port = 0;
  std::uint64_t sdp_version = 1;  // ours, bumped with every answer to a re-offer
  bool waiting = false;           // in a queue: music between announcements
  bool music = false;             // the relay is playing hold music (nothing anyone waits for)
  std::string caller;
  // The call is a SIP dialog with the caller (a trunk call, an agent's phone dialling):
  // not a callback, whose caller's line ended when it left its number, nor a desk call.
  bool caller_line = true;
  std::uint64_t agent_leg = 0;         // the answered agent leg
  std::vector<std::uint64_t> ringing;  // agent legs still ringing
  bool hang_up_after_prompt = false;
  int prompts_pending = 0;              // Play commands whose audio is still being prepared
  bool audio_in_relay = false;          // handed to the relay, not yet all sent
  std::uint32_t prompt_generation = 0;  // bumped by a barge-in: older audio is dropped
  // Calls that leave the center (OutsideCalls).
  std::string transfer_to;                     // the IVR transferred the call to this number
  acd::AgentId calling_agent = acd::kNoAgent;  // a call out: the agent's phone is this call
  bool far_end_hung_up = false;                // the placed leg's side ended the call
  std::string queue;                           // the queue it waits or waited in
  bool answer_in_ack = false;  // a delayed offer: our 200 OK offered, its ACK answers
  // A call that left the center: the IVR's transfer to a number, or an agent's call out.
  bool is_outside() const { return !transfer_to.empty() || calling_agent != acd::kNoAgent; }
};

class CallTable {
 public:
  // `owner` is the core thread's loop, the only thread that may touch the table.
  explicit CallTable(const EventLoop& owner) : owner_(owner) {}

  // A new id for a call or a leg, never given before. Any thread.
  std::uint64_t new_id() { return ++last_id_; }
  // Calls open now. Any thread.
  std::size_t open_calls() const { return open_calls_; }

  // A call whose audio the relay session `ports` carries; `id` must not be open.
  Call& open(std::uint64_t id, const media::RtpRelay::Ports& ports);
  // The open call `id`, or null.
  Call* find(std::uint64_t id);
  const Call* find(std::uint64_t id) const;
  // The call whose audio `session` carries, or 0.
  std::uint64_t call_of_session(media::RtpRelay::SessionId session) const;
  // Forgets the call; its legs stay until they are dropped.
  void close(std::uint64_t id);

  // A leg placed for `leg.call`, known by `id` until it is dropped.
  PlacedLeg& place(std::uint64_t id, const PlacedLeg& leg);
  // The leg `id`, or null.
  PlacedLeg* leg(std::uint64_t id);
  // Forgets the leg, returning what it was (nothing for an unknown leg).
  std::optional<PlacedLeg> drop_leg(std::uint64_t id);

 private:
  bool on_owner() const { return owner_.is_current_thread(); }

  const EventLoop& owner_;
  std::atomic<std::uint64_t> last_id_{0};
  std::atomic<std::size_t> open_calls_{0};
  std::unordered_map<std::uint64_t, Call> calls_;
  std::unordered_map<std::uint64_t, PlacedLeg> legs_;
  std::unordered_map<media::RtpRelay::SessionId, std::uint64_t> call_of_session_;
};

}  // namespace hotline::server::detail
