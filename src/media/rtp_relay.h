#pragma once
// RtpRelay: the media path between a caller and an agent. Each call is a session of
// participants, each one party's stream through its own local UDP port (and the RTCP port
// above it); a participant hears those it subscribes to (media/relay/media_session.h). A
// call opens as two participants, the caller's and the agent's legs, subscribed to each
// other: what arrives on one leg's port is sent from the other leg's port to that leg's
// peer, transcoded between µ-law and A-law when the two sides chose differently. A leg's
// peer address is taken from SDP and corrected by the first packet actually received
// (symmetric RTP, "latching"), which is what makes phones behind NAT work. The relay
// terminates RTCP on each leg: it reports to each peer how the peer's stream arrives (loss,
// jitter) and reads the peer's reports; RTCP is not passed through, since prompts and music
// make the relay a sender of its own.
//
// Threads: the relay runs workers, each a thread with an epoll loop over the sockets of
// its own sessions (every participant of a call is on one worker), which alone touches
// them after setup. Sessions are spread over the workers as they open, so the relay uses
// every core it is given. open()/set_peer()/close() may be called from any thread; they
// hand work to the session's worker through a queue woken by an eventfd. Counters are
// atomics, published once per turn of a worker's loop.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "media/recorder.h"
#include "media/sdp.h"

namespace hotline::media {

struct RelaySettings {
  std::string address = "127.0.0.1";       // local address for RTP
  int port_min = 30000, port_max = 39999;  // RTP on even ports, RTCP on the odd one above
  // A watched leg silent this long is reported (kRtpTimeout): its phone or line died
  // without a BYE. 0: never.
  Duration rtp_timeout = seconds(30);
  // Each leg's peer is sent a receiver report this often (how its stream arrives).
  Duration rtcp_interval = seconds(5);
  // Worker threads relaying packets; 0: one per core.
  int threads = 0;
};

struct LegSetup {
  Codec codec = Codec::kPcmu;
  int payload_type = 0;
  int telephone_event_pt = -1;
};

enum class Leg : std::uint8_t { kCaller = 0, kAgent = 1 };

struct RelayCounters {
  std::uint64_t packets_relayed = 0;
  std::uint64_t packets_transcoded = 0;
  std::uint64_t packets_dropped = 0;  // malformed, unexpected payload type, no peer yet
  std::uint64_t packets_played = 0;   // prompt audio sent to callers
  std::uint64_t open_ports = 0;
  std::uint64_t sessions = 0;
  std::uint64_t recordings = 0;     // sessions being recorded now
  std::uint64_t packets_lost = 0;   // RTP from peers that never arrived (closed sessions)
  std::uint64_t rtcp_sent = 0;      // receiver reports sent to peers
  std::uint64_t rtcp_received = 0;  // reports read from peers
};

// What the relay tells the core about a call.
struct MediaEvent {
  enum class Type : std::uint8_t {
    kDigit,       // a key was pressed on `leg` (RFC 4733; in-band tones: the caller only)
    kPromptDone,  // everything queued with play() has been sent
    kRtpTimeout,  // `leg` sent no RTP nor RTCP for RelaySettings::rtp_timeout (once)
  };
  Type type;
  std::uint64_t session = 0;
  char digit = 0;
  Leg leg = Leg::kCaller;
};
// Called on the relay thread: hand the event over (post it), do not block.
using MediaEventSink = std::function<void(const MediaEvent&)>;

class RtpRelay {
 public:
  using SessionId = std::uint64_t;
  struct Ports {
    SessionId session;
    int caller_port;  // put in the SDP answered to the caller
    int agent_port;   // put in the SDP offered to the agent
  };

  virtual ~RtpRelay() = default;
  // With a recorder, sessions can be recorded (record()); it must outlive the relay.
  static Result<std::unique_ptr<RtpRelay>> start(const RelaySettings& settings,
                                                 MediaEventSink events = {},
                                                 Recorder* recorder = nullptr);

  virtual Result<Ports> open(const LegSetup& caller, const LegSetup& agent) = 0;
  // The peer's address from its SDP. Until set (or latched), packets to it are dropped.
  virtual void set_peer(SessionId session, Leg leg, const std::string& address, int port) = 0;
  virtual void close(SessionId session) = 0;
  // Whether a leg must keep sending: the caller's from the start, the agent's once its
  // peer is set. A leg on hold may fall silent: unwatch it meanwhile.
  virtual void watch(SessionId session, Leg leg, bool watched) = 0;
  // The leg's party left (an agent transferred the call): nothing is sent to the old
  // address, no silence is watched, and the next peer set (or heard) is latched anew.
  virtual void forget_peer(SessionId session, Leg leg) = 0;
  // What a leg speaks, once its SDP answer is known (an agent may answer PCMA).
  virtual void configure(SessionId session, Leg leg, const LegSetup& setup) = 0;
  // Plays 8 kHz linear audio to the caller, 20 ms a packet, after what is already queued
  // (prompts, music on hold); kPromptDone follows the last packet.
  virtual void play(SessionId session, std::vector<std::int16_t> audio) = 0;
  virtual void stop_playing(SessionId session) = 0;
  // Records both legs from now on into `path` (under the recorder's directory) until the
  // session closes. Paused, nothing said is kept (card numbers); the timeline goes on.
  virtual void record(SessionId session, const std::string& path) = 0;
  virtual void pause_recording(SessionId session, bool paused) = 0;
  // Ends the recording (the file is finalized); record() may start another one.
  virtual void stop_recording(SessionId session) = 0;
  // Parted, neither leg hears the other (the center holds the call: the caller hears
  // what play() sends, the agent silence); both are still recorded and watched.
  virtual void part(SessionId session, bool parted) = 0;
  virtual RelayCounters counters() const = 0;
  // Stops the relay thread and closes every socket.
  virtual void stop() = 0;
};

}  // namespace hotline::media
