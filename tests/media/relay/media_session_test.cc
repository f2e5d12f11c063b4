#include "media/relay/media_session.h"

#include <gtest/gtest.h>

#include <vector>

namespace hotline::media::detail {
namespace {

using Sinks = std::vector<ParticipantIndex>;

MediaSession call() {
  return MediaSession::two_party({Codec::kPcmu, 0, 101}, {Codec::kPcma, 8, 101});
}

TEST(MediaSession, ATwoPartyCallIsTwoParticipantsHearingEachOther) {
  const MediaSession s = call();
  ASSERT_EQ(s.participants.size(), 2u);
  EXPECT_EQ(s.participants[kCallerParticipant].sinks, Sinks{kAgentParticipant});
  EXPECT_EQ(s.participants[kAgentParticipant].sinks, Sinks{kCallerParticipant});
  EXPECT_EQ(s.participants[kAgentParticipant].setup.codec, Codec::kPcma);
  EXPECT_EQ(s.player.sink, kCallerParticipant);
}

TEST(MediaSession, PartedNeitherHearsTheOtherAndJoinedBothDoAgain) {
  MediaSession s = call();
  s.part(true);
  EXPECT_TRUE(s.participants[kCallerParticipant].sinks.empty());
  EXPECT_TRUE(s.participants[kAgentParticipant].sinks.empty());
  s.part(true);  // holding a held call changes nothing
  EXPECT_TRUE(s.subscriptions.empty());
  s.part(false);
  s.part(false);  // nor does joining a joined one: each still hears the other once
  EXPECT_EQ(s.participants[kCallerParticipant].sinks, Sinks{kAgentParticipant});
  EXPECT_EQ(s.participants[kAgentParticipant].sinks, Sinks{kCallerParticipant});
}

TEST(MediaSession, ThirdParticipantSubscribedToBothHearsBothUnheard) {
  MediaSession s = call();
  s.participants.emplace_back();
  const ParticipantIndex listener = 2;
  s.subscribe(listener, kCallerParticipant);
  s.subscribe(listener, kAgentParticipant);
  EXPECT_EQ(s.participants[kCallerParticipant].sinks, (Sinks{kAgentParticipant, listener}));
  EXPECT_EQ(s.participants[kAgentParticipant].sinks, (Sinks{kCallerParticipant, listener}));
  EXPECT_TRUE(s.participants[listener].sinks.empty());
  // Held, the two parties are apart; the listener still hears both.
  s.part(true);
  EXPECT_EQ(s.participants[kCallerParticipant].sinks, Sinks{listener});
  EXPECT_EQ(s.participants[kAgentParticipant].sinks, Sinks{listener});
  s.unsubscribe(listener, kCallerParticipant);
  EXPECT_TRUE(s.participants[kCallerParticipant].sinks.empty());
}

TEST(MediaSession, SubscriptionsToNobodyOrOneselfAreIgnored) {
  MediaSession s = call();
  s.subscribe(kCallerParticipant, kCallerParticipant);
  s.subscribe(kCallerParticipant, 7);
  s.subscribe(7, kCallerParticipant);
  EXPECT_EQ(s.subscriptions.size(), 2u);
  EXPECT_EQ(s.participants[kCallerParticipant].sinks, Sinks{kAgentParticipant});
}

TEST(MediaSession, InbandKeysAreListenedForOnlyOnACallerWithoutRfc4733) {
  EXPECT_FALSE(call().participants[kCallerParticipant].inband);
  const MediaSession s = MediaSession::two_party({Codec::kPcmu, 0, -1}, {Codec::kPcmu, 0, -1});
  EXPECT_TRUE(s.participants[kCallerParticipant].inband);
  EXPECT_FALSE(s.participants[kAgentParticipant].inband);
}

TEST(MediaSession, ForgettingAPeerStartsItsStreamAfresh) {
  MediaSession s = call();
  Participant& agent = s.participants[kAgentParticipant];
  agent.has_peer = agent.latched = agent.watched = true;
  agent.stats.on_packet(1, 160, 0);
  agent.stats.on_packet(4, 640, 480);  // 2 and 3 lost
  EXPECT_EQ(agent.forget_peer(), 2u);
  EXPECT_FALSE(agent.has_peer || agent.latched || agent.watched);
  EXPECT_EQ(agent.stats.received(), 0u);
  EXPECT_EQ(agent.forget_peer(), 0u);
}

TEST(RecordClock, FollowsTheStreamsTimestampsAndReanchorsOnANewStream) {
  RecordClock clock;
  RtpHeader h;
  h.ssrc = 1;
  h.timestamp = 1000;
  EXPECT_EQ(clock.position(h, 50), 50);  // anchored at the first packet's arrival
  h.timestamp = 1160;
  EXPECT_EQ(clock.position(h, 300), 210);  // late arrival: placed by its timestamp
  h.ssrc = 2;
  EXPECT_EQ(clock.position(h, 400), 400);  // a new stream anchors anew
  h.timestamp += 10 * kRecordingRate;      // a jump of the clock too
  EXPECT_EQ(clock.position(h, 560), 560);
}

}  // namespace
}  // namespace hotline::media::detail
