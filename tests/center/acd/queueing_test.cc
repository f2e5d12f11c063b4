// Calls in line: priority, aging, multi-skill agents, limits, announcements, wrap-up.

#include "tests/center/acd/acd_fixture.h"

namespace hotline::acd::testing {
namespace {

class Queueing : public AcdTest {};

TEST_F(Queueing, HigherPriorityFirstThenLongestWaiting) {
  CenterModel m;
  m.queues = {queue_for(0)};
  m.agents = {agent_with({{0, 5}})};
  build(std::move(m));
  arrive(1, 0, 0);
  at(1);
  arrive(2, 0, 0);
  at(2);
  arrive(3, 0, 5);  // a VIP
  at(3);
  login(0);
  EXPECT_EQ(offered_to(3), 0u);
  answer(0, 3);
  end(3);
  EXPECT_EQ(offered_to(1), 0u);  // then the longest waiting
  EXPECT_EQ(engine_->waiting_calls(0), 1u);
}

// The wallboard's longest wait: the call that entered first, whatever its priority or
// tier; nothing when none waits.
TEST_F(Queueing, OldestWaitingIsTheEarliestQueuedCall) {
  CenterModel m;
  m.queues = {queue_for(0), queue_for(1)};
  m.agents = {agent_with({{0, 5}}), agent_with({{1, 5}})};
  build(std::move(m));
  EXPECT_EQ(engine_->oldest_waiting(0), kNever);
  at(5);
  arrive(1, 0, 0);
  at(7);
  arrive(2, 0, 9);  // served first, but not waiting longest
  at(8);
  arrive(3, 1, 0);
  EXPECT_EQ(engine_->oldest_waiting(0), seconds(5));
  EXPECT_EQ(engine_->oldest_waiting(1), seconds(8));
  login(0);  // takes call 2 (priority): call 1 still waits longest
  EXPECT_EQ(engine_->oldest_waiting(0), seconds(5));
  abandon(1);
  EXPECT_EQ(engine_->oldest_waiting(0), kNever);
  EXPECT_TRUE(engine_->serves(0, 0));
  EXPECT_FALSE(engine_->serves(0, 1));
  EXPECT_TRUE(engine_->serves(1, 1));
}

TEST_F(Queueing, PriorityAgingLetsOldCallsOvertake) {
  CenterModel m;
  m.queues = {queue_for(0)};
  m.queues[0].aging_per_second = 0.1;  // 1 point per 10 s
  m.agents = {agent_with({{0, 5}})};
  build(std::move(m));
  arrive(1, 0, 0);  // waits from 0
  at(100);
  arrive(2, 0, 5);  // priority 5, but call 1 has gained 10 points by t=100
  login(0);
  EXPECT_EQ(offered_to(1), 0u);
}

TEST_F(Queueing, MultiSkillAgentTakesTheBestCallAcrossQueues) {
  CenterModel m;
  m.queues = {queue_for(0), queue_for(1)};
  m.queues[1].priority = 2;  // complaints before billing
  m.agents = {agent_with({{0, 5}, {1, 5}})};
  build(std::move(m));
  arrive(1, 0);
  at(10);
  arrive(2, 1);
  login(0);
  EXPECT_EQ(offered_to(2), 0u);
  answer(0, 2);
  at(20);
  end(2);
  EXPECT_EQ(offered_to(1), 0u);
}

TEST_F(Queueing, MinimumSkillLevelKeepsJuniorsOff) {
  CenterModel m;
  m.queues = {queue_for(0)};
  m.queues[0].agents = skill_pool(0, 6);
  m.agents = {agent_with({{0, 3}}), agent_with({{0, 7}})};
  build(std::move(m));
  login(0);
  arrive(1, 0);
  EXPECT_EQ(offered_to(1), kNoAgent);
  login(1);
  EXPECT_EQ(offered_to(1), 1u);
}

TEST_F(Queueing, WrapUpThenReady) {
  CenterModel m;
  m.queues = {queue_for(0)};
  m.queues[0].wrap_up = seconds(30);
  m.agents = {agent_with({{0, 5}})};
  build(std::move(m));
  login(0);
  arrive(1, 0);
  answer(0, 1);
  at(60);
  arrive(2, 0);
  end(1);
  EXPECT_EQ(state(0), AgentState::kWrapUp);
  EXPECT_EQ(engine_->agent(0).calls_today, 1u);
  EXPECT_EQ(engine_->agent(0).talk_today, seconds(60));
  EXPECT_EQ(engine_->next_timer(), seconds(90));
  tick(89);
  EXPECT_EQ(state(0), AgentState::kWrapUp);
  EXPECT_EQ(engine_->agent(0).wrap_up_today, 0);  // counted when it ends
  EXPECT_EQ(engine_->agent(0).wrap_up_until, seconds(90));
  tick(90);
  EXPECT_EQ(offered_to(2), 0u);
  EXPECT_EQ(engine_->agent(0).wrap_up_today, seconds(30));  // the handle time's other part
  EXPECT_EQ(engine_->agent(0).wrap_up_until, 0);
  engine_->reset_daily_counters();
  EXPECT_EQ(engine_->agent(0).wrap_up_today, 0);
}

TEST_F(Queueing, WrapUpDoneEarly) {
  CenterModel m;
  m.queues = {queue_for(0)};
  m.queues[0].wrap_up = seconds(30);
  m.agents = {agent_with({{0, 5}})};
  build(std::move(m));
  login(0);
  arrive(1, 0);
  answer(0, 1);
  end(1);
  at(12);
  send(Event{EventType::kWrapUpDone, 0, 0, 0});
  EXPECT_EQ(state(0), AgentState::kReady);
  EXPECT_EQ(engine_->agent(0).wrap_up_today, seconds(12));
}

TEST_F(Queueing, MaxLengthRejectsAndMaxWaitGivesUp) {
  CenterModel m;
  m.queues = {queue_for(0)};
  m.queues[0].max_length = 2;
  m.queues[0].max_wait = seconds(120);
  m.agents = {agent_with({{0, 5}})};
  build(std::move(m));
  arrive(1, 0);
  arrive(2, 0);
  arrive(3, 0);
  auto rejects = commands(CommandType::kRejectCall);
  ASSERT_EQ(rejects.size(), 1u);
  EXPECT_EQ(rejects[0].reject_reason(), RejectReason::kQueueFull);
  EXPECT_EQ(engine_->waiting_calls(0), 2u);
  tick(120);
  rejects = commands(CommandType::kRejectCall);
  ASSERT_EQ(rejects.size(), 2u);
  EXPECT_EQ(rejects[0].reject_reason(), RejectReason::kMaxWait);
  EXPECT_EQ(engine_->live_calls(), 0u);
}

TEST_F(Queueing, PositionAnnouncements) {
  CenterModel m;
  m.queues = {queue_for(0)};
  m.queues[0].announce_every = seconds(60);
  m.queues[0].expected_handle = seconds(200);
  m.agents = {agent_with({{0, 5}}), agent_with({{0, 5}})};
  build(std::move(m));
  login(0);
  login(1);
  not_ready(0);
  not_ready(1);
  arrive(1, 0);
  at(10);
  arrive(2, 0);
  tick(60);
  auto a = commands(CommandType::kAnnouncePosition);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].call, 1u);
  EXPECT_EQ(a[0].position(), 1);
  tick(70);
  a = commands(CommandType::kAnnouncePosition);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].position(), 2);
  EXPECT_EQ(a[0].wait, seconds(200));  // 2 ahead-or-at x 200 s / 2 staffed agents
}

