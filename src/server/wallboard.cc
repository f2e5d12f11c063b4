#include "server/wallboard.h"

#include <nlohmann/json.hpp>

#include "api/center_json.h"
#include "common/json_out.h"
#include "common/metrics_text.h"
#include "common/time_text.h"
#include "report/call_kpis.h"

namespace hotline::server {

namespace {

// A queue's figures for the API, as docs/kpis.md defines them.
api::QueueFigures queue_figures(const kpi::Kpis& k) {
  return {k.offered,         k.answered,      k.answered_in_sl, k.abandoned,
          k.short_abandoned, k.service_level, k.answer_rate,    k.asa_s};
}

}  // namespace

const char* agent_state_name(acd::AgentState s) {
  switch (s) {
    case acd::AgentState::kLoggedOut:
      return "logged_out";
    case acd::AgentState::kReady:
      return "ready";
    case acd::AgentState::kNotReady:
      return "not_ready";
    case acd::AgentState::kRinging:
      return "ringing";
    case acd::AgentState::kTalking:
      return "talking";
    case acd::AgentState::kWrapUp:
      return "wrap_up";
  }
  return "unknown";
}

Wallboard::Wallboard(const center::CallCenter& center, const Clock& clock, Settings settings)
    : center_(center), clock_(clock), settings_(std::move(settings)) {}

kpi::QueueBoard& Wallboard::board_of(const std::string& queue) {
  if (auto it = boards_.find(queue); it != boards_.end()) return it->second;
  Duration sl = settings_.rules.sl_threshold;
  for (const acd::QueueSpec& q : center_.routing().model().queues)
    if (q.name == queue) sl = q.sl_threshold;
  return boards_
      .try_emplace(queue, kpi::rules_for_queue(sl, settings_.rules.short_abandon),
                   settings_.utc_offset)
      .first->second;
}

void Wallboard::restore_call(const store::CallRecord& r) {
  if (kpi::CallOutcome outcome; report::to_outcome(r, &outcome))
    board_of(r.queue).add(r.queued ? r.queued : r.arrived, r.ended, outcome);
}

void Wallboard::call_queued(const std::string& queue, std::uint64_t call, Time at) {
  board_of(queue).arrive(call, at);
  changed_.insert(queue);
}

void Wallboard::call_answered(const std::string& queue, std::uint64_t call, Duration waited) {
  board_of(queue).answer(call, waited);
  changed_.insert(queue);
}

void Wallboard::call_left_queue(const std::string& queue, std::uint64_t call, Time queued) {
  board_of(queue).forget(call, queued);
}

void Wallboard::call_finished(const store::CallRecord& r) {
  kpi::CallOutcome outcome;
  if (!report::to_outcome(r, &outcome)) return;
  since_start_.try_emplace(r.queue, report::kpi_rules_of(r)).first->second.add(outcome);
  board_of(r.queue).add(r.queued ? r.queued : r.arrived, r.ended ? r.ended : clock_.now(), outcome);
  changed_.insert(r.queue);
}

void Wallboard::agent_changed(acd::AgentId agent) {
  const acd::RoutingEngine& routing = center_.routing();
  for (std::size_t q = 0; q < routing.model().queues.size(); ++q)
    if (routing.serves(agent, static_cast<acd::QueueId>(q)))
      changed_.insert(routing.model().queues[q].name);
}

void Wallboard::reconfigure(const config::CenterConfig& c) {
  settings_.queue_titles = c.queue_titles;
  for (std::size_t q = 0; q < settings_.boards.size() && q < c.queue_boards.size(); ++q)
    settings_.boards[q].answer_rate_alarm = c.queue_boards[q].answer_rate_alarm;
  for (const acd::QueueSpec& q : c.model.queues)
    changed_.insert(q.name);
}

api::QueueSnapshot Wallboard::queue_snapshot(acd::QueueId q) {
  const Time now = clock_.now();
  const acd::RoutingEngine& routing = center_.routing();
  api::QueueSnapshot v;
  v.name = routing.model().queues[q].name;
  v.title = q < settings_.queue_titles.size() ? settings_.queue_titles[q] : v.name;
  v.waiting = routing.waiting_calls(q);
  v.staffed = routing.staffed_agents(q);
  if (auto k = since_start_.find(v.name); k != since_start_.end())
    v.since_start = queue_figures(k->second.figures());
  if (const Time oldest = routing.oldest_waiting(q); oldest != kNever) v.oldest_waiting = oldest;
  // Its own agents by state: O(agents); a wallboard's figure, not routing's.
  for (acd::AgentId a = 0; a < routing.model().agents.size(); ++a) {
    const acd::AgentState state = routing.agent(a).state;
    if (state != acd::AgentState::kLoggedOut && routing.serves(a, q))
      ++v.agents[agent_state_name(state)];
  }
  kpi::QueueBoard& board = board_of(v.name);
  v.today = queue_figures(board.today(now));
  v.last_30_min = queue_figures(board.recent(now));
  v.day_start = board.day_start(now);
  v.interval = board.interval();
  for (const kpi::Kpis& k : board.intervals(now))
    v.intervals.push_back(queue_figures(k));
  if (q < settings_.boards.size()) {
    v.answer_rate_alarm = settings_.boards[q].answer_rate_alarm;
    v.forecast = settings_.boards[q].forecast;
  }
  return v;
}

std::string Wallboard::metrics() const {
  MetricsText m;
  const acd::RoutingEngine& routing = center_.routing();
  const acd::CenterModel& model = routing.model();
  m.family("hotline_queue_waiting_calls", "gauge", "Calls waiting in the queue now.");
  for (std::size_t q = 0; q < model.queues.size(); ++q)
    m.sample("hotline_queue_waiting_calls",
             static_cast<double>(routing.waiting_calls(static_cast<acd::QueueId>(q))),
             label("queue", model.queues[q].name));
  m.family("hotline_queue_staffed_agents", "gauge", "Agents logged in to the queue's pool.");
  for (std::size_t q = 0; q < model.queues.size(); ++q)
    m.sample("hotline_queue_staffed_agents", routing.staffed_agents(static_cast<acd::QueueId>(q)),
             label("queue", model.queues[q].name));
  std::map<std::string, int> by_state;
  for (const char* s : {"logged_out", "ready", "not_ready", "ringing", "talking", "wrap_up"})
    by_state[s] = 0;
  for (std::size_t a = 0; a < model.agents.size(); ++a)
    ++by_state[agent_state_name(routing.agent(static_cast<acd::AgentId>(a)).state)];
  m.family("hotline_agents", "gauge", "Agents by state.");
  for (const auto& [state, n] : by_state)
    m.sample("hotline_agents", n, label("state", state));
  // Counters since the start: dashboards take service level over any window from them.
  // Figures once per queue (each family lists every queue).
  std::vector<std::pair<std::string, kpi::Kpis>> figures;
  for (const auto& [queue, counter] : since_start_)
    figures.emplace_back(label("queue", queue), counter.figures());
  m.family("hotline_queue_calls_total", "counter", "Queue calls finished, by outcome.");
  for (const auto& [queue, k] : figures) {
    m.sample("hotline_queue_calls_total", static_cast<double>(k.answered),
             queue + "," + label("outcome", "answered"));
    m.sample("hotline_queue_calls_total", static_cast<double>(k.abandoned),
             queue + "," + label("outcome", "abandoned"));
    m.sample("hotline_queue_calls_total", static_cast<double>(k.short_abandoned),
             queue + "," + label("outcome", "short_abandoned"));
    m.sample("hotline_queue_calls_total", static_cast<double>(k.overflowed),
             queue + "," + label("outcome", "overflowed"));
  }
  m.family("hotline_queue_answered_in_sl_total", "counter",
           "Queue calls answered within the queue's service-level threshold.");
  for (const auto& [queue, k] : figures)
    m.sample("hotline_queue_answered_in_sl_total", static_cast<double>(k.answered_in_sl), queue);
  m.family("hotline_queue_service_level", "gauge",
           "Share of queue calls answered within the threshold, since the start (0-1).");
  for (const auto& [queue, k] : figures)
    m.sample("hotline_queue_service_level", k.service_level, queue);
  return m.take();
}

void Wallboard::publish_for_agent(acd::AgentId agent, const std::string& json, bool screen_pop) {
  const acd::CenterModel& model = center_.routing().model();
  api::ApiEvent e;
  if (agent < model.agents.size()) {
    e.agent = model.agents[agent].name;
    if (model.agents[agent].team < model.teams.size())
      e.team = model.teams[model.agents[agent].team];
  }
  e.json = json;
  e.screen_pop = screen_pop;
  api_->publish(e);
}

void Wallboard::agent_state_event(acd::AgentId agent, acd::AgentState state,
                                  const std::string& reason) {
  using nlohmann::json;
  const acd::CenterModel& model = center_.routing().model();
  if (agent >= model.agents.size()) return;
  json body{{"type", "agent.state"},
            {"at", iso_utc_ms(clock_.now())},
            {"agent", model.agents[agent].name},
            {"state", agent_state_name(state)},
            {"reason", reason.empty() ? json(nullptr) : json(reason)}};
  // What a wallboard's row of the agent shows besides the state.
  const acd::AgentStatus& st = center_.routing().agent(agent);
  body["calls_today"] = st.calls_today;
  body["talk_today_s"] = st.talk_today / kMicrosPerSecond;
  publish_for_agent(agent, json_out(body));
}

void Wallboard::call_event(bool answered, acd::AgentId agent, std::uint64_t call,
                           const CallOnDesk& desk) {
  const acd::CenterModel& model = center_.routing().model();
  // What the agent's desktop needs to greet the caller: who, which queue, and the way
  // through the IVR.
  nlohmann::json body{{"type", answered ? "call.answered" : "call.offered"},
                      {"at", iso_utc_ms(clock_.now())},
                      {"call", desk.uid},
                      {"agent", agent < model.agents.size() ? model.agents[agent].name : ""},
                      {"caller", desk.caller},
                      {"queue", desk.queue},
                      {"callback", desk.callback},
                      {"ivr_path", center_.ivr().path_header(call)}};
  const ivr::PathSummary ivr = center_.ivr().summary(call);
  body["ivr"] = {{"first_choice", ivr.first_choice},
                 {"second_choice", ivr.second_choice},
                 {"last_node", ivr.last_node}};
  publish_for_agent(agent, json_out(body), !answered);
}

void Wallboard::call_ended_event(const center::CallTrace& t, const std::string& uid) {
  const acd::CenterModel& model = center_.routing().model();
  nlohmann::json body{{"type", "call.ended"},
                      {"at", iso_utc_ms(t.ended ? t.ended : clock_.now())},
                      {"call", uid},
                      {"agent", t.agent < model.agents.size() ? model.agents[t.agent].name : ""},
                      {"caller", t.caller},
                      {"queue", t.queue},
                      {"disposition", center::disposition_name(t.disposition)},
                      {"hangup_side", center::hangup_side_name(t.side)}};
  publish_for_agent(t.agent, json_out(body));  // a call no agent took: for everyone
}

void Wallboard::publish_queue_changes() {
  const acd::RoutingEngine& routing = center_.routing();
  const std::size_t queues = routing.model().queues.size();
  published_waiting_.resize(queues, 0);
  for (std::size_t q = 0; q < queues; ++q) {
    const std::size_t waiting = routing.waiting_calls(static_cast<acd::QueueId>(q));
    const std::string& name = routing.model().queues[q].name;
    if (waiting == published_waiting_[q] && !changed_.count(name)) continue;
    // The whole queue as the wallboard shows it, when a call arrived, left or ended.
    const Time now = clock_.now();
    publish_for_agent(acd::kNoAgent,
                      api::queue_stats_event(queue_snapshot(static_cast<acd::QueueId>(q)), now));
    if (waiting == published_waiting_[q]) continue;
    published_waiting_[q] = waiting;
    nlohmann::json body{
        {"type", "queue.waiting"}, {"at", iso_utc_ms(now)}, {"queue", name}, {"waiting", waiting}};
    publish_for_agent(acd::kNoAgent, json_out(body));
  }
  changed_.clear();
}

}  // namespace hotline::server
