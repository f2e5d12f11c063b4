// The whole core of the reference center: a caller goes through the IVR into a queue,
// an agent's phone rings, they talk, wrap-up follows; and the ways a call can end early.

#include "center/call_center.h"

#include <gtest/gtest.h>

#include "config/center_config.h"

namespace hotline::center {
namespace {

Time beijing(int yyyymmdd, int hour, int minute) {
  return (ivr::days_from_civil(yyyymmdd) * 86400 + (hour - 8) * 3600 + minute * 60) *
         kMicrosPerSecond;
}

class ReferenceCenter : public ::testing::Test {
 protected:
  void SetUp() override {
    auto c = config::load_center_config(std::string(HOTLINE_SOURCE_DIR) +
                                        "/examples/reference-center.yaml");
    ASSERT_TRUE(c.ok()) << c.status().message();
    config_ = *c;
    center_ = std::make_unique<CallCenter>(config_.model, config_.ivr, config_.calendar);
  }
  acd::AgentId agent(const std::string& name) const {
    for (acd::AgentId a = 0; a < config_.model.agents.size(); ++a)
      if (config_.model.agents[a].name == name) return a;
    return acd::kNoAgent;
  }
  const CenterCommand* find(CenterCommand::Type type) const {
    for (const CenterCommand& c : out_)
      if (c.type == type) return &c;
    return nullptr;
  }
  // At 10:00 the agent logs in and call 1 asks for a billing agent: its phone rings.
  void billing_call_rings(acd::AgentId agent) {
    at(10, 0);
    center_->agent_event(acd::EventType::kAgentLogin, agent, 0, now_, out_);
    center_->call_arrived(1, now_, "13800138000", out_);
    center_->prompt_finished(1, now_, out_);
    center_->key(1, '1', now_, out_);
    center_->key(1, '0', now_, out_);
  }
  void at(int hour, int minute, int second = 0) {
    now_ = beijing(20261125, hour, minute) + seconds(second);
    out_.clear();
  }

