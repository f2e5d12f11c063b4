// The records of calls as the server keeps them: begun at arrival, brought up to date at
// the answer, finished when the core is done with a call (with the queue boards' figures),
// and the legs and recordings they name. The writing itself is RecordWriter's
// (call_records.h), on a thread of its own.

#include <ctime>

#include "server/server_impl.h"

namespace hotline::server::detail {

void ServerImpl::write_records() {
  std::vector<center::CallTrace> traces;
  center_.take_finished(traces);
  if (traces.empty()) return;
  std::vector<store::CallRecord> records;
  for (center::CallTrace& t : traces) {
    // Its part in a queue is over: no longer counted there as going on.
    if (!t.queue.empty() && t.queued) wallboard_.call_left_queue(t.queue, t.call, t.queued);
    if (auto c = calls_.find(t.call); c != calls_.end() && !c->second.transfer_to.empty()) {
      transferred_[t.call] = std::move(t);  // written when the transferred call ends
      continue;
    }
    auto part = transferred_parts_.extract(t.call);  // an agent's part before its transfer
    auto node = part ? std::move(part) : details_.extract(t.call);
    CallDetails details = node ? std::move(node.mapped()) : CallDetails{};
    if (details.uid.empty()) details.uid = next_uid();
    if (t.agent != acd::kNoAgent)
      wrap_ups_.call_finished(t.agent, details.uid, details.disposition_code);
    if (wallboard_.has_subscribers()) wallboard_.call_ended_event(t, details.uid);
    records.push_back(make_record(t, std::move(details), agent_names_));
    records.back().short_abandon = kpi_rules_.short_abandon;
    wallboard_.call_finished(records.back());
  }
  if (!records.empty()) records_->save(std::move(records));
}

CallDetails& ServerImpl::begin_record(std::uint64_t call, Time now) {
  CallDetails& d = details_[call];
  if (d.uid.empty()) d.uid = next_uid();
  d.arrived = now;
  record_in_progress(call);
  return d;
}

void ServerImpl::record_in_progress(std::uint64_t call, acd::AgentId agent, Time answered) {
  auto d = details_.find(call);
  auto c = calls_.find(call);
  if (d == details_.end() || c == calls_.end() || d->second.uid.empty()) return;
  const bool out = c->second.calling_agent != acd::kNoAgent;  // an agent's call out
  if (out) agent = c->second.calling_agent;
  store::CallRecord r;
  r.uid = d->second.uid;
  r.direction = out ? "outbound" : "inbound";
  r.caller = out ? center_number() : c->second.caller;
  r.called = d->second.called;
  r.arrived = d->second.arrived;
  r.queue = c->second.queue;
  r.queued = r.queue.empty() ? 0 : d->second.queued;
  if (agent != acd::kNoAgent) r.agent = agent_names_[agent];
  r.answered = answered;
  r.recording = d->second.recording;
  r.transferred_from = d->second.transferred_from;
  r.disposition = "in_progress";
  r.short_abandon = kpi_rules_.short_abandon;
  records_->in_progress(std::move(r));
}

void ServerImpl::leg_ended(const PlacedLeg& l, const char* result, int status) {
  auto d = details_.find(l.call);
  if (d == details_.end() || l.record >= d->second.legs.size()) return;
  store::LegRecord& r = d->second.legs[l.record];
  if (result) r.result = result;
  if (status) r.sip_status = status;
  if (r.ended == 0) r.ended = clock_.now();
}

std::string ServerImpl::recording_path(const std::string& uid) const {
  const auto now = static_cast<std::time_t>(clock_.now() / kMicrosPerSecond);
  std::tm tm{};
  localtime_r(&now, &tm);
  char day[16];
  std::strftime(day, sizeof day, "%Y-%m-%d", &tm);
  return std::string(day) + "/" + uid + ".wav";
}

}  // namespace hotline::server::detail
