#pragma once
// QueueBoard: one queue's figures as a wallboard shows them — today's, the last half
// hour's, and today's per interval — kept up to date as calls arrive, are answered and
// end. Days and intervals are the center's local time (UTC offset of its calendar); a
// call counts in the interval it arrived in (as forecasts count calls), from its arrival:
// a call waiting or talking is offered, a talking one answered (at a peak the board must
// not show few calls and 100 %). The recent window holds calls that ended within it.
// Pure: times come from the caller. Not thread-safe.

#include <cstdint>
#include <deque>
#include <map>
#include <utility>
#include <vector>

#include "kpi/kpis.h"

namespace hotline::kpi {

// The local midnight that began the day holding `now`, as a UTC time (`utc_offset`: the
// center's calendar's).
Time local_midnight(Time now, Duration utc_offset);

class QueueBoard {
 public:
  // REQUIRES: interval divides a day; recent > 0.
  QueueBoard(KpiRules rules, Duration utc_offset, Duration interval = seconds(1800),
             Duration recent = seconds(1800));

  // A call `id` entered the queue at `arrived` and waits.
  void arrive(std::uint64_t id, Time arrived);
  // An agent answered it after `wait`.
  void answer(std::uint64_t id, Duration wait);
  // The call's part in the queue that began at `arrived` is over: it is no longer in
  // progress (its outcome, if it counts, comes with add()).
  void forget(std::uint64_t id, Time arrived);
  // A call that ended at `ended`, having arrived in the queue at `arrived`. A call from a
  // day already over counts in the recent window only.
  void add(Time arrived, Time ended, const CallOutcome& call);
  std::size_t in_progress() const { return open_.size(); }

  // `now` must not go backwards: the day rolls over and the window slides with it.
  Kpis today(Time now);
  Kpis recent(Time now);
  // Today's intervals from local midnight to the one holding `now`.
  std::vector<Kpis> intervals(Time now);

  Duration interval() const { return interval_; }
  // When today's first interval began (local midnight, as a UTC time).
  Time day_start(Time now) const;

 private:
  void roll(Time now);
  std::int64_t local_day(Time t) const;

  KpiRules rules_;
  Duration utc_offset_, interval_, recent_;
  std::int64_t day_ = INT64_MIN;
  // Today's intervals with the calls still going on in them.
  std::vector<KpiCounter> with_open_calls() const;

  struct OpenCall {
    Time arrived = 0;
    CallInProgress progress;
  };
  std::map<std::uint64_t, OpenCall> open_;  // calls in progress, by id
  std::vector<KpiCounter> intervals_;       // today's, from midnight; grown as calls arrive
  std::deque<std::pair<Time, CallOutcome>> window_;  // ended within `recent_`, oldest first
};

}  // namespace hotline::kpi
