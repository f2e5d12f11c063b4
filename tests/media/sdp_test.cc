#include "media/sdp.h"

#include <gtest/gtest.h>

namespace hotline::media {
namespace {

// A softphone's offer: Opus first, G.722, then G.711, telephone-event.
const char* kSoftphoneOffer =
    "v=0\r\n"
    "o=- 3912345678 3912345678 IN IP4 192.0.2.10\r\n"
    "s=call\r\n"
    "c=IN IP4 192.0.2.10\r\n"
    "t=0 0\r\n"
    "m=audio 40000 RTP/AVP 111 9 8 0 101\r\n"
    "a=rtpmap:111 opus/48000/2\r\n"
    "a=rtpmap:9 G722/8000\r\n"
    "a=rtpmap:8 PCMA/8000\r\n"
    "a=rtpmap:0 PCMU/8000\r\n"
    "a=rtpmap:101 telephone-event/8000\r\n"
    "a=fmtp:101 0-16\r\n"
    "a=ptime:20\r\n"
    "a=sendrecv\r\n";

TEST(Sdp, ParsesAndPicksTheOfferersFirstG711) {
  auto sdp = parse_sdp(kSoftphoneOffer);
  ASSERT_TRUE(sdp.ok()) << sdp.status().message();
  EXPECT_EQ(sdp->session_id, 3912345678u);
  ASSERT_EQ(sdp->media.size(), 1u);
  EXPECT_EQ(sdp->media[0].payload_types, (std::vector<int>{111, 9, 8, 0, 101}));
  auto a = negotiate_audio(*sdp);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->codec, Codec::kPcma);  // PCMA is listed before PCMU
  EXPECT_EQ(a->payload_type, 8);
  EXPECT_EQ(a->telephone_event_pt, 101);
  EXPECT_EQ(a->remote_address, "192.0.2.10");
  EXPECT_EQ(a->remote_port, 40000);
  EXPECT_FALSE(a->on_hold());
}

TEST(Sdp, StaticPayloadTypesNeedNoRtpmapAndLfLinesWork) {
  auto sdp = parse_sdp(
      "v=0\no=- 1 1 IN IP4 10.0.0.1\ns=-\nc=IN IP4 10.0.0.1\nt=0 0\nm=audio 5004 RTP/AVP 0\n");
  ASSERT_TRUE(sdp.ok()) << sdp.status().message();
  auto a = negotiate_audio(*sdp);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->codec, Codec::kPcmu);
  EXPECT_EQ(a->telephone_event_pt, -1);  // DTMF will have to be detected in-band
}

TEST(Sdp, HoldIsRecognizedAndMirroredInTheAnswer) {
  std::string held = kSoftphoneOffer;
  held.replace(held.find("a=sendrecv"), 10, "a=sendonly");
  auto a = negotiate_audio(*parse_sdp(held));
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->on_hold());
  const std::string answer = make_answer(*a, "198.51.100.1", 30000, 7, 1);
  EXPECT_NE(answer.find("a=recvonly"), std::string::npos);
  std::string zero = kSoftphoneOffer;
  zero.replace(zero.find("c=IN IP4 192.0.2.10"), 19, "c=IN IP4 0.0.0.0");
  EXPECT_TRUE(negotiate_audio(*parse_sdp(zero))->on_hold());  // RFC 2543 style hold
}

TEST(Sdp, AnswerAndOfferRoundTrip) {
  auto a = negotiate_audio(*parse_sdp(kSoftphoneOffer));
  const std::string answer = make_answer(*a, "198.51.100.1", 30000, 7, 1);
  auto back = parse_sdp(answer);
  ASSERT_TRUE(back.ok()) << back.status().message() << "\n" << answer;
  auto agreed = negotiate_audio(*back);
  ASSERT_TRUE(agreed.ok());
  EXPECT_EQ(agreed->codec, Codec::kPcma);
  EXPECT_EQ(agreed->telephone_event_pt, 101);
  EXPECT_EQ(agreed->remote_port, 30000);
  auto offer = parse_sdp(make_offer("198.51.100.1", 30002, 8, 1));
  ASSERT_TRUE(offer.ok());
  EXPECT_EQ(negotiate_audio(*offer)->codec, Codec::kPcmu);
}

