#pragma once
// Pacing for predictive dialing: how many more numbers to dial now.
//
// BinomialPacer (ours) looks at the next seconds as they will be: agents freed (sure when
// waiting or wrapping up, by the measured talk times when talking) and answers (by the
// measured answer delays, for the calls ringing and the ones it may dial), and dials the
// numbers whose expected abandons are worth their answers (below).
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
  // The median time from `elapsed` to the end, of those that end within `within`.
  Duration median_within(Duration elapsed, Duration within) const;

 private:
  static constexpr std::size_t kMinSamples = 20;
  std::size_t capacity_;
  Duration prior_mean_;
  std::vector<Duration> order_;   // in arrival order (a ring once full)
  std::vector<Duration> sorted_;  // the same, sorted
  std::size_t next_ = 0;
  double sum_ = 0;
};

// What the pacer sees at one moment, on a timeline of equal slots from now (as far as the
// ring time plus the connect deadline): from which slot each agent may take an answered
// call (its free time less the deadline, since an answer waits that long), and in which
// slot a person answers each call out, each with its probability. A time that is only
// known as a distribution (a talk that may end any time) is placed at its median: one
// chance per agent and per call, so that one call is never counted as answered twice.
struct Chance {
  int slot = 0;
  double p = 0;
};
struct PacingView {
  int slots = 0;
  std::vector<Chance> agents;   // an agent free to take a call from this slot on
  std::vector<Chance> answers;  // a call out answered by a person in this slot
  Chance new_dial;              // a number dialled now
  // λ: a new number is dialled while the abandons it adds, in expectation, are at most
  // this share of its chance of an answer.
  double marginal_limit = 0;
  int max_new = 0;  // at most this many new dials (lines, leads)
};

// Ours. The abandons to expect are computed exactly for the independent chances above:
// time runs slot by slot, agents freed join the idle ones, each answer takes an idle
// agent or, with none, is abandoned (a distribution over the idle count, carried along).
// The pacer dials numbers one by one while each one's own added abandons stay within λ
// of its answers: a fixed price on an abandon wherever it falls, which spends the budget
// where it buys the most talk (the Lagrangian of "most talk at this abandon rate"), where
// a cap on the average would stop all dialling behind a few risky calls.
class BinomialPacer {
 public:
  // How many numbers to dial now. `view` is reordered.
  int decide(PacingView& view);
  // The expected abandons and answers of the calls out after the last decision.
  double expected_abandons() const { return last_abandons_; }
  double expected_answers() const { return last_answers_; }

 private:
  // Runs slots [from, slots) on idle_ from abandons `base`, with n new dials.
  double run(const PacingView& v, int from, double base, int n);
  std::vector<double> start_;  // the idle count's distribution when new answers begin
  std::vector<double> idle_;   // scratch
  std::size_t agents_from_ = 0, answers_from_ = 0;  // the chances not yet in start_
  double last_abandons_ = 0, last_answers_ = 0;
};

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
