// JSON form of a simulation report (nlohmann kept to this file).

#include <nlohmann/json.hpp>

#include "common/json_out.h"
#include "sim/report.h"

namespace hotline::sim {

namespace {

using nlohmann::json;

json means(const KpiEstimates& k) {
  return json{{"offered", k.offered.mean},
              {"answered", k.answered.mean},
              {"abandoned", k.abandoned.mean},
              {"service_level", k.service_level.mean},
              {"answer_rate", k.answer_rate.mean},
              {"abandon_rate", k.abandon_rate.mean},
              {"asa_s", k.asa_s.mean},
              {"aht_s", k.aht_s.mean},
              {"occupancy", k.occupancy.mean},
              {"longest_wait_s", k.longest_wait_s.mean},
              {"staffed_agents", k.staffed_agents.mean},
              {"available_agents", k.available_agents.mean}};
}

json intervals(const KpiEstimates& k) {
  const auto pair = [](const Estimate& e) { return json::array({e.low, e.high}); };
  return json{{"offered", pair(k.offered)},
              {"answered", pair(k.answered)},
              {"abandoned", pair(k.abandoned)},
              {"service_level", pair(k.service_level)},
              {"answer_rate", pair(k.answer_rate)},
              {"abandon_rate", pair(k.abandon_rate)},
              {"asa_s", pair(k.asa_s)},
              {"aht_s", pair(k.aht_s)},
              {"occupancy", pair(k.occupancy)},
              {"longest_wait_s", pair(k.longest_wait_s)},
              {"staffed_agents", pair(k.staffed_agents)},
              {"available_agents", pair(k.available_agents)}};
}

}  // namespace

std::string report_json(const SimReport& r, const std::string& title) {
  json j;
  j["title"] = title;
  j["days"] = r.days;
  j["replications"] = r.replications;
  j["seed"] = r.seed;
  j["sl_seconds"] = r.sl_seconds;
  j["overall"] = means(r.overall);
  j["ci95"] = intervals(r.overall);
  json queues = json::array();
  for (std::size_t q = 0; q < r.queues.size(); ++q)
    queues.push_back(
        {{"name", r.queues[q]}, {"kpis", means(r.queue[q])}, {"ci95", intervals(r.queue[q])}});
  j["queues"] = queues;
  json ints = json::array();
  for (std::size_t i = 0; i < r.interval.size(); ++i) {
    json per_queue = json::object();
    for (std::size_t q = 0; q < r.queues.size(); ++q)
      per_queue[r.queues[q]] = means(r.interval_queue[i][q]);
    ints.push_back(
        {{"start", r.interval_labels[i]}, {"kpis", means(r.interval[i])}, {"queues", per_queue}});
  }
  j["intervals"] = ints;
  json days = json::array();
  for (const KpiEstimates& d : r.day)
    days.push_back(means(d));
  j["per_day"] = days;
  j["events"] = {{"core", r.core_events}, {"simulation", r.sim_events}, {"calls", r.calls}};
  j["ivr_ends"] = {{"self_served", r.ivr.self_served},
                   {"transferred", r.ivr.transferred},
                   {"abandoned", r.ivr.abandoned},
                   {"failed", r.ivr.failed}};
  return json_out(j, 2) + "\n";
}

}  // namespace hotline::sim