// RFC 3264 §6: one m-line per offered stream, in the offer's order; the streams we do not
// take (video, a second audio we cannot use) are refused with port 0.
TEST(Sdp, TheAnswerHasAnMLinePerOfferedStreamInOrder) {
  const char* video_first =
      "v=0\r\n"
      "o=- 1 1 IN IP4 192.0.2.10\r\n"
      "s=call\r\n"
      "c=IN IP4 192.0.2.10\r\n"
      "t=0 0\r\n"
      "m=video 40002 RTP/AVP 96 97\r\n"
      "a=rtpmap:96 H264/90000\r\n"
      "m=audio 40000 RTP/AVP 9 0\r\n"
      "m=application 5000 UDP/BFCP *\r\n";
  auto agreed = negotiate_audio(*parse_sdp(video_first));
  ASSERT_TRUE(agreed.ok()) << agreed.status().message();
  EXPECT_EQ(agreed->stream, 1u);
  const std::string answer = make_answer(*agreed, "198.51.100.1", 30000, 7, 1);
  auto back = parse_sdp(answer);
  ASSERT_TRUE(back.ok()) << back.status().message() << "\n" << answer;
  ASSERT_EQ(back->media.size(), 3u) << answer;
  EXPECT_EQ(back->media[0].type, "video");
  EXPECT_EQ(back->media[0].port, 0);
  EXPECT_EQ(back->media[0].payload_types, (std::vector<int>{96, 97}));
  EXPECT_EQ(back->media[1].type, "audio");
  EXPECT_EQ(back->media[1].port, 30000);
  EXPECT_EQ(back->media[1].payload_types, (std::vector<int>{0}));
  EXPECT_EQ(back->media[2].type, "application");
  EXPECT_EQ(back->media[2].port, 0);
  EXPECT_NE(answer.find("m=application 0 UDP/BFCP *\r\n"), std::string::npos) << answer;

  // Audio first, then video: the refusal follows the audio's attributes.
  const std::string audio_then_video =
      std::string(kSoftphoneOffer) + "m=video 40002 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\n";
  agreed = negotiate_audio(*parse_sdp(audio_then_video));
  ASSERT_TRUE(agreed.ok());
  back = parse_sdp(make_answer(*agreed, "198.51.100.1", 30000, 7, 1));
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back->media.size(), 2u);
  EXPECT_EQ(back->media[0].port, 30000);
  EXPECT_EQ(back->media[0].direction, Direction::kSendRecv);
  EXPECT_EQ(back->media[1].type, "video");
  EXPECT_EQ(back->media[1].port, 0);
}

TEST(Sdp, MediaLevelConnectionOverridesTheSession) {
  auto sdp = parse_sdp(
      "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n"
      "m=video 0 RTP/AVP 96\r\nm=audio 6000 RTP/AVP 8\r\nc=IN IP4 10.0.0.9\r\n");
  ASSERT_TRUE(sdp.ok());
  auto a = negotiate_audio(*sdp);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->remote_address, "10.0.0.9");
}

TEST(Sdp, MalformedOrUnusableOffersGiveErrorsNotCrashes) {
  const char* bad[] = {
      "",
      "hello",
      "o=- 1 1 IN IP4 1.2.3.4\r\n",         // no v=
      "v=1\r\n",                            // version
      "v=0\r\nm=audio 5000 RTP/AVP 0\r\n",  // no o=, c=
      "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nc=IN IP4 1.2.3.4\r\nm=audio 99999 RTP/AVP 0\r\n",
      "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nc=IN IP4 1.2.3.4\r\nm=audio 5000 RTP/AVP x\r\n",
      "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nc=IN IP4 1.2.3.4\r\nm=audio 5000 RTP/AVP "
      "0\r\na=rtpmap:zz\r\n",
      "v=0\r\no=- 1 1\r\n",
      "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nc=IN IP9\r\n",
  };
  for (const char* text : bad)
    EXPECT_FALSE(parse_sdp(text).ok()) << text;
  EXPECT_FALSE(parse_sdp(std::string(20000, 'a')).ok());
  // Well-formed but nothing we can speak: 488.
  auto opus_only = parse_sdp(
      "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nc=IN IP4 1.2.3.4\r\nm=audio 5000 RTP/AVP 111\r\n"
      "a=rtpmap:111 opus/48000/2\r\n");
  ASSERT_TRUE(opus_only.ok());
  EXPECT_FALSE(negotiate_audio(*opus_only).ok());
  auto refused =
      parse_sdp("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nc=IN IP4 1.2.3.4\r\nm=audio 0 RTP/AVP 0\r\n");
  ASSERT_TRUE(refused.ok());
  EXPECT_FALSE(negotiate_audio(*refused).ok());
}

}  // namespace
}  // namespace hotline::media
