// Call flows through the real server components: calls answered, abandoned, rung on,
// refused by a busy phone, cut by dead media, a BYE crossing a re-INVITE, and delayed
// offers (the answer in the ACK, a BYE before the ACK, an ACK with no usable answer).

#include "server/call_flow.h"

namespace hotline::server {
namespace {

using testing::CallFlow;
using testing::id_in;
using testing::kMorning;
using testing::kOffer;
using testing::kPhoneAnswer;
using testing::Rung;
using testing::rung;

TEST_F(CallFlow, ACallAnsweredByTheAgentIsRecordedAtTheClocksTimes) {
  ASSERT_TRUE(sip_ && relay_);
  const Rung ring = call_rings({"a1"});
  EXPECT_EQ(sip_->journal.wait_for("answer "), "answer 1");
  ASSERT_NE(ring.leg, 0u) << "the agent's phone never rang";
  EXPECT_EQ(ring.agent, "a1");

  clock_.advance(seconds(3));  // the phone rings three seconds
  EXPECT_NE(answer(ring.leg), 0u) << "an answered call is recorded";
  clock_.advance(seconds(60));  // they talk a minute
  sip_->handler->on_call_gone(1);
  EXPECT_EQ(sip_->journal.wait_for("hang_up_leg "), "hang_up_leg " + std::to_string(ring.leg));
  // The caller's BYE is answered once its record is stored.
  EXPECT_EQ(sip_->journal.wait_for("confirm_bye caller"), "confirm_bye caller 1");

  const std::vector<store::CallRecord> calls = records();
  ASSERT_EQ(calls.size(), 1u);
  const store::CallRecord& c = calls[0];
  EXPECT_EQ(c.disposition, "answered");
  EXPECT_EQ(c.agent, "a1");
  EXPECT_EQ(c.queue, "general");
  EXPECT_EQ(c.arrived, kMorning);
  EXPECT_EQ(c.answered - c.queued, seconds(3));
  EXPECT_EQ(c.ended - c.answered, seconds(60));
  EXPECT_EQ(c.hangup_side, "caller");
}

TEST_F(CallFlow, ACallerWhoHangsUpWhileThePhoneRingsIsAbandonedAndTheRingStops) {
  ASSERT_TRUE(sip_ && relay_);
  const Rung ring = call_rings({"a1"});
  ASSERT_NE(ring.leg, 0u);
  clock_.advance(seconds(4));
  sip_->handler->on_call_gone(1);
  EXPECT_EQ(sip_->journal.wait_for("stop_ringing "), "stop_ringing " + std::to_string(ring.leg));
  EXPECT_EQ(sip_->journal.wait_for("confirm_bye caller"), "confirm_bye caller 1");
  const std::vector<store::CallRecord> calls = records();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].disposition, "abandoned");
  EXPECT_EQ(calls[0].ended - calls[0].queued, seconds(4));
  EXPECT_EQ(relay_->journal.wait_for("close "), "close 1") << "its media session is closed";
}

TEST_F(CallFlow, ARingTimeoutRingsTheNextAgentAndAnAnswerCrossingTheCancelIsHungUp) {
  ASSERT_TRUE(sip_ && relay_);
  const Rung first = call_rings({"a1", "a2"});
  ASSERT_NE(first.leg, 0u);
  clock_.advance(seconds(10));  // the queue's ring_timeout_s
  EXPECT_EQ(sip_->journal.wait_for("stop_ringing "), "stop_ringing " + std::to_string(first.leg));
  const std::string second = sip_->journal.wait_for("ring_agent ", " " + first.other);
  ASSERT_NE(second, "") << "the next agent was not rung";
  // The first phone's 200 OK was on its way when the CANCEL left: that leg gets a BYE.
  sip_->handler->on_leg_answered(first.leg, kPhoneAnswer);
  EXPECT_EQ(sip_->journal.wait_for("hang_up_leg "), "hang_up_leg " + std::to_string(first.leg));
  ASSERT_NE(answer(id_in(second)), 0u);
  clock_.advance(seconds(30));
  sip_->handler->on_call_gone(1);
  EXPECT_EQ(sip_->journal.wait_for("confirm_bye caller"), "confirm_bye caller 1");
  const std::vector<store::CallRecord> calls = records();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].disposition, "answered");
  EXPECT_EQ(calls[0].agent, first.other);
  EXPECT_EQ(calls[0].answered - calls[0].queued, seconds(10));
  ASSERT_EQ(calls[0].legs.size(), 2u) << "both rings are in the record";
  EXPECT_EQ(calls[0].legs[0].result, "answered_late");
  EXPECT_EQ(calls[0].legs[1].result, "answered");
}

TEST_F(CallFlow, ABusyPhoneRingsTheNextAgentAtOnce) {
  ASSERT_TRUE(sip_ && relay_);
  const Rung first = call_rings({"a1", "a2"});
  ASSERT_NE(first.leg, 0u);
  sip_->handler->on_leg_failed(first.leg, 486);
  EXPECT_NE(sip_->journal.wait_for("ring_agent ", " " + first.other), "");
}