  config::CenterConfig config_;
  std::unique_ptr<CallCenter> center_;
  std::vector<CenterCommand> out_;
  Time now_ = 0;
};

TEST_F(ReferenceCenter, FromTheMenuToAnAgentAndBack) {
  const acd::AgentId wang = agent("王芳");
  at(10, 0);
  center_->agent_event(acd::EventType::kAgentLogin, wang, 0, now_, out_);
  ASSERT_NE(find(CenterCommand::Type::kAgentState), nullptr);

  at(10, 1);
  center_->call_arrived(1, now_, "13800138000", out_);
  ASSERT_NE(find(CenterCommand::Type::kPlay), nullptr);
  EXPECT_EQ(center_->phase(1), CallPhase::kIvr);
  center_->prompt_finished(1, now_, out_);  // welcome -> hours -> main menu
  out_.clear();
  center_->key(1, '1', now_, out_);  // billing, during the menu prompt
  EXPECT_NE(find(CenterCommand::Type::kStopPlaying), nullptr);
  out_.clear();
  center_->key(1, '0', now_, out_);  // an agent, please
  const CenterCommand* ring = find(CenterCommand::Type::kRingAgent);
  ASSERT_NE(ring, nullptr);
  EXPECT_EQ(ring->agent, wang);  // the only billing agent logged in
  EXPECT_EQ(center_->phase(1), CallPhase::kQueued);
  EXPECT_EQ(center_->ivr().path_header(1), "welcome>hours>main:1>billing:0>q-billing");

  at(10, 1, 5);
  center_->agent_event(acd::EventType::kAgentAnswered, wang, 1, now_, out_);
  const CenterCommand* connect = find(CenterCommand::Type::kConnect);
  ASSERT_NE(connect, nullptr);
  EXPECT_EQ(connect->wait, seconds(5));
  EXPECT_EQ(center_->phase(1), CallPhase::kTalking);

  at(10, 5);
  center_->caller_hung_up(1, now_, out_);
  EXPECT_EQ(center_->phase(1), CallPhase::kGone);
  EXPECT_EQ(center_->routing().agent(wang).state, acd::AgentState::kWrapUp);
  EXPECT_EQ(center_->next_timer(), now_ + seconds(20));  // billing wrap-up
  // The call's trace, for its record.
  std::vector<CallTrace> done;
  center_->take_finished(done);
  ASSERT_EQ(done.size(), 1u);
  const CallTrace& t = done[0];
  EXPECT_EQ(t.call, 1u);
  EXPECT_EQ(t.caller, "13800138000");
  EXPECT_EQ(t.arrived, beijing(20261125, 10, 1));
  EXPECT_EQ(t.ivr_exit, beijing(20261125, 10, 1));
  EXPECT_EQ(t.queued, t.ivr_exit);
  EXPECT_EQ(t.offered, t.queued);
  EXPECT_EQ(t.answered, beijing(20261125, 10, 1) + seconds(5));
  EXPECT_EQ(t.ended, beijing(20261125, 10, 5));
  EXPECT_EQ(t.offers, 1);
  EXPECT_EQ(t.queue, "billing");
  EXPECT_EQ(t.sl_threshold, seconds(20));
  EXPECT_EQ(t.agent, wang);
  EXPECT_EQ(t.ivr_path, "welcome>hours>main:1>billing:0>q-billing");
  EXPECT_STREQ(disposition_name(t.disposition), "answered");
  EXPECT_STREQ(hangup_side_name(t.side), "caller");
  done.clear();
  center_->take_finished(done);
  EXPECT_TRUE(done.empty());  // handed over once
  at(10, 5, 20);
  center_->tick(now_, out_);
  EXPECT_EQ(center_->routing().agent(wang).state, acd::AgentState::kReady);
  EXPECT_EQ(center_->routing().agent(wang).calls_today, 1u);
}

// A billing call that turns out to be a repair: 王芳 sends it on. Her part ends (her
// record says answered, transferred); the rest of the call is a new trace that keeps the
// IVR path and says who sent it.
// The knowledge base's "back to the IVR": 王芳 sends the caller to the billing menu for
// self-service. Her part ends; the caller hears that menu again, keeps the path so far,
// and can ask for an agent from it.
TEST_F(ReferenceCenter, AnAgentSendsTheCallerBackIntoTheIvr) {
  const acd::AgentId wang = agent("王芳");
  billing_call_rings(wang);
  at(10, 1);
  center_->agent_event(acd::EventType::kAgentAnswered, wang, 1, now_, out_);
  ASSERT_EQ(center_->phase(1), CallPhase::kTalking);
  EXPECT_EQ(center_->check_transfer(1, TransferTarget::to_ivr("no-such-node")),
            TransferResult::kUnknownNode);
  EXPECT_EQ(center_->check_transfer(2, TransferTarget::to_ivr("billing")),
            TransferResult::kNotTalking);

  at(10, 3);
  ASSERT_EQ(center_->transfer(1, TransferTarget::to_ivr("billing"), now_, out_),
            TransferResult::kDone);
  EXPECT_EQ(center_->phase(1), CallPhase::kIvr);
  EXPECT_NE(find(CenterCommand::Type::kPlay), nullptr);  // the billing menu again
  EXPECT_EQ(center_->routing().agent(wang).state, acd::AgentState::kWrapUp);
  std::vector<CallTrace> done;
  center_->take_finished(done);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].agent, wang);
  EXPECT_EQ(done[0].cause, "transfer:ivr:billing");
  EXPECT_STREQ(disposition_name(done[0].disposition), "answered");

  // From the menu, the caller asks for an agent again: a new part, sent by 王芳.
  at(10, 4);
  center_->key(1, '0', now_, out_);
  EXPECT_EQ(center_->phase(1), CallPhase::kQueued);
  EXPECT_EQ(center_->ivr().path_header(1),
            "welcome>hours>main:1>billing:0>q-billing>billing:0>q-billing");
  at(10, 5);
  center_->caller_hung_up(1, now_, out_);
  done.clear();
  center_->take_finished(done);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].transferred_by, wang);
  EXPECT_EQ(done[0].arrived, beijing(20261125, 10, 3));
  EXPECT_EQ(done[0].queue, "billing");
  EXPECT_STREQ(disposition_name(done[0].disposition), "abandoned");
}

