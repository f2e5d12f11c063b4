// Agent selection: each strategy picks the agent a call-center professional expects.

#include <map>

#include "tests/center/acd/acd_fixture.h"

namespace hotline::acd::testing {
namespace {

class Strategies : public AcdTest {
 protected:
  // Three agents on skill 0; agent i has level 3 + 3i.
  void three_agents(Strategy strategy) {
    CenterModel m;
    m.queues = {queue_for(0, strategy)};
    for (int i = 0; i < 3; ++i)
      m.agents.push_back(agent_with({{0, 3 + 3 * i}}));
    build(std::move(m));
  }
  // Handles one call end-to-end with whoever is offered; returns that agent.
  AgentId serve(CallId call, double start, double talk_s) {
    at(start);
    arrive(call, 0);
    const AgentId a = offered_to(call);
    EXPECT_NE(a, kNoAgent);
    answer(a, call);
    at(start + talk_s);
    end(call);
    return a;
  }
};

TEST_F(Strategies, LongestIdleTakesTheAgentFreeTheLongest) {
  three_agents(Strategy::kLongestIdle);
  at(0);
  login(1);
  at(5);
  login(0);
  at(9);
  login(2);
  EXPECT_EQ(serve(1, 10, 30), 1u);   // free since 0
  EXPECT_EQ(serve(2, 50, 30), 0u);   // since 5; agent 1 free again only since 40
  EXPECT_EQ(serve(3, 90, 30), 2u);   // since 9
  EXPECT_EQ(serve(4, 130, 30), 1u);  // since 40
}

TEST_F(Strategies, FewestCallsToday) {
  three_agents(Strategy::kFewestCalls);
  for (AgentId a = 0; a < 3; ++a)
    login(a);
  std::map<AgentId, int> served;
  for (CallId c = 1; c <= 9; ++c)
    ++served[serve(c, c * 100.0, 10)];
  EXPECT_EQ(served[0], 3);
  EXPECT_EQ(served[1], 3);
  EXPECT_EQ(served[2], 3);
}

TEST_F(Strategies, LeastTalkTimeToday) {
  three_agents(Strategy::kLeastTalkTime);
  for (AgentId a = 0; a < 3; ++a)
    login(a);
  const AgentId first = serve(1, 0, 300);  // a long call
  const AgentId second = serve(2, 400, 10);
  const AgentId third = serve(3, 500, 10);
  EXPECT_NE(second, first);
  EXPECT_NE(third, first);
  EXPECT_NE(third, second);
  EXPECT_NE(serve(4, 600, 10), first);  // still the most talk time
}

TEST_F(Strategies, BestSkillFirst) {
  three_agents(Strategy::kBestSkill);
  for (AgentId a = 0; a < 3; ++a)
    login(a);
  at(1);
  arrive(1, 0);
  EXPECT_EQ(offered_to(1), 2u);  // level 9
  arrive(2, 0);
  EXPECT_EQ(offered_to(2), 1u);  // level 6
  arrive(3, 0);
  EXPECT_EQ(offered_to(3), 0u);
}

TEST_F(Strategies, RoundRobinRemembersWhereItStopped) {
  three_agents(Strategy::kRoundRobin);
  for (AgentId a = 0; a < 3; ++a)
    login(a);
  std::vector<AgentId> order;
  for (CallId c = 1; c <= 6; ++c)
    order.push_back(serve(c, c * 10.0, 1));
  EXPECT_EQ(order[0], order[3]);
  EXPECT_EQ(order[1], order[4]);
  EXPECT_EQ(order[2], order[5]);
  EXPECT_NE(order[0], order[1]);
  EXPECT_NE(order[1], order[2]);
  EXPECT_NE(order[0], order[2]);
}

TEST_F(Strategies, RandomIsSpreadAndReproducible) {
  std::vector<AgentId> first_run;
  for (int run = 0; run < 2; ++run) {
    three_agents(Strategy::kRandom);
    for (AgentId a = 0; a < 3; ++a)
      login(a);
    std::map<AgentId, int> served;
    std::vector<AgentId> order;
    for (CallId c = 1; c <= 300; ++c) {
      order.push_back(serve(c, c * 10.0, 1));
      ++served[order.back()];
    }
    for (AgentId a = 0; a < 3; ++a)
      EXPECT_GT(served[a], 60) << "agent " << a;
    if (run == 0)
      first_run = order;
    else
      EXPECT_EQ(order, first_run);
  }
}

TEST_F(Strategies, RingAllRingsEveryoneAndTheFirstAnswerWins) {
  three_agents(Strategy::kRingAll);
  for (AgentId a = 0; a < 3; ++a)
    login(a);
  arrive(1, 0);
  EXPECT_EQ(commands(CommandType::kOfferCall).size(), 3u);
  for (AgentId a = 0; a < 3; ++a)
    EXPECT_EQ(state(a), AgentState::kRinging);
  answer(1, 1);
  EXPECT_EQ(commands(CommandType::kCancelOffer).size(), 2u);
  EXPECT_EQ(state(1), AgentState::kTalking);
  EXPECT_EQ(state(0), AgentState::kReady);
  EXPECT_EQ(state(2), AgentState::kReady);
  answer(0, 1);  // too late: ignored
  EXPECT_EQ(state(0), AgentState::kReady);
  EXPECT_EQ(engine_->ignored_events(), 1u);
}

TEST_F(Strategies, RingAllNobodyAnswersRingsAgain) {
  three_agents(Strategy::kRingAll);
  for (AgentId a = 0; a < 3; ++a)
    login(a);
  arrive(1, 0);
  tick(15);  // default ring timeout
  EXPECT_EQ(commands(CommandType::kCancelOffer).size(), 3u);
  EXPECT_EQ(commands(CommandType::kOfferCall).size(), 3u);  // rings again
  for (AgentId a = 0; a < 3; ++a)
    EXPECT_EQ(state(a), AgentState::kRinging);
}

}  // namespace
}  // namespace hotline::acd::testing
