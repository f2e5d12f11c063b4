// Calls that leave the center through the trunk (OutsideCalls): an agent's phone dialling
// a number, and the desk's click to dial, whose phone rings first.

#include <functional>

#include "server/call_flow.h"

namespace hotline::server::testing {
namespace {

constexpr const char* kCustomer = "13900139000";

class OutsideCallFlow : public CallFlow {
 protected:
  // Agent a1's phone registers and dials the customer as call `call`: the leg the
  // server places to the number (0 if none came).
  std::uint64_t phone_dials(std::uint64_t call) {
    sip_->handler->on_phone_registered("a1");
    sip_->handler->on_agent_dial(call, "a1", kCustomer, kOffer);
    return id_in(sip_->journal.wait_for("dial_out ", kCustomer));
  }

  // The call is being recorded; it talks for `talk`, then `end` ends it from one side
  // and the server hangs up the placed leg `bye`. The one record the call leaves.
  store::CallRecord talks_and_ends(Duration talk, const std::function<void()>& end,
                                   std::uint64_t bye) {
    EXPECT_NE(relay_->journal.wait_for("record "), "");
    clock_.advance(talk);
    end();
    EXPECT_NE(sip_->journal.wait_for("hang_up_leg " + std::to_string(bye)), "");
    const auto calls = finished_records(1);
    EXPECT_EQ(calls.size(), 1u);
    return calls.empty() ? store::CallRecord{} : calls[0];
  }
};

TEST_F(OutsideCallFlow, APhoneDiallingANumberIsAnsweredOnlyWhenTheNumberAnswers) {
  const std::uint64_t call = sip_->new_call();
  const std::uint64_t leg = phone_dials(call);
  ASSERT_NE(leg, 0u);
  EXPECT_EQ(agent("a1").state, "talking") << "busy for the routing core from the dial";
  EXPECT_EQ(sip_->journal.count("answer "), 0u) << "the phone hears the ring, not a 200 OK";
  clock_.advance(seconds(8));
  sip_->handler->on_leg_answered(leg, kPhoneAnswer);
  EXPECT_NE(sip_->journal.wait_for("answer " + std::to_string(call)), "");
  const store::CallRecord r =  // the agent hangs up
      talks_and_ends(
          seconds(60), [&] { sip_->handler->on_call_gone(call); }, leg);
  EXPECT_EQ(r.direction, "outbound");
  EXPECT_EQ(r.caller, "4008001234") << "the center's number";
  EXPECT_EQ(r.called, kCustomer);
  EXPECT_EQ(r.agent, "a1");
  EXPECT_EQ(r.disposition, "answered");
  EXPECT_EQ(r.hangup_side, "agent");
  EXPECT_EQ(r.answered - r.arrived, seconds(8));
  EXPECT_EQ(r.recording_length, seconds(60));
}

// The phone hangs up while the number rings; the number's 200 OK crosses our CANCEL: it
// is hung up at once, and the record, closed with the call, keeps the leg as cancelled.
TEST_F(OutsideCallFlow, ANumberThatAnswersAfterTheCallerGaveUpIsHungUpAtOnce) {
  const std::uint64_t call = sip_->new_call();
  const std::uint64_t leg = phone_dials(call);
  ASSERT_NE(leg, 0u);
  clock_.advance(seconds(5));
  sip_->handler->on_call_gone(call);  // the agent's phone gives up
  EXPECT_NE(sip_->journal.wait_for("stop_ringing " + std::to_string(leg)), "");
  sip_->handler->on_leg_answered(leg, kPhoneAnswer);  // crossed the CANCEL
  EXPECT_NE(sip_->journal.wait_for("hang_up_leg " + std::to_string(leg)), "");
  EXPECT_EQ(relay_->journal.count("record "), 0u) << "nobody talked: nothing recorded";
  const auto calls = finished_records(1);
  ASSERT_EQ(calls.size(), 1u);
  ASSERT_EQ(calls[0].legs.size(), 1u);
  EXPECT_EQ(calls[0].legs[0].result, "cancelled");
  EXPECT_EQ(calls[0].legs[0].answered, 0);
}

TEST_F(OutsideCallFlow, ABusyNumberIsWhatThePhoneHears) {
  const std::uint64_t call = sip_->new_call();
  const std::uint64_t leg = phone_dials(call);
  sip_->handler->on_leg_failed(leg, 486);
  EXPECT_NE(sip_->journal.wait_for("reject " + std::to_string(call) + " 486"), "");
  const auto calls = finished_records(1);
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].disposition, "busy");
  EXPECT_EQ(calls[0].hangup_side, "customer");
  EXPECT_NE(agent("a1").state, "talking") << "free again";
}

TEST_F(OutsideCallFlow, APhoneThatMayNotCallOutIsRefused) {
  const std::uint64_t call = sip_->new_call();
  sip_->handler->on_agent_dial(call, "a1", kCustomer, kOffer);  // a1 is logged out
  EXPECT_NE(sip_->journal.wait_for("reject " + std::to_string(call) + " 403"), "");
  const std::uint64_t stranger = sip_->new_call();
  sip_->handler->on_agent_dial(stranger, "nobody", kCustomer, kOffer);
  EXPECT_NE(sip_->journal.wait_for("reject " + std::to_string(stranger) + " 403"), "");
  EXPECT_EQ(sip_->journal.count("dial_out "), 0u);
}