TEST_F(ReferenceCenter, AnAgentTransfersToAQueueAndToAColleague) {
  const acd::AgentId wang = agent("王芳"), li = agent("李娜");
  billing_call_rings(wang);
  center_->agent_event(acd::EventType::kAgentAnswered, wang, 1, now_, out_);
  ASSERT_EQ(center_->phase(1), CallPhase::kTalking);
  std::vector<CallTrace> done;
  center_->take_finished(done);

  at(10, 2);
  EXPECT_EQ(center_->transfer(1, TransferTarget::to_queue("no-such-queue"), now_, out_),
            TransferResult::kUnknownQueue);
  EXPECT_EQ(center_->transfer(1, TransferTarget::to_agent(li), now_, out_),
            TransferResult::kAgentNotReady);  // 李娜 is not logged in
  EXPECT_EQ(center_->transfer(1, TransferTarget::to_agent(wang), now_, out_),
            TransferResult::kAgentNotReady);          // not to oneself
  EXPECT_EQ(center_->phase(1), CallPhase::kTalking);  // refusals change nothing
  EXPECT_TRUE(out_.empty());

  EXPECT_EQ(center_->transfer(1, TransferTarget::to_queue("repair"), now_, out_),
            TransferResult::kDone);
  EXPECT_EQ(center_->routing().agent(wang).state, acd::AgentState::kWrapUp);
  EXPECT_EQ(center_->phase(1), CallPhase::kQueued);
  ASSERT_NE(find(CenterCommand::Type::kQueued), nullptr);
  EXPECT_EQ(find(CenterCommand::Type::kQueued)->queue, "repair");
  center_->take_finished(done);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].agent, wang);
  EXPECT_EQ(done[0].disposition, Disposition::kAnswered);
  EXPECT_EQ(done[0].side, HangupSide::kAgent);
  EXPECT_EQ(done[0].cause, "transfer:repair");
  EXPECT_EQ(done[0].queue, "billing");

  // 李娜 logs in and takes it; then hands it to 王芳 (ready again), who answers.
  at(10, 3);
  center_->agent_event(acd::EventType::kAgentLogin, li, 0, now_, out_);
  ASSERT_NE(find(CenterCommand::Type::kRingAgent), nullptr);
  center_->agent_event(acd::EventType::kAgentAnswered, li, 1, now_, out_);
  center_->agent_event(acd::EventType::kWrapUpDone, wang, 0, now_, out_);
  ASSERT_EQ(center_->routing().agent(wang).state, acd::AgentState::kReady);
  at(10, 4);
  EXPECT_EQ(center_->transfer(1, TransferTarget::to_agent(wang), now_, out_),
            TransferResult::kDone);
  const CenterCommand* ring = find(CenterCommand::Type::kRingAgent);
  ASSERT_NE(ring, nullptr);
  EXPECT_EQ(ring->agent, wang);  // straight to her, although the repair queue is hers not
  center_->agent_event(acd::EventType::kAgentAnswered, wang, 1, now_, out_);
  at(10, 6);
  center_->caller_hung_up(1, now_, out_);
  done.clear();
  center_->take_finished(done);
  ASSERT_EQ(done.size(), 2u);
  EXPECT_EQ(done[0].transferred_by, wang);
  EXPECT_EQ(done[0].queue, "repair");
  EXPECT_EQ(done[0].agent, li);
  EXPECT_EQ(done[0].cause, "transfer:王芳");
  EXPECT_EQ(done[0].ivr_exit, 0);
  EXPECT_EQ(done[0].ivr_path, "welcome>hours>main:1>billing:0>q-billing");
  EXPECT_EQ(done[1].transferred_by, li);
  EXPECT_EQ(done[1].agent, wang);
  EXPECT_EQ(done[1].queue, "repair");  // where it would have waited
  EXPECT_EQ(done[1].side, HangupSide::kCaller);
  EXPECT_EQ(done[1].arrived, beijing(20261125, 10, 4));
}

TEST_F(ReferenceCenter, AnAgentTransfersToAnOutsideNumber) {
  const acd::AgentId wang = agent("王芳");
  billing_call_rings(wang);
  EXPECT_EQ(center_->transfer(1, TransferTarget::to_number("95588"), now_, out_),
            TransferResult::kNotTalking);  // still ringing
  center_->agent_event(acd::EventType::kAgentAnswered, wang, 1, now_, out_);
  out_.clear();
  EXPECT_EQ(center_->transfer(1, TransferTarget::to_number("95588"), now_, out_),
            TransferResult::kDone);
  const CenterCommand* transfer = find(CenterCommand::Type::kTransfer);
  ASSERT_NE(transfer, nullptr);
  EXPECT_EQ(transfer->number, "95588");
  EXPECT_EQ(center_->phase(1), CallPhase::kGone);
  EXPECT_EQ(center_->routing().agent(wang).state, acd::AgentState::kWrapUp);
  std::vector<CallTrace> done;
  center_->take_finished(done);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].cause, "transfer:95588");
}

