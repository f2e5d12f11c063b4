// Call flows of agents at work: a phone left ringing, hold from the desk and from the
// phone, blind transfers to a queue, a colleague, a number and an IVR node, a callback
// whose number is busy, a phone that disappears, and re-INVITEs from both sides at once.

#include "server/call_flow.h"

namespace hotline::server {
namespace {

using api::ActionResult;
using api::AgentAction;
using testing::CallFlow;
using testing::id_in;
using testing::kOffer;
using testing::kPhoneAnswer;
using testing::Rung;

// The phone's re-offer that puts the caller on hold (RFC 3264 §8.4), and the one that
// resumes.
constexpr const char* kPhoneHolds =
    "v=0\r\no=- 2 3 IN IP4 192.0.2.20\r\ns=-\r\nc=IN IP4 192.0.2.20\r\nt=0 0\r\n"
    "m=audio 30000 RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\n"
    "a=rtpmap:101 telephone-event/8000\r\na=sendonly\r\n";
constexpr const char* kPhoneResumes =
    "v=0\r\no=- 2 4 IN IP4 192.0.2.20\r\ns=-\r\nc=IN IP4 192.0.2.20\r\nt=0 0\r\n"
    "m=audio 30000 RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\n"
    "a=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n";

// How each leg of a call ended, in the order they were placed.
std::vector<std::string> leg_results(const store::CallRecord& call) {
  std::vector<std::string> results;
  for (const store::LegRecord& leg : call.legs)
    results.push_back(leg.result);
  return results;
}

TEST_F(CallFlow, AnAgentWhoLetsThePhoneRingTwiceGoesNotReadyAndTheCallerWaitsOn) {
  ASSERT_TRUE(sip_ && relay_);
  const Rung first = call_rings({"a1"});
  ASSERT_EQ(first.agent, "a1");
  clock_.advance(seconds(10));
  EXPECT_EQ(sip_->journal.wait_for("stop_ringing "), "stop_ringing " + std::to_string(first.leg));
  sip_->handler->on_leg_failed(first.leg, 487);  // the phone's answer to the CANCEL
  // The call is not offered back to the agent who let it ring for a ring time.
  EXPECT_EQ(agent("a1").state, "ready");
  clock_.advance(seconds(10));
  const std::string again = sip_->journal.wait_for_nth("ring_agent ", 2);
  ASSERT_EQ(again.substr(again.rfind(' ') + 1), "a1") << "one no-answer is forgiven";
  EXPECT_EQ(again.substr(0, again.rfind(' ')), "ring_agent " + std::to_string(id_in(again)));
  clock_.advance(seconds(10));
  EXPECT_EQ(sip_->journal.wait_for_nth("stop_ringing ", 2),
            "stop_ringing " + std::to_string(id_in(again)));
  sip_->handler->on_leg_failed(id_in(again), 487);
  // The queue's max_no_answer (2): the agent is taken out of ready, with the reason.
  const api::AgentSnapshot a1 = agent("a1");
  EXPECT_EQ(a1.state, "not_ready");
  EXPECT_EQ(a1.reason, "no_answer");
  // The caller still waits, and the next agent to come gets the call.
  sip_->handler->on_phone_registered("a2");
  const std::string third = sip_->journal.wait_for_nth("ring_agent ", 3);
  ASSERT_EQ(third.substr(third.rfind(' ') + 1), "a2");
  ASSERT_NE(answer(id_in(third)), 0u);
  sip_->handler->on_call_gone(1);
  EXPECT_EQ(sip_->journal.wait_for("confirm_bye caller"), "confirm_bye caller 1");
  const std::vector<store::CallRecord> calls = records();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].agent, "a2");
  EXPECT_EQ(leg_results(calls[0]),
            (std::vector<std::string>{"no_answer", "no_answer", "answered"}));
}

