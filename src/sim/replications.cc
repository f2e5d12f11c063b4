#include "sim/replications.h"

#include <cmath>
#include <cstdio>
#include <functional>

namespace hotline::sim {

double t_quantile_95(int df) {
  static const double kTable[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
                                  2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
                                  2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
                                  2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
  if (df < 1) return 0;
  if (df <= 30) return kTable[df - 1];
  if (df <= 60) return 2.000;
  if (df <= 120) return 1.980;
  return 1.960;
}

namespace {

// Per-replication KPI values of one span, turned into estimates.
class SpanSamples {
 public:
  void add(const kpi::Kpis& k) { samples_.push_back(k); }

  KpiEstimates estimate() const {
    KpiEstimates e;
    e.offered = of([](const kpi::Kpis& k) { return static_cast<double>(k.offered); });
    e.answered = of([](const kpi::Kpis& k) { return static_cast<double>(k.answered); });
    e.abandoned = of([](const kpi::Kpis& k) { return static_cast<double>(k.abandoned); });
    e.service_level = of([](const kpi::Kpis& k) { return k.service_level; });
    e.answer_rate = of([](const kpi::Kpis& k) { return k.answer_rate; });
    e.abandon_rate = of([](const kpi::Kpis& k) { return k.abandon_rate; });
    e.asa_s = of([](const kpi::Kpis& k) { return k.asa_s; });
    e.aht_s = of([](const kpi::Kpis& k) { return k.aht_s; });
    e.occupancy = of([](const kpi::Kpis& k) { return k.occupancy; });
    e.longest_wait_s = of([](const kpi::Kpis& k) { return k.longest_wait_s; });
    e.staffed_agents = of([](const kpi::Kpis& k) { return k.staffed_agents; });
    e.available_agents = of([](const kpi::Kpis& k) { return k.available_agents; });
    return e;
  }

 private:
  Estimate of(const std::function<double(const kpi::Kpis&)>& metric) const {
    Estimate e;
    const double n = static_cast<double>(samples_.size());
    if (n == 0) return e;
    double sum = 0;
    for (const auto& k : samples_)
      sum += metric(k);
    e.mean = sum / n;
    double squares = 0;
    for (const auto& k : samples_)
      squares += (metric(k) - e.mean) * (metric(k) - e.mean);
    const double half =
        n > 1 ? t_quantile_95(static_cast<int>(n) - 1) * std::sqrt(squares / (n - 1) / n) : 0;
    e.low = e.mean - half;
    e.high = e.mean + half;
    return e;
  }

  std::vector<kpi::Kpis> samples_;
};

std::uint64_t replication_seed(std::uint64_t seed, int k) {
  std::uint64_t z = seed + 0x9e3779b97f4a7c15ULL * static_cast<std::uint64_t>(k + 1);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace

SimReport run_replications(const Scenario& scenario, int replications, std::uint64_t seed,
                           EventSink* log) {
  SimReport r;
  for (const auto& q : scenario.model.queues)
    r.queues.push_back(q.name);
  for (int i = 0; i < scenario.intervals; ++i) {
    const long minutes =
        static_cast<long>((scenario.day_start + i * scenario.interval) / seconds(60));
    char label[16];
    std::snprintf(label, sizeof label, "%02ld:%02ld", (minutes / 60) % 24, minutes % 60);
    r.interval_labels.push_back(label);
  }
  r.days = scenario.days;
  r.replications = replications;
  r.seed = seed;
  r.sl_seconds = to_seconds(scenario.kpi_rules.sl_threshold);
  if (!scenario.model.queues.empty()) r.sl_target = scenario.model.queues[0].sl_target;
  r.interval_s = to_seconds(scenario.interval);

  const int queues = static_cast<int>(r.queues.size()), intervals = scenario.intervals;
  std::vector<std::vector<SpanSamples>> iq(intervals, std::vector<SpanSamples>(queues));
  std::vector<SpanSamples> per_interval(intervals), per_queue(queues), per_day(scenario.days);
  SpanSamples overall;

  for (int k = 0; k < replications; ++k) {
    Rng rng(replication_seed(seed, k));
    Scenario run_scenario = scenario;
    run_scenario.model.random_seed = rng.next();
    const std::vector<CallInput> calls =
        scenario.recorded_calls ? *scenario.recorded_calls : generate_calls(scenario, rng);
    const RunStats stats = simulate(run_scenario, calls, k == 0 ? log : nullptr);
    r.core_events += stats.core_events;
    r.sim_events += stats.sim_events;
    r.calls += stats.calls;
    r.ivr.self_served += stats.ivr.self_served;
    r.ivr.transferred += stats.ivr.transferred;
    r.ivr.abandoned += stats.ivr.abandoned;
    r.ivr.failed += stats.ivr.failed;

    const kpi::KpiRules rules = scenario.kpi_rules;
    kpi::KpiCounter all(rules);
    std::vector<kpi::KpiCounter> queue_total(queues, kpi::KpiCounter(rules));
    for (int i = 0; i < intervals; ++i) {
      std::vector<kpi::KpiCounter> cell(queues, kpi::KpiCounter(rules));
      kpi::KpiCounter interval_all(rules);
      for (int d = 0; d < scenario.days; ++d) {
        interval_all.add(stats.agent_time[static_cast<std::size_t>(d) * intervals + i]);
        for (int q = 0; q < queues; ++q)
          cell[q].merge(stats.cell(d, i, q));
      }
      for (int q = 0; q < queues; ++q) {
        iq[i][q].add(cell[q].figures());
        interval_all.merge(cell[q]);
        queue_total[q].merge(cell[q]);
      }
      per_interval[i].add(interval_all.figures(scenario.interval * scenario.days));
      all.merge(interval_all);
    }
    for (int q = 0; q < queues; ++q)
      per_queue[q].add(queue_total[q].figures());
    for (int d = 0; d < scenario.days; ++d) {
      kpi::KpiCounter day(rules);
      for (int i = 0; i < intervals; ++i) {
        day.add(stats.agent_time[static_cast<std::size_t>(d) * intervals + i]);
        for (int q = 0; q < queues; ++q)
          day.merge(stats.cell(d, i, q));
      }
      per_day[d].add(day.figures(scenario.interval * intervals));
    }
    overall.add(all.figures(scenario.interval * intervals * scenario.days));
  }

  r.interval_queue.resize(intervals);
  for (int i = 0; i < intervals; ++i) {
    for (int q = 0; q < queues; ++q)
      r.interval_queue[i].push_back(iq[i][q].estimate());
    r.interval.push_back(per_interval[i].estimate());
  }
  for (int q = 0; q < queues; ++q)
    r.queue.push_back(per_queue[q].estimate());
  for (int d = 0; d < scenario.days; ++d)
    r.day.push_back(per_day[d].estimate());
  r.overall = overall.estimate();
  return r;
}

}  // namespace hotline::sim