TEST_F(ReferenceCenter, ChangedSettingsRouteAWaitingCallAndMoveTheClosingTime) {
  const acd::AgentId li = agent("李娜");  // repair, complaint and VIP: no billing
  billing_call_rings(li);
  EXPECT_EQ(find(CenterCommand::Type::kRingAgent), nullptr);
  EXPECT_EQ(center_->phase(1), CallPhase::kQueued);

  auto changed =
      config::parse_center_config(config_.text, config_.file,
                                  {{"agent:李娜", R"({"skills": {"billing": 5, "repair": 9}})"},
                                   {"calendar", R"({"hours": {"workday": "07:30-23:00"}})"}});
  ASSERT_TRUE(changed.ok()) << changed.status().message();
  at(10, 0, 30);
  ASSERT_TRUE(center_->reconfigure(changed->model, changed->calendar, now_, out_).ok());
  const CenterCommand* ring = find(CenterCommand::Type::kRingAgent);
  ASSERT_NE(ring, nullptr);
  EXPECT_EQ(ring->agent, li);
  EXPECT_EQ(ring->call, 1u);

  at(22, 0);  // open until 23:00 now: the caller hears the main menu, not "closed"
  center_->call_arrived(2, now_, "13800138001", out_);
  center_->prompt_finished(2, now_, out_);
  EXPECT_EQ(center_->ivr().path_header(2), "welcome>hours>main");

  // Agents stay as they are: a changed agent list is refused and nothing changes.
  acd::CenterModel fewer = changed->model;
  fewer.agents.pop_back();
  at(22, 1);
  EXPECT_FALSE(center_->reconfigure(fewer, config_.calendar, now_, out_).ok());
  center_->call_arrived(3, now_, "13800138002", out_);
  center_->prompt_finished(3, now_, out_);
  EXPECT_EQ(center_->ivr().path_header(3), "welcome>hours>main");
}

TEST_F(ReferenceCenter, ClosedAtNightAndSelfServiceByDay) {
  now_ = beijing(20261125, 22, 0);
  center_->call_arrived(1, now_, "13800138000", out_);
  center_->prompt_finished(1, now_, out_);
  const CenterCommand* bye = find(CenterCommand::Type::kHangup);
  ASSERT_NE(bye, nullptr);
  EXPECT_EQ(bye->why, "ivr");
  EXPECT_EQ(center_->phase(1), CallPhase::kGone);
  std::vector<CallTrace> done;
  center_->take_finished(done);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].disposition, Disposition::kIvrCompleted);
  EXPECT_EQ(done[0].side, HangupSide::kCenter);
  EXPECT_EQ(done[0].queued, 0);
  EXPECT_FALSE(done[0].ivr_path.empty());
}

TEST_F(ReferenceCenter, CallerGivesUpInQueueAndTheAgentIsNotDisturbed) {
  at(10, 0);
  center_->call_arrived(2, now_, "13900139000", out_);
  center_->prompt_finished(2, now_, out_);
  center_->key(2, '2', now_, out_);  // repair: nobody logged in
  EXPECT_EQ(center_->phase(2), CallPhase::kQueued);
  const CenterCommand* queued = find(CenterCommand::Type::kQueued);  // music, please
  ASSERT_NE(queued, nullptr);
  EXPECT_EQ(queued->queue, "repair");
  EXPECT_EQ(center_->routing().waiting_calls(1), 1u);
  at(10, 2);
  center_->caller_hung_up(2, now_, out_);
  EXPECT_EQ(center_->routing().waiting_calls(1), 0u);
  EXPECT_EQ(center_->phase(2), CallPhase::kGone);
  // Late events for the gone call change nothing.
  center_->key(2, '1', now_, out_);
  center_->call_ended(2, now_, out_);
  EXPECT_EQ(center_->routing().live_calls(), 0u);
  std::vector<CallTrace> done;
  center_->take_finished(done);
  ASSERT_EQ(done.size(), 1u);  // the late events made no second record
  EXPECT_EQ(done[0].disposition, Disposition::kAbandoned);
  EXPECT_EQ(done[0].queue, "repair");
  EXPECT_EQ(done[0].offered, 0);
  EXPECT_EQ(done[0].ended - done[0].queued, seconds(120));
}

