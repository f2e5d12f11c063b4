// Campaigns inside the whole core: the dialer dials for the routing core's agents,
// connects what a person answered, and wraps the agent up in both; inbound calls come
// first — an agent offered an inbound call leaves the dialer at once, and a campaign dials
// nothing new while inbound calls wait for its agents.

#include "center/outbound/outbound_calls.h"

#include <gtest/gtest.h>

#include "center/call_center.h"

namespace hotline::center {
namespace {

using Type = CenterCommand::Type;

class OutboundCallsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    acd::CenterModel model;
    model.skills = {"general"};
    model.teams = {"t1"};
    acd::QueueSpec q;
    q.name = "general";
    q.agents.any_of_skills = {{0, 1}};
    q.wrap_up = 0;
    model.queues = {q};
    model.agents = {{"a0", 0, {{0, 5}}}, {"a1", 0, {{0, 5}}}};
    center_ = std::make_unique<CallCenter>(model, ivr::Flow{}, ivr::Calendar{});
  }
  // A campaign of `mode` worked by `agents`, logged in, with `leads` leads, running.
  std::uint32_t campaign(dialer::Mode mode, const std::vector<acd::AgentId>& agents, int leads) {
    dialer::CampaignRules rules;
    rules.mode = mode;
    const std::uint32_t c = center_->add_campaign("tickets", rules, seconds(10));
    for (acd::AgentId a : agents)
      center_->agent_event(acd::EventType::kAgentLogin, a, 0, now_, out_);
    center_->set_campaign_agents(c, agents, now_, out_);
    std::vector<dialer::Lead> list;
    for (int i = 1; i <= leads; ++i)
      list.push_back({i, "138001380" + std::to_string(10 + i), 0});
    center_->add_campaign_leads(c, std::move(list), now_, out_);
    center_->set_campaign_running(c, true, now_, out_);
    return c;
  }
  std::vector<CenterCommand> of(Type type) const {
    std::vector<CenterCommand> found;
    for (const CenterCommand& c : out_)
      if (c.type == type) found.push_back(c);
    return found;
  }
  void at(int second) {
    now_ = seconds(second);
    out_.clear();
  }
  acd::AgentState state(acd::AgentId a) const { return center_->routing().agent(a).state; }

  std::unique_ptr<CallCenter> center_;
  std::vector<CenterCommand> out_;
  Time now_ = seconds(1);
};

TEST_F(OutboundCallsTest, ProgressiveDialsForEachReadyAgentConnectsAndWrapsUpInBoth) {
  const std::uint32_t c = campaign(dialer::Mode::kProgressive, {0, 1}, 10);
  auto dials = of(Type::kDialOut);
  ASSERT_EQ(dials.size(), 2u);
  EXPECT_TRUE(is_outbound_call(dials[0].call));
  EXPECT_EQ(dials[0].campaign, c);
  EXPECT_EQ(center_->campaign_name(dials[0].campaign), "tickets");
  EXPECT_EQ(dials[0].agent, 0u);
  EXPECT_EQ(dials[1].agent, 1u);
  EXPECT_EQ(dials[0].number, "13800138011");
  // Agent 0's number answers: connected, and the agent is busy in the routing core.
  at(10);
  center_->outbound_answered(dials[0].call, true, now_, out_);
  auto connect = of(Type::kConnect);
  ASSERT_EQ(connect.size(), 1u);
  EXPECT_EQ(connect[0].call, dials[0].call);
  EXPECT_EQ(connect[0].agent, 0u);
  EXPECT_EQ(connect[0].lead, 1);
  EXPECT_EQ(state(0), acd::AgentState::kTalking);
  // Agent 1's is busy: the lead comes back later, agent 1 gets the next number.
  center_->outbound_failed(dials[1].call, dialer::Outcome::kBusy, now_, out_);
  auto done = of(Type::kLeadDone);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].why, "busy");
  EXPECT_GT(done[0].retry_at, now_);
  ASSERT_EQ(of(Type::kDialOut).size(), 1u);
  EXPECT_EQ(of(Type::kDialOut)[0].agent, 1u);
  // The talk ends: 10 s of wrap-up in the routing core too, then a new number.
  at(100);
  center_->call_ended(dials[0].call, now_, out_);
  EXPECT_EQ(state(0), acd::AgentState::kWrapUp);
  EXPECT_TRUE(of(Type::kDialOut).empty());
  EXPECT_EQ(center_->next_timer(), seconds(110));
  at(110);
  center_->tick(now_, out_);
  EXPECT_EQ(state(0), acd::AgentState::kReady);
  ASSERT_EQ(of(Type::kDialOut).size(), 1u);
  EXPECT_EQ(of(Type::kDialOut)[0].agent, 0u);
  EXPECT_EQ(center_->campaign_dialer(c).stats().connected, 1u);
}

