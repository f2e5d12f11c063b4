// Long random event sequences: every structural invariant holds after every event.

#include <random>

#include "tests/center/acd/acd_fixture.h"

namespace hotline::acd::testing {
namespace {

class RandomSequences : public AcdTest, public ::testing::WithParamInterface<Strategy> {};

CenterModel random_center(std::mt19937_64& rng, Strategy strategy) {
  CenterModel m;
  m.skills = {"s0", "s1", "s2", "s3"};
  m.teams = {"front", "reserve"};
  m.reasons = {"break"};
  for (SkillId s = 0; s < 4; ++s) {
    QueueSpec q = queue_for(s, strategy);
    q.agents = skill_pool(s, 1 + static_cast<int>(rng() % 5));
    q.ring_timeout = seconds(5 + static_cast<int>(rng() % 10));
    q.wrap_up = seconds(static_cast<int>(rng() % 20));
    q.max_length = static_cast<int>(rng() % 15);
    q.aging_per_second = (rng() % 2) * 0.05;
    q.announce_every = seconds(static_cast<int>(rng() % 2) * 30);
    q.max_wait = seconds(static_cast<int>(rng() % 2) * 300);
    OverflowRule widen;
    widen.after_wait = seconds(20);
    widen.agents = skill_pool(s, 1);
    OverflowRule reserve;
    reserve.after_wait = seconds(40);
    reserve.agents.teams = {1};
    OverflowRule elsewhere;
    elsewhere.after_wait = seconds(90);
    elsewhere.action = OverflowAction::kTarget;
    elsewhere.target_queue = (s + 1) % 4;
    OverflowRule callback;
    callback.after_wait = seconds(60);
    callback.action = OverflowAction::kCallback;
    q.overflow = {widen, reserve, callback, elsewhere};
    m.queues.push_back(q);
  }
  for (int a = 0; a < 12; ++a) {
    AgentSpec spec = agent_with({}, static_cast<TeamId>(a % 5 == 0));
    for (SkillId s = 0; s < 4; ++s)
      if (rng() % 2) spec.skills.push_back({s, 1 + static_cast<int>(rng() % 10)});
    m.agents.push_back(spec);
  }
  m.random_seed = rng();
  return m;
}

// Skill levels of one agent, one queue's pool level and times, a reason code.
void change_center(std::mt19937_64& rng, CenterModel& m) {
  AgentSpec& agent = m.agents[rng() % m.agents.size()];
  agent.skills.clear();
  for (SkillId s = 0; s < 4; ++s)
    if (rng() % 2) agent.skills.push_back({s, 1 + static_cast<int>(rng() % 10)});
  QueueSpec& q = m.queues[rng() % m.queues.size()];
  q.agents = skill_pool(static_cast<SkillId>(rng() % 4), 1 + static_cast<int>(rng() % 5));
  q.ring_timeout = seconds(5 + static_cast<int>(rng() % 10));
  q.wrap_up = seconds(static_cast<int>(rng() % 20));
  q.max_wait = seconds(static_cast<int>(rng() % 2) * 200);
  q.priority = static_cast<int>(rng() % 3);
  if (!q.overflow.empty() && rng() % 3 == 0) q.overflow.pop_back();
  if (rng() % 5 == 0) m.reasons.push_back("r" + std::to_string(m.reasons.size()));
}

constexpr CallId kFirstCallOut = 1'000'000;

TEST_P(RandomSequences, InvariantsHoldOverLongRuns) {
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    std::mt19937_64 rng(seed);
    CenterModel model = random_center(rng, GetParam());
    build(model);
    std::vector<CallId> live;
    CallId next_call = 1;
    double t = 0;
    int connected = 0, offered = 0;
    for (int step = 0; step < 4000; ++step) {
      t += (rng() % 1000) / 100.0;
      at(t);
      const AgentId a = static_cast<AgentId>(rng() % 12);
      const CallId some_call = live.empty() ? 0 : live[rng() % live.size()];
      switch (rng() % 21) {
        case 0:
        case 1:
        case 2:
          live.push_back(next_call);
          arrive(next_call++, static_cast<QueueId>(rng() % 4), static_cast<int>(rng() % 3));
          break;
        case 3:
          login(a);
          break;
        case 4:
          if (rng() % 4 == 0) send(Event{EventType::kAgentLogout, 0, 0, a});
          break;
        case 5:
          ready(a);
          break;
        case 6:
          if (rng() % 3 == 0) not_ready(a);
          break;
        case 7:
        case 8:
        case 14:
        case 15:
        case 16:
        case 17: {
          // Mostly a ringing agent answers its call; sometimes a wrong call (ignored).
          AgentId ringing = a;
          for (AgentId k = 0; k < 12; ++k)
            if (state((a + k) % 12) == AgentState::kRinging) ringing = (a + k) % 12;
          answer(ringing, rng() % 5 ? engine_->agent(ringing).call : some_call);
          break;
        }
        case 9:
          reject(a, engine_->agent(a).call);
          break;
        case 10:
          end(some_call);
          break;
        case 11:
          abandon(some_call);
          break;
        case 12:
          send(Event{EventType::kWrapUpDone, 0, 0, a});
          break;
        case 13:
          send(Event{EventType::kCallbackAccepted, 0, some_call});
          break;
        case 18:  // the agent places a call; ids of calls out never meet the queue's
          send(Event{EventType::kOutboundStarted, 0, kFirstCallOut + next_call++, a});
          break;
        case 20:  // an administrator changes skills and queue parameters mid-run
          if (rng() % 4 == 0) {
            change_center(rng, model);
            ASSERT_TRUE(reconfigure(model).ok());
          }
          break;
        case 19: {  // mostly an agent on a call out ends it; sometimes a wrong one (ignored)
          AgentId calling = a;
          for (AgentId k = 0; k < 12; ++k)
            if (engine_->agent((a + k) % 12).call >= kFirstCallOut) calling = (a + k) % 12;
          send(Event{EventType::kOutboundEnded, 0, engine_->agent(calling).call, calling});
          break;
        }
      }
      if (HasFatalFailure()) return;
      connected += static_cast<int>(commands(CommandType::kConnect).size());
      offered += static_cast<int>(commands(CommandType::kOfferCall).size());
      // An agent never holds two calls and a call never rings two agents: checked by
      // check_invariants() in send(); here, no timer is left overdue.
      ASSERT_GE(engine_->next_timer(), last_sent_);
    }
    // The run exercised routing, not just rejections.
    EXPECT_GT(offered, 60) << "seed " << seed;
    EXPECT_GT(connected, 20) << "seed " << seed;
  }
}

INSTANTIATE_TEST_SUITE_P(AllStrategies, RandomSequences,
                         ::testing::Values(Strategy::kLongestIdle, Strategy::kFewestCalls,
                                           Strategy::kLeastTalkTime, Strategy::kBestSkill,
                                           Strategy::kRoundRobin, Strategy::kRandom,
                                           Strategy::kRingAll),
                         [](const auto& info) { return std::string(to_string(info.param)); });

}  // namespace
}  // namespace hotline::acd::testing
