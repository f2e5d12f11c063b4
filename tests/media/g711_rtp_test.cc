#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "media/g711.h"
#include "media/rtp.h"

namespace hotline::media {
namespace {

TEST(G711, KnownCodesAndRoundTrips) {
  const G711& g = G711::get();
  EXPECT_EQ(g.decode(Codec::kPcmu, 0xFF), 0);
  EXPECT_EQ(g.decode(Codec::kPcmu, 0x00), -32124);
  EXPECT_EQ(g.decode(Codec::kPcmu, 0x80), 32124);
  EXPECT_EQ(g.decode(Codec::kPcma, 0xD5), 8);
  EXPECT_EQ(g.decode(Codec::kPcma, 0x55), -8);
  for (int c = 0; c < 256; ++c) {
    const auto code = static_cast<std::uint8_t>(c);
    if (code != 0x7F) {  // µ-law has two zeros; encoding picks 0xFF
      EXPECT_EQ(g.encode(Codec::kPcmu, g.decode(Codec::kPcmu, code)), code) << c;
    }
    EXPECT_EQ(g.encode(Codec::kPcma, g.decode(Codec::kPcma, code)), code) << c;
  }
}

TEST(G711, QuantizationErrorIsSmallRelativeToTheSignal) {
  const G711& g = G711::get();
  for (int x = -32000; x <= 32000; x += 7) {
    const auto linear = static_cast<std::int16_t>(x);
    for (Codec codec : {Codec::kPcmu, Codec::kPcma}) {
      const int back = g.decode(codec, g.encode(codec, linear));
      EXPECT_LE(std::abs(back - x), std::max(16, std::abs(x) / 16)) << x;
    }
  }
}

TEST(G711, TranscodingKeepsTheSignal) {
  const G711& g = G711::get();
  std::vector<std::uint8_t> ulaw(160), alaw(160), back(160);
  for (int i = 0; i < 160; ++i)  // a 1 kHz tone at 8 kHz
    ulaw[i] = g.encode(Codec::kPcmu, static_cast<std::int16_t>(8000 * std::sin(i * 2 * M_PI / 8)));
  g.transcode(Codec::kPcmu, Codec::kPcma, ulaw, alaw);
  g.transcode(Codec::kPcma, Codec::kPcmu, alaw, back);
  for (int i = 0; i < 160; ++i) {
    const int a = g.decode(Codec::kPcmu, ulaw[i]), b = g.decode(Codec::kPcma, alaw[i]);
    EXPECT_LE(std::abs(a - b), std::max(16, std::abs(a) / 16)) << i;
    EXPECT_LE(std::abs(g.decode(Codec::kPcmu, back[i]) - a), std::max(32, std::abs(a) / 8)) << i;
  }
}

TEST(Rtp, HeaderRoundTripAndMalformedPackets) {
  std::vector<std::uint8_t> packet(12 + 160, 0xFF);
  RtpHeader h;
  h.payload_type = 8;
  h.marker = true;
  h.sequence = 65535;
  h.timestamp = 0xDEADBEEF;
  h.ssrc = 0x01020304;
  write_rtp_header(h, packet);
  RtpHeader parsed;
  ASSERT_TRUE(parse_rtp(packet, &parsed));
  EXPECT_EQ(parsed.payload_type, 8);
  EXPECT_TRUE(parsed.marker);
  EXPECT_EQ(parsed.sequence, 65535);
  EXPECT_EQ(parsed.timestamp, 0xDEADBEEFu);
  EXPECT_EQ(parsed.ssrc, 0x01020304u);
  EXPECT_EQ(parsed.payload_offset, 12u);
  EXPECT_EQ(parsed.payload_size, 160u);

  // CSRCs and a header extension are skipped; padding is removed.
  std::vector<std::uint8_t> rich = {0xB1, 0x00, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2,  // P, X, CC=1
                                    1,    2,    3, 4,                          // CSRC
                                    0xBE, 0xDE, 0, 1, 9, 9, 9, 9,              // extension
                                    0xAA, 0xBB, 0, 2};                         // payload, pad 2
  ASSERT_TRUE(parse_rtp(rich, &parsed));
  EXPECT_EQ(parsed.payload_offset, 24u);
  EXPECT_EQ(parsed.payload_size, 2u);

  const std::vector<std::vector<std::uint8_t>> bad = {
      {},
      {0x80, 0, 0},                                               // short
      {0x40, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2},                    // version 1
      {0x8F, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2},                    // 15 CSRCs, none present
      {0x90, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0xFF, 0xFF},  // extension too long
      {0xA0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 1, 2, 9},           // padding beyond payload
      {0xA0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 1, 2, 0},           // padding of zero
      {0x80, 200, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2},                  // RTCP sender report type
  };
  for (const auto& p : bad)
    EXPECT_FALSE(parse_rtp(p, &parsed)) << p.size();
}

TEST(Rtp, TelephoneEvents) {
  TelephoneEvent e;
  const std::uint8_t five_end[] = {5, 0x8A, 0x03, 0x20};
  ASSERT_TRUE(parse_telephone_event(five_end, &e));
  EXPECT_EQ(event_digit(e.event), '5');
  EXPECT_TRUE(e.end);
  EXPECT_EQ(e.volume, 10);
  EXPECT_EQ(e.duration, 800);
  const std::uint8_t hash[] = {11, 0x0A, 0, 160};
  ASSERT_TRUE(parse_telephone_event(hash, &e));
  EXPECT_EQ(event_digit(e.event), '#');
  EXPECT_FALSE(e.end);
  EXPECT_EQ(event_digit(10), '*');
  EXPECT_EQ(event_digit(15), 'D');
  const std::uint8_t unknown[] = {99, 0, 0, 0};
  EXPECT_FALSE(parse_telephone_event(unknown, &e));
  EXPECT_FALSE(parse_telephone_event(std::span<const std::uint8_t>(hash, 3), &e));
}

TEST(Rtp, LossAcrossSequenceWrapAndJitter) {
  RtpReceiveStats s;
  std::uint16_t seq = 65500;
  std::uint32_t ts = 0;
  for (int i = 0; i < 100; ++i, ++seq, ts += 160) {
    if (i == 40 || i == 41) continue;  // two lost, right at the wrap
    s.on_packet(seq, ts, ts + 1000);   // constant transit: no jitter
  }
  EXPECT_EQ(s.expected(), 100u);
  EXPECT_EQ(s.received(), 98u);
  EXPECT_EQ(s.lost(), 2);
  EXPECT_DOUBLE_EQ(s.jitter(), 0.0);

  RtpReceiveStats j;
  for (int i = 0; i < 2000; ++i)  // transit alternating by 80 units: jitter tends to 80
    j.on_packet(static_cast<std::uint16_t>(i), i * 160u, i * 160u + (i % 2) * 80u);
  EXPECT_NEAR(j.jitter(), 80.0, 1.0);
}

}  // namespace
}  // namespace hotline::media
