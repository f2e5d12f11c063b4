#pragma once
// What the simulator runs: a center (the routing core's model) and a day's workload.
//
// Calls come from a generator (Poisson arrivals per interval, sampled handle time and
// patience) or from a recorded list (replay of an event log). Agents come and go by
// shift and break; with no shifts, every agent works the whole horizon.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "center/acd/model.h"
#include "common/status.h"
#include "common/time.h"
#include "config/center_config.h"
#include "kpi/kpis.h"
#include "sim/random.h"

namespace hotline::sim {

// One call as the simulator sees it. `patience` is how long the caller would wait
// before hanging up (kNever: forever); `talk` is the time with the agent.
struct CallInput {
  Time arrival = 0;  // from the start of day 1 (day_start)
  acd::QueueId queue = 0;
  int priority = 0;
  Duration talk = 0;
  Duration patience = kNever;
};

struct Scenario {
  acd::CenterModel model;
  std::vector<std::string> queue_titles;
  kpi::KpiRules kpi_rules;
  Duration day_start = 0;  // clock time of t = 0 each day, for labels and shifts
  Duration interval = seconds(1800);
  int intervals = 1;  // per day
  int days = 1;

  // Generated calls: expected calls per interval per queue, and the samplers.
  struct Arrivals {
    acd::QueueId queue = 0;
    int priority = 0;
    std::vector<double> calls_per_interval;
  };
  std::vector<Arrivals> arrivals;
  std::vector<Sampler> talk_time;  // per queue
  Sampler patience = Sampler::never();

  // Or recorded calls (replay); when set, `arrivals` is ignored.
  std::optional<std::vector<CallInput>> recorded_calls;

  std::vector<config::Shift> shifts;  // times from midnight; empty: everyone all day
  Duration answer_delay = 0;          // how long an agent's phone rings before answer
};

// The scenario of a center configuration's `simulation` section.
// REQUIRES: config.simulation
Scenario scenario_from_config(const config::CenterConfig& config);

// One queue, N agents working throughout, Poisson arrivals at a constant rate:
// the M/M/c (no patience) or M/M/c+M queue of the Erlang formulas.
struct QuickQueue {
  double arrivals_per_hour = 0;
  double aht_s = 0;
  int agents = 0;
  std::optional<double> patience_s;
  double hours = 8;
  double sl_seconds = 20;
};
Status validate(const QuickQueue& q);
Scenario quick_scenario(const QuickQueue& q);

// Draws the calls of one replication.
std::vector<CallInput> generate_calls(const Scenario& s, Rng& rng);

}  // namespace hotline::sim
