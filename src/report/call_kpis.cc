#include "report/call_kpis.h"

#include <map>

namespace hotline::report {

bool to_outcome(const store::CallRecord& c, kpi::CallOutcome* o) {
  // A caller who left its number is counted once, by the call back that follows.
  if (c.queued == 0 || c.queue.empty() || c.disposition == "callback") return false;
  // A call going on is decided later; one a crash cut off before its answer was never
  // decided (the center failed it, not the caller or the queue).
  const bool interrupted = c.disposition == "interrupted";
  if (c.disposition == "in_progress" || (interrupted && c.answered == 0)) return false;
  *o = kpi::CallOutcome{};
  if ((c.disposition == "answered" || interrupted) && c.answered != 0) {
    o->end = kpi::CallEnd::kAnswered;
    o->wait = c.answered - c.queued;
    o->talk = c.ended - c.answered;
    o->wrap_up = c.wrapup_ended > c.ended ? c.wrapup_ended - c.ended : 0;
  } else if (c.disposition == "abandoned" || c.disposition == "callback_failed") {
    o->end = kpi::CallEnd::kAbandoned;
    o->wait = c.ended - c.queued;
  } else {  // rejected, overflowed: the queue sent it away
    o->end = kpi::CallEnd::kOverflowed;
    o->wait = c.ended - c.queued;
  }
  return true;
}

kpi::KpiRules kpi_rules_of(const store::CallRecord& c) {
  return kpi::rules_for_queue(c.sl_threshold > 0 ? c.sl_threshold : seconds(20), c.short_abandon);
}

std::vector<QueueKpis> queue_kpis(const std::vector<store::CallRecord>& calls) {
  // Each queue judged by its own "answered within"; the center's SL sums the queues'.
  std::map<std::string, kpi::KpiCounter> by_queue;
  for (const store::CallRecord& c : calls) {
    kpi::CallOutcome outcome;
    if (!to_outcome(c, &outcome)) continue;
    auto it = by_queue.find(c.queue);
    if (it == by_queue.end())
      it = by_queue.emplace(c.queue, kpi::KpiCounter(kpi_rules_of(c))).first;
    it->second.add(outcome);
  }
  std::vector<QueueKpis> out;
  kpi::KpiCounter all;
  for (const auto& [queue, counter] : by_queue) {
    out.push_back({queue, counter.figures()});
    all.merge(counter);
  }
  out.push_back({"", all.figures()});
  return out;
}

}  // namespace hotline::report
