// A changed center taken while calls and agents are live: skills, queue parameters and
// reason codes change; states, waiting calls and talks carry on.

#include "tests/center/acd/acd_fixture.h"

namespace hotline::acd::testing {
namespace {

class Reconfigure : public AcdTest {
 protected:
  // Queue 0 wants skill 0, queue 1 skill 1. Agent 0 knows skill 0, agent 1 skill 1.
  CenterModel two_queues() {
    CenterModel m;
    m.queues = {queue_for(0), queue_for(1)};
    m.queues[0].wrap_up = seconds(10);
    m.agents = {agent_with({{0, 5}}), agent_with({{1, 5}})};
    m.agents[0].name = "a0";
    m.agents[1].name = "a1";
    return m;
  }
};

TEST_F(Reconfigure, AnAgentGivenASkillTakesTheWaitingCallAtOnce) {
  CenterModel m = two_queues();
  build(m);
  login(1);
  arrive(7, 0);
  EXPECT_EQ(offered_to(7), kNoAgent);
  at(5);
  m.agents[1].skills.push_back({0, 3});
  ASSERT_TRUE(reconfigure(m).ok());
  EXPECT_EQ(offered_to(7), 1u);
  EXPECT_EQ(state(1), AgentState::kRinging);
  EXPECT_EQ(engine_->staffed_agents(0), 1);
  EXPECT_TRUE(engine_->serves(1, 0));
}

TEST_F(Reconfigure, AnAgentWithoutTheSkillIsNoLongerOfferedTheQueue) {
  CenterModel m = two_queues();
  m.agents[1].skills.push_back({0, 5});
  build(m);
  login(1);
  m.agents[1].skills = {{1, 5}};
  ASSERT_TRUE(reconfigure(m).ok());
  EXPECT_FALSE(engine_->serves(1, 0));
  EXPECT_EQ(state(1), AgentState::kReady);
  at(1);
  arrive(7, 0);
  EXPECT_EQ(offered_to(7), kNoAgent);
  EXPECT_EQ(engine_->waiting_calls(0), 1u);
  arrive(8, 1);
  EXPECT_EQ(offered_to(8), 1u);
}

TEST_F(Reconfigure, ATalkInProgressGoesOnAndTheNewWrapUpCountsFromTheNextCall) {
  CenterModel m = two_queues();
  build(m);
  login(0);
  arrive(7, 0);
  answer(0, 7);
  at(3);
  m.agents[0].skills = {{1, 5}};  // moved to the other queue mid-call
  m.queues[0].wrap_up = seconds(30);
  ASSERT_TRUE(reconfigure(m).ok());
  EXPECT_EQ(state(0), AgentState::kTalking);
  at(60);
  end(7);
  EXPECT_EQ(state(0), AgentState::kWrapUp);
  EXPECT_EQ(engine_->agent(0).wrap_up_until, seconds(90));
  tick(90);
  EXPECT_EQ(state(0), AgentState::kReady);
  at(91);
  arrive(8, 1);
  EXPECT_EQ(offered_to(8), 0u);
}

TEST_F(Reconfigure, AWaitingCallKeepsItsPlaceAndMeetsTheNewMaximumWait) {
  CenterModel m = two_queues();
  build(m);
  arrive(7, 0);
  at(2);
  arrive(8, 0);
  at(100);
  m.queues[0].max_wait = seconds(120);
  ASSERT_TRUE(reconfigure(m).ok());
  EXPECT_EQ(engine_->waiting_calls(0), 2u);
  EXPECT_EQ(engine_->oldest_waiting(0), 0);
  tick(120);
  ASSERT_EQ(commands(CommandType::kRejectCall).size(), 1u);
  EXPECT_EQ(commands(CommandType::kRejectCall)[0].call, 7u);
  login(0);  // the first call still waiting is the later one
  EXPECT_EQ(offered_to(8), 0u);
}

TEST_F(Reconfigure, ReasonCodesKeepTheirIdsAndARemovedCodeStaysWithItsAgent) {
  CenterModel m = two_queues();
  m.reasons = {"break", "training"};
  build(m);
  login(0);
  not_ready(0, 1);  // training
  m.reasons = {"lunch", "break"};
  ASSERT_TRUE(reconfigure(m).ok());
  const std::vector<std::string>& reasons = engine_->model().reasons;
  EXPECT_EQ(reasons[0], "break");
  EXPECT_EQ(reasons[1], "training");
  EXPECT_NE(std::find(reasons.begin(), reasons.end(), "lunch"), reasons.end());
  EXPECT_EQ(state(0), AgentState::kNotReady);
  EXPECT_EQ(reasons[engine_->agent(0).reason], "training");
}

TEST_F(Reconfigure, AgentsAndQueuesCannotChangeAndARefusalChangesNothing) {
  CenterModel m = two_queues();
  build(m);
  login(0);
  CenterModel renamed = m;
  renamed.agents[0].name = "someone else";
  renamed.agents[1].skills.push_back({0, 9});
  Status refused = reconfigure(renamed);
  EXPECT_FALSE(refused.ok());
  EXPECT_NE(refused.message().find("someone else"), std::string::npos);
  EXPECT_FALSE(engine_->serves(1, 0));
  CenterModel more = m;
  more.queues.push_back(queue_for(2));
  EXPECT_FALSE(reconfigure(more).ok());
  EXPECT_EQ(engine_->model().queues.size(), 2u);
  EXPECT_EQ(state(0), AgentState::kReady);
}

TEST_F(Reconfigure, ANewStrategyRanksTheReadyAgents) {
  CenterModel m;
  m.queues = {queue_for(0, Strategy::kLongestIdle)};
  m.agents = {agent_with({{0, 2}}), agent_with({{0, 9}})};
  build(m);
  login(0);  // idle longest
  at(1);
  login(1);
  m.queues[0].strategy = Strategy::kBestSkill;
  ASSERT_TRUE(reconfigure(m).ok());
  at(2);
  arrive(7, 0);
  EXPECT_EQ(offered_to(7), 1u);
}

}  // namespace
}  // namespace hotline::acd::testing
