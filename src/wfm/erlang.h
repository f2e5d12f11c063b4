#pragma once
// Queueing formulas for staffing: Erlang B (loss), Erlang C (M/M/c, callers wait
// forever) and Erlang A (M/M/c+M, callers abandon after an exponential patience).
//
// All functions are pure and thread-safe. Traffic is in Erlangs (arrival rate x
// average handle time). Recursions are the numerically stable forms, accurate to
// better than 1e-9 up to 20,000 agents (tests/wfm compare them with quad precision).

namespace hotline::wfm {

// Probability that a call finds all `agents` busy in a loss system. REQUIRES: agents >= 0,
// traffic >= 0.
double erlang_b(int agents, double traffic);

// Probability that a call has to wait (Erlang C). 1 when agents <= traffic (unstable queue).
double erlang_c(int agents, double traffic);

// What a queue with `agents` agents achieves. Times in seconds, rates per second.
struct QueueFigures {
  int agents = 0;
  double traffic_erlangs = 0;
  double prob_wait = 0;      // P(an arriving call waits)
  double service_level = 0;  // answered within the threshold / offered
  double asa_s = 0;          // mean wait of answered calls
  double occupancy = 0;      // carried traffic / agents
  double abandon_rate = 0;   // abandoned / offered (0 in Erlang C)
};

// Erlang C figures. An unstable queue (agents <= traffic) reports prob_wait 1,
// service_level 0, occupancy 1 and an infinite ASA.
QueueFigures erlang_c_figures(int agents, double arrivals_per_s, double aht_s, double sl_seconds);

// Erlang A figures, exact for M/M/c+M: the birth-death chain is solved numerically
// (truncated where the remaining probability is below 1e-20) and the wait of a caller
// who finds k callers ahead is the hypoexponential path to the head of the line.
// REQUIRES: patience_s > 0.
QueueFigures erlang_a_figures(int agents, double arrivals_per_s, double aht_s, double patience_s,
                              double sl_seconds);

}  // namespace hotline::wfm
