// Text and CSV forms of a simulation report.

#include <cstdio>
#include <string>

#include "common/text.h"
#include "sim/format.h"
#include "sim/report.h"

namespace hotline::sim {

namespace {

std::string row(const std::string& label, const KpiEstimates& k, bool with_staff) {
  std::string line =
      format("%-12s %8.0f %8.0f %7.0f %6.1f%% %6.1f%% %6.1f%% %7.1f %7.1f", label.c_str(),
             k.offered.mean, k.answered.mean, k.abandoned.mean, 100 * k.service_level.mean,
             100 * k.answer_rate.mean, 100 * k.abandon_rate.mean, k.asa_s.mean, k.aht_s.mean);
  if (with_staff)
    line += format(" %5.1f%% %6.1f %6.1f", 100 * k.occupancy.mean, k.staffed_agents.mean,
                   k.available_agents.mean);
  else
    line += "                     ";
  line += format(" %8.0f", k.longest_wait_s.mean);
  // The 93 % answer-rate line of the reference plan: flag intervals below it.
  if (k.offered.mean > 0 && k.answer_rate.mean < 0.93) line += "  < 93%";
  return line + "\n";
}

std::string header() {
  return format("%-12s %8s %8s %7s %7s %7s %7s %7s %7s %6s %6s %6s %8s\n", "", "offered",
                "answered", "aband.", "SL", "answer", "aband.", "ASA s", "AHT s", "occ.", "staff",
                "avail.", "max wait");
}

}  // namespace

std::string report_text(const SimReport& r, const std::string& title) {
  std::string out = title + "\n";
  out +=
      format("%d day(s), %d replication(s), seed %llu; service level = answered within %.0f s\n\n",
             r.days, r.replications, static_cast<unsigned long long>(r.seed), r.sl_seconds);
  out += "Per interval (means over replications; all days together):\n" + header();
  for (std::size_t i = 0; i < r.interval.size(); ++i)
    if (r.interval[i].offered.mean > 0 || r.interval[i].staffed_agents.mean > 0)
      out += row(r.interval_labels[i], r.interval[i], true);
  out += "\nPer queue:\n" + header();
  for (std::size_t q = 0; q < r.queue.size(); ++q)
    out += row(r.queues[q], r.queue[q], false);
  if (r.day.size() > 1) {
    out += "\nPer day:\n" + header();
    for (std::size_t d = 0; d < r.day.size(); ++d)
      out += row("day " + std::to_string(d + 1), r.day[d], true);
  }
  out += "\nOverall:\n" + header() + row("all", r.overall, true);
  const KpiEstimates& o = r.overall;
  if (r.replications > 1) {
    out += format(
        "95%% CI: service level %.1f%%..%.1f%%, answer rate %.1f%%..%.1f%%, abandon rate "
        "%.1f%%..%.1f%%, ASA %.1f..%.1f s, occupancy %.1f%%..%.1f%%\n",
        100 * o.service_level.low, 100 * o.service_level.high, 100 * o.answer_rate.low,
        100 * o.answer_rate.high, 100 * o.abandon_rate.low, 100 * o.abandon_rate.high, o.asa_s.low,
        o.asa_s.high, 100 * o.occupancy.low, 100 * o.occupancy.high);
  }
  // Self-service containment: calls the IVR ended without an agent.
  const std::uint64_t left_ivr =
      r.ivr.self_served + r.ivr.transferred + r.ivr.abandoned + r.ivr.failed;
  if (left_ivr > 0 && r.calls > 0)
    out += format(
        "IVR: %.1f%% of calls served by themselves, %.1f%% transferred out, %.1f%% hung up in "
        "it, %.1f%% failed\n",
        100.0 * r.ivr.self_served / r.calls, 100.0 * r.ivr.transferred / r.calls,
        100.0 * r.ivr.abandoned / r.calls, 100.0 * r.ivr.failed / r.calls);
  return out;
}

std::string report_csv(const SimReport& r) {
  std::string out =
      "scope,interval,queue,offered,answered,abandoned,service_level,answer_rate,abandon_rate,"
      "asa_s,aht_s,occupancy,staffed_agents,available_agents,longest_wait_s\n";
  const auto line = [&](const char* scope, const std::string& interval, const std::string& queue,
                        const KpiEstimates& k) {
    out += format("%s,%s,%s,%.3f,%.3f,%.3f,%.6f,%.6f,%.6f,%.3f,%.3f,%.6f,%.3f,%.3f,%.3f\n", scope,
                  csv_field(interval).c_str(), csv_field(queue).c_str(), k.offered.mean,
                  k.answered.mean, k.abandoned.mean, k.service_level.mean, k.answer_rate.mean,
                  k.abandon_rate.mean, k.asa_s.mean, k.aht_s.mean, k.occupancy.mean,
                  k.staffed_agents.mean, k.available_agents.mean, k.longest_wait_s.mean);
  };
  for (std::size_t i = 0; i < r.interval.size(); ++i) {
    for (std::size_t q = 0; q < r.queues.size(); ++q)
      line("interval_queue", r.interval_labels[i], r.queues[q], r.interval_queue[i][q]);
    line("interval", r.interval_labels[i], "", r.interval[i]);
  }
  for (std::size_t q = 0; q < r.queues.size(); ++q)
    line("queue", "", r.queues[q], r.queue[q]);
  for (std::size_t d = 0; d < r.day.size(); ++d)
    line("day", std::to_string(d + 1), "", r.day[d]);
  line("overall", "", "", r.overall);
  return out;
}

}  // namespace hotline::sim
