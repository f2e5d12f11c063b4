#include "wfm/erlang.h"

#include <gtest/gtest.h>
#include <quadmath.h>

#include <cmath>

namespace hotline::wfm {
namespace {

TEST(ErlangB, SmallExactValues) {
  EXPECT_DOUBLE_EQ(erlang_b(0, 3.0), 1.0);
  EXPECT_DOUBLE_EQ(erlang_b(1, 3.0), 3.0 / 4.0);
  EXPECT_DOUBLE_EQ(erlang_b(2, 1.0), 0.2);
  EXPECT_DOUBLE_EQ(erlang_b(5, 0.0), 0.0);
}

TEST(ErlangB, PublishedTableValues) {
  // Erlang B tables: 10 trunks carry 4.46 Erlangs at 1 % blocking, 5.08 at 2 %.
  EXPECT_NEAR(erlang_b(10, 4.46), 0.01, 0.0002);
  EXPECT_NEAR(erlang_b(10, 5.08), 0.02, 0.0002);
}

TEST(ErlangC, SmallExactValues) {
  // M/M/2 at 1 Erlang: P(wait) = 1/3.
  EXPECT_NEAR(erlang_c(2, 1.0), 1.0 / 3.0, 1e-15);
  // M/M/1: P(wait) = rho.
  EXPECT_NEAR(erlang_c(1, 0.7), 0.7, 1e-15);
  EXPECT_DOUBLE_EQ(erlang_c(3, 3.0), 1.0);  // unstable
  EXPECT_DOUBLE_EQ(erlang_c(3, 0.0), 0.0);
}

TEST(ErlangC, PublishedCallCentreExample) {
  // The textbook example: 100 calls in 30 minutes, AHT 180 s, 80/20 target -> 10 Erlangs.
  const double lambda = 100.0 / 1800.0;
  QueueFigures eleven = erlang_c_figures(11, lambda, 180, 20);
  EXPECT_NEAR(eleven.traffic_erlangs, 10.0, 1e-12);
  EXPECT_NEAR(eleven.prob_wait, 0.6821, 0.0001);
  EXPECT_NEAR(eleven.service_level, 0.3897, 0.0001);
  EXPECT_NEAR(eleven.asa_s, 122.8, 0.1);
  QueueFigures fourteen = erlang_c_figures(14, lambda, 180, 20);
  EXPECT_NEAR(fourteen.prob_wait, 0.1741, 0.0001);
  EXPECT_NEAR(fourteen.service_level, 0.8884, 0.0001);
  EXPECT_NEAR(fourteen.occupancy, 10.0 / 14.0, 1e-12);
}

// Quad-precision Erlang B for reference.
double erlang_b_quad(int n, double a) {
  __float128 inv = 1;
  for (int k = 1; k <= n; ++k)
    inv = 1 + inv * (static_cast<__float128>(k) / a);
  return static_cast<double>(1 / inv);
}

TEST(ErlangB, MatchesQuadPrecisionUpTo20000Agents) {
  for (int n : {1, 7, 50, 300, 1000, 5000, 12000, 20000}) {
    for (double load : {0.5, 0.9, 0.99, 1.0, 1.1, 2.0}) {
      const double a = n * load;
      const double expected = erlang_b_quad(n, a);
      EXPECT_NEAR(erlang_b(n, a), expected, 1e-9 * std::max(1.0, expected))
          << "n=" << n << " A=" << a;
      if (expected > 1e-280) {  // below that both underflow to zero
        EXPECT_NEAR(erlang_b(n, a) / expected, 1.0, 1e-9) << "relative, n=" << n << " A=" << a;
      }
    }
  }
}

TEST(ErlangC, MatchesQuadPrecisionUpTo20000Agents) {
  for (int n : {2, 30, 1000, 20000}) {
    for (double load : {0.5, 0.9, 0.999}) {
      const double a = n * load;
      const __float128 b = erlang_b_quad(n, a);
      const double expected = static_cast<double>(n * b / (n - a * (1 - b)));
      EXPECT_NEAR(erlang_c(n, a), expected, 1e-9) << "n=" << n << " A=" << a;
    }
  }
}

TEST(ErlangA, PatienceEqualToHandleTimeIsInfiniteServer) {
  // With theta = mu the number in system is Poisson(A): P(wait) = P(N >= c).
  const double aht = 200, lambda = 8.0 / aht;  // A = 8
  const int c = 9;
  QueueFigures f = erlang_a_figures(c, lambda, aht, aht, 20);
  double p_below = 0, term = std::exp(-8.0), excess = 0;
  for (int n = 0; n < 200; ++n) {
    if (n < c)
      p_below += term;
    else
      excess += (n - c) * term;
    term *= 8.0 / (n + 1);
  }
  EXPECT_NEAR(f.prob_wait, 1.0 - p_below, 1e-12);
  EXPECT_NEAR(f.abandon_rate, (1.0 / aht) * excess / lambda, 1e-12);
}

TEST(ErlangA, VeryPatientCallersApproachErlangC) {
  const double lambda = 100.0 / 1800.0;
  QueueFigures c = erlang_c_figures(12, lambda, 180, 20);
  QueueFigures a = erlang_a_figures(12, lambda, 180, 1e7, 20);
  EXPECT_NEAR(a.prob_wait, c.prob_wait, 1e-3);
  EXPECT_NEAR(a.service_level, c.service_level, 1e-3);
  EXPECT_NEAR(a.asa_s, c.asa_s, 0.5);
  EXPECT_LT(a.abandon_rate, 1e-3);
}

TEST(ErlangA, OverloadedQueueIsStableAndAbandons) {
  // 20 Erlangs on 10 agents: Erlang C has no answer, Erlang A does.
  QueueFigures f = erlang_a_figures(10, 20.0 / 180, 180, 60, 20);
  EXPECT_GT(f.abandon_rate, 0.4);
  EXPECT_LT(f.abandon_rate, 0.6);
  EXPECT_GT(f.occupancy, 0.95);
  EXPECT_LE(f.occupancy, 1.0);
  EXPECT_GE(f.service_level, 0.0);
  EXPECT_LT(f.service_level, 0.3);
}

TEST(ErlangA, ServiceLevelGrowsWithThreshold) {
  const double lambda = 100.0 / 1800.0;
  double previous = -1;
  for (double t : {0.0, 5.0, 20.0, 60.0, 300.0}) {
    const double sl = erlang_a_figures(10, lambda, 180, 120, t).service_level;
    EXPECT_GT(sl, previous);
    previous = sl;
  }
  // At threshold 0 the service level is the chance of being answered at once.
  QueueFigures f = erlang_a_figures(10, lambda, 180, 120, 0);
  EXPECT_NEAR(f.service_level, 1.0 - f.prob_wait, 1e-12);
}

}  // namespace
}  // namespace hotline::wfm
