#pragma once
// The relay's per-packet work, apart from sockets: a packet from a participant is checked
// once (receive_packet: validity, latching, its stream's figures), then rendered once per
// sink (render_for_sink: passed through untouched, transcoded between µ-law and A-law, or a
// key event renumbered to the sink's payload type). Pure functions over a session's
// participants: no I/O, no allocation.

#include <cstddef>
#include <cstdint>

#include "media/relay/media_session.h"
#include "media/rtp.h"

namespace hotline::media::detail {

enum class PacketKind : std::uint8_t {
  kInvalid,  // not RTP: dropped, and no latching on it (it must not steal the stream)
  kAudio,    // the participant's negotiated audio payload type
  kKey,      // its RFC 4733 telephone-event payload type
  kOther,    // a payload type nobody negotiated
};

// Counts of one worker's packet path, kept on its thread.
struct PacketCounts {
  std::uint64_t relayed = 0;
  std::uint64_t transcoded = 0;
  std::uint64_t dropped = 0;
};

// Checks a packet `from` the network at `now_us`: a valid one latches the speaker's peer
// to its source (symmetric RTP, NAT) and keeps the line alive; audio feeds the stream's
// figures. `header` is filled for a valid packet.
PacketKind receive_packet(Participant& speaker, const std::uint8_t* packet, std::size_t size,
                          const sockaddr_in& from, std::int64_t now_us, RtpHeader* header);

// The key a telephone-event packet ends, once per press ('\0': none). A recorded stream
// replayed reuses its timestamps: the same key's end again a while later is a new press.
char key_pressed(Participant& speaker, const RtpHeader& header, const std::uint8_t* packet,
                 std::int64_t now_us);

// What `sink` is sent for a received packet: the length (0: nothing) and in `*send` where
// the bytes are — the packet itself, or `out` (at least as large as the packet) rewritten.
std::size_t render_for_sink(const Participant& speaker, const Participant& sink, PacketKind kind,
                            const RtpHeader& header, const std::uint8_t* packet, std::size_t size,
                            std::uint8_t* out, const std::uint8_t** send, PacketCounts* counts);

}  // namespace hotline::media::detail
