#include "center/acd/routing_engine.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>

#include "center/acd/engine_state.h"

namespace hotline::acd {

namespace {

bool eligible(const AgentSpec& agent, const AgentPoolSpec& pool, int* level) {
  bool ok = false;
  *level = 0;
  for (const SkillRequirement& need : pool.any_of_skills) {
    for (const AgentSkill& has : agent.skills) {
      if (has.skill == need.skill && has.level >= need.min_level) {
        ok = true;
        *level = std::max(*level, has.level);
      }
    }
  }
  if (std::find(pool.teams.begin(), pool.teams.end(), agent.team) != pool.teams.end()) ok = true;
  return ok;
}

}  // namespace

RoutingEngine::State::State(CenterModel m) : model(std::move(m)), rng(model.random_seed) {
  auto it = std::find(model.reasons.begin(), model.reasons.end(), "no_answer");
  if (it == model.reasons.end()) {
    model.reasons.push_back("no_answer");
    it = model.reasons.end() - 1;
  }
  no_answer_reason = static_cast<ReasonId>(it - model.reasons.begin());

  // Pools: per queue, tier 0 is the queue's own agents, then one per kAddAgents rule in
  // the order the rules fire (time rules by wait, then state rules).
  std::vector<const AgentPoolSpec*> pool_specs;
  queues.resize(model.queues.size());
  for (QueueId q = 0; q < model.queues.size(); ++q) {
    const QueueSpec& spec = model.queues[q];
    QueueRuntime& rt = queues[q];
    rt.first_pool = static_cast<std::uint32_t>(pool_specs.size());
    rt.tier_of_rule.assign(spec.overflow.size(), 0);
    pool_specs.push_back(&spec.agents);
    for (std::uint32_t r = 0; r < spec.overflow.size(); ++r)
      if (spec.overflow[r].after_wait >= 0) rt.time_rules.push_back(r);
    std::stable_sort(rt.time_rules.begin(), rt.time_rules.end(), [&](auto a, auto b) {
      return spec.overflow[a].after_wait < spec.overflow[b].after_wait;
    });
    std::vector<std::uint32_t> order = rt.time_rules;
    for (std::uint32_t r = 0; r < spec.overflow.size(); ++r)
      if (spec.overflow[r].after_wait < 0) order.push_back(r);
    for (std::uint32_t r : order) {
      if (spec.overflow[r].action != OverflowAction::kAddAgents) continue;
      rt.tier_of_rule[r] = rt.tiers++;
      pool_specs.push_back(&spec.overflow[r].agents);
    }
  }
  pools.reserve(pool_specs.size());
  for (QueueId q = 0; q < queues.size(); ++q)
    for (int t = 0; t < queues[q].tiers; ++t)
      pools.emplace_back(q, t, model.queues[q].strategy, &call_pos);

  agents.resize(model.agents.size());
  live_stamp.assign(model.agents.size(), 0);
  for (AgentId a = 0; a < model.agents.size(); ++a) {
    agents[a].first_membership = static_cast<std::uint32_t>(memberships.size());
    // An agent joins only its lowest eligible tier of each queue: a call at tier t looks at
    // pools 0..t in order, so a place in a higher tier of the same queue would never be
    // used, and would cost a heap entry every time the agent becomes ready.
    QueueId joined = kNoQueue;
    for (std::uint32_t p = 0; p < pool_specs.size(); ++p) {
      if (pools[p].queue == joined) continue;
      int level = 0;
      if (eligible(model.agents[a], *pool_specs[p], &level)) {
        joined = pools[p].queue;
        memberships.push_back(Membership{p, a, level, 0});
      }
    }
    agents[a].end_membership = static_cast<std::uint32_t>(memberships.size());
  }
  group_pools(pool_specs);
}

// Pools with the same agents in the same order share their ready agents' group: the same
// eligibility (skills with levels, teams) and a strategy whose order depends on the agent
// alone (round-robin's depends on the queue).
void RoutingEngine::State::group_pools(const std::vector<const AgentPoolSpec*>& specs) {
  std::map<std::string, std::uint32_t> group_of;
  for (std::uint32_t p = 0; p < pools.size(); ++p) {
    std::vector<std::pair<int, int>> skills;
    for (const SkillRequirement& need : specs[p]->any_of_skills)
      skills.emplace_back(need.skill, need.min_level);
    std::sort(skills.begin(), skills.end());
    std::vector<int> teams(specs[p]->teams.begin(), specs[p]->teams.end());
    std::sort(teams.begin(), teams.end());
    // The key lists the order and the eligibility; round-robin pools are told apart.
    std::string key;
    char part[32];
    std::snprintf(part, sizeof part, "%d|%u|", static_cast<int>(pools[p].strategy),
                  pools[p].strategy == Strategy::kRoundRobin ? p : 0u);
    key += part;
    for (const auto& [skill, level] : skills) {
      std::snprintf(part, sizeof part, "s%d:%d,", skill, level);
      key += part;
    }
    for (int team : teams) {
      std::snprintf(part, sizeof part, "t%d,", team);
      key += part;
    }
    auto [it, fresh] = group_of.emplace(key, static_cast<std::uint32_t>(groups.size()));
    if (fresh) groups.emplace_back();
    pools[p].group = it->second;
  }
  for (AgentId a = 0; a < agents.size(); ++a) {
    AgentRuntime& ag = agents[a];
    ag.first_group = static_cast<std::uint32_t>(group_memberships.size());
    for (std::uint32_t m = ag.first_membership; m < ag.end_membership; ++m) {
      const std::uint32_t g = pools[memberships[m].pool].group;
      bool seen = false;
      for (std::uint32_t k = ag.first_group; k < group_memberships.size(); ++k)
        seen |= pools[memberships[group_memberships[k]].pool].group == g;
      if (seen) continue;
      group_memberships.push_back(m);
      ++groups[g].members;
    }
    ag.end_group = static_cast<std::uint32_t>(group_memberships.size());
  }
}

RoutingEngine::RoutingEngine(CenterModel model)
    : state_(std::make_unique<State>(std::move(model))) {}
RoutingEngine::~RoutingEngine() = default;

void RoutingEngine::handle(const Event& event, std::vector<Command>& out) {
  State& s = *state_;
  s.out = &out;
  const Time at = std::max(event.at, s.now);
  s.fire_due_timers(at);
  s.now = at;
  s.dispatch(event);
  s.drop_stale_timers();
  s.out = nullptr;
}

Time RoutingEngine::next_timer() const {
  return state_->timers.empty() ? kNever : state_->timers.top().at;
}

bool RoutingEngine::State::timer_live(const Timer& t) const {
  if (t.for_agent)
    return agents[t.index].timer_gen == t.gen &&
           agents[t.index].status.state == AgentState::kWrapUp;
  return calls[t.index].timer_gen == t.gen && calls[t.index].state != CallState::kFree;
}

void RoutingEngine::State::drop_stale_timers() {
  // Timers are cancelled by bumping a generation; dropping the dead ones at the top keeps
  // next_timer() exact.
  while (!timers.empty() && !timer_live(timers.top()))
    timers.pop();
}

void RoutingEngine::State::fire_due_timers(Time until) {
  while (!timers.empty() && timers.top().at <= until) {
    const Timer t = timers.top();
    timers.pop();
    if (!timer_live(t)) continue;
    now = std::max(now, t.at);
    if (t.for_agent)
      finish_work(t.index);
    else
      on_call_timer(t.index);
  }
}

void RoutingEngine::State::dispatch(const Event& e) {
  const bool agent_ok = e.agent < agents.size();
  switch (e.type) {
    case EventType::kCallArrived:
      call_arrived(e);
      return;
    case EventType::kCallAbandoned:
      call_abandoned(e.call);
      return;
    case EventType::kCallEnded:
      call_ended(e.call);
      return;
    case EventType::kCallbackAccepted:
      callback_accepted(e.call);
      return;
    case EventType::kTick:
      return;
    default:
      break;
  }
  if (!agent_ok) {
    ++ignored;
    return;
  }
  switch (e.type) {
    case EventType::kAgentLogin:
      login(e.agent);
      break;
    case EventType::kAgentLogout:
      logout(e.agent);
      break;
    case EventType::kAgentReady:
      agent_ready(e.agent);
      break;
    case EventType::kAgentNotReady:
      if (e.reason >= model.reasons.size()) {
        ++ignored;
        break;
      }
      agent_not_ready(e.agent, e.reason);
      break;
    case EventType::kAgentAnswered:
      answered(e.agent, e.call);
      break;
    case EventType::kAgentRejected:
    case EventType::kAgentNoAnswer:
      offer_failed(e.agent, e.call, AfterOffer::kNoAnswer);
      break;
    case EventType::kWrapUpDone:
      wrap_up_done(e.agent);
      break;
    case EventType::kOutboundStarted:
      outbound_started(e.agent, e.call);
      break;
    case EventType::kOutboundEnded:
      outbound_ended(e.agent, e.call, e.wrap_up);
      break;
    default:
      ++ignored;
      break;
  }
}

void RoutingEngine::State::emit(CommandType type, CallId call, AgentId agent, QueueId queue,
                                std::int32_t value, Duration wait, ReasonId reason) {
  out->push_back(Command{type, now, call, agent, queue, value, wait, reason});
}

const CenterModel& RoutingEngine::model() const {
  return state_->model;
}
const AgentStatus& RoutingEngine::agent(AgentId agent) const {
  return state_->agents.at(agent).status;
}
std::size_t RoutingEngine::waiting_calls(QueueId queue) const {
  return state_->queues.at(queue).waiting;
}
int RoutingEngine::staffed_agents(QueueId queue) const {
  return state_->pools[state_->queues.at(queue).first_pool].staffed;
}
Time RoutingEngine::oldest_waiting(QueueId queue) const {
  const QueueRuntime& q = state_->queues.at(queue);
  Time oldest = kNever;
  for (int tier = 0; tier < q.tiers; ++tier) {
    const IndexedHeap& waiting = state_->pools[q.first_pool + tier].waiting_calls;
    for (std::size_t i = 0; i < waiting.size(); ++i)
      oldest = std::min(oldest, state_->calls[waiting.at(i).handle].queued_at);
  }
  return oldest;
}
bool RoutingEngine::serves(AgentId agent, QueueId queue) const {
  const AgentRuntime& a = state_->agents.at(agent);
  const std::uint32_t pool = state_->queues.at(queue).first_pool;
  for (std::uint32_t m = a.first_membership; m < a.end_membership; ++m)
    if (state_->memberships[m].pool == pool) return true;
  return false;
}
std::size_t RoutingEngine::live_calls() const {
  return state_->call_index.size();
}
std::uint64_t RoutingEngine::ignored_events() const {
  return state_->ignored;
}
ReasonId RoutingEngine::no_answer_reason() const {
  return state_->no_answer_reason;
}
void RoutingEngine::restore_daily_counters(AgentId agent, std::uint32_t calls, Duration talk,
                                           Duration wrap_up) {
  if (agent >= state_->agents.size()) return;
  AgentStatus& st = state_->agents[agent].status;
  if (st.state != AgentState::kLoggedOut) return;
  st.calls_today = calls;
  st.talk_today = talk;
  st.wrap_up_today = wrap_up;
}

void RoutingEngine::reset_daily_counters() {
  for (AgentRuntime& a : state_->agents) {
    a.status.calls_today = 0;
    a.status.talk_today = 0;
    a.status.wrap_up_today = 0;
  }
}

}  // namespace hotline::acd
