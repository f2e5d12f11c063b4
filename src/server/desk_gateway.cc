// The API's way into the running center (api::CenterView): snapshots, agents' actions,
// metrics and the center's settings, asked of the core thread and waited for.

#include "server/desk_gateway.h"

#include <chrono>
#include <cstdio>
#include <future>
#include <memory>
#include <nlohmann/json.hpp>

#include "center/acd/events.h"
#include "common/json_out.h"
#include "common/metrics_text.h"

namespace hotline::server {

namespace {

// Runs `f` on the core thread and waits for its answer; nothing if the core does not
// answer within `wait` (a request must not hang on a stuck core).
template <typename F>
auto ask_core(EventLoop& core, F f, std::chrono::seconds wait = std::chrono::seconds(1))
    -> std::optional<decltype(f())> {
  using T = decltype(f());
  auto promise = std::make_shared<std::promise<T>>();
  std::future<T> answer = promise->get_future();
  core.post([promise, f = std::move(f)]() mutable { promise->set_value(f()); });
  if (answer.wait_for(wait) != std::future_status::ready) return std::nullopt;
  return answer.get();
}

std::unordered_map<std::string, acd::AgentId> agent_ids_of(const acd::CenterModel& model) {
  std::unordered_map<std::string, acd::AgentId> ids;
  for (acd::AgentId a = 0; a < model.agents.size(); ++a)
    ids[model.agents[a].name] = a;
  return ids;
}

using nlohmann::json;

std::string date_text(int yyyymmdd) {
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", yyyymmdd / 10000, yyyymmdd / 100 % 100,
                yyyymmdd % 100);
  return text;
}

std::string hours_text(ivr::Calendar::Hours h) {
  if (h.first >= h.second) return "closed";
  char text[48];
  std::snprintf(text, sizeof text, "%02d:%02d-%02d:%02d", h.first / 60, h.first % 60, h.second / 60,
                h.second % 60);
  return text;
}

double in_seconds(Duration d) {
  return to_seconds(d);
}

}  // namespace

DeskGateway::DeskGateway(EventLoop& core, DeskCore& desk, const config::CenterConfig& config,
                         std::function<ServerStats()> stats)
    : core_(core),
      desk_(desk),
      stats_(std::move(stats)),
      agent_ids_(agent_ids_of(config.model)),
      config_(config) {}

bool DeskGateway::has_agent(const std::string& name) {
  return agent_ids_.contains(name);
}

std::optional<api::CenterSnapshot> DeskGateway::snapshot() {
  return ask_core(core_, [this] { return desk_.desk_snapshot(); });
}

api::ActionResult DeskGateway::agent_action(const std::string& agent, api::AgentAction action,
                                            const std::string& argument) {
  auto it = agent_ids_.find(agent);
  if (it == agent_ids_.end()) return api::ActionResult::kUnknownAgent;
  auto result = ask_core(core_, [this, id = it->second, action, argument] {
    return desk_.desk_action(id, action, argument);
  });
  return result.value_or(api::ActionResult::kBusy);
}

api::DialResult DeskGateway::dial(const std::string& agent, const std::string& number) {
  auto it = agent_ids_.find(agent);
  if (it == agent_ids_.end()) return {api::ActionResult::kUnknownAgent, {}};
  auto result =
      ask_core(core_, [this, id = it->second, number] { return desk_.desk_dial(id, number); });
  return result.value_or(api::DialResult{});
}

std::optional<std::vector<std::string>> DeskGateway::pending_callbacks() {
  return ask_core(core_, [this] { return desk_.desk_callbacks(); });
}

std::string DeskGateway::metrics() {
  // The core's part is read on the core thread; a core too busy to answer within a
  // second leaves it out rather than hold the scrape.
  const ServerStats st = stats_();
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
  return m.take() + ask_core(core_, [this] { return desk_.core_metrics(); }).value_or("");
}

std::string DeskGateway::center_settings() {
  std::lock_guard<std::mutex> lock(settings_mutex_);
  const config::CenterConfig& c = config_;
  const acd::CenterModel& m = c.model;
  json queues = json::array();
  for (std::size_t q = 0; q < m.queues.size(); ++q) {
    const acd::QueueSpec& spec = m.queues[q];
    json skills = json::object();
    for (const acd::SkillRequirement& need : spec.agents.any_of_skills)
      skills[m.skills[need.skill]] = need.min_level;
    json teams = json::array();
    for (acd::TeamId t : spec.agents.teams)
      teams.push_back(m.teams[t]);
    queues.push_back({{"name", spec.name},
                      {"title", q < c.queue_titles.size() ? c.queue_titles[q] : spec.name},
                      {"priority", spec.priority},
                      {"strategy", acd::to_string(spec.strategy)},
                      {"sl_target", spec.sl_target},
                      {"sl_seconds", in_seconds(spec.sl_threshold)},
                      {"max_wait_s", in_seconds(spec.max_wait)},
                      {"max_length", spec.max_length},
                      {"wrap_up_s", in_seconds(spec.wrap_up)},
                      {"ring_timeout_s", in_seconds(spec.ring_timeout)},
                      {"max_no_answer", spec.max_no_answer},
                      {"announce_every_s", in_seconds(spec.announce_every)},
                      {"expected_handle_s", in_seconds(spec.expected_handle)},
                      {"aging_per_minute", spec.aging_per_second * 60},
                      {"answer_rate_alarm",
                       q < c.queue_boards.size() ? c.queue_boards[q].answer_rate_alarm : 0.93},
                      {"skills", skills},
                      {"teams", teams}});
  }
  json agents = json::array();
  for (const acd::AgentSpec& a : m.agents) {
    json skills = json::object();
    for (const acd::AgentSkill& s : a.skills)
      skills[m.skills[s.skill]] = s.level;
    agents.push_back({{"name", a.name},
                      {"team", a.team < m.teams.size() ? m.teams[a.team] : ""},
                      {"skills", skills}});
  }
  json holidays = json::array(), workdays = json::array();
  for (int d : c.calendar.holidays())
    holidays.push_back(date_text(d));
  for (int d : c.calendar.workdays())
    workdays.push_back(date_text(d));
  const json calendar = {{"utc_offset_hours", c.calendar.utc_offset_minutes() / 60.0},
                         {"holidays", holidays},
                         {"workdays", workdays},
                         {"hours",
                          {{"workday", hours_text(c.calendar.hours(ivr::DayType::kWorkday))},
                           {"weekend", hours_text(c.calendar.hours(ivr::DayType::kWeekend))},
                           {"holiday", hours_text(c.calendar.hours(ivr::DayType::kHoliday))}}}};
  return json_out(json{{"skills", m.skills},
                       {"teams", m.teams},
                       {"reasons", m.reasons},
                       {"dispositions", c.dispositions},
                       {"queues", queues},
                       {"agents", agents},
                       {"calendar", calendar}});
}

Status DeskGateway::apply_settings(const std::map<std::string, std::string>& settings,
                                   bool check_only) {
  std::lock_guard<std::mutex> lock(settings_mutex_);
  auto changed = config::parse_center_config(config_.text, config_.file, settings);
  if (!changed.ok()) return changed.status();
  if (check_only) return Status();
  // Kept now: the core thread takes changes in the order they come.
  config_ = *changed;
  auto c = std::make_shared<config::CenterConfig>(std::move(*changed));
  auto done = ask_core(
      core_, [this, c] { return desk_.reconfigure(*c); }, std::chrono::seconds(5));
  if (!done) return Status::unavailable("the center's core did not answer in time");
  return *done;
}

}  // namespace hotline::server
