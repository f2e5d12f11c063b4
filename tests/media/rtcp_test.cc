#include "media/rtcp.h"

#include <gtest/gtest.h>

#include <vector>

namespace hotline::media {
namespace {

TEST(Rtcp, ReceiverReportRoundTrip) {
  ReceptionReport r;
  r.source = 0x01020304;
  r.fraction_lost = 25;
  r.cumulative_lost = -3;  // duplicates can make it negative
  r.highest_sequence = 70000;
  r.jitter = 37;
  std::vector<std::uint8_t> packet(32);
  ASSERT_EQ(write_receiver_report(0xabcdef01, r, packet), 32u);
  RtcpSummary s;
  ASSERT_TRUE(parse_rtcp(packet, &s));
  EXPECT_EQ(s.reporter, 0xabcdef01u);
  EXPECT_FALSE(s.sender_report);
  ASSERT_TRUE(s.has_report);
  EXPECT_EQ(s.report.source, r.source);
  EXPECT_EQ(s.report.fraction_lost, 25);
  EXPECT_EQ(s.report.cumulative_lost, -3);
  EXPECT_EQ(s.report.highest_sequence, 70000u);
  EXPECT_EQ(s.report.jitter, 37u);
  std::vector<std::uint8_t> small(31);
  EXPECT_EQ(write_receiver_report(1, r, small), 0u);
}

TEST(Rtcp, SenderReportWithAnSdesInTheCompound) {
  // SR (no blocks, 28 bytes) + SDES (CNAME "ab", 12 bytes).
  std::vector<std::uint8_t> p = {0x80, 200, 0, 6, 0, 0, 0, 9};
  p.resize(28, 0);
  const std::vector<std::uint8_t> sdes = {0x81, 202, 0, 2, 0, 0, 0, 9, 1, 2, 'a', 'b'};
  p.insert(p.end(), sdes.begin(), sdes.end());
  RtcpSummary s;
  ASSERT_TRUE(parse_rtcp(p, &s));
  EXPECT_TRUE(s.sender_report);
  EXPECT_FALSE(s.has_report);
  EXPECT_EQ(s.reporter, 9u);
}

TEST(Rtcp, MalformedIsRefused) {
  RtcpSummary s;
  EXPECT_FALSE(parse_rtcp(std::vector<std::uint8_t>{}, &s));
  EXPECT_FALSE(parse_rtcp(std::vector<std::uint8_t>{0x80, 201, 0, 1}, &s));  // too short
  EXPECT_FALSE(parse_rtcp(std::vector<std::uint8_t>{0x80, 201, 0xff, 0xff, 0, 0, 0, 1}, &s));
  EXPECT_FALSE(parse_rtcp(std::vector<std::uint8_t>{0x40, 201, 0, 1, 0, 0, 0, 1}, &s));  // v1
  EXPECT_FALSE(
      parse_rtcp(std::vector<std::uint8_t>{0x80, 202, 0, 1, 0, 0, 0, 1}, &s));  // SDES first
  // An RTP packet on the RTCP port.
  EXPECT_FALSE(parse_rtcp(std::vector<std::uint8_t>{0x80, 0, 0, 1, 0, 0, 0, 160, 0, 0, 0, 42}, &s));
  // A report block promised but cut off: the header is read, the block is not.
  std::vector<std::uint8_t> cut = {0x81, 201, 0, 1, 0, 0, 0, 5};
  ASSERT_TRUE(parse_rtcp(cut, &s));
  EXPECT_FALSE(s.has_report);
}

TEST(Rtcp, ReportFromReceiveStatistics) {
  RtpReceiveStats stats;
  // Packets 0..9 with 3 and 4 missing.
  for (std::uint16_t seq = 0; seq < 10; ++seq)
    if (seq != 3 && seq != 4) stats.on_packet(seq, seq * 160u, seq * 160u);
  std::uint64_t prior_expected = 0, prior_received = 0;
  const ReceptionReport r = reception_report(7, stats, &prior_expected, &prior_received);
  EXPECT_EQ(r.source, 7u);
  EXPECT_EQ(r.cumulative_lost, 2);
  EXPECT_EQ(r.fraction_lost, (2 << 8) / 10);
  EXPECT_EQ(r.highest_sequence, 9u);
  EXPECT_EQ(prior_expected, 10u);
  // Nothing new arrived: nothing lost in this interval.
  EXPECT_EQ(reception_report(7, stats, &prior_expected, &prior_received).fraction_lost, 0);
}

}  // namespace
}  // namespace hotline::media
