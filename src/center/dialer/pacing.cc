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

double BinomialPacer::Look::abandons() const {
  double a = 0;
  for (std::size_t x = 1; x < answer_dist.size(); ++x)
    a += answer_dist[x] * excess[x];
  return a;
}

int BinomialPacer::decide(const PacingView& v) {
  static const std::vector<double> kNone;
  const int max_new = std::max(0, v.max_new);
  looks_.resize(v.horizons.size());
  for (std::size_t h = 0; h < v.horizons.size(); ++h) {
    const PacingHorizon& horizon = v.horizons[h];
    const std::vector<double>& agents = horizon.agents_free ? *horizon.agents_free : kNone;
    const std::vector<double>& ringing = horizon.ringing_answers ? *horizon.ringing_answers : kNone;
    Look& look = looks_[h];
    poisson_binomial(agents, look.free_dist);
    poisson_binomial(ringing, look.answer_dist);
    const std::size_t most_answers = ringing.size() + static_cast<std::size_t>(max_new);
    look.excess.assign(most_answers + 1, 0.0);
    for (std::size_t x = 1; x <= most_answers; ++x)
      for (std::size_t k = 0; k < x && k < look.free_dist.size(); ++k)
        look.excess[x] += look.free_dist[k] * static_cast<double>(x - k);
    look.answers = 0;
    for (double q : ringing)
      look.answers += q;
  }
  const auto worst = [&] {
    double a = 0;
    for (const Look& look : looks_)
      a = std::max(a, look.abandons());
    return a;
  };
  const auto answers = [&](int n) {
    if (v.horizons.empty()) return 0.0;
    const double p = std::clamp(v.horizons.back().new_dial_answers, 0.0, 1.0);
    return looks_.back().answers + n * p;
  };
  last_abandons_ = worst();
  last_answers_ = answers(0);
  int n = 0;
  while (n < max_new && !v.horizons.empty()) {
    // One more number: each horizon's X gains a Bernoulli.
    for (std::size_t h = 0; h < looks_.size(); ++h) {
      const double p = std::clamp(v.horizons[h].new_dial_answers, 0.0, 1.0);
      std::vector<double>& dist = looks_[h].answer_dist;
      dist.push_back(0.0);
      for (std::size_t x = dist.size() - 1; x > 0; --x)
        dist[x] = dist[x] * (1 - p) + dist[x - 1] * p;
      dist[0] *= 1 - p;
    }
    const double a = worst();
    if (a > v.allowed_abandon * answers(n + 1) + 1e-12) break;
    ++n;
    last_abandons_ = a;
    last_answers_ = answers(n);
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
