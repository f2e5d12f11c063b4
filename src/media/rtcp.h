#pragma once
// RTCP (RFC 3550 section 6) as the relay speaks it: it terminates media on each leg, so
// every few seconds it tells each peer how that peer's stream arrives (a receiver report
// from the leg's RTP statistics), and it reads the peers' reports to learn how ours
// arrive at them. Nothing a peer sends can make these functions read out of bounds.

#include <cstddef>
#include <cstdint>
#include <span>

#include "media/rtp.h"

namespace hotline::media {

// One reception report block: how the stream of `source` arrived at the reporter.
struct ReceptionReport {
  std::uint32_t source = 0;
  std::uint8_t fraction_lost = 0;      // of the last interval, in 1/256
  std::int32_t cumulative_lost = 0;    // 24 bits, signed
  std::uint32_t highest_sequence = 0;  // extended
  std::uint32_t jitter = 0;            // timestamp units
};

// What one RTCP datagram (a compound packet) says: who sent it, whether it was a sender
// report, and its first reception report block, if any.
struct RtcpSummary {
  std::uint32_t reporter = 0;
  bool sender_report = false;
  bool has_report = false;
  ReceptionReport report;
};

// False unless the datagram is a well-formed compound packet starting with SR or RR.
bool parse_rtcp(std::span<const std::uint8_t> packet, RtcpSummary* summary);

// A receiver report with one block (32 bytes). Returns the size written; 0 when `out`
// is too small.
std::size_t write_receiver_report(std::uint32_t reporter, const ReceptionReport& report,
                                  std::span<std::uint8_t> out);

// The report block for a stream from its receive statistics. `prior_expected` and
// `prior_received` carry the counts of the previous report (for the interval's fraction
// lost) and are updated.
ReceptionReport reception_report(std::uint32_t source, const RtpReceiveStats& stats,
                                 std::uint64_t* prior_expected, std::uint64_t* prior_received);

}  // namespace hotline::media
