#include "center/dialer/pacing.h"

#include <algorithm>
#include <cmath>

namespace hotline::dialer {

Duration DurationSample::median_within(Duration elapsed, Duration within) const {
  if (within <= 0) return 0;
  const auto exponential = [&] {
    // Memoryless: the median of an exponential cut at `within`.
    const double m = static_cast<double>(std::max<Duration>(mean(), 1));
    const double w = static_cast<double>(within);
    return static_cast<Duration>(-m * std::log(1 - 0.5 * (1 - std::exp(-w / m))));
  };
  if (sorted_.size() < kMinSamples) return exponential();
  const auto past = std::upper_bound(sorted_.begin(), sorted_.end(), elapsed);
  if (sorted_.end() - past < 5) return exponential();
  const auto by = std::upper_bound(past, sorted_.end(), elapsed + within);
  if (by == past) return within;
  return *(past + (by - past) / 2) - elapsed;
}

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

namespace {

constexpr double kNegligible = 1e-15;

// An agent freed with probability p joins the idle ones.
void agent_freed(std::vector<double>& idle, double p) {
  if (p <= 0) return;
  p = std::min(p, 1.0);
  idle.push_back(0.0);
  for (std::size_t k = idle.size() - 1; k > 0; --k)
    idle[k] = idle[k] * (1 - p) + idle[k - 1] * p;
  idle[0] *= 1 - p;
}

// A person answers with probability q: the call takes an idle agent, or is abandoned.
// Returns the abandons it brings, in expectation.
double answered(std::vector<double>& idle, double q) {
  if (q <= 0) return 0;
  q = std::min(q, 1.0);
  const double abandoned = q * idle[0];
  const std::size_t n = idle.size();
  for (std::size_t k = 0; k + 1 < n; ++k)
    idle[k] = idle[k] * (k == 0 ? 1.0 : 1 - q) + idle[k + 1] * q;
  if (n > 1) idle[n - 1] *= 1 - q;
  while (idle.size() > 1 && idle.back() < kNegligible)
    idle.pop_back();
  return abandoned;
}

}  // namespace

double BinomialPacer::run(const PacingView& v, int from, double base, int n) {
  idle_ = start_;
  std::size_t a = agents_from_, c = answers_from_;
  for (int s = from; s < v.slots; ++s) {
    for (; a < v.agents.size() && v.agents[a].slot <= s; ++a)
      agent_freed(idle_, v.agents[a].p);
    for (; c < v.answers.size() && v.answers[c].slot <= s; ++c)
      base += answered(idle_, v.answers[c].p);
    if (s == v.new_dial.slot)
      for (int i = 0; i < n; ++i)
        base += answered(idle_, v.new_dial.p);
  }
  // Anything placed past the timeline counts at its end.
  for (; a < v.agents.size(); ++a)
    agent_freed(idle_, v.agents[a].p);
  for (; c < v.answers.size(); ++c)
    base += answered(idle_, v.answers[c].p);
  return base;
}

int BinomialPacer::decide(PacingView& v) {
  const auto by_slot = [](const Chance& x, const Chance& y) { return x.slot < y.slot; };
  std::sort(v.agents.begin(), v.agents.end(), by_slot);
  std::sort(v.answers.begin(), v.answers.end(), by_slot);
  v.slots = std::max(v.slots, 1);
  v.new_dial.slot = std::clamp(v.new_dial.slot, 0, v.slots - 1);
  const int first = v.new_dial.slot;  // nothing before it depends on how many are dialled
  const double new_answer = std::clamp(v.new_dial.p, 0.0, 1.0);
  double answers_out = 0;
  for (const Chance& c : v.answers)
    answers_out += std::clamp(c.p, 0.0, 1.0);
  idle_.assign(1, 1.0);
  std::size_t a = 0, c = 0;
  double before = 0;
  for (int s = 0; s < first; ++s) {
    for (; a < v.agents.size() && v.agents[a].slot <= s; ++a)
      agent_freed(idle_, v.agents[a].p);
    for (; c < v.answers.size() && v.answers[c].slot <= s; ++c)
      before += answered(idle_, v.answers[c].p);
  }
  start_ = idle_;
  agents_from_ = a;
  answers_from_ = c;
  double abandons = run(v, first, before, 0);
  int n = 0;
  const int max_new = new_answer > 0 ? std::max(0, v.max_new) : 0;
  while (n < max_new) {
    const double more = run(v, first, before, n + 1);
    if (more - abandons > v.marginal_limit * new_answer + 1e-12) break;
    abandons = more;
    ++n;
  }
  last_abandons_ = abandons;
  last_answers_ = answers_out + n * new_answer;
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