TEST_F(OutboundCallsTest, InboundFirstAnInboundCallTakesTheAgentAndHoldsTheCampaign) {
  const std::uint32_t c = campaign(dialer::Mode::kProgressive, {0}, 10);
  auto dial = of(Type::kDialOut);
  ASSERT_EQ(dial.size(), 1u);
  at(5);
  center_->outbound_answered(dial[0].call, true, now_, out_);
  ASSERT_EQ(state(0), acd::AgentState::kTalking);
  // An inbound call arrives and waits: the agent talks.
  at(20);
  center_->call_arrived(7, now_, "13900139000", out_, {0, 0});
  EXPECT_TRUE(of(Type::kRingAgent).empty());
  // The outbound talk ends; after the wrap-up the inbound call, not a new number, rings.
  at(60);
  center_->call_ended(dial[0].call, now_, out_);
  EXPECT_FALSE(center_->campaign_dialer(c).running());  // held while the call waits
  at(70);
  center_->tick(now_, out_);
  ASSERT_EQ(of(Type::kRingAgent).size(), 1u);
  EXPECT_EQ(of(Type::kRingAgent)[0].call, 7u);
  EXPECT_TRUE(of(Type::kDialOut).empty());
  // The inbound call is answered and ends (the queue has no wrap-up): dialling resumes.
  at(75);
  center_->agent_event(acd::EventType::kAgentAnswered, 0, 7, now_, out_);
  at(200);
  center_->call_ended(7, now_, out_);
  EXPECT_TRUE(center_->campaign_dialer(c).running());
  ASSERT_EQ(of(Type::kDialOut).size(), 1u);
  EXPECT_EQ(of(Type::kDialOut)[0].agent, 0u);
}

TEST_F(OutboundCallsTest, AnAgentTakenByAnInboundCallLeavesThePredictiveDialer) {
  const std::uint32_t c = campaign(dialer::Mode::kPredictive, {0}, 50);
  auto dials = of(Type::kDialOut);
  ASSERT_FALSE(dials.empty());
  EXPECT_EQ(dials[0].agent, acd::kNoAgent);  // predictive: for whoever is free
  // An inbound call takes the only agent before any number answers.
  at(3);
  center_->call_arrived(7, now_, "13900139000", out_, {0, 0});
  ASSERT_EQ(of(Type::kRingAgent).size(), 1u);
  // A person answers: nobody is free; after the 2 s deadline, the abandon message.
  at(10);
  center_->outbound_answered(dials[0].call, true, now_, out_);
  EXPECT_TRUE(of(Type::kConnect).empty());
  at(12);
  center_->tick(now_, out_);
  auto abandoned = of(Type::kAbandonOutbound);
  ASSERT_EQ(abandoned.size(), 1u);
  EXPECT_EQ(abandoned[0].call, dials[0].call);
  EXPECT_EQ(center_->campaign_dialer(c).stats().abandoned, 1u);
  ASSERT_EQ(of(Type::kLeadDone).size(), 1u);
  EXPECT_EQ(of(Type::kLeadDone)[0].why, "abandoned");
}

TEST_F(OutboundCallsTest, MachinesAreHungUpAndAgentsOnABreakGetNoNumbers) {
  const std::uint32_t c = campaign(dialer::Mode::kProgressive, {0, 1}, 10);
  auto dials = of(Type::kDialOut);
  ASSERT_EQ(dials.size(), 2u);
  at(8);
  center_->outbound_answered(dials[0].call, false, now_, out_);
  ASSERT_EQ(of(Type::kHangup).size(), 1u);
  EXPECT_EQ(of(Type::kHangup)[0].why, "machine");
  ASSERT_EQ(of(Type::kDialOut).size(), 1u);  // agent 0 gets the next
  // Agent 1 goes on a break while its number rings; it rings out: no new number for it.
  at(9);
  center_->agent_event(acd::EventType::kAgentNotReady, 1, 0, now_, out_);
  at(30);
  center_->outbound_failed(dials[1].call, dialer::Outcome::kNoAnswer, now_, out_);
  EXPECT_TRUE(of(Type::kDialOut).empty());
  // Paused: nothing is dialled when agent 1 comes back.
  center_->set_campaign_running(c, false, now_, out_);
  at(40);
  center_->agent_event(acd::EventType::kAgentReady, 1, 0, now_, out_);
  EXPECT_TRUE(of(Type::kDialOut).empty());
  at(41);
  center_->set_campaign_running(c, true, now_, out_);
  ASSERT_EQ(of(Type::kDialOut).size(), 1u);
  EXPECT_EQ(of(Type::kDialOut)[0].agent, 1u);
}

}  // namespace
}  // namespace hotline::center