TEST_F(CallFlow, ACallerWhoseMediaStopsIsHungUpAndTheRecordSaysWhy) {
  ASSERT_TRUE(sip_ && relay_);
  const Rung ring = call_rings({"a1"});
  ASSERT_NE(ring.leg, 0u);
  const std::uint64_t session = answer(ring.leg);
  ASSERT_NE(session, 0u);
  clock_.advance(seconds(45));
  relay_->events({media::MediaEvent::Type::kRtpTimeout, session, 0, media::Leg::kCaller});
  EXPECT_EQ(sip_->journal.wait_for("hang_up "), "hang_up 1");
  EXPECT_EQ(sip_->journal.wait_for("hang_up_leg "), "hang_up_leg " + std::to_string(ring.leg));
  const std::vector<store::CallRecord> calls = finished_records(1);
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].disposition, "answered");
  EXPECT_EQ(calls[0].hangup_cause, "rtp_timeout");
  EXPECT_EQ(calls[0].ended - calls[0].answered, seconds(45));
}

TEST_F(CallFlow, AByeCrossingAReInviteEndsTheCallOnce) {
  ASSERT_TRUE(sip_ && relay_);
  const Rung ring = call_rings({"a1"});
  ASSERT_NE(ring.leg, 0u);
  ASSERT_NE(answer(ring.leg), 0u);
  sip_->handler->on_reoffer(sip::Side::kCaller, 1, kOffer);  // a session refresh ...
  sip_->handler->on_call_gone(1);                            // ... crossed by the BYE
  EXPECT_EQ(sip_->journal.wait_for("confirm_bye caller"), "confirm_bye caller 1");
  EXPECT_EQ(sip_->journal.wait_for("hang_up_leg "), "hang_up_leg " + std::to_string(ring.leg));
  const std::vector<store::CallRecord> calls = records();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].disposition, "answered");
  EXPECT_EQ(sip_->journal.count("confirm_bye caller"), 1u);
}

TEST_F(CallFlow, ADelayedOfferIsAnsweredWithOursAndItsAckBringsTheCallersAnswer) {
  ASSERT_TRUE(sip_ && relay_);
  sip_->handler->on_phone_registered("a1");
  const std::uint64_t call = sip_->new_call();
  sip_->handler->on_trunk_call(call, "13800138000", "4008001234", "");  // no SDP: we offer
  EXPECT_EQ(sip_->journal.wait_for("answer "), "answer " + std::to_string(call));
  sip_->handler->on_caller_ack(call, kOffer);  // the caller's answer to our offer
  const Rung ring = rung(sip_->journal.wait_for("ring_agent "));
  ASSERT_NE(answer(ring.leg), 0u);
  sip_->handler->on_call_gone(call);
  EXPECT_EQ(sip_->journal.wait_for("confirm_bye caller"),
            "confirm_bye caller " + std::to_string(call));
  const std::vector<store::CallRecord> calls = records();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].disposition, "answered");
}

TEST_F(CallFlow, AByeBeforeTheAckEndsADelayedOfferCallWithItsRecord) {
  ASSERT_TRUE(sip_ && relay_);
  const std::uint64_t call = sip_->new_call();
  sip_->handler->on_trunk_call(call, "13800138000", "4008001234", "");
  EXPECT_EQ(sip_->journal.wait_for("answer "), "answer " + std::to_string(call));
  clock_.advance(seconds(2));
  sip_->handler->on_call_gone(call);  // the caller gave up before its ACK
  EXPECT_EQ(sip_->journal.wait_for("confirm_bye caller"),
            "confirm_bye caller " + std::to_string(call));
  EXPECT_EQ(relay_->journal.wait_for("close "), "close 1") << "its media session is closed";
  sip_->handler->on_caller_ack(call, kOffer);  // an ACK that comes after all is ignored
  const std::vector<store::CallRecord> calls = finished_records(1);
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_NE(calls[0].disposition, "in_progress");
  EXPECT_EQ(calls[0].ended - calls[0].arrived, seconds(2));
  EXPECT_EQ(sip_->journal.count("hang_up "), 0u) << "the caller's line was already gone";
}

TEST_F(CallFlow, AnAckWithoutAUsableAnswerHangsTheCallUpAndSaysWhy) {
  ASSERT_TRUE(sip_ && relay_);
  const std::uint64_t call = sip_->new_call();
  sip_->handler->on_trunk_call(call, "13800138000", "4008001234", "");
  EXPECT_EQ(sip_->journal.wait_for("answer "), "answer " + std::to_string(call));
  sip_->handler->on_caller_ack(call, "v=0\r\nm=video 0 RTP/AVP 96\r\n");
  EXPECT_EQ(sip_->journal.wait_for("hang_up "), "hang_up " + std::to_string(call));
  const std::vector<store::CallRecord> calls = finished_records(1);
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].hangup_cause, "bad_sdp");
}

}  // namespace
}  // namespace hotline::server
