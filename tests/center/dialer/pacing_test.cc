// The pacers' arithmetic: the distributions they build, the abandons they expect (checked
// against a Monte Carlo count), and how they answer the abandon budget.

#include "center/dialer/pacing.h"

#include <gtest/gtest.h>

#include <numeric>
#include <random>

namespace hotline::dialer {
namespace {

TEST(Pacing, PoissonBinomialIsTheDistributionOfASumOfBernoullis) {
  std::vector<double> dist;
  poisson_binomial({0.5, 0.5}, dist);
  ASSERT_EQ(dist.size(), 3u);
  EXPECT_DOUBLE_EQ(dist[0], 0.25);
  EXPECT_DOUBLE_EQ(dist[1], 0.5);
  EXPECT_DOUBLE_EQ(dist[2], 0.25);
  poisson_binomial({1.0, 0.2, 0.0}, dist);
  EXPECT_DOUBLE_EQ(dist[0], 0.0);
  EXPECT_DOUBLE_EQ(dist[1], 0.8);
  EXPECT_DOUBLE_EQ(dist[2], 0.2);
  EXPECT_DOUBLE_EQ(std::accumulate(dist.begin(), dist.end(), 0.0), 1.0);
  poisson_binomial({}, dist);
  EXPECT_EQ(dist, std::vector<double>{1.0});
}

TEST(Pacing, MeasuredDurationsGiveConditionalEndings) {
  DurationSample talk(100, seconds(200));
  EXPECT_EQ(talk.mean(), seconds(200));  // the prior until enough are measured
  EXPECT_NEAR(talk.ends_within(seconds(500), seconds(200)), 1 - std::exp(-1.0), 1e-9);
  for (int s = 1; s <= 100; ++s)
    talk.add(seconds(s));
  EXPECT_EQ(talk.mean(), seconds(50) + seconds(1) / 2);
  // Of the calls longer than 50 s (51..100), those over by 60 s: 51..60.
  EXPECT_DOUBLE_EQ(talk.ends_within(seconds(50), seconds(10)), 10.0 / 50.0);
  EXPECT_DOUBLE_EQ(talk.ends_within(0, seconds(100)), 1.0);
  // The oldest go as new ones come: 100 more of 1000 s each leave only those.
  for (int i = 0; i < 100; ++i)
    talk.add(seconds(1000));
  EXPECT_EQ(talk.mean(), seconds(1000));
  EXPECT_EQ(talk.size(), 100u);
}

TEST(Pacing, WithNoAbandonAllowedItDialsOnlyForAgentsSureToBeFree) {
  BinomialPacer pacer;
  const std::vector<double> three_ready = {1, 1, 1, 0.4, 0.4};
  const std::vector<double> one_ringing = {0.5};
  PacingView v{{{&three_ready, &one_ringing, 0.3}}, 0.0, 50};
  EXPECT_EQ(pacer.decide(v), 2);  // three sure agents, one call already out
  EXPECT_DOUBLE_EQ(pacer.expected_abandons(), 0.0);
  const std::vector<double> none_ready = {0.5, 0.5, 0.5};
  v.horizons = {{&none_ready, nullptr, 0.3}};
  EXPECT_EQ(pacer.decide(v), 0);
}

TEST(Pacing, MoreAllowedAbandonsMeanMoreDialsAndTheExpectationIsRight) {
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<double> agents(48), ringing(20);
  for (double& a : agents)
    a = u(rng) < 0.1 ? 1.0 : u(rng) * 0.3;
  for (double& r : ringing)
    r = u(rng) * 0.4;
  BinomialPacer pacer;
  int previous = -1;
  for (double theta : {0.0, 0.01, 0.03, 0.1, 0.3}) {
    const int n = pacer.decide({{{&agents, &ringing, 0.3}}, theta, 200});
    EXPECT_GE(n, previous) << theta;
    previous = n;
    // Within the budget once it dials (the calls already out may overrun it alone).
    if (n > 0) {
      EXPECT_LE(pacer.expected_abandons(), theta * pacer.expected_answers() + 1e-9);
    }
    // The expectation against a count of simulated moments.
    double abandons = 0;
    const int trials = 20000;
    for (int t = 0; t < trials; ++t) {
      int x = 0, k = 0;
      for (double r : ringing)
        x += u(rng) < r;
      for (int i = 0; i < n; ++i)
        x += u(rng) < 0.3;
      for (double a : agents)
        k += u(rng) < a;
      abandons += std::max(0, x - k);
    }
    EXPECT_NEAR(abandons / trials, pacer.expected_abandons(),
                0.02 + 0.05 * pacer.expected_abandons())
        << theta;
  }
  EXPECT_GT(previous, 20);
}

TEST(Pacing, VicidialsLevelFollowsIdleAgentsAndDropsBackWhenTheLimitIsPassed) {
  VicidialPacer hard(4.0, 0, DropResponse::kHard);
  EXPECT_DOUBLE_EQ(hard.level(), 1.0);
  hard.adjust(10, 5, 0, 0, 0, 0.03, 1);  // half the agents idle: +50 %
  EXPECT_DOUBLE_EQ(hard.level(), 1.5);
  hard.adjust(10, 10, 0, 0, 0, 0.03, 1);
  EXPECT_DOUBLE_EQ(hard.level(), 3.0);
  hard.adjust(10, 10, 0, 0, 0, 0.03, 1);
  EXPECT_DOUBLE_EQ(hard.level(), 4.0);  // the maximum
  EXPECT_EQ(hard.decide(3, 2, 100), 10);
  EXPECT_EQ(hard.decide(3, 2, 4), 4);
  hard.adjust(10, 0, 2, 0.02, 100, 0.03, 1);  // calls waiting for agents: down
  EXPECT_DOUBLE_EQ(hard.level(), 3.2);
  hard.adjust(10, 0, 0, 0.05, 40, 0.03, 1);  // over the limit, but under 50 calls
  EXPECT_DOUBLE_EQ(hard.level(), 3.2);
  hard.adjust(10, 0, 0, 0.05, 60, 0.03, 1);
  EXPECT_DOUBLE_EQ(hard.level(), 1.0);

  VicidialPacer average(4.0, 0, DropResponse::kAverage), tapered(4.0, 0, DropResponse::kTapered);
  for (VicidialPacer* p : {&average, &tapered})
    for (int i = 0; i < 3; ++i)
      p->adjust(10, 10, 0, 0, 0, 0.03, 1);
  average.adjust(10, 0, 0, 0.05, 60, 0.03, 0.25);
  EXPECT_DOUBLE_EQ(average.level(), 2.0);
  tapered.adjust(10, 0, 0, 0.05, 60, 0.03, 0.25);
  EXPECT_DOUBLE_EQ(tapered.level(), 1.75);
}

}  // namespace
}  // namespace hotline::dialer
