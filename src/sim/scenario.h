#pragma once
// What the simulator runs: a center (the routing core's model) and a day's workload.
//
// Calls come from a generator (Poisson arrivals per interval, sampled handle time and
// patience) or from a recorded list (replay of an event log). Agents come and go by
// shift and break; with no shifts, every agent works the whole horizon.

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "center/acd/model.h"
#include "center/ivr/calendar.h"
#include "center/ivr/flow.h"
#include "common/status.h"
#include "common/time.h"
#include "config/center_config.h"
#include "kpi/kpis.h"
#include "sim/random.h"

namespace hotline::sim {

// One call as the simulator sees it. `patience` is how long the caller would wait
// before hanging up (kNever: forever); `talk` is the time with the agent.
// The keys a caller presses in the IVR, kept inline: calls are many, and sorted.
class KeyPresses {
 public:
  static constexpr std::size_t kMax = 15;
  KeyPresses() = default;
  // The first kMax keys of `keys`.
  explicit KeyPresses(std::string_view keys)
      : size_(static_cast<std::uint8_t>(std::min(keys.size(), kMax))) {
    std::copy_n(keys.begin(), size_, keys_.begin());
  }
  std::size_t size() const { return size_; }
  char operator[](std::size_t i) const { return keys_[i]; }
  std::string_view view() const { return {keys_.data(), size_}; }
  bool operator==(const KeyPresses&) const = default;

 private:
  std::array<char, kMax> keys_{};
  std::uint8_t size_ = 0;
};

// A call through the IVR (queue kNoQueue) presses `keys` one by one, each when the IVR
// waits for it (after a menu's or a collect's prompt); its patience counts from the
// moment it is queued, wherever the IVR sends it.
struct CallInput {
  Time arrival = 0;  // from the start of day 1 (day_start)
  acd::QueueId queue = 0;
  int priority = 0;
  Duration talk = 0;
  Duration patience = kNever;
  KeyPresses keys;  // through the IVR: what the caller presses
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
    acd::QueueId queue = 0;  // kNoQueue: through the IVR
    int priority = 0;
    std::vector<double> calls_per_interval;
  };
  std::vector<Arrivals> arrivals;
  std::vector<Sampler> talk_time;  // per queue
  Sampler patience = Sampler::never();

  // The IVR that calls of no queue go through, the keys its callers press (each sequence
  // with its share of the callers), how long its prompts play, and their talk time.
  ivr::Flow flow;
  struct KeyPath {
    std::string keys;  // at most KeyPresses::kMax
    double share = 1;
  };
  std::vector<KeyPath> ivr_paths;
  Duration prompt_time = 0;
  Sampler ivr_talk_time = Sampler::exponential(180);
  // The IVR's branches by hour, day type and date see the calendar at `epoch` + t: the
  // wall-clock time of t = 0 (day 1's day_start).
  ivr::Calendar calendar;
  Time epoch = 0;

  // Or recorded calls (replay); when set, `arrivals` is ignored.
  std::optional<std::vector<CallInput>> recorded_calls;

  std::vector<config::Shift> shifts;  // times from midnight; empty: everyone all day
  Duration answer_delay = 0;          // how long an agent's phone rings before answer
};

// The scenario of a center configuration's `simulation` section.
// REQUIRES: config.simulation
Scenario scenario_from_config(const config::CenterConfig& config);
// A configured distribution as the simulator draws it.
Sampler to_sampler(const config::Distribution& d);

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
