// What the API sees of the running center (api::CenterView): snapshots, agents' actions,
// metrics. API threads ask the core thread and wait; the wallboard builds the figures.

#include <chrono>
#include <future>

#include "common/metrics_text.h"
#include "server/server_impl.h"

namespace hotline::server::detail {

namespace {

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

}  // namespace

Status ServerImpl::rebuild_today(store::CallStore& store, Time now) {
  auto calls = store.calls(wallboard_.today_start(now), kNever);
  if (!calls.ok()) return calls.status();
  struct Day {
    std::uint32_t calls = 0;
    Duration talk = 0, wrap_up = 0;
  };
  std::map<acd::AgentId, Day> agents;
  for (const store::CallRecord& r : *calls) {
    wallboard_.restore_call(r);
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
    v.state = agent_state_name(st.state);
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
  for (std::size_t q = 0; q < model.queues.size(); ++q)
    snap.queues.push_back(wallboard_.queue_snapshot(static_cast<acd::QueueId>(q)));
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

void ServerImpl::publish_command(const center::CenterCommand& cmd) {
  using Type = center::CenterCommand::Type;
  if (cmd.type == Type::kAgentState) {
    wallboard_.agent_state_event(cmd.agent, static_cast<acd::AgentState>(cmd.value), cmd.key);
    return;
  }
  if (cmd.type != Type::kRingAgent && cmd.type != Type::kConnect) return;
  auto c = calls_.find(cmd.call);
  if (c == calls_.end()) return;
  const auto d = details_.find(cmd.call);
  wallboard_.call_event(cmd.type == Type::kConnect, cmd.agent, cmd.call,
                        {d != details_.end() ? d->second.uid : "", c->second.caller,
                         c->second.queue, c->second.callback});
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
  return m.take() + ask_core(core_, [this] { return wallboard_.metrics(); }).value_or("");
}

bool ServerImpl::has_agent(const std::string& name) {
  return agent_ids_.contains(name);  // filled before the API starts, never changed
}

}  // namespace hotline::server::detail
