#pragma once
// The static description of a center as the routing core sees it: skills, teams,
// queues with their rules, and agents with their skill levels. Built from the
// configuration (src/config) or by tests; names are resolved to dense ids first.

#include <cstdint>
#include <string>
#include <vector>

#include "common/time.h"

namespace hotline::acd {

using AgentId = std::uint32_t;   // index into CenterModel::agents
using QueueId = std::uint32_t;   // index into CenterModel::queues
using SkillId = std::uint16_t;   // index into CenterModel::skills
using TeamId = std::uint16_t;    // index into CenterModel::teams
using CallId = std::uint64_t;    // chosen by the adapter; unique among live calls
using ReasonId = std::uint16_t;  // index into CenterModel::reasons

constexpr AgentId kNoAgent = UINT32_MAX;
constexpr QueueId kNoQueue = UINT32_MAX;
constexpr int kMaxSkillLevel = 10;

enum class Strategy : std::uint8_t {
  kLongestIdle,    // the agent idle the longest since the last call
  kFewestCalls,    // the agent with the fewest calls today
  kLeastTalkTime,  // the agent with the least talk time today
  kBestSkill,      // highest level in the pool's skill first ("20/80")
  kRoundRobin,     // the agent this queue offered to least recently
  kRandom,         // uniformly at random (seeded, reproducible)
  kRingAll,        // every eligible ready agent at once; the first to answer wins
};

// Agents eligible for a tier of a queue: having any of the skills at a minimum level,
// or belonging to any of the teams (a reserve group, say).
struct SkillRequirement {
  SkillId skill = 0;
  int min_level = 1;
};
struct AgentPoolSpec {
  std::vector<SkillRequirement> any_of_skills;
  std::vector<TeamId> teams;
};

enum class OverflowAction : std::uint8_t {
  kAddAgents,  // widen: another pool joins (more skills, lower level, reserve team)
  kTarget,     // leave for another queue of this center or an outside target
  kVoicemail,  // offer voicemail to the caller
  kCallback,   // offer a callback; an accepted callback keeps its place in line
};

// A rule fires once per call, when its conditions hold: after `after_wait` in the queue
// (time rules), or at arrival when the queue already holds `queue_length_at_least` calls
// or has no agent logged in (state rules).
struct OverflowRule {
  Duration after_wait = -1;       // >= 0: a time rule
  int queue_length_at_least = 0;  // > 0: a state rule
  bool when_no_agents = false;    // a state rule
  OverflowAction action = OverflowAction::kAddAgents;
  AgentPoolSpec agents;             // kAddAgents
  std::string target;               // kTarget: a queue name, or an outside target
  QueueId target_queue = kNoQueue;  // kTarget resolved to a queue of this center
};

struct QueueSpec {
  std::string name;
  int priority = 0;  // added to every call's priority
  Strategy strategy = Strategy::kLongestIdle;
  double sl_target = 0.8;
  Duration sl_threshold = seconds(20);
  Duration max_wait = 0;  // 0: no limit; then the call is given up (RejectCall kMaxWait)
  int max_length = 0;     // 0: no limit; a full queue rejects arrivals (kQueueFull)
  Duration wrap_up = 0;
  Duration ring_timeout = seconds(15);
  int max_no_answer = 3;        // consecutive no-answers before the agent goes not ready
  double aging_per_second = 0;  // priority points a call gains per second of waiting
  Duration announce_every = 0;  // 0: no position announcements
  Duration expected_handle = seconds(180);  // prior for the expected-wait estimate
  int ring_all_limit = 20;
  AgentPoolSpec agents;  // the first tier
  std::vector<OverflowRule> overflow;
};

struct AgentSkill {
  SkillId skill = 0;
  int level = 1;  // 1..10
};
struct AgentSpec {
  std::string name;
  TeamId team = 0;
  std::vector<AgentSkill> skills;
};

struct CenterModel {
  std::vector<std::string> skills;
  std::vector<std::string> teams;
  std::vector<std::string> reasons;  // not-ready reason codes; "no_answer" is added if absent
  std::vector<QueueSpec> queues;
  std::vector<AgentSpec> agents;
  std::uint64_t random_seed = 1;
};

}  // namespace hotline::acd