TEST_F(CallFlow, HoldFromTheDeskPlaysMusicAndIsTimedInTheRecord) {
  ASSERT_TRUE(sip_ && relay_);
  const Rung ring = call_rings({"a1"});
  const std::uint64_t session = answer(ring.leg);
  ASSERT_NE(session, 0u);
  const std::string s = " " + std::to_string(session);
  clock_.advance(seconds(30));
  EXPECT_EQ(server_->view().agent_action("a1", AgentAction::kResume, ""), ActionResult::kWrongState)
      << "a call not on hold cannot be resumed";
  EXPECT_EQ(server_->view().agent_action("a1", AgentAction::kHold, ""), ActionResult::kDone);
  EXPECT_EQ(relay_->journal.wait_for("part "), "part" + s + " on") << "the two are kept apart";
  EXPECT_EQ(relay_->journal.wait_for_nth("play ", 2), "play" + s) << "the caller hears music";
  EXPECT_TRUE(agent("a1").on_hold);
  EXPECT_EQ(server_->view().agent_action("a1", AgentAction::kHold, ""), ActionResult::kWrongState);
  clock_.advance(seconds(20));
  EXPECT_EQ(server_->view().agent_action("a1", AgentAction::kResume, ""), ActionResult::kDone);
  EXPECT_EQ(relay_->journal.wait_for("part", " off"), "part" + s + " off");
  EXPECT_EQ(relay_->journal.wait_for_nth("stop_playing ", 2), "stop_playing" + s);
  EXPECT_FALSE(agent("a1").on_hold);
  clock_.advance(seconds(10));
  sip_->handler->on_call_gone(1);
  EXPECT_EQ(sip_->journal.wait_for("confirm_bye caller"), "confirm_bye caller 1");
  const std::vector<store::CallRecord> calls = records();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].hold, seconds(20));
  EXPECT_EQ(calls[0].ended - calls[0].answered, seconds(60));
}

TEST_F(CallFlow, HoldFromThePhoneIsAReInviteAnsweredAndTimed) {
  ASSERT_TRUE(sip_ && relay_);
  const Rung ring = call_rings({"a1"});
  ASSERT_NE(answer(ring.leg), 0u);
  const std::string leg = std::to_string(ring.leg);
  sip_->handler->on_reoffer(sip::Side::kAgent, ring.leg, kPhoneHolds);
  EXPECT_EQ(sip_->journal.wait_for("answer_reoffer "), "answer_reoffer agent " + leg + " 200");
  EXPECT_NE(relay_->journal.wait_for_nth("play ", 2), "") << "the caller hears music";
  EXPECT_TRUE(agent("a1").on_hold);
  clock_.advance(seconds(15));
  sip_->handler->on_reoffer(sip::Side::kAgent, ring.leg, kPhoneResumes);
  EXPECT_EQ(sip_->journal.wait_for_nth("answer_reoffer ", 2),
            "answer_reoffer agent " + leg + " 200");
  EXPECT_NE(relay_->journal.wait_for_nth("stop_playing ", 2), "");
  EXPECT_FALSE(agent("a1").on_hold);
  sip_->handler->on_call_gone(1);
  EXPECT_EQ(sip_->journal.wait_for("confirm_bye caller"), "confirm_bye caller 1");
  const std::vector<store::CallRecord> calls = records();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].hold, seconds(15));
}

TEST_F(CallFlow, ReInvitesFromBothSidesAtOnceAreEachAnsweredOnce) {
  ASSERT_TRUE(sip_ && relay_);
  const Rung ring = call_rings({"a1"});
  ASSERT_NE(answer(ring.leg), 0u);
  const std::size_t plays = relay_->journal.count("play ");  // the queue's music
  // Both session timers fire together: each side's refresh gets its own answer.
  sip_->handler->on_reoffer(sip::Side::kCaller, 1, kOffer);
  sip_->handler->on_reoffer(sip::Side::kAgent, ring.leg, kPhoneAnswer);
  EXPECT_EQ(sip_->journal.wait_for("answer_reoffer caller"), "answer_reoffer caller 1 200");
  EXPECT_EQ(sip_->journal.wait_for("answer_reoffer agent"),
            "answer_reoffer agent " + std::to_string(ring.leg) + " 200");
  EXPECT_EQ(sip_->journal.count("answer_reoffer "), 2u);
  EXPECT_FALSE(agent("a1").on_hold);
  EXPECT_EQ(relay_->journal.count("play "), plays) << "a refresh is not a hold";
}

// The first agent's part and the rest of a call transferred within the center are two
// records, the second naming the first.
void expect_two_parts(const std::vector<store::CallRecord>& calls, const std::string& first,
                      const std::string& second) {
  ASSERT_EQ(calls.size(), 2u);
  const store::CallRecord& a = calls[0].agent == first ? calls[0] : calls[1];
  const store::CallRecord& b = calls[0].agent == first ? calls[1] : calls[0];
  EXPECT_EQ(a.agent, first);
  EXPECT_EQ(b.agent, second);
  EXPECT_EQ(b.transferred_from, a.uid);
  EXPECT_EQ(b.disposition, "answered");
}

