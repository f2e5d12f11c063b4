#include "media/rtp.h"

#include <cmath>

namespace hotline::media {

bool parse_rtp(std::span<const std::uint8_t> p, RtpHeader* h) {
  if (p.size() < kRtpHeaderSize) return false;
  if ((p[0] >> 6) != 2) return false;
  const bool padding = p[0] & 0x20, extension = p[0] & 0x10;
  const std::size_t csrc_count = p[0] & 0x0f;
  h->marker = p[1] & 0x80;
  h->payload_type = p[1] & 0x7f;
  if (h->payload_type >= 72 && h->payload_type <= 76) return false;  // RTCP sharing the port
  h->sequence = static_cast<std::uint16_t>(p[2] << 8 | p[3]);
  h->timestamp = static_cast<std::uint32_t>(p[4]) << 24 | static_cast<std::uint32_t>(p[5]) << 16 |
                 static_cast<std::uint32_t>(p[6]) << 8 | p[7];
  h->ssrc = static_cast<std::uint32_t>(p[8]) << 24 | static_cast<std::uint32_t>(p[9]) << 16 |
            static_cast<std::uint32_t>(p[10]) << 8 | p[11];
  std::size_t offset = kRtpHeaderSize + 4 * csrc_count;
  if (offset > p.size()) return false;
  if (extension) {
    if (offset + 4 > p.size()) return false;
    const std::size_t words = static_cast<std::size_t>(p[offset + 2] << 8 | p[offset + 3]);
    offset += 4 + 4 * words;
    if (offset > p.size()) return false;
  }
  std::size_t end = p.size();
  if (padding) {
    const std::size_t pad = p[p.size() - 1];
    if (pad == 0 || pad > end - offset) return false;
    end -= pad;
  }
  h->payload_offset = offset;
  h->payload_size = end - offset;
  return true;
}

void write_rtp_header(const RtpHeader& h, std::span<std::uint8_t> out) {
  out[0] = 0x80;
  out[1] = static_cast<std::uint8_t>((h.marker ? 0x80 : 0) | (h.payload_type & 0x7f));
  out[2] = static_cast<std::uint8_t>(h.sequence >> 8);
  out[3] = static_cast<std::uint8_t>(h.sequence);
  for (int i = 0; i < 4; ++i) {
    out[4 + i] = static_cast<std::uint8_t>(h.timestamp >> (24 - 8 * i));
    out[8 + i] = static_cast<std::uint8_t>(h.ssrc >> (24 - 8 * i));
  }
}

bool parse_telephone_event(std::span<const std::uint8_t> payload, TelephoneEvent* e) {
  if (payload.size() < 4) return false;
  e->event = payload[0];
  e->end = payload[1] & 0x80;
  e->volume = payload[1] & 0x3f;
  e->duration = static_cast<std::uint16_t>(payload[2] << 8 | payload[3]);
  return e->event <= 16;
}

char event_digit(std::uint8_t event) {
  static const char kDigits[] = "0123456789*#ABCD";
  return event < 16 ? kDigits[event] : 0;
}

void RtpReceiveStats::on_packet(std::uint16_t sequence, std::uint32_t timestamp,
                                std::uint32_t arrival) {
  if (!started_) {
    started_ = true;
    base_seq_ = max_seq_ = sequence;
  } else {
    const std::uint16_t delta = static_cast<std::uint16_t>(sequence - max_seq_);
    if (delta < 0x8000) {  // in order, maybe with a gap (RFC 3550 A.1)
      if (sequence < max_seq_) cycles_ += 65536;
      max_seq_ = sequence;
    }
    // else: late or duplicate; counted as received, max unchanged
  }
  ++received_;
  // Interarrival jitter J += (|D| - J) / 16 (RFC 3550 A.8).
  const std::int64_t transit =
      static_cast<std::int64_t>(arrival) - static_cast<std::int64_t>(timestamp);
  if (have_transit_) {
    const double d = std::fabs(static_cast<double>(transit - last_transit_));
    jitter_ += (d - jitter_) / 16.0;
  }
  last_transit_ = transit;
  have_transit_ = true;
}

std::uint64_t RtpReceiveStats::expected() const {
  if (!started_) return 0;
  return static_cast<std::uint64_t>(cycles_) + max_seq_ - base_seq_ + 1;
}

}  // namespace hotline::media
