// Peak handling: widening the agent pool, lowering levels, reserve teams, other queues,
// outside targets, voicemail and callbacks.

#include "tests/center/acd/acd_fixture.h"

namespace hotline::acd::testing {
namespace {

class Overflow : public AcdTest {};

OverflowRule after(double s, OverflowAction action) {
  OverflowRule r;
  r.after_wait = seconds_f(s);
  r.action = action;
  return r;
}

TEST_F(Overflow, SpecialistsFirstThenCommonAgents) {
  // "20/80": a specialist call waits 30 s for a level >= 7 agent, then anyone with the skill.
  CenterModel m;
  m.queues = {queue_for(0)};
  m.queues[0].agents = skill_pool(0, 7);
  OverflowRule widen = after(30, OverflowAction::kAddAgents);
  widen.agents = skill_pool(0, 1);
  m.queues[0].overflow = {widen};
  m.agents = {agent_with({{0, 2}}), agent_with({{0, 9}})};
  build(std::move(m));
  login(0);
  arrive(1, 0);
  EXPECT_EQ(offered_to(1), kNoAgent);
  tick(29);
  EXPECT_EQ(offered_to(1), kNoAgent);
  tick(30);
  EXPECT_EQ(offered_to(1), 0u);
}

TEST_F(Overflow, SpecialistPreferredOverCommonWhenBothFree) {
  CenterModel m;
  m.queues = {queue_for(0)};
  m.queues[0].agents = skill_pool(0, 7);
  OverflowRule widen = after(0, OverflowAction::kAddAgents);
  widen.agents = skill_pool(0, 1);
  m.queues[0].overflow = {widen};
  m.agents = {agent_with({{0, 2}}), agent_with({{0, 9}})};
  build(std::move(m));
  login(0);  // idle longer
  at(5);
  login(1);
  at(10);
  arrive(1, 0);
  EXPECT_EQ(offered_to(1), 1u);
}

TEST_F(Overflow, ReserveTeamJoinsAfterAWait) {
  CenterModel m;
  m.queues = {queue_for(0)};
  OverflowRule reserve = after(60, OverflowAction::kAddAgents);
  reserve.agents.teams = {1};
  m.queues[0].overflow = {reserve};
  m.agents = {agent_with({{0, 5}}), agent_with({{2, 5}}, /*team=*/1)};
  build(std::move(m));
  login(0);
  login(1);
  arrive(1, 0);
  answer(0, 1);
  arrive(2, 0);
  EXPECT_EQ(offered_to(2), kNoAgent);
  tick(60);
  EXPECT_EQ(offered_to(2), 1u);
}

TEST_F(Overflow, ToAnotherQueueKeepsSeniority) {
  CenterModel m;
  m.queues = {queue_for(0), queue_for(1)};
  OverflowRule move = after(45, OverflowAction::kTarget);
  move.target = "q1";
  move.target_queue = 1;
  m.queues[0].overflow = {move};
  m.agents = {agent_with({{1, 5}})};
  build(std::move(m));
  arrive(1, 0);
  at(20);
  arrive(2, 1);
  tick(45);
  auto moved = commands(CommandType::kMoveToQueue);
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_EQ(moved[0].queue, 1u);
  EXPECT_EQ(engine_->waiting_calls(1), 2u);
  login(0);
  EXPECT_EQ(offered_to(1), 0u);  // arrived first, so it is first in the new queue too
}

TEST_F(Overflow, OutsideTargetWhenTheQueueIsLong) {
  CenterModel m;
  m.queues = {queue_for(0)};
  OverflowRule partner;
  partner.queue_length_at_least = 2;
  partner.action = OverflowAction::kTarget;
  partner.target = "partner-site";
  m.queues[0].overflow = {partner};
  m.agents = {agent_with({{0, 5}})};
  build(std::move(m));
  arrive(1, 0);
  arrive(2, 0);
  EXPECT_TRUE(commands(CommandType::kOverflowToTarget).empty());
  arrive(3, 0);
  auto sent = commands(CommandType::kOverflowToTarget);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].call, 3u);
  EXPECT_EQ(sent[0].overflow_rule(), 0u);  // rule index: the adapter reads the target from it
  EXPECT_EQ(engine_->waiting_calls(0), 2u);
}

TEST_F(Overflow, VoicemailWhenNobodyIsLoggedIn) {
  CenterModel m;
  m.queues = {queue_for(0)};
  OverflowRule vm;
  vm.when_no_agents = true;
  vm.action = OverflowAction::kVoicemail;
  m.queues[0].overflow = {vm};
  m.agents = {agent_with({{0, 5}})};
  build(std::move(m));
  arrive(1, 0);
  EXPECT_EQ(commands(CommandType::kOfferVoicemail).size(), 1u);
  abandon(1);  // the caller chose voicemail
  login(0);
  arrive(2, 0);
  EXPECT_TRUE(commands(CommandType::kOfferVoicemail).empty());
  EXPECT_EQ(offered_to(2), 0u);
}

TEST_F(Overflow, AcceptedCallbackKeepsItsPlaceInLine) {
  CenterModel m;
  m.queues = {queue_for(0)};
  m.queues[0].overflow = {after(90, OverflowAction::kCallback)};
  m.agents = {agent_with({{0, 5}})};
  build(std::move(m));
  arrive(1, 0);
  at(30);
  arrive(2, 0);
  tick(90);
  auto offers = commands(CommandType::kOfferCallback);
  ASSERT_EQ(offers.size(), 1u);
  EXPECT_EQ(offers[0].call, 1u);
  send(Event{EventType::kCallbackAccepted, 0, 1});
  tick(120);
  EXPECT_EQ(commands(CommandType::kOfferCallback).size(), 1u);  // call 2's turn
  login(0);
  ASSERT_EQ(offered_to(1), 0u);
  EXPECT_TRUE(commands(CommandType::kOfferCall)[0].is_callback());  // marked as a callback to dial
}

TEST_F(Overflow, QueueToQueueLoopsStop) {
  CenterModel m;
  m.queues = {queue_for(0), queue_for(1)};
  OverflowRule to1 = after(0, OverflowAction::kTarget);
  to1.target_queue = 1;
  OverflowRule to0 = after(0, OverflowAction::kTarget);
  to0.target_queue = 0;
  m.queues[0].overflow = {to1};
  m.queues[1].overflow = {to0};
  build(std::move(m));
  arrive(1, 0);
  tick(1);
  tick(2);
  EXPECT_EQ(engine_->live_calls(), 1u);
  EXPECT_EQ(engine_->next_timer(), kNever);
}

}  // namespace
}  // namespace hotline::acd::testing