TEST_F(CallFlow, ATransferToTheQueueRingsTheNextAgentAndMakesASecondRecord) {
  ASSERT_TRUE(sip_ && relay_);
  const Rung first = call_rings({"a1", "a2"});
  ASSERT_NE(answer(first.leg), 0u);
  clock_.advance(seconds(40));
  EXPECT_EQ(server_->view().agent_action(first.agent, AgentAction::kTransferToQueue, "general"),
            ActionResult::kDone);
  EXPECT_EQ(sip_->journal.wait_for("hang_up_leg "), "hang_up_leg " + std::to_string(first.leg));
  const std::string second = sip_->journal.wait_for("ring_agent ", " " + first.other);
  ASSERT_NE(second, "");
  EXPECT_EQ(agent(first.agent).state, "wrap_up");
  sip_->handler->on_leg_answered(id_in(second), kPhoneAnswer);
  EXPECT_NE(relay_->journal.wait_for_nth("record ", 2), "") << "the second part is recorded";
  clock_.advance(seconds(20));
  sip_->handler->on_call_gone(1);
  EXPECT_EQ(sip_->journal.wait_for("confirm_bye caller"), "confirm_bye caller 1");
  expect_two_parts(finished_records(2), first.agent, first.other);
}

TEST_F(CallFlow, ATransferToAColleagueRingsThatColleague) {
  ASSERT_TRUE(sip_ && relay_);
  const Rung first = call_rings({"a1", "a2"});
  ASSERT_NE(answer(first.leg), 0u);
  EXPECT_EQ(server_->view().agent_action(first.agent, AgentAction::kTransferToAgent, "nobody"),
            ActionResult::kUnknownTarget);
  EXPECT_EQ(server_->view().agent_action(first.agent, AgentAction::kTransferToAgent, first.other),
            ActionResult::kDone);
  const std::string second = sip_->journal.wait_for("ring_agent ", " " + first.other);
  ASSERT_NE(second, "");
  sip_->handler->on_leg_answered(id_in(second), kPhoneAnswer);
  EXPECT_NE(relay_->journal.wait_for_nth("record ", 2), "");
  sip_->handler->on_call_gone(1);
  EXPECT_EQ(sip_->journal.wait_for("confirm_bye caller"), "confirm_bye caller 1");
  expect_two_parts(finished_records(2), first.agent, first.other);
}

TEST_F(CallFlow, ATransferToANumberDialsItThroughTheTrunkInOneRecord) {
  ASSERT_TRUE(sip_ && relay_);
  const Rung ring = call_rings({"a1"});
  ASSERT_NE(answer(ring.leg), 0u);
  EXPECT_EQ(server_->view().agent_action("a1", AgentAction::kTransferToNumber, "12x"),
            ActionResult::kUnknownTarget);
  clock_.advance(seconds(30));
  EXPECT_EQ(server_->view().agent_action("a1", AgentAction::kTransferToNumber, "13900139000"),
            ActionResult::kDone);
  EXPECT_EQ(sip_->journal.wait_for("hang_up_leg "), "hang_up_leg " + std::to_string(ring.leg));
  const std::string out = sip_->journal.wait_for("dial_out ", " 13900139000");
  ASSERT_NE(out, "");
  clock_.advance(seconds(5));
  sip_->handler->on_leg_answered(id_in(out), kPhoneAnswer);
  clock_.advance(seconds(50));
  sip_->handler->on_leg_hung_up(id_in(out));  // the number hangs up first
  EXPECT_EQ(sip_->journal.wait_for("confirm_bye agent"),
            "confirm_bye agent " + std::to_string(id_in(out)));
  EXPECT_EQ(sip_->journal.wait_for("hang_up "), "hang_up 1");
  const std::vector<store::CallRecord> calls = finished_records(1);
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].agent, "a1");
  EXPECT_EQ(calls[0].ended - calls[0].answered, seconds(85));
  // The agent's leg, then the number's.
  EXPECT_EQ(leg_results(calls[0]), (std::vector<std::string>{"answered", "answered"}));
  EXPECT_EQ(calls[0].legs.back().number, "13900139000");
}

