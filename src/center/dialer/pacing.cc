#include "center/dialer/pacing.h"

#include <algorithm>
#include <cmath>

namespace hotline::dialer {

void DurationSample::add(Duration d) {
  d = std::max<Duration>(d, 0);
  if (order_.size() < capacity_) {
    order_.push_back(d);
  } else {
    const Duration old = order_[next_];
    sorted_.erase(std::lower_bound(sorted_.begin(), sorted_.end(), old));
    sum_ -= static_cast<double>(old);
    order_[next_] = d;
    next_ = (next_ + 1) % capacity_;
  }
  sorted_.insert(std::upper_bound(sorted_.begin(), sorted_.end(), d), d);
  sum_ += static_cast<double>(d);
}

Duration DurationSample::mean() const {
  if (sorted_.size() < kMinSamples) return prior_mean_;
  return static_cast<Duration>(sum_ / static_cast<double>(sorted_.size()));
}

double DurationSample::ends_within(Duration elapsed, Duration within) const {
  if (within <= 0) return 0;
  const auto exponential = [&] {
    const double m = static_cast<double>(std::max<Duration>(mean(), 1));
    return 1.0 - std::exp(-static_cast<double>(within) / m);
  };
  if (sorted_.size() < kMinSamples) return exponential();
  const auto past = std::upper_bound(sorted_.begin(), sorted_.end(), elapsed);
  const auto longer = sorted_.end() - past;
  // Longer than all but a few measured: no fair estimate from them; memoryless instead.
  if (longer < 5) return exponential();
  const auto by = std::upper_bound(past, sorted_.end(), elapsed + within);
  return static_cast<double>(by - past) / static_cast<double>(longer);
}

void poisson_binomial(const std::vector<double>& p, std::vector<double>& dist) {
  dist.assign(p.size() + 1, 0.0);
  dist[0] = 1.0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const double q = std::clamp(p[i], 0.0, 1.0);
    for (std::size_t k = i + 1; k > 0; --k)
      dist[k] = dist[k] * (1 - q) + dist[k - 1] * q;
    dist[0] *= 1 - q;
  }
}

int BinomialPacer::decide(const PacingView& v) {
  static const std::vector<double> kNone;
  const std::vector<double>& agents = v.agents_free ? *v.agents_free : kNone;
  const std::vector<double>& ringing = v.ringing_answers ? *v.ringing_answers : kNone;
  poisson_binomial(agents, free_dist_);
  poisson_binomial(ringing, answer_dist_);
  const int max_new = std::max(0, v.max_new);
  const std::size_t most_answers = ringing.size() + static_cast<std::size_t>(max_new);
  // E[max(0, x - K)] for every x the answers can reach.
  excess_.assign(most_answers + 1, 0.0);
  for (std::size_t x = 1; x <= most_answers; ++x)
    for (std::size_t k = 0; k < x && k < free_dist_.size(); ++k)
      excess_[x] += free_dist_[k] * static_cast<double>(x - k);
  double ringing_answers = 0;
  for (double q : ringing)
    ringing_answers += q;

  const double p = std::clamp(v.new_dial_answers, 0.0, 1.0);
  const auto abandons = [&] {
    double a = 0;
    for (std::size_t x = 1; x < answer_dist_.size(); ++x)
      a += answer_dist_[x] * excess_[x];
    return a;
  };
  last_abandons_ = abandons();
  last_answers_ = ringing_answers;
  int n = 0;
  while (n < max_new) {
    // One more number: X gains a Bernoulli(p).
    answer_dist_.push_back(0.0);
    for (std::size_t x = answer_dist_.size() - 1; x > 0; --x)
      answer_dist_[x] = answer_dist_[x] * (1 - p) + answer_dist_[x - 1] * p;
    answer_dist_[0] *= 1 - p;
    const double a = abandons();
    const double answers = ringing_answers + (n + 1) * p;
    if (a > v.allowed_abandon * answers + 1e-12) break;
    ++n;
    last_abandons_ = a;
    last_answers_ = answers;
  }
  return n;
}

void VicidialPacer::adjust(int agents, int ready, int waiting, double drop_rate, int calls_today,
                           double limit, double day_left) {
  if (agents <= 0) return;
  level_ *= 1.0 + (ready - waiting + target_) / static_cast<double>(agents);
  level_ = std::clamp(level_, 1.0, max_level_);
  if (calls_today < 50 || drop_rate <= limit) return;
  switch (response_) {
    case DropResponse::kHard:
      level_ = 1.0;
      break;
    case DropResponse::kAverage:
      level_ = std::max(1.0, level_ / 2);
      break;
    case DropResponse::kTapered:
      level_ = 1.0 + (level_ - 1.0) * std::clamp(day_left, 0.0, 1.0);
      break;
  }
}

int VicidialPacer::decide(int ready, int ringing, int max_new) const {
  const int lines = static_cast<int>(std::lround(level_ * ready));
  return std::clamp(lines - ringing, 0, std::max(0, max_new));
}

}  // namespace hotline::dialer
