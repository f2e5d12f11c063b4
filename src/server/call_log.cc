#include "server/call_log.h"

#include <ctime>

namespace hotline::server::detail {

CallLog::CallLog(const EventLoop& owner, const Clock& clock, Settings settings)
    : owner_(owner),
      clock_(clock),
      settings_(std::move(settings)),
      uid_prefix_(std::to_string(clock.now() / kMicrosPerSecond)) {}

CallDetails& CallLog::of(std::uint64_t call) {
  assert(on_owner());
  return details_[call];
}

CallDetails* CallLog::find(std::uint64_t call) {
  assert(on_owner());
  auto it = details_.find(call);
  return it == details_.end() ? nullptr : &it->second;
}

CallDetails& CallLog::begin(std::uint64_t call, const Call& c, Time now) {
  CallDetails& d = of(call);
  if (d.uid.empty()) d.uid = next_uid();
  d.arrived = now;
  in_progress(call, c);
  return d;
}

void CallLog::in_progress(std::uint64_t call, const Call& c, acd::AgentId agent, Time answered) {
  const CallDetails* d = find(call);
  if (!d || d->uid.empty()) return;
  const bool out = c.calling_agent != acd::kNoAgent;  // an agent's call out
  if (out) agent = c.calling_agent;
  store::CallRecord r;
  r.uid = d->uid;
  r.direction = out ? "outbound" : "inbound";
  r.caller = out ? settings_.center_number : c.caller;
  r.called = d->called;
  r.arrived = d->arrived;
  r.queue = c.queue;
  r.queued = r.queue.empty() ? 0 : d->queued;
  if (agent != acd::kNoAgent) r.agent = settings_.agent_names[agent];
  r.answered = answered;
  r.recording = d->recording;
  r.transferred_from = d->transferred_from;
  r.disposition = "in_progress";
  r.short_abandon = settings_.short_abandon;
  writer_->in_progress(std::move(r));
}

const std::string& CallLog::start_recording(std::uint64_t call) {
  CallDetails& d = of(call);
  const auto now = static_cast<std::time_t>(clock_.now() / kMicrosPerSecond);
  std::tm tm{};
  localtime_r(&now, &tm);
  char day[16];
  std::strftime(day, sizeof day, "%Y-%m-%d", &tm);
  d.recording = std::string(day) + "/" + d.uid + ".wav";
  return d.recording;
}

std::size_t CallLog::add_leg(std::uint64_t call, const std::string& agent,
                             const std::string& number, Time offered) {
  std::vector<store::LegRecord>& legs = of(call).legs;
  store::LegRecord& leg = legs.emplace_back();
  leg.agent = agent;
  leg.number = number;
  leg.offered = offered;
  leg.result = "ringing";
  return legs.size() - 1;
}

store::LegRecord* CallLog::leg(const PlacedLeg& l) {
  CallDetails* d = find(l.call);
  return d && l.record < d->legs.size() ? &d->legs[l.record] : nullptr;
}

void CallLog::leg_answered(const PlacedLeg& l) {
  store::LegRecord* r = leg(l);
  if (!r) return;
  r->sip_status = 200;
  if (l.cancelled) {  // the 200 OK crossed our CANCEL: hung up at once, never talked
    r->result = "answered_late";
    return;
  }
  r->result = "answered";
  r->answered = clock_.now();
}

void CallLog::leg_ended(const PlacedLeg& l, const char* result, int status) {
  store::LegRecord* r = leg(l);
  if (!r) return;
  if (result) r->result = result;
  if (status) r->sip_status = status;
  if (r->ended == 0) r->ended = clock_.now();
}

void CallLog::leg_cancelled(PlacedLeg& l, const char* result) {
  l.cancelled = true;
  store::LegRecord* r = leg(l);
  if (!r) return;
  r->result = result;
  r->ended = clock_.now();
  if (r->sip_status == 0) r->sip_status = 487;
}

void CallLog::hold(std::uint64_t call, bool on) {
  CallDetails& d = of(call);
  const Time now = clock_.now();
  if (on) {
    d.hold_since = now;
    return;
  }
  d.hold += now - d.hold_since;
  d.hold_since = 0;
}

void CallLog::split_at_transfer(std::uint64_t call, const Call& c, Time now) {
  CallDetails& part = transferred_parts_[call];
  part = std::move(of(call));
  CallDetails& rest = details_[call] = CallDetails{};
  rest.called = part.called;
  rest.transferred_from = part.uid;
  begin(call, c, now);
}

void CallLog::end_hold_at_transfer(std::uint64_t call, Time now) {
  CallDetails& d = of(call);
  if (d.hold_since) d.hold += now - d.hold_since;
  d.hold_since = 0;
}

std::optional<store::CallRecord> CallLog::finished(const center::CallTrace& trace, const Call* c) {
  assert(on_owner());
  if (c && !c->transfer_to.empty()) {
    transferred_[trace.call] = trace;  // written when the transferred call ends
    return std::nullopt;
  }
  auto part = transferred_parts_.extract(trace.call);  // an agent's part before its transfer
  auto node = part ? std::move(part) : details_.extract(trace.call);
  CallDetails details = node ? std::move(node.mapped()) : CallDetails{};
  if (details.uid.empty()) details.uid = next_uid();
  store::CallRecord r = make_record(trace, std::move(details), settings_.agent_names);
  r.short_abandon = settings_.short_abandon;
  return r;
}

std::optional<store::CallRecord> CallLog::outside_ended(std::uint64_t call, const Call& c,
                                                        Time now) {
  assert(on_owner());
  if (c.transfer_to.empty()) return call_out_record(call, c, now);
  auto trace = transferred_.extract(call);
  if (!trace) return std::nullopt;  // the core has not finished the call yet: finished() will
  auto details = details_.extract(call);
  CallDetails d = details ? std::move(details.mapped()) : CallDetails{};
  for (store::LegRecord& leg : d.legs)
    if (leg.ended == 0) leg.ended = now;
  trace.mapped().ended = now;
  store::CallRecord r = make_record(trace.mapped(), std::move(d), settings_.agent_names);
  for (const store::LegRecord& leg : r.legs)  // the recording spans the transferred talk
    if (!r.recording.empty() && !leg.number.empty() && leg.answered)
      r.recording_length = now - leg.answered;
  return r;
}

store::CallRecord CallLog::call_out_record(std::uint64_t call, const Call& c, Time now) {
  auto details = details_.extract(call);
  CallDetails d = details ? std::move(details.mapped()) : CallDetails{};
  store::CallRecord r;
  r.uid = d.uid;
  r.direction = "outbound";
  r.caller = settings_.center_number;
  r.called = d.called;
  r.agent = settings_.agent_names[c.calling_agent];
  r.arrived = d.arrived;  // when the agent dialled
  r.ended = now;
  std::string phone_result;  // a desktop's call: how the agent's phone took it
  for (store::LegRecord& leg : d.legs) {
    if (leg.ended == 0) leg.ended = now;
    if (leg.number.empty()) {
      phone_result = leg.result;
      continue;
    }
    if (leg.answered) r.answered = leg.answered;
    r.disposition = leg.result == "ringing" ? "cancelled" : leg.result;
  }
  r.hangup_cause = d.hangup_cause.empty() ? "bye" : d.hangup_cause;
  if (r.disposition.empty()) {  // the number was never called: the agent's phone failed
    r.disposition = "cancelled";
    r.hangup_cause = "agent_phone_";
    r.hangup_cause += phone_result == "ringing" ? "cancelled" : phone_result;
  }
  // The number called hung up or refused; else the agent's phone ended it (or gave up).
  r.hangup_side = c.far_end_hung_up ? "customer" : "agent";
  r.recording = d.recording;
  if (r.answered && !r.recording.empty()) r.recording_length = now - r.answered;
  r.legs = std::move(d.legs);
  return r;
}

}  // namespace hotline::server::detail