TEST_F(OutsideCallFlow, AClickToDialRingsThePhoneFirstThenTheNumber) {
  sip_->handler->on_phone_registered("a1");
  const api::DialResult dialled = server_->view().dial("a1", kCustomer);
  ASSERT_EQ(dialled.result, api::ActionResult::kDone);
  const std::uint64_t phone = id_in(sip_->journal.wait_for("ring_agent ", " a1"));
  ASSERT_NE(phone, 0u);
  EXPECT_EQ(sip_->journal.count("dial_out "), 0u) << "the number waits for the agent";
  sip_->handler->on_leg_answered(phone, kPhoneAnswer);
  const std::uint64_t leg = id_in(sip_->journal.wait_for("dial_out ", kCustomer));
  ASSERT_NE(leg, 0u);
  sip_->handler->on_leg_answered(leg, kPhoneAnswer);
  const store::CallRecord r =  // the customer hangs up
      talks_and_ends(
          seconds(30), [&] { sip_->handler->on_leg_hung_up(leg); }, phone);
  EXPECT_EQ(r.uid, dialled.call);
  EXPECT_EQ(r.disposition, "answered");
  EXPECT_EQ(r.hangup_side, "customer");
  EXPECT_EQ(r.legs.size(), 2u) << "the agent's phone and the number";
}

TEST_F(OutsideCallFlow, AClickToDialWhosePhoneRingsTooLongIsGivenUp) {
  sip_->handler->on_phone_registered("a1");
  ASSERT_EQ(server_->view().dial("a1", kCustomer).result, api::ActionResult::kDone);
  const std::uint64_t phone = id_in(sip_->journal.wait_for("ring_agent ", " a1"));
  clock_.advance(seconds(29));
  EXPECT_EQ(server_->view().snapshot().has_value(), true);  // the core has looked at its timers
  EXPECT_EQ(sip_->journal.count("stop_ringing "), 0u);
  clock_.advance(seconds(2));
  EXPECT_NE(sip_->journal.wait_for("stop_ringing " + std::to_string(phone)), "");
  sip_->handler->on_leg_failed(phone, 487);  // our CANCEL's answer
  const auto calls = finished_records(1);
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].disposition, "cancelled");
  EXPECT_EQ(calls[0].hangup_cause, "agent_phone_no_answer");
  EXPECT_EQ(sip_->journal.count("dial_out "), 0u) << "the number was never called";
  EXPECT_NE(agent("a1").state, "talking");
}

// The IVR sends the caller to an outside number once its last words are said.
class IvrTransferFlow : public CallFlow {
 protected:
  const char* center_yaml() const override {
    return R"(center: {name: Transfers}
skills: [general]
teams: [t1]
queues:
  - {name: general, skills: {general: 1}}
agents:
  - {name: a1, skills: {general: 5}, team: t1}
ivr:
  - {id: bank, title: Bank hotline, type: transfer, number: "95588", prompt: Connecting you.}
)";
  }
  // The call comes in and hears the IVR's words to the end: then the number is dialled.
  std::uint64_t transfer_dialled() {
    call_comes_in();
    const std::uint64_t session = id_in(relay_->journal.wait_for("play "));
    EXPECT_EQ(sip_->journal.count("dial_out "), 0u) << "not before the words are said";
    relay_->events({media::MediaEvent::Type::kPromptDone, session, 0, media::Leg::kCaller});
    return id_in(sip_->journal.wait_for("dial_out ", " 95588"));
  }
};

TEST_F(IvrTransferFlow, TheNumberAnswersAndTheCallIsOneRecordUntilItsFarEndHangsUp) {
  const std::uint64_t leg = transfer_dialled();
  ASSERT_NE(leg, 0u);
  clock_.advance(seconds(5));
  sip_->handler->on_leg_answered(leg, kPhoneAnswer);
  EXPECT_NE(relay_->journal.wait_for("record "), "");
  clock_.advance(seconds(40));
  sip_->handler->on_leg_hung_up(leg);
  EXPECT_NE(sip_->journal.wait_for("hang_up 1"), "") << "the caller is hung up";
  const auto calls = finished_records(1);
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].disposition, "transferred");
  EXPECT_EQ(calls[0].recording_length, seconds(40));
  ASSERT_EQ(calls[0].legs.size(), 1u);
  EXPECT_EQ(calls[0].legs[0].number, "95588");
  EXPECT_EQ(calls[0].legs[0].result, "answered");
}

TEST_F(IvrTransferFlow, ANumberThatFailsIsToldToTheCallerWhoIsThenHungUp) {
  const std::uint64_t leg = transfer_dialled();
  ASSERT_NE(leg, 0u);
  const std::size_t plays = relay_->journal.count("play ");
  sip_->handler->on_leg_failed(leg, 503);
  // The apology plays (after the music while it rang); once said, the caller is hung up.
  const std::string apology = relay_->journal.wait_for_nth("play ", plays + 1);
  ASSERT_NE(apology, "");
  EXPECT_EQ(sip_->journal.count("hang_up 1"), 0u) << "not before the apology is said";
  relay_->events({media::MediaEvent::Type::kPromptDone, id_in(apology), 0, media::Leg::kCaller});
  EXPECT_NE(sip_->journal.wait_for("hang_up 1"), "");
  const auto calls = finished_records(1);
  ASSERT_EQ(calls.size(), 1u);
  ASSERT_EQ(calls[0].legs.size(), 1u);
  EXPECT_EQ(calls[0].legs[0].result, "failed");
}

}  // namespace
}  // namespace hotline::server::testing
