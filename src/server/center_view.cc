// What the API sees of the running center (api::CenterView): metrics and names.

#include <algorithm>
#include <chrono>
#include <future>
#include <nlohmann/json.hpp>

#include "api/center_json.h"
#include "common/json_out.h"
#include "common/metrics_text.h"
#include "common/time_text.h"
#include "report/call_kpis.h"
#include "server/server_impl.h"

namespace hotline::server::detail {

namespace {

const char* state_name(acd::AgentState s) {
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

// Runs `f` on the core thread and waits for its answer; nothing if the core does not
// answer within a second (a request must not hang on a stuck core).
template <typename F>
auto ask_core(EventLoop& core, F f) -> std::optional<decltype(f())> {
  using T = decltype(f());
  auto promise = std::make_shared<std::promise<T>>();
  std::future<T> answer = promise->get_future();
  core.post([promise, f = std::move(f)]() mutable { promise->set_value(f()); });
  if (answer.wait_for(std::chrono::seconds(1)) != std::future_status::ready) return std::nullopt;
  return answer.get();
}

// A queue's figures for the API, as docs/kpis.md defines them.
api::QueueFigures queue_figures(const kpi::Kpis& k) {
  return {k.offered,         k.answered,      k.answered_in_sl, k.abandoned,
          k.short_abandoned, k.service_level, k.answer_rate,    k.asa_s};
}

}  // namespace

kpi::QueueBoard& ServerImpl::board_of(const std::string& queue) {
  if (auto it = queue_boards_.find(queue); it != queue_boards_.end()) return it->second;
  Duration sl = kpi_rules_.sl_threshold;
  for (const acd::QueueSpec& q : center_.routing().model().queues)
    if (q.name == queue) sl = q.sl_threshold;
  return queue_boards_
      .try_emplace(queue, kpi::rules_for_queue(sl, kpi_rules_.short_abandon), utc_offset_)
      .first->second;
}

Status ServerImpl::rebuild_today(store::CallStore& store, Time now) {
  auto calls = store.calls(kpi::local_midnight(now, utc_offset_), kNever);
  if (!calls.ok()) return calls.status();
  struct Day {
    std::uint32_t calls = 0;
    Duration talk = 0, wrap_up = 0;
  };
  std::map<acd::AgentId, Day> agents;
  for (const store::CallRecord& r : *calls) {
    if (kpi::CallOutcome outcome; report::to_outcome(r, &outcome))
      board_of(r.queue).add(r.queued ? r.queued : r.arrived, r.ended, outcome);
    auto agent = agent_ids_.find(r.agent);
    if (agent == agent_ids_.end() || r.answered == 0 || r.ended < r.answered) continue;
    Day& d = agents[agent->second];
    if (r.direction == "outbound") {
      d.talk += r.ended - r.arrived;  // from the dial, as the routing core counts a call out
    } else {
      ++d.calls;
      d.talk += r.ended - r.answered;
    }
    if (r.wrapup_ended > r.ended) d.wrap_up += r.wrapup_ended - r.ended;
  }
  for (const auto& [agent, d] : agents)
    center_.restore_agent_day(agent, d.calls, d.talk, d.wrap_up);
  return {};
}

api::QueueSnapshot ServerImpl::queue_snapshot(acd::QueueId q, Time now) {
  const acd::RoutingEngine& routing = center_.routing();
  api::QueueSnapshot v;
  v.name = routing.model().queues[q].name;
  v.title = q < queue_titles_.size() ? queue_titles_[q] : v.name;
  v.waiting = routing.waiting_calls(q);
  v.staffed = routing.staffed_agents(q);
  if (auto k = queue_kpis_.find(v.name); k != queue_kpis_.end())
    v.since_start = queue_figures(k->second.figures());
  if (const Time oldest = routing.oldest_waiting(q); oldest != kNever) v.oldest_waiting = oldest;
  // Its own agents by state: O(agents); a wallboard's figure, not routing's.
  for (acd::AgentId a = 0; a < routing.model().agents.size(); ++a) {
    const acd::AgentState state = routing.agent(a).state;
    if (state != acd::AgentState::kLoggedOut && routing.serves(a, q)) ++v.agents[state_name(state)];
  }
  kpi::QueueBoard& board = board_of(v.name);
  v.today = queue_figures(board.today(now));
  v.last_30_min = queue_figures(board.recent(now));
  v.day_start = board.day_start(now);
  v.interval = board.interval();
  for (const kpi::Kpis& k : board.intervals(now))
    v.intervals.push_back(queue_figures(k));
  if (q < board_settings_.size()) {
    v.answer_rate_alarm = board_settings_[q].answer_rate_alarm;
    v.forecast = board_settings_[q].forecast;
  }
  return v;
}

api::CenterSnapshot ServerImpl::core_snapshot() {
  api::CenterSnapshot snap;
  const acd::RoutingEngine& routing = center_.routing();
  const acd::CenterModel& model = routing.model();
  snap.reasons = reasons_;
  snap.dispositions = dispositions_;
  snap.titles = code_titles_;
  for (std::size_t a = 0; a < model.agents.size(); ++a) {
    const acd::AgentId id = static_cast<acd::AgentId>(a);
    const acd::AgentStatus& st = routing.agent(id);
    api::AgentSnapshot v;
    v.name = model.agents[a].name;
    if (model.agents[a].team < model.teams.size()) v.team = model.teams[model.agents[a].team];
    v.state = state_name(st.state);
    if (st.state == acd::AgentState::kNotReady && st.reason < model.reasons.size())
      v.reason = model.reasons[st.reason];
    v.state_since = st.state_since;
    v.calls_today = st.calls_today;
    v.talk_today = st.talk_today;
    v.wrap_up_today = st.wrap_up_today;
    v.wrap_up_until = st.wrap_up_until;
    v.aht_target = aht_target_;
    v.reachable = phones_up_.count(id) || remote_seats_.count(id);
    if (st.state == acd::AgentState::kRinging || st.state == acd::AgentState::kTalking) {
      if (auto d = details_.find(st.call); d != details_.end()) {
        v.call = d->second.uid;
        v.disposition_code = d->second.disposition_code;
      }
      if (auto c = calls_.find(st.call); c != calls_.end()) {
        v.caller = c->second.caller;
        v.on_hold = c->second.on_hold();
      }
    } else if (st.state == acd::AgentState::kWrapUp) {
      if (auto last = last_call_of_agent_.find(id); last != last_call_of_agent_.end())
        v.call = last->second;
      if (auto code = wrapup_codes_.find(id); code != wrapup_codes_.end())
        v.disposition_code = code->second;
    }
    snap.agents.push_back(std::move(v));
  }
  const Time now = clock_.now();
  for (std::size_t q = 0; q < model.queues.size(); ++q)
    snap.queues.push_back(queue_snapshot(static_cast<acd::QueueId>(q), now));
  return snap;
}

std::optional<api::CenterSnapshot> ServerImpl::snapshot() {
  return ask_core(core_, [this] { return core_snapshot(); });
}

api::ActionResult ServerImpl::agent_action(const std::string& agent, api::AgentAction action,
                                           const std::string& argument) {
  auto it = agent_ids_.find(agent);
  if (it == agent_ids_.end()) return api::ActionResult::kUnknownAgent;
  const acd::AgentId id = it->second;
  auto result = ask_core(core_, [this, id, action, reason = argument] {
    // Hanging up ends the agent's part like logging out does: the state gate handles it.
    if (api::is_call_control(action) && action != api::AgentAction::kHangUp)
      return control_call(id, action, reason);
    acd::ReasonId why = 0;
    if (action == api::AgentAction::kNotReady) {
      // "" is the first code agents may give.
      const std::optional<acd::ReasonId> code =
          reason_id(reason.empty() ? reasons_.front() : reason);
      if (!code) return api::ActionResult::kUnknownReason;
      why = *code;
    }
    return act_for_agent(id, action, why);
  });
  return result.value_or(api::ActionResult::kBusy);
}

api::DialResult ServerImpl::dial(const std::string& agent, const std::string& number) {
  auto it = agent_ids_.find(agent);
  if (it == agent_ids_.end()) return {api::ActionResult::kUnknownAgent, {}};
  const acd::AgentId id = it->second;
  auto result = ask_core(core_, [this, id, number] { return desk_dial(id, number); });
  return result.value_or(api::DialResult{});
}

std::optional<std::vector<std::string>> ServerImpl::pending_callbacks() {
  return ask_core(core_, [this] { return center_.callback_numbers(); });
}

void ServerImpl::publish_for_agent(acd::AgentId agent, const std::string& json, bool screen_pop) {
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

void ServerImpl::publish_command(const center::CenterCommand& cmd) {
  using Type = center::CenterCommand::Type;
  using nlohmann::json;
  const Time now = clock_.now();
  if (cmd.type == Type::kAgentState) {
    json body{{"type", "agent.state"},
              {"at", iso_utc_ms(now)},
              {"agent", agent_names_[cmd.agent]},
              {"state", state_name(static_cast<acd::AgentState>(cmd.value))},
              {"reason", cmd.key.empty() ? json(nullptr) : json(cmd.key)}};
    // What a wallboard's row of the agent shows besides the state.
    if (cmd.agent < center_.routing().model().agents.size()) {
      const acd::AgentStatus& st = center_.routing().agent(cmd.agent);
      body["calls_today"] = st.calls_today;
      body["talk_today_s"] = st.talk_today / kMicrosPerSecond;
    }
    publish_for_agent(cmd.agent, json_out(body));
    return;
  }
  if (cmd.type != Type::kRingAgent && cmd.type != Type::kConnect) return;
  auto c = calls_.find(cmd.call);
  if (c == calls_.end()) return;
  const auto d = details_.find(cmd.call);
  // What the agent's desktop needs to greet the caller: who, which queue, and the way
  // through the IVR.
  json body{{"type", cmd.type == Type::kRingAgent ? "call.offered" : "call.answered"},
            {"at", iso_utc_ms(now)},
            {"call", d != details_.end() ? d->second.uid : ""},
            {"agent", agent_names_[cmd.agent]},
            {"caller", c->second.caller},
            {"queue", c->second.queue},
            {"callback", c->second.callback},  // the caller left this number: call it back
            {"ivr_path", center_.ivr().path_header(cmd.call)}};
  const ivr::PathSummary ivr = center_.ivr().summary(cmd.call);
  body["ivr"] = {{"first_choice", ivr.first_choice},
                 {"second_choice", ivr.second_choice},
                 {"last_node", ivr.last_node}};
  publish_for_agent(cmd.agent, json_out(body), cmd.type == Type::kRingAgent);
}

void ServerImpl::publish_call_ended(const center::CallTrace& t, const std::string& uid) {
  nlohmann::json body{{"type", "call.ended"},
                      {"at", iso_utc_ms(t.ended ? t.ended : clock_.now())},
                      {"call", uid},
                      {"agent", t.agent != acd::kNoAgent ? agent_names_[t.agent] : ""},
                      {"caller", t.caller},
                      {"queue", t.queue},
                      {"disposition", center::disposition_name(t.disposition)},
                      {"hangup_side", center::hangup_side_name(t.side)}};
  publish_for_agent(t.agent, json_out(body));  // a call no agent took: for everyone
}

void ServerImpl::publish_queue_changes() {
  const acd::RoutingEngine& routing = center_.routing();
  const std::size_t queues = routing.model().queues.size();
  published_waiting_.resize(queues, 0);
  for (std::size_t q = 0; q < queues; ++q) {
    const std::size_t waiting = routing.waiting_calls(static_cast<acd::QueueId>(q));
    const std::string& name = routing.model().queues[q].name;
    if (waiting == published_waiting_[q] && !boards_changed_.count(name)) continue;
    // The whole queue as the wallboard shows it, when a call arrived, left or ended.
    const Time now = clock_.now();
    publish_for_agent(acd::kNoAgent, api::queue_stats_event(
                                         queue_snapshot(static_cast<acd::QueueId>(q), now), now));
    if (waiting == published_waiting_[q]) continue;
    published_waiting_[q] = waiting;
    nlohmann::json body{
        {"type", "queue.waiting"}, {"at", iso_utc_ms(now)}, {"queue", name}, {"waiting", waiting}};
    publish_for_agent(acd::kNoAgent, json_out(body));
  }
  boards_changed_.clear();
}

std::string ServerImpl::core_metrics() const {
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
    ++by_state[state_name(routing.agent(static_cast<acd::AgentId>(a)).state)];
  m.family("hotline_agents", "gauge", "Agents by state.");
  for (const auto& [state, n] : by_state)
    m.sample("hotline_agents", n, label("state", state));
  // Counters since the start: dashboards take service level over any window from them.
  // Figures once per queue (each family lists every queue).
  std::vector<std::pair<std::string, kpi::Kpis>> figures;
  for (const auto& [queue, counter] : queue_kpis_)
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

std::string ServerImpl::metrics() {
  // The core's part is read on the core thread; a core too busy to answer within a
  // second leaves it out rather than hold the scrape.
  const ServerStats st = stats();
  MetricsText m;
  m.family("hotline_calls_in_progress", "gauge", "Calls in the center now.");
  m.sample("hotline_calls_in_progress", static_cast<double>(st.calls_in_progress));
  m.family("hotline_calls_answered_total", "counter", "Trunk calls answered by the center.");
  m.sample("hotline_calls_answered_total", static_cast<double>(st.calls_answered));
  m.family("hotline_calls_rejected_total", "counter",
           "Trunk calls refused (unusable SDP, no RTP port).");
  m.sample("hotline_calls_rejected_total", static_cast<double>(st.calls_rejected));
  m.family("hotline_sip_requests_total", "counter", "SIP requests received.");
  m.sample("hotline_sip_requests_total", static_cast<double>(st.sip.requests));
  m.family("hotline_sip_auth_failures_total", "counter", "Digest authentications that failed.");
  m.sample("hotline_sip_auth_failures_total", static_cast<double>(st.sip.auth_failures));
  m.family("hotline_sip_auth_bans_total", "counter",
           "Accounts or addresses banned for guessing passwords (alert on any increase).");
  m.sample("hotline_sip_auth_bans_total", static_cast<double>(st.sip.auth_bans));
  m.family("hotline_sip_unknown_sources_total", "counter", "Calls from unknown sources refused.");
  m.sample("hotline_sip_unknown_sources_total", static_cast<double>(st.sip.rejected_sources));
  m.family("hotline_rtp_packets_total", "counter", "RTP packets by what became of them.");
  m.sample("hotline_rtp_packets_total", static_cast<double>(st.rtp.packets_relayed),
           label("result", "relayed"));
  m.sample("hotline_rtp_packets_total", static_cast<double>(st.rtp.packets_played),
           label("result", "played"));
  m.sample("hotline_rtp_packets_total", static_cast<double>(st.rtp.packets_dropped),
           label("result", "dropped"));
  m.sample("hotline_rtp_packets_total", static_cast<double>(st.rtp.packets_lost),
           label("result", "lost"));
  m.family("hotline_rtp_ports_open", "gauge", "UDP ports held by the relay.");
  m.sample("hotline_rtp_ports_open", static_cast<double>(st.rtp.open_ports));
  m.family("hotline_recordings_active", "gauge", "Calls being recorded now.");
  m.sample("hotline_recordings_active", static_cast<double>(st.rtp.recordings));
  m.family("hotline_recording_errors_total", "counter", "Recordings that failed to write.");
  m.sample("hotline_recording_errors_total", static_cast<double>(st.recordings.errors));
  m.family("hotline_records_waiting", "gauge", "Call records not yet durable.");
  m.sample("hotline_records_waiting", static_cast<double>(st.records_waiting));
  m.family("hotline_ivr_lookups_total", "counter",
           "Requests of IVR lookups to back-end services, by outcome.");
  m.sample("hotline_ivr_lookups_total", static_cast<double>(st.lookups_succeeded),
           label("result", "ok"));
  m.sample("hotline_ivr_lookups_total", static_cast<double>(st.lookups_failed),
           label("result", "failed"));
  return m.take() + ask_core(core_, [this] { return core_metrics(); }).value_or("");
}

bool ServerImpl::has_agent(const std::string& name) {
  return agent_ids_.contains(name);  // filled before the API starts, never changed
}

}  // namespace hotline::server::detail
