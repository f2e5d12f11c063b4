#include "kpi/kpis.h"

#include <algorithm>

namespace hotline::kpi {

void KpiCounter::add(const CallOutcome& call) {
  ++offered_;
  longest_wait_ = std::max(longest_wait_, call.wait);
  switch (call.end) {
    case CallEnd::kAnswered:
      ++answered_;
      if (call.wait <= rules_.sl_threshold) ++answered_in_sl_;
      answered_wait_ += call.wait;
      handle_ += call.talk + call.hold + call.wrap_up;
      ++handled_;
      break;
    case CallEnd::kAbandoned:
      if (call.wait < rules_.short_abandon)
        ++short_abandoned_;
      else
        ++abandoned_;
      break;
    case CallEnd::kOverflowed:
      ++overflowed_;
      break;
  }
}

void KpiCounter::add(const CallInProgress& call) {
  ++offered_;
  if (!call.answered) {
    ++in_queue_;
    return;
  }
  ++answered_;
  if (call.wait <= rules_.sl_threshold) ++answered_in_sl_;
  answered_wait_ += call.wait;
  longest_wait_ = std::max(longest_wait_, call.wait);
}

void KpiCounter::add(const AgentTime& t) {
  agents_.talk += t.talk;
  agents_.wrap_up += t.wrap_up;
  agents_.ringing += t.ringing;
  agents_.ready += t.ready;
  agents_.not_ready += t.not_ready;
}

void KpiCounter::merge(const KpiCounter& o) {
  offered_ += o.offered_;
  answered_ += o.answered_;
  answered_in_sl_ += o.answered_in_sl_;
  abandoned_ += o.abandoned_;
  short_abandoned_ += o.short_abandoned_;
  overflowed_ += o.overflowed_;
  in_queue_ += o.in_queue_;
  handled_ += o.handled_;
  answered_wait_ += o.answered_wait_;
  handle_ += o.handle_;
  longest_wait_ = std::max(longest_wait_, o.longest_wait_);
  add(o.agents_);
}

Kpis KpiCounter::figures(Duration span) const {
  Kpis k;
  k.offered = offered_;
  k.answered = answered_;
  k.answered_in_sl = answered_in_sl_;
  k.abandoned = abandoned_;
  k.short_abandoned = short_abandoned_;
  k.overflowed = overflowed_;
  k.in_queue = in_queue_;
  const auto ratio = [](double num, double den) { return den > 0 ? num / den : 0.0; };
  // Rates count what is decided: calls still waiting are offered, not yet a success or a
  // failure. Once every call is over this is offered minus the short abandons.
  const double counted = static_cast<double>(answered_ + abandoned_ + overflowed_);
  // An empty span has met its service level: nobody waited.
  k.service_level = counted > 0 ? answered_in_sl_ / counted : 1.0;
  k.answer_rate = counted > 0 ? answered_ / counted : 1.0;
  k.abandon_rate = ratio(static_cast<double>(abandoned_), counted);
  k.asa_s = ratio(to_seconds(answered_wait_), static_cast<double>(answered_));
  k.aht_s = ratio(to_seconds(handle_), static_cast<double>(handled_));
  const double working = to_seconds(agents_.talk + agents_.wrap_up);
  k.occupancy = ratio(working, working + to_seconds(agents_.ringing + agents_.ready));
  k.longest_wait_s = to_seconds(longest_wait_);
  const double staffed_hours = to_seconds(agents_.staffed()) / 3600.0;
  k.calls_per_agent_hour = ratio(static_cast<double>(answered_), staffed_hours);
  k.staffed_agents = span > 0 ? to_seconds(agents_.staffed()) / to_seconds(span) : 0.0;
  k.available_agents =
      span > 0 ? to_seconds(agents_.staffed() - agents_.not_ready) / to_seconds(span) : 0.0;
  return k;
}

}  // namespace hotline::kpi
