// The center's settings changed from the administration pages (api::CenterView): read as
// JSON, checked by laying them over the configuration file, put in force on the core
// thread while calls go on.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <future>
#include <nlohmann/json.hpp>

#include "common/json_out.h"
#include "server/server_impl.h"

namespace hotline::server::detail {

namespace {

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

std::string ServerImpl::center_settings() {
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

Status ServerImpl::apply_settings(const std::map<std::string, std::string>& settings,
                                  bool check_only) {
  std::lock_guard<std::mutex> lock(settings_mutex_);
  auto changed = config::parse_center_config(config_.text, config_.file, settings);
  if (!changed.ok()) return changed.status();
  if (check_only) return Status();
  // Kept now: the core thread takes changes in the order they come.
  config_ = *changed;
  auto c = std::make_shared<config::CenterConfig>(std::move(*changed));
  auto promise = std::make_shared<std::promise<Status>>();
  std::future<Status> answer = promise->get_future();
  core_.post([this, c, promise] {
    Status done;
    run_center([&](std::vector<center::CenterCommand>& out) {
      done = center_.reconfigure(c->model, c->calendar, clock_.now(), out);
    });
    if (done.ok()) {
      set_reasons(c->model.reasons);
      dispositions_ = c->dispositions;
      code_titles_ = c->code_titles;
      wallboard_.reconfigure(*c);
      // Agents' states on the desks and wallboards follow the change at once.
      if (wallboard_.has_subscribers()) wallboard_.publish_queue_changes();
    }
    promise->set_value(done);
  });
  if (answer.wait_for(std::chrono::seconds(5)) != std::future_status::ready)
    return Status::unavailable("the center's core did not answer in time");
  return answer.get();
}

void ServerImpl::set_reasons(const std::vector<std::string>& reasons) {
  reasons_ = reasons;
  // The core's own reason for agents who let calls ring out; agents may give it too.
  if (std::find(reasons_.begin(), reasons_.end(), "no_answer") == reasons_.end())
    reasons_.push_back("no_answer");
}

std::optional<acd::ReasonId> ServerImpl::reason_id(const std::string& code) const {
  if (std::find(reasons_.begin(), reasons_.end(), code) == reasons_.end()) return std::nullopt;
  const std::vector<std::string>& known = center_.routing().model().reasons;
  auto it = std::find(known.begin(), known.end(), code);
  if (it == known.end()) return std::nullopt;
  return static_cast<acd::ReasonId>(it - known.begin());
}

}  // namespace hotline::server::detail
