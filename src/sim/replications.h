#pragma once
// Several independent replications of a scenario, summarized as means with 95 %
// confidence intervals (Student's t over replications), per interval, queue, day and
// overall. This is what `hotline sim` prints.

#include <cstdint>
#include <string>
#include <vector>

#include "kpi/kpis.h"
#include "sim/scenario.h"
#include "sim/simulator.h"

namespace hotline::sim {

struct Estimate {
  double mean = 0, low = 0, high = 0;
};

// The KPIs of one span, each estimated over the replications.
struct KpiEstimates {
  Estimate offered, answered, abandoned, service_level, answer_rate, abandon_rate, asa_s, aht_s,
      occupancy, longest_wait_s, staffed_agents, available_agents;
};

struct SimReport {
  std::vector<std::string> queues;           // names
  std::vector<std::string> interval_labels;  // "HH:MM" of each interval of the day
  int days = 1, replications = 1;
  std::uint64_t seed = 0;
  double sl_seconds = 20;
  double sl_target = 0.8;  // of the first queue: the line the staffing chart aims at
  double interval_s = 1800;
  std::vector<std::vector<KpiEstimates>> interval_queue;  // [interval][queue], all days
  std::vector<KpiEstimates> interval;                     // [interval], all queues
  std::vector<KpiEstimates> queue;                        // [queue], whole run
  std::vector<KpiEstimates> day;                          // [day], all queues
  KpiEstimates overall;
  std::uint64_t core_events = 0, sim_events = 0, calls = 0;  // summed over replications
  RunStats::IvrEnds ivr;  // calls that never reached a queue, summed over replications
};

// Runs `replications` replications, seeds derived from `seed`. Recorded calls (replay)
// are the same in every replication. `log`, if set, receives the first replication.
SimReport run_replications(const Scenario& scenario, int replications, std::uint64_t seed,
                           EventSink* log = nullptr);

// Two-sided 95 % Student t quantile for `df` degrees of freedom.
double t_quantile_95(int df);

}  // namespace hotline::sim
