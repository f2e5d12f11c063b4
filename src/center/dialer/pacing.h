#pragma once
// Pacing for predictive dialing: how many more numbers to dial now.
//
// BinomialPacer (ours) looks at the moment as it is. By a horizon, each call already
// ringing will have been answered by a person with some probability, and so will each new
// one; each agent will be free to take an answered call with some probability (1 when it
// waits now, by its talk time so far and the measured talk times when it talks, 0 or 1 by
// its wrap-up's end). Answered calls X and free agents K are then sums of independent
// Bernoulli variables; an answer with no agent free is abandoned, so the abandons to
// expect are E[max(0, X - K)], the worst over the horizons. The pacer dials the most
// numbers whose expected abandons stay within the allowed share θ of the answers expected:
// no rule of thumb, and it dials no more than one number per ready agent as θ goes to 0
// (progressive).
//
// VicidialPacer is VICIdial's published adaptive method, the baseline ours is measured
// against in the simulator: every 15 s the dial level (lines per ready agent) moves by
// (ready - waiting + target) / agents, within [1, max]; when today's drop rate passes the
// limit (after 50 calls) the level is cut: hard to 1, average halved, tapered by the part
// of the day left.
//
// Pure and deterministic; no allocation per decision beyond the first ones.

#include <cstdint>
#include <vector>

#include "common/time.h"

namespace hotline::dialer {

// Measured durations (talk times, answer delays): the last `capacity`, sorted, for
// conditional probabilities. Until `min_samples` are in, a prior mean stands for them
// (exponential).
class DurationSample {
 public:
  DurationSample(std::size_t capacity, Duration prior_mean)
      : capacity_(capacity), prior_mean_(prior_mean) {}
  void add(Duration d);
  std::size_t size() const { return order_.size(); }
  Duration mean() const;
  // P(D <= elapsed + within | D > elapsed).
  double ends_within(Duration elapsed, Duration within) const;

 private:
  static constexpr std::size_t kMinSamples = 20;
  std::size_t capacity_;
  Duration prior_mean_;
  std::vector<Duration> order_;   // in arrival order (a ring once full)
  std::vector<Duration> sorted_;  // the same, sorted
  std::size_t next_ = 0;
  double sum_ = 0;
};

// What the pacer sees at one moment, looked at by several horizons (times from now): by
// each, which agents will be free to take a call (1: waiting now) and which calls a person
// will have answered. An answer finds no agent when the answers by some horizon outnumber
// the agents free by then (plus the connect deadline): looking at several horizons catches
// answers that come before the agents who would take them are free.
struct PacingHorizon {
  const std::vector<double>* agents_free = nullptr;      // per agent working the campaign
  const std::vector<double>* ringing_answers = nullptr;  // per number ringing now
  double new_dial_answers = 0;                           // for a number dialled now
};
struct PacingView {
  std::vector<PacingHorizon> horizons;  // the last: the longest, by which all are answered
  double allowed_abandon = 0;           // θ: expected abandons / expected answers, at most
  int max_new = 0;                      // at most this many new dials (lines, leads)
};

class BinomialPacer {
 public:
  // How many numbers to dial now.
  int decide(const PacingView& view);
  // The expected abandons and answers of the last decision (for the record and tests);
  // with no new dial, those of the calls already out, which may overrun θ alone.
  double expected_abandons() const { return last_abandons_; }
  double expected_answers() const { return last_answers_; }

 private:
  struct Look {
    std::vector<double> free_dist;    // P(K = k)
    std::vector<double> answer_dist;  // P(X = x)
    std::vector<double> excess;       // E[max(0, x - K)] by x
    double answers = 0;               // E[X] of the calls ringing
    double abandons() const;
  };
  std::vector<Look> looks_;
  double last_abandons_ = 0, last_answers_ = 0;
};

// P(sum = k) of independent Bernoulli(p_i), into `dist` (size n + 1).
void poisson_binomial(const std::vector<double>& p, std::vector<double>& dist);

enum class DropResponse : std::uint8_t { kHard, kAverage, kTapered };

class VicidialPacer {
 public:
  VicidialPacer(double max_level, double target, DropResponse response)
      : max_level_(max_level), target_(target), response_(response) {}
  // Every 15 s: agents working, ready now, answered calls waiting for an agent; today's
  // drop rate (drops / answered) over `calls_today` answered calls, the limit, and the
  // part of the day left (for kTapered).
  void adjust(int agents, int ready, int waiting, double drop_rate, int calls_today, double limit,
              double day_left);
  double level() const { return level_; }
  // Numbers to dial now: the level times the ready agents, less those ringing.
  int decide(int ready, int ringing, int max_new) const;

 private:
  double max_level_, target_;
  DropResponse response_;
  double level_ = 1.0;
};

}  // namespace hotline::dialer
