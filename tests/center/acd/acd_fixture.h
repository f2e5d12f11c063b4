#pragma once
// A small harness for routing tests: builds models in a few lines and drives the
// engine with named events, keeping the commands of the last step.

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "center/acd/routing_engine.h"

namespace hotline::acd::testing {

inline AgentPoolSpec skill_pool(SkillId skill, int min_level = 1) {
  return AgentPoolSpec{{SkillRequirement{skill, min_level}}, {}};
}

inline AgentSpec agent_with(std::vector<AgentSkill> skills, TeamId team = 0) {
  return AgentSpec{"agent", team, std::move(skills)};
}

inline QueueSpec queue_for(SkillId skill, Strategy strategy = Strategy::kLongestIdle) {
  QueueSpec q;
  q.name = "q" + std::to_string(skill);
  q.strategy = strategy;
  q.agents = skill_pool(skill);
  return q;
}

class AcdTest : public ::testing::Test {
 protected:
  static CenterModel with_defaults(CenterModel m) {
    if (m.skills.empty()) m.skills = {"s0", "s1", "s2"};
    if (m.teams.empty()) m.teams = {"front", "reserve"};
    if (m.reasons.empty()) m.reasons = {"break", "training"};
    return m;
  }
  void build(CenterModel m) {
    engine_ = std::make_unique<RoutingEngine>(with_defaults(std::move(m)));
  }
  // Gives the running engine a changed center; the invariants must hold afterwards.
  Status reconfigure(CenterModel m) {
    last_sent_ = now_;
    out_.clear();
    Status done = engine_->reconfigure(with_defaults(std::move(m)), now_, out_);
    Status ok = engine_->check_invariants();
    EXPECT_TRUE(ok.ok()) << ok.message();
    return done;
  }

  void send(Event e) {
    e.at = now_;
    last_sent_ = now_;
    out_.clear();
    engine_->handle(e, out_);
    Status ok = engine_->check_invariants();
    ASSERT_TRUE(ok.ok()) << ok.message();
  }
  void at(double seconds_from_start) { now_ = seconds_f(seconds_from_start); }
  void tick(double seconds_from_start) {
    at(seconds_from_start);
    send(Event{EventType::kTick});
  }

  void login(AgentId a) { send(Event{EventType::kAgentLogin, 0, 0, a}); }
  void arrive(CallId c, QueueId q, int priority = 0) {
    send(Event{EventType::kCallArrived, 0, c, kNoAgent, q, priority});
  }
  void answer(AgentId a, CallId c) { send(Event{EventType::kAgentAnswered, 0, c, a}); }
  void reject(AgentId a, CallId c) { send(Event{EventType::kAgentRejected, 0, c, a}); }
  void end(CallId c) { send(Event{EventType::kCallEnded, 0, c}); }
  void abandon(CallId c) { send(Event{EventType::kCallAbandoned, 0, c}); }
  void not_ready(AgentId a, ReasonId r = 0) {
    send(Event{EventType::kAgentNotReady, 0, 0, a, kNoQueue, 0, r});
  }
  void ready(AgentId a) { send(Event{EventType::kAgentReady, 0, 0, a}); }

  // Commands of the last step of a given type.
  std::vector<Command> commands(CommandType type) const {
    std::vector<Command> found;
    for (const Command& c : out_)
      if (c.type == type) found.push_back(c);
    return found;
  }
  // The agent the last step offered `call` to, or kNoAgent.
  AgentId offered_to(CallId call) const {
    for (const Command& c : out_)
      if (c.type == CommandType::kOfferCall && c.call == call) return c.agent;
    return kNoAgent;
  }
  AgentState state(AgentId a) const { return engine_->agent(a).state; }

  std::unique_ptr<RoutingEngine> engine_;
  std::vector<Command> out_;
  Time now_ = 0;
  Time last_sent_ = 0;
};

}  // namespace hotline::acd::testing
