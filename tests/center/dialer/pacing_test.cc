// The pacers' arithmetic: the distributions they build, the abandons they expect (checked
// against a Monte Carlo count), and how they answer the abandon budget.

#include "center/dialer/pacing.h"

#include <gtest/gtest.h>

#include <random>

namespace hotline::dialer {
namespace {

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

// A view of `slots` slots where a number dialled now is answered in slot 10 with p 0.3.
PacingView view(std::vector<Chance> agents, std::vector<Chance> answers, double limit,
                int max_new) {
  PacingView v;
  v.slots = 28;
  v.agents = std::move(agents);
  v.answers = std::move(answers);
  v.new_dial = {10, 0.3};
  v.marginal_limit = limit;
  v.max_new = max_new;
  return v;
}

TEST(Pacing, WithNoAbandonAllowedItDialsOnlyForAgentsSureToBeFree) {
  BinomialPacer pacer;
  PacingView v = view({{0, 1}, {0, 1}, {0, 1}, {0, 0.4}, {3, 0.4}}, {{5, 0.5}}, 0.0, 50);
  EXPECT_EQ(pacer.decide(v), 2);  // three sure agents, one call already out
  EXPECT_DOUBLE_EQ(pacer.expected_abandons(), 0.0);
  v = view({{0, 0.5}, {0, 0.5}, {0, 0.5}}, {}, 0.0, 50);
  EXPECT_EQ(pacer.decide(v), 0);
}

TEST(Pacing, AnAnswerBeforeItsAgentIsFreeIsAbandoned) {
  BinomialPacer pacer;
  // A sure answer in slot 2 and an agent free only from slot 12: abandoned, although
  // there is an agent for it by the end.
  PacingView v = view({{12, 1}}, {{2, 1}}, 0.0, 0);
  pacer.decide(v);
  EXPECT_DOUBLE_EQ(pacer.expected_abandons(), 1.0);
  v = view({{2, 1}}, {{2, 1}}, 0.0, 0);
  pacer.decide(v);
  EXPECT_DOUBLE_EQ(pacer.expected_abandons(), 0.0);
  // Freed first, it waits for the answer.
  v = view({{0, 1}}, {{20, 1}}, 0.0, 0);
  pacer.decide(v);
  EXPECT_DOUBLE_EQ(pacer.expected_abandons(), 0.0);
  EXPECT_DOUBLE_EQ(pacer.expected_answers(), 1.0);
}

TEST(Pacing, MoreAllowedAbandonsMeanMoreDialsEachWithinItsPriceAndTheExpectationIsRight) {
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(0, 1);
  std::uniform_int_distribution<int> slot(0, 27);
  std::vector<Chance> agents(48), answers(20);
  for (Chance& a : agents)
    a = {slot(rng), u(rng) < 0.2 ? 1.0 : u(rng) * 0.3};
  for (Chance& r : answers)
    r = {slot(rng), u(rng) * 0.4};
  BinomialPacer pacer;
  PacingView none = view(agents, answers, 0, 0);
  pacer.decide(none);
  const double already = pacer.expected_abandons();
  int previous = -1;
  for (double limit : {0.0, 0.01, 0.03, 0.1, 0.3}) {
    PacingView v = view(agents, answers, limit, 200);
    const int n = pacer.decide(v);
    EXPECT_GE(n, previous) << limit;
    previous = n;
    // Each new number added at most `limit` of its answers in abandons.
    EXPECT_LE(pacer.expected_abandons() - already, limit * 0.3 * n + 1e-9) << limit;
    // The expectation against a count of simulated moments: slot by slot, agents freed
    // wait; each answer takes one, or is abandoned.
    double abandons = 0;
    const int trials = 20000;
    for (int t = 0; t < trials; ++t) {
      int idle = 0;
      for (int s = 0; s < 28; ++s) {
        for (const Chance& a : v.agents)
          idle += a.slot == s && u(rng) < a.p;
        int x = 0;
        for (const Chance& r : v.answers)
          x += r.slot == s && u(rng) < r.p;
        for (int i = 0; i < n && s == 10; ++i)
          x += u(rng) < 0.3;
        abandons += std::max(0, x - idle);
        idle = std::max(0, idle - x);
      }
    }
    EXPECT_NEAR(abandons / trials, pacer.expected_abandons(),
                0.02 + 0.05 * pacer.expected_abandons())
        << limit;
  }
  // Dials beyond one per agent sure to be free in time for them.
  int sure = 0;
  for (const Chance& a : agents)
    sure += a.slot <= 10 && a.p == 1.0;
  EXPECT_GT(previous, sure + 3);
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