TEST_F(CallFlow, ATransferToAnIvrNodeTakesTheCallerThere) {
  ASSERT_TRUE(sip_ && relay_);
  const Rung ring = call_rings({"a1"});
  const std::uint64_t session = answer(ring.leg);
  ASSERT_NE(session, 0u);
  EXPECT_EQ(server_->view().agent_action("a1", AgentAction::kTransferToIvr, "nowhere"),
            ActionResult::kUnknownTarget);
  EXPECT_EQ(server_->view().agent_action("a1", AgentAction::kTransferToIvr, "goodbye"),
            ActionResult::kDone);
  EXPECT_EQ(sip_->journal.wait_for("hang_up_leg "), "hang_up_leg " + std::to_string(ring.leg));
  // The queue's music played before; the goodbye is the second thing played.
  EXPECT_NE(relay_->journal.wait_for_nth("play ", 2), "") << "the caller hears the goodbye";
  relay_->events({media::MediaEvent::Type::kPromptDone, session, 0, media::Leg::kCaller});
  EXPECT_EQ(sip_->journal.wait_for("hang_up "), "hang_up 1");
  const std::vector<store::CallRecord> calls = finished_records(2);
  ASSERT_EQ(calls.size(), 2u);
  const store::CallRecord& rest = calls[0].agent.empty() ? calls[0] : calls[1];
  EXPECT_EQ(rest.ivr_path.substr(rest.ivr_path.rfind('>') + 1), "goodbye") << rest.ivr_path;
}

TEST_F(CallFlow, ACallbackWhoseNumberIsBusyEndsAsNotReached) {
  ASSERT_TRUE(sip_ && relay_);
  call_comes_in();
  ASSERT_EQ(sip_->journal.wait_for("answer "), "answer 1");
  const std::uint64_t session = id_in(relay_->journal.wait_for("open "));
  ASSERT_NE(relay_->journal.wait_for("play "), "") << "it waits in the queue, with music";
  clock_.advance(seconds(60));  // the queue's overflow offers a callback
  // Played: the queue's music, the offer, then what the caller is told after pressing 1.
  ASSERT_NE(relay_->journal.wait_for_nth("play ", 2), "") << "the offer is said";
  relay_->events({media::MediaEvent::Type::kDigit, session, '1', media::Leg::kCaller});
  ASSERT_NE(relay_->journal.wait_for_nth("play ", 3), "") << "the caller is told it is kept";
  relay_->events({media::MediaEvent::Type::kPromptDone, session, 0, media::Leg::kCaller});
  EXPECT_EQ(sip_->journal.wait_for("hang_up "), "hang_up 1");
  sip_->handler->on_call_gone(1);  // the SIP side reports the line it ended
  // An agent comes: its phone rings first, then the number is dialled.
  sip_->handler->on_phone_registered("a1");
  const std::string ring = sip_->journal.wait_for("ring_agent ", " a1");
  ASSERT_NE(ring, "");
  sip_->handler->on_leg_answered(id_in(ring), kPhoneAnswer);
  const std::string out = sip_->journal.wait_for("dial_out ", " 13800138000");
  ASSERT_NE(out, "");
  sip_->handler->on_leg_failed(id_in(out), 486);
  EXPECT_EQ(sip_->journal.wait_for("hang_up_leg "), "hang_up_leg " + std::to_string(id_in(ring)));
  EXPECT_EQ(sip_->journal.count("hang_up "), 1u) << "the caller's line was ended once";
  // The caller's part (it left its number) and the callback are records of their own.
  const std::vector<store::CallRecord> calls = finished_records(2);
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].disposition, "callback");
  EXPECT_EQ(calls[1].disposition, "callback_failed");
  EXPECT_EQ(calls[1].hangup_cause, "busy");
  EXPECT_EQ(calls[1].agent, "a1");
  EXPECT_NE(agent("a1").state, "talking");
}

TEST_F(CallFlow, APhoneThatStopsAnsweringLogsItsAgentOutAndIsNotRung) {
  ASSERT_TRUE(sip_ && relay_);
  sip_->handler->on_phone_registered("a1");
  sip_->handler->on_phone_registered("a2");
  EXPECT_EQ(agent("a1").state, "ready");
  // The SIP side's OPTIONS went unanswered: the phone is as good as unregistered.
  sip_->handler->on_phone_unregistered("a1");
  EXPECT_EQ(agent("a1").state, "logged_out");
  EXPECT_FALSE(agent("a1").reachable);
  const Rung ring = call_rings({});
  EXPECT_EQ(ring.agent, "a2");
  // A talking agent whose phone vanishes keeps its call (the media says when it is dead).
  ASSERT_NE(answer(ring.leg), 0u);
  sip_->handler->on_phone_unregistered("a2");
  EXPECT_EQ(agent("a2").state, "talking");
  EXPECT_EQ(sip_->journal.count("hang_up"), 0u);
}

}  // namespace
}  // namespace hotline::server
