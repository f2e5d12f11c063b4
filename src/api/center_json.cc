#include "api/center_json.h"

#include <algorithm>

#include "api/json_util.h"
#include "common/json_out.h"
#include "common/time_text.h"

namespace hotline::api {

using nlohmann::json;

namespace {

json figures_json(const QueueFigures& f) {
  return {{"offered", f.offered},
          {"answered", f.answered},
          {"answered_in_sl", f.answered_in_sl},
          {"abandoned", f.abandoned},
          {"short_abandoned", f.short_abandoned},
          {"service_level", f.service_level},
          {"answer_rate", f.answer_rate},
          {"asa_s", f.asa_s}};
}

json interval_json(const QueueSnapshot& q, std::size_t i) {
  json point = figures_json(q.intervals[i]);
  point["start"] = iso_time(q.day_start + static_cast<Duration>(i) * q.interval);
  return point;
}

}  // namespace

json agent_json(const AgentSnapshot& a, Time now) {
  return {
      {"name", a.name},
      {"team", a.team},
      {"state", a.state},
      {"reason", a.reason.empty() ? json(nullptr) : json(a.reason)},
      {"state_since", iso_time(a.state_since)},
      {"seconds_in_state", a.state_since > 0 ? (now - a.state_since) / kMicrosPerSecond : 0},
      {"calls_today", a.calls_today},
      {"talk_today_s", a.talk_today / kMicrosPerSecond},
      {"wrap_up_today_s", a.wrap_up_today / kMicrosPerSecond},
      {"wrap_up_left_s", a.wrap_up_until
                             ? json(to_seconds(std::max<Duration>(0, a.wrap_up_until - now)))
                             : json(nullptr)},
      // Average handle time today: talk (hold included) and wrap-up, per call.
      {"aht_s", a.calls_today ? to_seconds(a.talk_today + a.wrap_up_today) / a.calls_today : 0.0},
      {"aht_target_s", a.aht_target ? json(to_seconds(a.aht_target)) : json(nullptr)},
      {"reachable", a.reachable},
      {"call", a.call.empty() ? json(nullptr) : json(a.call)},
      {"caller", a.caller.empty() ? json(nullptr) : json(a.caller)},
      {"on_hold", a.on_hold},
      {"disposition_code", a.disposition_code.empty() ? json(nullptr) : json(a.disposition_code)}};
}

json queue_json(const QueueSnapshot& q, Time now, bool with_intervals) {
  json agents = json::object();
  for (const auto& [state, n] : q.agents)
    agents[state] = n;
  json out{{"name", q.name},
           {"title", q.title},
           {"waiting", q.waiting},
           {"staffed", q.staffed},
           {"offered", q.since_start.offered},
           {"answered", q.since_start.answered},
           {"answered_in_sl", q.since_start.answered_in_sl},
           {"abandoned", q.since_start.abandoned},
           {"short_abandoned", q.since_start.short_abandoned},
           {"service_level", q.since_start.service_level},
           {"answer_rate", q.since_start.answer_rate},
           {"oldest_waiting_since",
            q.oldest_waiting ? json(iso_utc_ms(q.oldest_waiting)) : json(nullptr)},
           {"longest_wait_s",
            q.oldest_waiting ? to_seconds(std::max<Duration>(0, now - q.oldest_waiting)) : 0.0},
           {"agents", agents},
           {"today", figures_json(q.today)},
           {"last_30_min", figures_json(q.last_30_min)},
           {"answer_rate_alarm", q.answer_rate_alarm},
           {"interval_s", q.interval / kMicrosPerSecond}};
  if (with_intervals) {
    json intervals = json::array();
    for (std::size_t i = 0; i < q.intervals.size(); ++i)
      intervals.push_back(interval_json(q, i));
    out["intervals"] = intervals;
    json forecast = json::array();
    for (std::size_t i = 0; i < q.forecast.size(); ++i)
      forecast.push_back({{"start", iso_time(q.day_start + static_cast<Duration>(i) * q.interval)},
                          {"calls", q.forecast[i]}});
    out["forecast"] = forecast;
  } else if (!q.intervals.empty()) {
    out["interval_now"] = interval_json(q, q.intervals.size() - 1);
  }
  return out;
}

std::string queue_stats_event(const QueueSnapshot& q, Time now) {
  json body = queue_json(q, now, false);
  body["type"] = "queue.stats";
  body["queue"] = q.name;
  body["at"] = iso_utc_ms(now);
  return json_out(body);
}

}  // namespace hotline::api