TEST_F(ReferenceCenter, LongWaitsEndWithAReason) {
  at(10, 0);
  center_->call_arrived(3, now_, "13700137000", out_);
  center_->prompt_finished(3, now_, out_);
  center_->key(3, '0', now_, out_);  // billing queue, max wait 900 s, callback at 240 s
  ASSERT_EQ(center_->phase(3), CallPhase::kQueued);
  bool offered_callback = false, hung_up = false;
  for (int s = 1; s <= 1000 && !hung_up; ++s) {
    at(10, 0, s);
    center_->tick(now_, out_);
    offered_callback |= find(CenterCommand::Type::kOfferCallback) != nullptr;
    if (const CenterCommand* h = find(CenterCommand::Type::kHangup)) {
      hung_up = true;
      EXPECT_EQ(h->why, "max_wait");
      EXPECT_EQ(s, 900);
    }
  }
  std::vector<CallTrace> done;
  center_->take_finished(done);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].disposition, Disposition::kRejected);
  EXPECT_EQ(done[0].cause, "max_wait");
  EXPECT_TRUE(offered_callback);
  EXPECT_TRUE(hung_up);
  EXPECT_EQ(center_->phase(3), CallPhase::kGone);
}

// One queue "q" for skill "s", one agent "a" with it; `overflow` the queue's rules.
acd::CenterModel one_queue(std::vector<acd::OverflowRule> overflow = {}) {
  acd::CenterModel m;
  m.skills = {"s"};
  m.teams = {"t"};
  acd::QueueSpec q;
  q.name = "q";
  q.agents.any_of_skills = {{0, 1}};
  q.overflow = std::move(overflow);
  m.queues = {q};
  m.agents = {acd::AgentSpec{"a", 0, {{0, 5}}}};
  return m;
}

TEST(CallCenterWithoutIvr, CallsGoStraightToTheFirstQueue) {
  CallCenter center(one_queue(), ivr::Flow{}, ivr::Calendar{});
  std::vector<CenterCommand> out;
  center.agent_event(acd::EventType::kAgentLogin, 0, 0, 0, out);
  out.clear();
  center.call_arrived(9, 1, "", out);
  ASSERT_FALSE(out.empty());
  bool rang = false;
  for (const CenterCommand& c : out)
    rang |= c.type == CenterCommand::Type::kRingAgent;
  EXPECT_TRUE(rang);
}

TEST_F(ReferenceCenter, ACallForAQueueSkipsTheIvr) {
  const acd::AgentId wang = agent("王芳");
  at(10, 0);
  center_->agent_event(acd::EventType::kAgentLogin, wang, 0, now_, out_);
  out_.clear();
  acd::QueueId billing = 0;
  while (config_.model.queues[billing].name != "billing")
    ++billing;
  center_->call_arrived(1, now_, "13800138000", out_, CallEntry{billing, 0});
  EXPECT_EQ(find(CenterCommand::Type::kPlay), nullptr);  // no welcome, no menu
  const CenterCommand* queued = find(CenterCommand::Type::kQueued);
  ASSERT_NE(queued, nullptr);
  EXPECT_EQ(queued->queue, "billing");
  ASSERT_NE(find(CenterCommand::Type::kRingAgent), nullptr);
  EXPECT_EQ(center_->phase(1), CallPhase::kQueued);

  // A queue the center does not have: refused, with the reason in its trace.
  out_.clear();
  center_->call_arrived(2, now_, "13800138001", out_, CallEntry{999, 0});
  ASSERT_NE(find(CenterCommand::Type::kHangup), nullptr);
  EXPECT_EQ(find(CenterCommand::Type::kHangup)->why, "unknown_queue");
  std::vector<CallTrace> done;
  center_->take_finished(done);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].disposition, Disposition::kRejected);
  EXPECT_EQ(center_->phase(2), CallPhase::kGone);
}

// Virtual hold: after 30 s in line the caller is offered a callback, presses 1, hears it
// confirmed and hangs up; the call keeps its place. When the agent is free its phone
// rings for the callback with the number to call; the agent answers and they talk.
class VirtualHold : public ::testing::Test {
 protected:
  VirtualHold() {
    acd::OverflowRule rule;
    rule.after_wait = seconds(30);
    rule.action = acd::OverflowAction::kCallback;
    center_ = std::make_unique<CallCenter>(one_queue({rule}), ivr::Flow{}, ivr::Calendar{});
  }
  const CenterCommand* find(CenterCommand::Type type) const {
    for (const CenterCommand& c : out_)
      if (c.type == type) return &c;
    return nullptr;
  }
  // Call 7 from `number` arrives at 0 s with nobody logged in; at 31 s it is offered a
  // callback.
  void offered_a_callback(const std::string& number) {
    center_->call_arrived(7, 0, number, out_);
    out_.clear();
    center_->tick(seconds(31), out_);
  }
  std::unique_ptr<CallCenter> center_;
  std::vector<CenterCommand> out_;
};

