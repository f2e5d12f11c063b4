#include "sim/outbound_report.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace hotline::sim {

namespace {

using nlohmann::json;

const char* mode_text(const OutboundScenario& s) {
  switch (s.rules.mode) {
    case dialer::Mode::kPreview:
      return "preview";
    case dialer::Mode::kProgressive:
      return "progressive";
    case dialer::Mode::kPredictive:
      return s.rules.pacer == dialer::PacerKind::kVicidial ? "predictive (vicidial)" : "predictive";
  }
  return "";
}

double share(double part, double whole) {
  return whole > 0 ? part / whole : 0;
}

// The mean of the replications' counts, row by row (days or intervals).
std::vector<OutboundCounts> mean_rows(const CampaignRuns& c, bool days) {
  std::vector<OutboundCounts> rows;
  for (const OutboundReport& r : c.runs) {
    const std::vector<OutboundCounts>& from = days ? r.days : r.intervals;
    rows.resize(std::max(rows.size(), from.size()));
    for (std::size_t i = 0; i < from.size(); ++i) {
      OutboundCounts& to = rows[i];
      to.dialled += from[i].dialled;
      to.human += from[i].human;
      to.connected += from[i].connected;
      to.abandoned += from[i].abandoned;
      to.sales += from[i].sales;
      to.talk_s += from[i].talk_s;
      to.wrap_s += from[i].wrap_s;
      to.agent_s += from[i].agent_s;
      to.abandon_rate_30_days += from[i].abandon_rate_30_days / static_cast<double>(c.runs.size());
    }
  }
  return rows;  // sums, but for the rates: the figures below are ratios of sums
}

json row_json(const OutboundCounts& r, double replications, bool day) {
  json out = {
      {"dialled", static_cast<double>(r.dialled) / replications},
      {"connected", static_cast<double>(r.connected) / replications},
      {"contact_rate", share(static_cast<double>(r.human), static_cast<double>(r.dialled))},
      {"abandoned", static_cast<double>(r.abandoned) / replications},
      {"abandon_rate", share(static_cast<double>(r.abandoned), static_cast<double>(r.human))},
      {"occupancy", share(r.talk_s + r.wrap_s, r.agent_s)},
      {"talk_minutes_per_agent_hour", share(r.talk_s / 60, r.agent_s / 3600)},
      {"sales", static_cast<double>(r.sales) / replications}};
  if (day) out["abandon_rate_30_days"] = r.abandon_rate_30_days;
  return out;
}

}  // namespace

std::vector<CampaignRuns> run_campaigns(const std::vector<OutboundScenario>& campaigns,
                                        int replications, std::uint64_t seed) {
  std::vector<CampaignRuns> out;
  for (const OutboundScenario& s : campaigns) {
    CampaignRuns c{s, {}};
    for (int r = 0; r < replications; ++r)
      c.runs.push_back(simulate_outbound(s, seed + static_cast<std::uint64_t>(r)));
    out.push_back(std::move(c));
  }
  return out;
}

std::string outbound_json(const std::vector<CampaignRuns>& campaigns) {
  json out = json::array();
  for (const CampaignRuns& c : campaigns) {
    const double n = static_cast<double>(std::max<std::size_t>(1, c.runs.size()));
    json runs = json::array();
    for (const OutboundReport& r : c.runs)
      runs.push_back({{"abandon_rate_30_days", r.abandon_rate_30_days},
                      {"worst_day_abandon_rate", r.worst_day_abandon_rate},
                      {"talk_minutes_per_agent_hour", r.talk_minutes_per_agent_hour},
                      {"contact_rate", r.contact_rate},
                      {"occupancy", r.occupancy},
                      {"dialled", r.dialled},
                      {"connected", r.connected},
                      {"abandoned", r.abandoned},
                      {"sales", r.sales}});
    json days = json::array(), intervals = json::array();
    for (const OutboundCounts& d : mean_rows(c, true))
      days.push_back(row_json(d, n, true));
    const std::vector<OutboundCounts> by_interval = mean_rows(c, false);
    for (std::size_t i = 0; i < by_interval.size(); ++i) {
      const Duration start = c.scenario.day_start + static_cast<Duration>(i) * c.scenario.interval;
      char at[8];
      std::snprintf(at, sizeof at, "%02d:%02d", static_cast<int>(start / seconds(3600)),
                    static_cast<int>(start / seconds(60) % 60));
      json row = row_json(by_interval[i], n, false);
      row["start"] = at;
      intervals.push_back(std::move(row));
    }
    out.push_back({{"name", c.scenario.name},
                   {"mode", mode_text(c.scenario)},
                   {"agents", c.scenario.agents},
                   {"days", c.scenario.days},
                   {"abandon_limit", c.scenario.rules.abandon_limit},
                   {"replications", std::move(runs)},
                   {"by_day", std::move(days)},
                   {"by_interval", std::move(intervals)}});
  }
  return out.dump(2) + "\n";
}

std::string outbound_text(const std::vector<CampaignRuns>& campaigns) {
  std::string out;
  char line[256];
  for (const CampaignRuns& c : campaigns) {
    std::snprintf(line, sizeof line,
                  "\nCampaign %s: %s, %d agents, %d days, abandon limit %.1f %%\n",
                  c.scenario.name.c_str(), mode_text(c.scenario), c.scenario.agents,
                  c.scenario.days, 100 * c.scenario.rules.abandon_limit);
    out += line;
    std::snprintf(line, sizeof line, "%4s %10s %10s %10s %10s %10s %10s %8s\n", "rep", "abandon",
                  "worst_day", "talk_min/h", "contact", "occupancy", "connected", "sales");
    out += line;
    for (std::size_t r = 0; r < c.runs.size(); ++r) {
      const OutboundReport& x = c.runs[r];
      std::snprintf(line, sizeof line, "%4zu %9.2f%% %9.2f%% %10.2f %9.1f%% %9.1f%% %10llu %8llu\n",
                    r, 100 * x.abandon_rate_30_days, 100 * x.worst_day_abandon_rate,
                    x.talk_minutes_per_agent_hour, 100 * x.contact_rate, 100 * x.occupancy,
                    static_cast<unsigned long long>(x.connected),
                    static_cast<unsigned long long>(x.sales));
      out += line;
    }
    // Day by day, over the replications.
    std::snprintf(line, sizeof line, "%4s %9s %9s %8s %9s %8s %8s %9s %10s %7s\n", "day", "dialled",
                  "connected", "contact", "abandoned", "abandon", "30_days", "occupancy",
                  "talk_min/h", "sales");
    out += line;
    const double n = static_cast<double>(std::max<std::size_t>(1, c.runs.size()));
    const std::vector<OutboundCounts> days = mean_rows(c, true);
    for (std::size_t d = 0; d < days.size(); ++d) {
      const OutboundCounts& r = days[d];
      std::snprintf(line, sizeof line,
                    "%4zu %9.0f %9.0f %7.1f%% %9.1f %7.2f%% %7.2f%% %8.1f%% %10.2f %7.1f\n", d + 1,
                    static_cast<double>(r.dialled) / n, static_cast<double>(r.connected) / n,
                    100 * share(static_cast<double>(r.human), static_cast<double>(r.dialled)),
                    static_cast<double>(r.abandoned) / n,
                    100 * share(static_cast<double>(r.abandoned), static_cast<double>(r.human)),
                    100 * r.abandon_rate_30_days, 100 * share(r.talk_s + r.wrap_s, r.agent_s),
                    share(r.talk_s / 60, r.agent_s / 3600), static_cast<double>(r.sales) / n);
      out += line;
    }
  }
  return out;
}

}  // namespace hotline::sim
