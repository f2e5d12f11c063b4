#include "sim/scenario.h"

#include <algorithm>
#include <cmath>

namespace hotline::sim {

Sampler to_sampler(const config::Distribution& d) {
  switch (d.kind) {
    case config::Distribution::Kind::kExponential:
      return Sampler::exponential(d.mean_s);
    case config::Distribution::Kind::kLogNormal:
      return Sampler::log_normal(d.mean_s, d.sd_s);
    case config::Distribution::Kind::kFixed:
      return Sampler::fixed(d.mean_s);
    case config::Distribution::Kind::kEmpirical:
      return Sampler::empirical(d.samples_s);
  }
  return Sampler::fixed(d.mean_s);
}

namespace {

// One caller's keys, drawn by the paths' shares.
KeyPresses pick_path(const std::vector<Scenario::KeyPath>& paths, Rng& rng) {
  double total = 0;
  for (const Scenario::KeyPath& p : paths)
    total += p.share;
  if (!(total > 0)) return {};
  double u = rng.uniform() * total;
  for (const Scenario::KeyPath& p : paths) {
    if (u < p.share) return KeyPresses(p.keys);
    u -= p.share;
  }
  return KeyPresses(paths.back().keys);
}

}  // namespace

Scenario scenario_from_config(const config::CenterConfig& config) {
  const config::SimulationScenario& sim = *config.simulation;
  Scenario s;
  s.model = config.model;
  s.queue_titles = config.queue_titles;
  s.kpi_rules = config.kpi_rules;
  s.day_start = sim.day_start;
  s.interval = sim.interval;
  s.intervals = sim.intervals;
  s.days = sim.days;
  for (const config::ArrivalProfile& a : sim.arrivals)
    s.arrivals.push_back({a.queue, a.priority, a.calls_per_interval});
  for (const config::Distribution& d : sim.handle_time)
    s.talk_time.push_back(to_sampler(d));
  if (sim.patience) s.patience = to_sampler(*sim.patience);
  s.shifts = sim.shifts;
  if (sim.ivr) {
    s.flow = config.ivr;
    s.calendar = config.calendar;
    s.epoch = ivr::days_from_civil(sim.ivr->date) * seconds(86400) + sim.day_start -
              seconds(60) * s.calendar.utc_offset_minutes();
    s.arrivals.push_back({acd::kNoQueue, 0, sim.ivr->calls_per_interval});
    for (const config::SimulatedIvr::Path& p : sim.ivr->paths)
      s.ivr_paths.push_back({p.keys, p.share});
    s.prompt_time = sim.ivr->prompt;
    s.ivr_talk_time = to_sampler(sim.ivr->handle_time);
  }
  return s;
}

Status validate(const QuickQueue& q) {
  if (!(q.arrivals_per_hour > 0) || !std::isfinite(q.arrivals_per_hour))
    return Status::invalid_argument("--arrival-rate-per-hour must be > 0");
  if (!(q.aht_s > 0) || !std::isfinite(q.aht_s))
    return Status::invalid_argument("--aht-s must be > 0");
  if (q.agents < 1) return Status::invalid_argument("--agents must be at least 1");
  if (q.patience_s && !(*q.patience_s > 0))
    return Status::invalid_argument("--patience-s must be > 0");
  if (!(q.hours > 0) || q.hours > 24 * 366)
    return Status::invalid_argument("--hours must be in (0, 8784]");
  if (!(q.sl_seconds >= 0)) return Status::invalid_argument("--sl-seconds must be >= 0");
  return {};
}

Scenario quick_scenario(const QuickQueue& q) {
  Scenario s;
  s.model.skills = {"any"};
  s.model.teams = {"all"};
  acd::QueueSpec queue;
  queue.name = "queue";
  queue.strategy = acd::Strategy::kLongestIdle;
  queue.sl_threshold = seconds_f(q.sl_seconds);
  queue.ring_timeout = seconds(3600);
  queue.agents.any_of_skills = {{0, 1}};
  s.model.queues = {queue};
  s.queue_titles = {"queue"};
  for (int i = 0; i < q.agents; ++i)
    s.model.agents.push_back(acd::AgentSpec{"agent" + std::to_string(i + 1), 0, {{0, 5}}});
  s.kpi_rules.sl_threshold = seconds_f(q.sl_seconds);
  s.kpi_rules.short_abandon = 0;  // compare with theory: every abandon counts
  // Hourly intervals; a last partial hour is kept with its share of calls.
  s.interval = seconds(3600);
  s.intervals = static_cast<int>(std::ceil(q.hours));
  Scenario::Arrivals arrivals;
  for (int i = 0; i < s.intervals; ++i)
    arrivals.calls_per_interval.push_back(q.arrivals_per_hour * std::min(1.0, q.hours - i));
  s.arrivals = {arrivals};
  s.talk_time = {Sampler::exponential(q.aht_s)};
  if (q.patience_s) s.patience = Sampler::exponential(*q.patience_s);
  return s;
}

std::vector<CallInput> generate_calls(const Scenario& s, Rng& rng) {
  std::vector<CallInput> calls;
  const double interval_s = to_seconds(s.interval);
  for (int day = 0; day < s.days; ++day) {
    for (const Scenario::Arrivals& a : s.arrivals) {
      for (int i = 0; i < s.intervals && i < static_cast<int>(a.calls_per_interval.size()); ++i) {
        if (!(a.calls_per_interval[i] > 0)) continue;
        // Poisson arrivals: exponential gaps at this interval's rate.
        const double mean_gap = interval_s / a.calls_per_interval[i];
        const double begin = day * 86400.0 + i * interval_s;
        for (double t = begin + rng.exponential(mean_gap); t < begin + interval_s;
             t += rng.exponential(mean_gap)) {
          CallInput c;
          c.arrival = seconds_f(t);
          c.queue = a.queue;
          c.priority = a.priority;
          const bool through_ivr = a.queue == acd::kNoQueue;
          const Sampler& talk = through_ivr ? s.ivr_talk_time : s.talk_time[a.queue];
          c.talk = std::max<Duration>(1, seconds_f(talk.sample(rng)));
          if (through_ivr) c.keys = pick_path(s.ivr_paths, rng);
          const double patience = s.patience.sample(rng);
          c.patience = std::isfinite(patience) ? seconds_f(patience) : kNever;
          calls.push_back(c);
        }
      }
    }
  }
  std::stable_sort(calls.begin(), calls.end(),
                   [](const CallInput& x, const CallInput& y) { return x.arrival < y.arrival; });
  return calls;
}

}  // namespace hotline::sim
