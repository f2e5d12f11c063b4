#pragma once
// MediaSession: one call's media on a relay worker, as participants and subscriptions
// (rtpengine's model). A participant is one party's RTP stream through its own port of the
// relay: the socket, the peer (from SDP, then latched), what it speaks, how its stream
// arrives. A participant subscribes to another to hear it; a two-party call is two
// participants subscribed to each other, and a call the center holds has none. From the
// subscriptions each participant's sinks — who hears what it says — are computed when the
// call changes, never per packet: each packet goes to each sink, transcoded for that sink
// where their codecs differ.
//
// The center's own audio (prompts, music on hold) comes from the session's player, whose
// sink is the caller.
//
// Owned by one relay worker thread: no locks.

#include <netinet/in.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include "media/inband_dtmf.h"
#include "media/rtcp.h"
#include "media/rtp.h"
#include "media/rtp_relay.h"

namespace hotline::media::detail {

// A participant's place in its session; the public Leg names the first two.
using ParticipantIndex = std::uint8_t;
constexpr ParticipantIndex kCallerParticipant = static_cast<ParticipantIndex>(Leg::kCaller);
constexpr ParticipantIndex kAgentParticipant = static_cast<ParticipantIndex>(Leg::kAgent);

// RFC 4733 repeats a key's end packet: each key press is reported once.
struct KeyPressFilter {
  bool seen = false;
  std::uint32_t last_timestamp = 0;
  std::uint8_t last_event = 0;
  std::int64_t last_us = 0;
};

// Places a participant's audio on the recording's timeline by RTP timestamp, anchored at
// the first packet's arrival; a new stream (SSRC) or a jump of the clock re-anchors it.
struct RecordClock {
  bool started = false;
  std::uint32_t ssrc = 0;
  std::uint32_t base_timestamp = 0;
  std::int64_t base_position = 0;

  // Where a packet arriving at `arrival` (in samples since the recording began) belongs.
  std::int64_t position(const RtpHeader& h, std::int64_t arrival);
};

struct Participant {
  int fd = -1;
  int rtcp_fd = -1;  // port + 1
  int port = 0;
  LegSetup setup;
  sockaddr_in peer{};
  bool has_peer = false;
  bool latched = false;
  bool watched = false;            // must keep sending (see RtpRelay::watch)
  bool timed_out = false;          // reported already
  std::int64_t last_heard_us = 0;  // monotonic: the last valid packet, or when watching began
  // RTCP: the peer's reports go to its RTP port + 1 until it sends from elsewhere.
  sockaddr_in rtcp_peer{};
  bool rtcp_latched = false;
  RtpReceiveStats stats;  // the peer's audio stream as it arrives here
  std::uint32_t peer_ssrc = 0;
  std::uint64_t prior_expected = 0, prior_received = 0;
  RtcpSummary last_report;  // the peer's latest report, of how our stream arrives there
  KeyPressFilter keys;
  // Keys as tones in the audio, when the line sends no RFC 4733 (the caller only).
  // Shared: a participant is copied once, into its worker's table.
  std::shared_ptr<InbandDtmf> inband;
  RecordClock record_clock;
  // Who hears this participant: derived from the session's subscriptions.
  std::vector<ParticipantIndex> sinks;

  // Its party left (a transfer): the next peer set or heard is latched anew, and the new
  // stream's figures start from zero. Returns the packets the old stream lost.
  std::uint64_t forget_peer();
};

// Audio the center plays to the caller, and the RTP stream it goes out as.
struct Player {
  std::deque<std::int16_t> samples;
  std::uint16_t sequence = 0;
  std::uint32_t timestamp = 0;
  std::uint32_t ssrc = 0;
  bool first = true;
  ParticipantIndex sink = kCallerParticipant;
};

struct Subscription {
  ParticipantIndex listener;
  ParticipantIndex speaker;
  bool operator==(const Subscription&) const = default;
};

struct MediaSession {
  std::vector<Participant> participants;
  std::vector<Subscription> subscriptions;
  Player player;
  std::uint64_t recording = 0;  // 0: not recorded
  bool recording_paused = false;
  std::int64_t recording_start_us = 0;

  // A caller and an agent hearing each other.
  static MediaSession two_party(const LegSetup& caller, const LegSetup& agent);

  // `listener` hears `speaker` from now on (once, however often subscribed).
  void subscribe(ParticipantIndex listener, ParticipantIndex speaker);
  void unsubscribe(ParticipantIndex listener, ParticipantIndex speaker);
  // Parted, neither of the first two hears the other (the center holds the call);
  // joined again, they do.
  void part(bool parted);

  bool has(ParticipantIndex p) const { return p < participants.size(); }

 private:
  void refresh_sinks();
};

}  // namespace hotline::media::detail
