#include "wfm/erlang.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace hotline::wfm {

double erlang_b(int agents, double traffic) {
  // 1/B(n) = 1 + (n/A) / B(n-1): every term is positive, so no cancellation.
  if (traffic <= 0) return agents == 0 ? 1.0 : 0.0;
  double inv_b = 1.0;
  for (int n = 1; n <= agents; ++n)
    inv_b = 1.0 + inv_b * (n / traffic);
  return 1.0 / inv_b;
}

namespace {

double erlang_c_from_b(int agents, double traffic, double b) {
  if (agents <= traffic) return 1.0;
  return agents * b / (agents - traffic * (1.0 - b));
}

}  // namespace

double erlang_c(int agents, double traffic) {
  if (traffic <= 0) return 0.0;
  return erlang_c_from_b(agents, traffic, erlang_b(agents, traffic));
}

QueueFigures erlang_c_figures(int agents, double arrivals_per_s, double aht_s, double sl_seconds) {
  QueueFigures f;
  f.agents = agents;
  f.traffic_erlangs = arrivals_per_s * aht_s;
  const double a = f.traffic_erlangs;
  if (a <= 0) {
    f.service_level = 1.0;
    return f;
  }
  if (agents <= a) {
    f.prob_wait = 1.0;
    f.service_level = 0.0;
    f.asa_s = std::numeric_limits<double>::infinity();
    f.occupancy = 1.0;
    return f;
  }
  f.prob_wait = erlang_c(agents, a);
  f.service_level = 1.0 - f.prob_wait * std::exp(-(agents - a) * sl_seconds / aht_s);
  f.asa_s = f.prob_wait * aht_s / (agents - a);
  f.occupancy = a / agents;
  return f;
}

namespace {

// log(sum(exp(x))) of a non-empty vector, without overflow.
double log_sum_exp(const std::vector<double>& xs) {
  const double m = *std::max_element(xs.begin(), xs.end());
  double s = 0;
  for (double x : xs)
    s += std::exp(x - m);
  return m + std::log(s);
}

// P(X_1 + ... + X_p <= t) for every p in [1, rates.size()], X_i ~ Exp(rates[i-1]),
// by uniformization: a chain that steps from p to p-1 with probability rates[p-1]/L.
std::vector<double> hypoexponential_cdfs(const std::vector<double>& rates, double t) {
  const std::size_t positions = rates.size();
  std::vector<double> cdf(positions, 0.0);
  if (positions == 0 || t <= 0) return cdf;
  const double uniform_rate = *std::max_element(rates.begin(), rates.end());
  const double mean_steps = uniform_rate * t;
  const int max_steps = static_cast<int>(mean_steps + 12.0 * std::sqrt(mean_steps + 1.0) + 30.0);
  // absorbed[p] = P(absorbed within k steps | start at position p+1); p = -1 is "served".
  // cdf = sum_k P(N >= k) * (g_k - g_{k-1}) with N ~ Poisson(L t): every term is positive.
  std::vector<double> absorbed(positions, 0.0), next(positions);
  double log_pmf = -mean_steps;           // P(N = 0)
  double tail = 1.0 - std::exp(log_pmf);  // P(N >= 1)
  for (int k = 1; k <= max_steps && tail > 1e-18; ++k) {
    for (std::size_t p = 0; p < positions; ++p) {
      const double down = rates[p] / uniform_rate;
      const double below = p == 0 ? 1.0 : absorbed[p - 1];
      next[p] = down * below + (1.0 - down) * absorbed[p];
    }
    for (std::size_t p = 0; p < positions; ++p)
      cdf[p] += tail * (next[p] - absorbed[p]);
    absorbed.swap(next);
    log_pmf += std::log(mean_steps) - std::log(static_cast<double>(k));
    tail -= std::exp(log_pmf);
    if (tail < 0) tail = 0;
  }
  return cdf;
}

}  // namespace

QueueFigures erlang_a_figures(int agents, double arrivals_per_s, double aht_s, double patience_s,
                              double sl_seconds) {
  QueueFigures f;
  f.agents = agents;
  f.traffic_erlangs = arrivals_per_s * aht_s;
  if (arrivals_per_s <= 0) {
    f.service_level = 1.0;
    return f;
  }
  const double lambda = arrivals_per_s, mu = 1.0 / aht_s, theta = 1.0 / patience_s;
  const double service_rate = agents * mu;  // departure rate from the head of the line

  // Unnormalized log-probabilities of n callers in the system, n = 0 .. until negligible.
  std::vector<double> log_w;
  log_w.reserve(static_cast<std::size_t>(agents) + 64);
  log_w.push_back(0.0);
  double peak = 0.0;
  for (int n = 1;; ++n) {
    const double death = std::min(n, agents) * mu + std::max(n - agents, 0) * theta;
    const double lw = log_w.back() + std::log(lambda) - std::log(death);
    log_w.push_back(lw);
    peak = std::max(peak, lw);
    if (n > agents && lw < peak - 46.0 && lambda < death) break;  // e^-46 ~ 1e-20
  }
  const double log_norm = log_sum_exp(log_w);
  const int states = static_cast<int>(log_w.size());

  double p_wait = 0, mean_queue = 0;
  for (int n = agents; n < states; ++n) {
    const double pi = std::exp(log_w[n] - log_norm);
    p_wait += pi;
    mean_queue += pi * (n - agents);
  }
  // A caller arriving to n >= agents is at position p = n - agents + 1. It leaves position i
  // at rate service_rate + i*theta (someone ahead served or gone, or itself gone); it is
  // served with probability service_rate / (service_rate + p*theta) (the product telescopes).
  const int positions = std::max(states - agents, 0);
  std::vector<double> rates(positions);
  for (int i = 0; i < positions; ++i)
    rates[i] = service_rate + (i + 1) * theta;
  const std::vector<double> reach_head_by_t = hypoexponential_cdfs(rates, sl_seconds);

  double answered = 0, answered_in_time = 0, wait_of_answered = 0;
  for (int n = 0; n < std::min(agents, states); ++n) {
    const double pi = std::exp(log_w[n] - log_norm);
    answered += pi;
    answered_in_time += pi;
  }
  double sum_inverse_rates = 0;
  for (int p = 1; p <= positions; ++p) {
    sum_inverse_rates += 1.0 / rates[p - 1];
    const double pi = std::exp(log_w[agents + p - 1] - log_norm);
    const double served = service_rate / (service_rate + p * theta);
    answered += pi * served;
    answered_in_time += pi * served * reach_head_by_t[p - 1];
    // Given it is served, the time spent at each position is Exp(rate) independently.
    wait_of_answered += pi * served * sum_inverse_rates;
  }
  f.prob_wait = p_wait;
  f.abandon_rate = theta * mean_queue / lambda;
  f.service_level = answered_in_time;
  f.asa_s = answered > 0 ? wait_of_answered / answered : 0.0;
  f.occupancy = agents > 0 ? std::min(1.0, lambda * (1.0 - f.abandon_rate) * aht_s / agents) : 0;
  return f;
}

}  // namespace hotline::wfm
