// The records of calls as the server keeps them (CallLog): begun at arrival, brought up
// to date at the answer, finished when the core is done with a call (with the queue
// boards' figures).

#include "server/call_flows.h"

namespace hotline::server::detail {

void CallFlows::write_records() {
  std::vector<center::CallTrace> traces;
  center_.take_finished(traces);
  if (traces.empty()) return;
  std::vector<store::CallRecord> records;
  for (const center::CallTrace& t : traces) {
    // Its part in a queue is over: no longer counted there as going on.
    if (!t.queue.empty() && t.queued) wallboard_.call_left_queue(t.queue, t.call, t.queued);
    std::optional<store::CallRecord> r = log_.finished(t, calls_.find(t.call));
    if (!r) continue;
    if (t.agent != acd::kNoAgent) wrap_ups_.call_finished(t.agent, r->uid, r->disposition_code);
    if (wallboard_.has_subscribers()) wallboard_.call_ended_event(t, r->uid);
    wallboard_.call_finished(*r);
    records.push_back(std::move(*r));
  }
  if (!records.empty()) log_.writer().save(std::move(records));
}

void CallFlows::record_in_progress(std::uint64_t call, acd::AgentId agent, Time answered) {
  if (const Call* c = calls_.find(call)) log_.in_progress(call, *c, agent, answered);
}

void CallFlows::start_recording(std::uint64_t call, const Call& c) {
  telephony_.record(c, log_.start_recording(call));
}

}  // namespace hotline::server::detail