TEST_F(VirtualHold, AcceptedCallbackKeepsItsPlaceAndRingsTheAgent) {
  offered_a_callback("13800138000");
  const CenterCommand* offer = find(CenterCommand::Type::kOfferCallback);
  ASSERT_NE(offer, nullptr);
  EXPECT_EQ(offer->number, "13800138000");
  out_.clear();
  center_->key(7, '1', seconds(33), out_);
  const CenterCommand* accepted = find(CenterCommand::Type::kCallbackAccepted);
  ASSERT_NE(accepted, nullptr);
  EXPECT_EQ(accepted->number, "13800138000");
  // The caller's part is over: a record of its own.
  std::vector<CallTrace> done;
  center_->take_finished(done);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].disposition, Disposition::kCallback);
  EXPECT_EQ(std::string(disposition_name(done[0].disposition)), "callback");
  EXPECT_FALSE(done[0].callback);
  // Its line hangs up; the call stays in line.
  out_.clear();
  center_->caller_hung_up(7, seconds(40), out_);
  EXPECT_EQ(center_->phase(7), CallPhase::kQueued);
  EXPECT_EQ(center_->routing().waiting_calls(0), 1u);
  EXPECT_EQ(center_->callback_numbers(), std::vector<std::string>{"13800138000"});
  // No second offer of a callback while it waits.
  center_->tick(seconds(100), out_);
  EXPECT_EQ(find(CenterCommand::Type::kOfferCallback), nullptr);

  out_.clear();
  center_->agent_event(acd::EventType::kAgentLogin, 0, 0, seconds(120), out_);
  const CenterCommand* ring = find(CenterCommand::Type::kRingAgent);
  ASSERT_NE(ring, nullptr);
  EXPECT_TRUE(ring->callback);
  EXPECT_EQ(ring->number, "13800138000");
  center_->agent_event(acd::EventType::kAgentAnswered, 0, 7, seconds(125), out_);
  EXPECT_EQ(center_->phase(7), CallPhase::kTalking);
  center_->call_ended(7, seconds(185), out_);
  done.clear();
  center_->take_finished(done);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_TRUE(done[0].callback);
  EXPECT_TRUE(center_->callback_numbers().empty());  // made
  EXPECT_EQ(done[0].disposition, Disposition::kAnswered);
  EXPECT_EQ(done[0].queued, 0);  // its place in line: since the caller first queued
  EXPECT_EQ(done[0].arrived, seconds(33));
  EXPECT_EQ(done[0].answered, seconds(125));
}

TEST_F(VirtualHold, ACallbackThatFindsNobodyEndsWithTheReason) {
  offered_a_callback("13800138000");
  center_->key(7, '1', seconds(33), out_);
  center_->agent_event(acd::EventType::kAgentLogin, 0, 0, seconds(60), out_);
  center_->agent_event(acd::EventType::kAgentAnswered, 0, 7, seconds(62), out_);
  std::vector<CallTrace> done;
  center_->take_finished(done);
  done.clear();
  out_.clear();
  center_->callback_failed(7, "busy", seconds(70), out_);
  EXPECT_EQ(center_->phase(7), CallPhase::kGone);
  EXPECT_NE(center_->routing().agent(0).state, acd::AgentState::kTalking);  // free again
  center_->take_finished(done);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].disposition, Disposition::kCallbackFailed);
  EXPECT_EQ(done[0].cause, "busy");
  // Not for an ordinary call: an answered call stays answered.
  center_->callback_failed(8, "busy", seconds(71), out_);
  EXPECT_EQ(center_->phase(8), CallPhase::kGone);
}

TEST_F(VirtualHold, OtherKeysAndAnonymousCallersGetNoCallback) {
  offered_a_callback("13800138000");
  out_.clear();
  center_->key(7, '2', seconds(33), out_);
  EXPECT_EQ(find(CenterCommand::Type::kCallbackAccepted), nullptr);
  // Hanging up after the offer, without accepting, abandons the call.
  center_->caller_hung_up(7, seconds(35), out_);
  EXPECT_EQ(center_->phase(7), CallPhase::kGone);

  center_->call_arrived(8, seconds(40), "anonymous", out_);
  out_.clear();
  center_->tick(seconds(80), out_);
  EXPECT_EQ(find(CenterCommand::Type::kOfferCallback), nullptr);
  center_->key(8, '1', seconds(81), out_);
  EXPECT_EQ(find(CenterCommand::Type::kCallbackAccepted), nullptr);
}

}  // namespace
}  // namespace hotline::center
