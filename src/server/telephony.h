#pragma once
// Telephony: the only part of the server that speaks to the SIP stack and the RTP relay.
// It knows how a call's audio is laid out, which the rest of the server need not:
//
//   caller side of the relay session        agent side of the relay session
//   (Leg::kCaller: the trunk call that      (Leg::kAgent: the agent's phone, a remote
//   came in, the number of a call out or    seat, or the far end of the IVR's transfer)
//   a callback; the left channel)
//
// what SDP each side is offered or answered (the relay's port on that side, the
// version of our session), and what the prompts, hold music and recordings do to a call.
// The decisions (who rings, when a call ends) are the rest of the server's; this part
// carries them out.
//
// Thread-safety: the core thread only, asserted; the SipServer and RtpRelay hand the work
// to their own threads.

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/event_loop.h"
#include "media/rtp_relay.h"
#include "media/sdp.h"
#include "server/call_table.h"
#include "sip/sip_server.h"

namespace hotline::server::detail {

class Telephony {
 public:
  // `owner` is the core thread's loop; `calls` the table it opens and closes calls in;
  // `rtp_address` the address our SDP gives for the relay's ports.
  Telephony(const EventLoop& owner, CallTable& calls, std::string rtp_address);

  // The SIP stack, the relay and the music on hold, once started; they must outlive us.
  void attach(sip::SipServer& sip, media::RtpRelay& relay, std::vector<std::int16_t> hold_music);

  // Calls refused for media (no usable SDP, no RTP port). Any thread.
  std::uint64_t rejected() const { return rejected_; }

  // --- Calls that come in ------------------------------------------------------------
  // Answers the call with our media: negotiates its offer (none: a delayed offer, ours
  // goes in the 200 OK and the ACK answers) and opens its relay session. Null when the
  // call was refused instead (488 unusable SDP, 503 no RTP port).
  Call* answer(std::uint64_t call, const std::string& sdp);
  // The ACK's answer to our offer; false when it has none we can use.
  bool take_ack_answer(std::uint64_t call, Call& c, const std::string& sdp);
  void refuse(std::uint64_t call, int status);
  // A call out from an agent's phone is answered (`sdp`: open_call_out's answer) once
  // the number answers.
  void answer_phone(std::uint64_t call, const Call& c, const std::string& sdp);

  // --- Calls the center opens --------------------------------------------------------
  // A call with media of its own and no SIP dialog that came in (a desk call, a
  // callback): both sides offered PCMU, the caller's side not watched until it answers.
  Call* open_placed(std::uint64_t call);
  // An agent's phone dialled a number (`sdp` its offer): the phone's side answered at
  // once in the relay, on SIP only when the number answers (with `phone_answer`). Null
  // when refused.
  Call* open_call_out(std::uint64_t call, const std::string& sdp, std::string& phone_answer);

  // --- Legs we place -----------------------------------------------------------------
  // Rings `agent`'s registered phone (or, with `seat`, the remote seat's number) on the
  // agent side, showing `caller`.
  void ring_agent(std::uint64_t leg, const Call& c, const std::string& agent,
                  const std::string* seat, const std::string& caller, const std::string& ivr_path);
  // Dials `number` through the trunk on `side` of the call, showing `caller` (if any).
  void dial(std::uint64_t leg, const Call& c, media::Leg side, const std::string& number,
            const std::string& caller, const std::string& ivr_path);
  // A placed leg answered: its side of the relay speaks what was agreed, to where it
  // said, and is watched for silence from now on. False for an answer we cannot use.
  bool join(Call& c, media::Leg side, const std::string& sdp);
  // Its side is watched for silence from now on (or not, while it cannot send).
  void watch(const Call& c, media::Leg side, bool watched = true);
  void cancel(std::uint64_t leg);       // CANCEL a ringing leg
  void hang_up_leg(std::uint64_t leg);  // BYE an answered one

  // --- Re-offers ---------------------------------------------------------------------
  // Answers a re-INVITE on `side` of the call: its side moves, changes codec or goes on
  // hold (true). Nothing when the offer is unusable (488 sent).
  std::optional<bool> answer_reoffer(sip::Side sip_side, std::uint64_t id, Call& c, media::Leg side,
                                     const std::string& sdp);
  void refuse_reoffer(sip::Side sip_side, std::uint64_t id, int status);

  // --- What the caller hears ---------------------------------------------------------
  void play(Call& c, std::vector<std::int16_t> audio);  // a prompt, prepared
  void play_music(Call& c);                             // it waits (a queue, a transfer)
  void stop_music(Call& c);                             // it stops waiting
  void stop_prompts(Call& c);  // a key interrupted them, or an agent answered
  // Whatever plays stops, for something to be said at once; audio still being prepared
  // for it is dropped.
  void interrupt(Call& c);
  // Music while the agent holds (again, when it ran out), or its end.
  void hold_music(Call& c, bool on);
  // The agent's desktop holds: the two sides do not hear each other meanwhile.
  void part(Call& c, bool parted);
  void silence(const Call& c);  // the relay stops playing, nothing else changes
  // The agent's side is gone (a transfer): its packets are no longer relayed.
  void forget_agent_side(const Call& c);

  // --- Recording ---------------------------------------------------------------------
  void record(const Call& c, const std::string& path);
  void pause_recording(const Call& c, bool paused);
  void stop_recording(const Call& c);

  // --- Ends --------------------------------------------------------------------------
  // BYE to the caller, if the call has a SIP dialog with one.
  void hang_up_caller(std::uint64_t call, const Call* c);
  // The 200 OK to the BYE that ended this call or leg.
  void confirm_bye(sip::Side side, std::uint64_t id);
  // Closes the call's media and forgets the call.
  void close(std::uint64_t call, const Call& c);

 private:
  std::string offer(const Call& c, media::Leg side, std::uint64_t id) const;
  bool on_owner() const { return owner_.is_current_thread(); }

  const EventLoop& owner_;
  CallTable& calls_;
  const std::string rtp_address_;
  sip::SipServer* sip_ = nullptr;
  media::RtpRelay* relay_ = nullptr;
  std::vector<std::int16_t> hold_music_;
  std::atomic<std::uint64_t> rejected_{0};
};

}  // namespace hotline::server::detail
