#include "media/relay/packet_path.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <vector>

#include "media/g711.h"

namespace hotline::media::detail {
namespace {

sockaddr_in address(const char* ip, int port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  inet_pton(AF_INET, ip, &a.sin_addr);
  return a;
}

std::vector<std::uint8_t> rtp(int payload_type, std::uint16_t sequence,
                              std::vector<std::uint8_t> payload, std::uint32_t timestamp = 0) {
  std::vector<std::uint8_t> packet(kRtpHeaderSize);
  RtpHeader h;
  h.payload_type = static_cast<std::uint8_t>(payload_type);
  h.sequence = sequence;
  h.timestamp = timestamp;
  h.ssrc = 42;
  write_rtp_header(h, packet);
  packet.insert(packet.end(), payload.begin(), payload.end());
  return packet;
}

// A key's end packet (RFC 4733): event, E bit and volume, duration.
std::vector<std::uint8_t> key_end(std::uint8_t event, std::uint32_t timestamp) {
  return rtp(101, 9, {event, 0x80 | 10, 0x03, 0x20}, timestamp);
}

class PacketPath : public ::testing::Test {
 protected:
  PacketPath() {
    session_.participants[kAgentParticipant].peer = address("127.0.0.9", 7000);
    session_.participants[kAgentParticipant].has_peer = true;
  }
  Participant& caller() { return session_.participants[kCallerParticipant]; }
  Participant& agent() { return session_.participants[kAgentParticipant]; }

  PacketKind take(const std::vector<std::uint8_t>& packet, std::int64_t now_us = 1'000'000) {
    return receive_packet(caller(), packet.data(), packet.size(), address("10.0.0.5", 4000), now_us,
                          &header_);
  }
  std::size_t render(PacketKind kind, const std::vector<std::uint8_t>& packet) {
    return render_for_sink(caller(), agent(), kind, header_, packet.data(), packet.size(), out_,
                           &send_, &counts_);
  }

  MediaSession session_ = MediaSession::two_party({Codec::kPcmu, 0, 101}, {Codec::kPcmu, 0, 101});
  RtpHeader header_;
  std::uint8_t out_[2048];
  const std::uint8_t* send_ = nullptr;
  PacketCounts counts_;
};

TEST_F(PacketPath, SameCodecPassesThePacketItselfAndLatchesItsSource) {
  const auto packet = rtp(0, 1, std::vector<std::uint8_t>(160, 0x55));
  ASSERT_EQ(take(packet, 5'000'000), PacketKind::kAudio);
  EXPECT_TRUE(caller().latched);
  EXPECT_EQ(ntohs(caller().peer.sin_port), 4000);
  EXPECT_EQ(caller().last_heard_us, 5'000'000);
  EXPECT_EQ(caller().stats.received(), 1u);
  EXPECT_EQ(caller().peer_ssrc, 42u);
  EXPECT_EQ(render(PacketKind::kAudio, packet), packet.size());
  EXPECT_EQ(send_, packet.data());
  EXPECT_EQ(counts_.transcoded, 0u);
}

TEST_F(PacketPath, ASinkOnTheOtherCodecGetsTheAudioTranscoded) {
  agent().setup = {Codec::kPcma, 8, 101};
  const auto packet = rtp(0, 1, std::vector<std::uint8_t>(160, 0x55));
  ASSERT_EQ(take(packet), PacketKind::kAudio);
  ASSERT_EQ(render(PacketKind::kAudio, packet), packet.size());
  EXPECT_EQ(send_, out_);
  RtpHeader h;
  ASSERT_TRUE(parse_rtp(std::span<const std::uint8_t>(out_, packet.size()), &h));
  EXPECT_EQ(h.payload_type, 8);
  EXPECT_EQ(h.sequence, 1);
  const G711& g = G711::get();
  EXPECT_EQ(out_[kRtpHeaderSize], g.encode(Codec::kPcma, g.decode(Codec::kPcmu, 0x55)));
  EXPECT_EQ(counts_.transcoded, 1u);
}

TEST_F(PacketPath, GarbageIsNotLatchedNorSent) {
  const std::vector<std::uint8_t> junk = {1, 2, 3};
  EXPECT_EQ(take(junk), PacketKind::kInvalid);
  EXPECT_FALSE(caller().latched);
  EXPECT_EQ(render(PacketKind::kInvalid, junk), 0u);
  EXPECT_EQ(counts_.dropped, 0u);  // counted once, where it was read
}

TEST_F(PacketPath, UnnegotiatedPayloadOrASinkWithoutAddressIsDropped) {
  const auto odd = rtp(18, 1, {1, 2, 3});
  ASSERT_EQ(take(odd), PacketKind::kOther);
  EXPECT_EQ(caller().stats.received(), 0u);  // not its audio
  EXPECT_EQ(render(PacketKind::kOther, odd), 0u);
  agent().has_peer = false;
  const auto audio = rtp(0, 2, std::vector<std::uint8_t>(160, 0x55));
  ASSERT_EQ(take(audio), PacketKind::kAudio);
  EXPECT_EQ(render(PacketKind::kAudio, audio), 0u);
  EXPECT_EQ(counts_.dropped, 2u);
}

TEST_F(PacketPath, KeysAreRenumberedForTheSinkOrDroppedWhenItTakesNone) {
  agent().setup.telephone_event_pt = 96;
  const auto key = key_end(5, 800);
  ASSERT_EQ(take(key), PacketKind::kKey);
  ASSERT_EQ(render(PacketKind::kKey, key), key.size());
  EXPECT_EQ(out_[1] & 0x7F, 96);
  agent().setup.telephone_event_pt = -1;
  EXPECT_EQ(render(PacketKind::kKey, key), 0u);
  EXPECT_EQ(counts_.dropped, 1u);
}

TEST_F(PacketPath, AKeyPressIsReportedOnceThoughItsEndIsRepeated) {
  const auto key = key_end(5, 800);
  ASSERT_EQ(take(key), PacketKind::kKey);
  EXPECT_EQ(key_pressed(caller(), header_, key.data(), 1'000'000), '5');
  EXPECT_EQ(key_pressed(caller(), header_, key.data(), 1'020'000), '\0');
  EXPECT_EQ(key_pressed(caller(), header_, key.data(), 1'040'000), '\0');
  // The same key's end with the same timestamp much later: a replayed stream, a new press.
  EXPECT_EQ(key_pressed(caller(), header_, key.data(), 2'000'000), '5');
  const auto other = key_end(11, 1600);  // '#'
  ASSERT_EQ(take(other), PacketKind::kKey);
  EXPECT_EQ(key_pressed(caller(), header_, other.data(), 2'010'000), '#');
}

}  // namespace
}  // namespace hotline::media::detail
