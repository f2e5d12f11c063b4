// Agent states: no-answer handling, pending changes, logout in every state.

#include "tests/center/acd/acd_fixture.h"

namespace hotline::acd::testing {
namespace {

class AgentStates : public AcdTest {
 protected:
  void two_agents() {
    CenterModel m;
    m.queues = {queue_for(0)};
    m.queues[0].ring_timeout = seconds(10);
    m.queues[0].max_no_answer = 2;
    m.agents = {agent_with({{0, 5}}), agent_with({{0, 5}})};
    build(std::move(m));
  }
};

TEST_F(AgentStates, RingTimeoutGoesToTheNextAgent) {
  two_agents();
  login(0);
  at(1);
  login(1);
  arrive(1, 0);
  EXPECT_EQ(offered_to(1), 0u);
  tick(11);
  EXPECT_EQ(commands(CommandType::kCancelOffer).size(), 1u);
  EXPECT_EQ(offered_to(1), 1u);
  EXPECT_EQ(state(0), AgentState::kReady);
  EXPECT_EQ(engine_->agent(0).no_answer_streak, 1);
}

TEST_F(AgentStates, BusyRejectGoesToTheNextAgent) {
  two_agents();
  login(0);
  at(1);
  login(1);
  arrive(1, 0);
  reject(0, 1);
  EXPECT_EQ(offered_to(1), 1u);
}

TEST_F(AgentStates, RepeatedNoAnswerMakesTheAgentNotReady) {
  two_agents();
  login(0);
  arrive(1, 0);
  tick(10);  // only agent: rings out, call waits (the agent is skipped for one ring time)
  EXPECT_EQ(offered_to(1), kNoAgent);
  tick(20);  // skip over: offered again
  EXPECT_EQ(offered_to(1), 0u);
  tick(30);
  EXPECT_EQ(state(0), AgentState::kNotReady);
  EXPECT_EQ(engine_->agent(0).reason, engine_->no_answer_reason());
  EXPECT_EQ(engine_->model().reasons[engine_->no_answer_reason()], "no_answer");
}

TEST_F(AgentStates, AnsweringResetsTheNoAnswerStreak) {
  two_agents();
  login(0);
  arrive(1, 0);
  tick(10);
  tick(20);
  answer(0, 1);
  EXPECT_EQ(engine_->agent(0).no_answer_streak, 0);
}

TEST_F(AgentStates, NotReadyDuringTalkTakesEffectAfterTheCall) {
  two_agents();
  login(0);
  arrive(1, 0);
  answer(0, 1);
  not_ready(0, 1);
  EXPECT_EQ(state(0), AgentState::kTalking);
  at(30);
  arrive(2, 0);
  end(1);
  EXPECT_EQ(state(0), AgentState::kNotReady);
  EXPECT_EQ(engine_->agent(0).reason, 1);
  EXPECT_EQ(engine_->waiting_calls(0), 1u);
  ready(0);
  EXPECT_EQ(offered_to(2), 0u);
}

TEST_F(AgentStates, NotReadyWhileRingingRequeuesWithoutPenalty) {
  two_agents();
  login(0);
  arrive(1, 0);
  not_ready(0);
  EXPECT_EQ(state(0), AgentState::kNotReady);
  EXPECT_EQ(engine_->agent(0).no_answer_streak, 0);
  EXPECT_EQ(engine_->waiting_calls(0), 1u);
  login(1);
  EXPECT_EQ(offered_to(1), 1u);
}

TEST_F(AgentStates, LogoutFromEveryState) {
  two_agents();
  login(0);
  send(Event{EventType::kAgentLogout, 0, 0, 0});
  EXPECT_EQ(state(0), AgentState::kLoggedOut);
  EXPECT_EQ(engine_->staffed_agents(0), 0);
  login(0);
  arrive(1, 0);  // ringing
  send(Event{EventType::kAgentLogout, 0, 0, 0});
  EXPECT_EQ(state(0), AgentState::kLoggedOut);
  EXPECT_EQ(engine_->waiting_calls(0), 1u);
  login(0);
  EXPECT_EQ(offered_to(1), 0u);
  answer(0, 1);
  send(Event{EventType::kAgentLogout, 0, 0, 0});  // talking: after the call
  EXPECT_EQ(state(0), AgentState::kTalking);
  end(1);
  EXPECT_EQ(state(0), AgentState::kLoggedOut);
  EXPECT_EQ(engine_->staffed_agents(0), 0);
}

TEST_F(AgentStates, StateChangesAreReported) {
  two_agents();
  login(0);
  auto changes = commands(CommandType::kAgentStateChanged);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].agent_state(), AgentState::kReady);
  not_ready(0, 1);
  changes = commands(CommandType::kAgentStateChanged);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].reason, 1);
}

TEST_F(AgentStates, ACallOutTakesTheAgentOutOfRoutingUntilItEnds) {
  two_agents();
  login(0);
  send(Event{EventType::kOutboundStarted, 0, 900, 0});
  EXPECT_EQ(state(0), AgentState::kTalking);
  EXPECT_EQ(engine_->agent(0).call, 900u);
  arrive(1, 0);  // nobody else is ready: the call waits
  EXPECT_EQ(offered_to(1), kNoAgent);
  EXPECT_EQ(engine_->waiting_calls(0), 1u);
  at(30);
  send(Event{EventType::kOutboundEnded, 0, 900, 0});
  EXPECT_EQ(engine_->agent(0).talk_today, seconds(30));
  EXPECT_EQ(offered_to(1), 0u);  // ready again: it takes the waiting call
}

TEST_F(AgentStates, ACallOutFromNotReadyStaysNotReady) {
  two_agents();
  login(0);
  not_ready(0, 1);
  send(Event{EventType::kOutboundStarted, 0, 900, 0});
  EXPECT_EQ(state(0), AgentState::kTalking);
  send(Event{EventType::kOutboundEnded, 0, 901, 0});  // not its call: ignored
  EXPECT_EQ(state(0), AgentState::kTalking);
  send(Event{EventType::kOutboundEnded, 0, 900, 0});
  EXPECT_EQ(state(0), AgentState::kNotReady);
  EXPECT_EQ(engine_->agent(0).reason, 1);
}

TEST_F(AgentStates, NoCallOutWhileRingingOrLoggedOut) {
  two_agents();
  send(Event{EventType::kOutboundStarted, 0, 900, 0});
  EXPECT_EQ(state(0), AgentState::kLoggedOut);
  login(0);
  arrive(1, 0);
  send(Event{EventType::kOutboundStarted, 0, 900, 0});
  EXPECT_EQ(state(0), AgentState::kRinging);
  EXPECT_EQ(engine_->agent(0).call, 1u);
}

TEST_F(AgentStates, LogoutDuringACallOutHappensAfterIt) {
  two_agents();
  login(0);
  send(Event{EventType::kOutboundStarted, 0, 900, 0});
  send(Event{EventType::kAgentLogout, 0, 0, 0});
  EXPECT_EQ(state(0), AgentState::kTalking);
  send(Event{EventType::kOutboundEnded, 0, 900, 0});
  EXPECT_EQ(state(0), AgentState::kLoggedOut);
}

}  // namespace
}  // namespace hotline::acd::testing
