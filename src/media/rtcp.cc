#include "media/rtcp.h"

#include <algorithm>

namespace hotline::media {

namespace {

constexpr std::uint8_t kSenderReport = 200, kReceiverReport = 201;

std::uint32_t read32(const std::uint8_t* p) {
  return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
}
void write32(std::uint8_t* p, std::uint32_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 24);
  p[1] = static_cast<std::uint8_t>(v >> 16);
  p[2] = static_cast<std::uint8_t>(v >> 8);
  p[3] = static_cast<std::uint8_t>(v);
}

}  // namespace

bool parse_rtcp(std::span<const std::uint8_t> packet, RtcpSummary* summary) {
  *summary = RtcpSummary{};
  std::size_t at = 0;
  bool first = true;
  while (at + 4 <= packet.size()) {
    const std::uint8_t* p = packet.data() + at;
    if ((p[0] >> 6) != 2) return false;
    const std::size_t length = (std::size_t{p[2]} << 8 | p[3]) * 4 + 4;
    if (at + length > packet.size()) return false;
    const std::uint8_t type = p[1];
    if (first) {
      // A compound packet starts with a report (RFC 3550 6.1).
      if (type != kSenderReport && type != kReceiverReport) return false;
      if (length < 8) return false;
      summary->reporter = read32(p + 4);
      summary->sender_report = type == kSenderReport;
      const std::size_t blocks_at = summary->sender_report ? 28 : 8;
      const int count = p[0] & 0x1f;
      if (count > 0 && blocks_at + 24 <= length) {
        const std::uint8_t* b = p + blocks_at;
        ReceptionReport& r = summary->report;
        r.source = read32(b);
        r.fraction_lost = b[4];
        std::uint32_t lost = std::uint32_t{b[5]} << 16 | std::uint32_t{b[6]} << 8 | b[7];
        if (lost & 0x800000) lost |= 0xff000000;  // 24-bit two's complement
        r.cumulative_lost = static_cast<std::int32_t>(lost);
        r.highest_sequence = read32(b + 8);
        r.jitter = read32(b + 12);
        summary->has_report = true;
      }
      first = false;
    }
    at += length;
  }
  return !first && at == packet.size();
}

std::size_t write_receiver_report(std::uint32_t reporter, const ReceptionReport& r,
                                  std::span<std::uint8_t> out) {
  constexpr std::size_t kSize = 32;
  if (out.size() < kSize) return 0;
  std::uint8_t* p = out.data();
  p[0] = 0x80 | 1;  // version 2, one block
  p[1] = kReceiverReport;
  p[2] = 0;
  p[3] = kSize / 4 - 1;
  write32(p + 4, reporter);
  write32(p + 8, r.source);
  const std::int32_t lost = std::clamp(r.cumulative_lost, -0x800000, 0x7fffff);
  write32(p + 12,
          std::uint32_t{r.fraction_lost} << 24 | (static_cast<std::uint32_t>(lost) & 0xffffff));
  write32(p + 16, r.highest_sequence);
  write32(p + 20, r.jitter);
  write32(p + 24, 0);  // no sender report received from it: LSR and DLSR are 0
  write32(p + 28, 0);
  return kSize;
}

ReceptionReport reception_report(std::uint32_t source, const RtpReceiveStats& stats,
                                 std::uint64_t* prior_expected, std::uint64_t* prior_received) {
  ReceptionReport r;
  r.source = source;
  const std::uint64_t expected = stats.expected(), received = stats.received();
  const std::int64_t expected_interval = static_cast<std::int64_t>(expected - *prior_expected);
  const std::int64_t lost_interval =
      expected_interval - static_cast<std::int64_t>(received - *prior_received);
  *prior_expected = expected;
  *prior_received = received;
  if (expected_interval > 0 && lost_interval > 0)
    r.fraction_lost = static_cast<std::uint8_t>(
        std::min<std::int64_t>(255, (lost_interval << 8) / expected_interval));
  r.cumulative_lost =
      static_cast<std::int32_t>(std::clamp<std::int64_t>(stats.lost(), -0x800000, 0x7fffff));
  r.highest_sequence = stats.extended_max();
  r.jitter = static_cast<std::uint32_t>(stats.jitter());
  return r;
}

}  // namespace hotline::media
