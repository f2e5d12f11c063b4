#pragma once
// RTP (RFC 3550) packets as the relay sees them: header parsing without allocation,
// RFC 4733 telephone-events (DTMF), and the receiver statistics of RFC 3550 (loss,
// interarrival jitter) that RTCP reports and the call's quality record carry.
// Nothing a peer sends can make these functions read out of bounds.

#include <cstdint>
#include <span>

namespace hotline::media {

struct RtpHeader {
  std::uint8_t payload_type = 0;
  bool marker = false;
  std::uint16_t sequence = 0;
  std::uint32_t timestamp = 0;
  std::uint32_t ssrc = 0;
  std::size_t payload_offset = 0;  // after CSRCs and any header extension
  std::size_t payload_size = 0;    // padding removed
};

constexpr std::size_t kRtpHeaderSize = 12;

// False for anything that is not a well-formed RTP version 2 packet.
bool parse_rtp(std::span<const std::uint8_t> packet, RtpHeader* header);

// Writes a 12-byte header (no CSRC, no extension). REQUIRES: out.size() >= 12.
void write_rtp_header(const RtpHeader& header, std::span<std::uint8_t> out);

// RFC 4733 named telephone event (payload of the negotiated telephone-event type).
struct TelephoneEvent {
  std::uint8_t event = 0;  // 0-9, 10 '*', 11 '#', 12-15 A-D, 16 flash
  bool end = false;
  std::uint8_t volume = 0;     // -dBm0
  std::uint16_t duration = 0;  // timestamp units
};
bool parse_telephone_event(std::span<const std::uint8_t> payload, TelephoneEvent* event);
// '0'..'9', '*', '#', 'A'..'D'; 0 for other events.
char event_digit(std::uint8_t event);

// Receiver statistics of one stream, RFC 3550 appendix A.1 and A.8.
class RtpReceiveStats {
 public:
  // `arrival` in timestamp units (8 kHz for G.711) of the local clock.
  void on_packet(std::uint16_t sequence, std::uint32_t timestamp, std::uint32_t arrival);
  std::uint64_t received() const { return received_; }
  std::uint64_t expected() const;
  std::int64_t lost() const {
    return static_cast<std::int64_t>(expected()) - static_cast<std::int64_t>(received_);
  }
  double jitter() const { return jitter_; }  // timestamp units
  // The highest sequence number seen, with its wrap-arounds (RTCP's "extended").
  std::uint32_t extended_max() const { return cycles_ + max_seq_; }

 private:
  bool started_ = false;
  std::uint16_t max_seq_ = 0;
  std::uint32_t cycles_ = 0;  // sequence wrap-arounds, times 65536
  std::uint16_t base_seq_ = 0;
  std::uint64_t received_ = 0;
  std::int64_t last_transit_ = 0;
  bool have_transit_ = false;
  double jitter_ = 0;
};

}  // namespace hotline::media
