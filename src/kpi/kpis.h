#pragma once
// The one place where call-center KPIs are computed, so that the simulator, the
// reports and the wallboard can never disagree. Formulas: docs/kpis.md.
//
// A KpiCounter accumulates what happened to calls and agents over some span (an
// interval, a day, a queue, a team) and turns it into figures. Counters merge, so the
// day is the sum of its intervals. Not thread-safe; cheap to copy.

#include <cstdint>

#include "common/time.h"

namespace hotline::kpi {

struct KpiRules {
  Duration sl_threshold = seconds(20);  // "answered within T"
  Duration short_abandon = 0;           // abandons faster than this are not counted as offered
};

// The rules a queue's calls are judged by, everywhere (wallboard, API, reports, the
// simulator): T is the queue's own "answered within", S the center's short abandon.
inline KpiRules rules_for_queue(Duration queue_sl_threshold, Duration center_short_abandon) {
  return KpiRules{queue_sl_threshold, center_short_abandon};
}

// How one call offered to a queue ended.
enum class CallEnd : std::uint8_t {
  kAnswered,
  kAbandoned,   // the caller hung up while waiting or ringing
  kOverflowed,  // sent out of the queue (another site, voicemail, rejected when full)
};

struct CallOutcome {
  CallEnd end = CallEnd::kAnswered;
  Duration wait = 0;  // from entering the queue to answer, abandon or overflow
  Duration talk = 0;  // answered calls
  Duration hold = 0;
  Duration wrap_up = 0;
};

// Agent time by state, for occupancy and productivity.
struct AgentTime {
  Duration talk = 0;  // includes hold
  Duration wrap_up = 0;
  Duration ringing = 0;
  Duration ready = 0;
  Duration not_ready = 0;
  Duration staffed() const { return talk + wrap_up + ringing + ready + not_ready; }
};

// A call still going on: waiting (not answered) or talking (answered after `wait`).
struct CallInProgress {
  bool answered = false;
  Duration wait = 0;  // answered: from entering the queue to the answer
};

struct Kpis {
  std::int64_t offered = 0;   // all arrivals, short abandons and calls going on included
  std::int64_t in_queue = 0;  // offered calls still waiting (neither answered nor given up)
  std::int64_t answered = 0;
  std::int64_t answered_in_sl = 0;
  std::int64_t abandoned = 0;  // short abandons excluded
  std::int64_t short_abandoned = 0;
  std::int64_t overflowed = 0;
  double service_level = 0;  // answered_in_sl / (offered - short_abandoned)
  double answer_rate = 0;    // 接通率: answered / (offered - short_abandoned)
  double abandon_rate = 0;   // abandoned / (offered - short_abandoned)
  double asa_s = 0;          // wait of answered calls / answered
  double aht_s = 0;          // (talk + hold + wrap-up) / answered
  double occupancy = 0;      // (talk + wrap-up) / (talk + wrap-up + ringing + ready)
  double longest_wait_s = 0;
  double calls_per_agent_hour = 0;  // answered / staffed hours
  double staffed_agents = 0;        // average agents logged in over the span
  double available_agents = 0;      // average agents logged in and not on a break
};

class KpiCounter {
 public:
  explicit KpiCounter(KpiRules rules = {}) : rules_(rules) {}

  void add(const CallOutcome& call);
  // A call that arrived and is not over: offered now, answered once an agent took it. Its
  // handle time comes when it ends (as an add() of its outcome, on a counter of ended calls).
  void add(const CallInProgress& call);
  void add(const AgentTime& time);
  void merge(const KpiCounter& other);

  // Figures; `span` is the length of the period, for the average staffed agents.
  Kpis figures(Duration span = 0) const;

 private:
  KpiRules rules_;
  std::int64_t offered_ = 0, answered_ = 0, answered_in_sl_ = 0, abandoned_ = 0,
               short_abandoned_ = 0, overflowed_ = 0, in_queue_ = 0,
               handled_ = 0;  // answered calls that ended: what AHT divides by
  Duration answered_wait_ = 0, handle_ = 0, longest_wait_ = 0;
  AgentTime agents_;
};

}  // namespace hotline::kpi