TEST_F(Queueing, CallerHangsUpWhileRingingFreesTheAgent) {
  CenterModel m;
  m.queues = {queue_for(0)};
  m.agents = {agent_with({{0, 5}})};
  build(std::move(m));
  login(0);
  arrive(1, 0);
  EXPECT_EQ(state(0), AgentState::kRinging);
  abandon(1);
  EXPECT_EQ(commands(CommandType::kCancelOffer).size(), 1u);
  EXPECT_EQ(state(0), AgentState::kReady);
  EXPECT_EQ(engine_->live_calls(), 0u);
  EXPECT_EQ(engine_->next_timer(), kNever);  // the ring timer was dropped with the call
}

TEST_F(Queueing, CallerHangsUpInQueue) {
  CenterModel m;
  m.queues = {queue_for(0)};
  m.agents = {agent_with({{0, 5}})};
  build(std::move(m));
  arrive(1, 0);
  abandon(1);
  EXPECT_EQ(engine_->waiting_calls(0), 0u);
  login(0);
  EXPECT_EQ(state(0), AgentState::kReady);
}

TEST_F(Queueing, LateAndUnknownEventsAreIgnored) {
  CenterModel m;
  m.queues = {queue_for(0)};
  m.agents = {agent_with({{0, 5}})};
  build(std::move(m));
  end(42);
  answer(0, 42);
  send(Event{EventType::kAgentLogin, 0, 0, 999});
  send(Event{EventType::kCallArrived, 0, 7, kNoAgent, 55});
  EXPECT_EQ(commands(CommandType::kRejectCall).size(), 1u);
  login(0);
  arrive(1, 0);
  arrive(1, 0);  // duplicate id
  EXPECT_EQ(engine_->live_calls(), 1u);
  EXPECT_GE(engine_->ignored_events(), 4u);
}

// A transfer to one agent: offered to that agent even outside its queues; unanswered,
// the call waits in its queue like any other.
TEST_F(AcdTest, CallSentToOneAgentRingsThereThenWaitsInItsQueue) {
  CenterModel m;
  m.queues = {queue_for(0)};
  m.queues[0].ring_timeout = seconds(10);
  m.agents = {agent_with({{0, 5}}), agent_with({{1, 5}})};  // agent 1 is not in the queue
  build(m);
  login(0);
  login(1);
  send(Event{EventType::kCallArrived, 0, 7, 1, 0});
  EXPECT_EQ(offered_to(7), 1u);  // not agent 0, who is ready and in the queue
  EXPECT_EQ(state(0), AgentState::kReady);
  tick(10);  // agent 1 lets it ring out: the queue's own agent gets it
  EXPECT_EQ(offered_to(7), 0u);
  // A target that is not ready: the call simply queues.
  not_ready(1);
  send(Event{EventType::kCallArrived, 0, 8, 1, 0});
  EXPECT_EQ(offered_to(8), kNoAgent);
  EXPECT_EQ(engine_->waiting_calls(0), 1u);
}

}  // namespace
}  // namespace hotline::acd::testing
