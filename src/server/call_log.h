#pragma once
// CallLog: the records of the calls going on, as the server keeps them. A record is begun
// at arrival (and written as in progress, so that a crash leaves a trace), learns its
// legs, recording and holds while the call goes on, and is closed into a
// store::CallRecord when the core finishes the call, or when the far end of a call that
// left the center hangs up. Writing is RecordWriter's (call_records.h), on its own thread.
//
// Thread-safety: the core thread only, asserted.

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "center/call_trace.h"
#include "common/event_loop.h"
#include "common/time.h"
#include "server/call_records.h"
#include "server/call_table.h"

namespace hotline::server::detail {

class CallLog {
 public:
  struct Settings {
    std::vector<std::string> agent_names;  // by acd::AgentId
    std::string center_number;             // the caller of calls out
    Duration short_abandon = 0;            // the center's KPI rule, in every record
  };
  // `clock` and `owner` (the core thread's loop) must outlive the log; uids begin with
  // the server's start time, so that they are unique across restarts.
  CallLog(const EventLoop& owner, const Clock& clock, Settings settings);

  // The writer records go to, once the day's figures are rebuilt; it must outlive the log.
  void write_to(RecordWriter& writer) { writer_ = &writer; }
  RecordWriter& writer() { return *writer_; }

  // The record of the call going on (an empty one if it has none yet).
  CallDetails& of(std::uint64_t call);
  CallDetails* find(std::uint64_t call);
  // Gives the call a record of its own (a new uid unless it has one) that began `now`,
  // and writes it as in progress.
  CallDetails& begin(std::uint64_t call, const Call& c, Time now);
  // Writes the call's record as it stands (arrival, queue, agent, answer, recording), so
  // that a crash leaves a record of it, closed as interrupted at the next start.
  void in_progress(std::uint64_t call, const Call& c, acd::AgentId agent = acd::kNoAgent,
                   Time answered = 0);
  // Records the talk from now on: the recording's path (a folder per local day,
  // YYYY-MM-DD/UID.wav), for the relay to write.
  const std::string& start_recording(std::uint64_t call);

  // A new leg in the call's record, ringing since `offered`: to `agent`'s phone, or to
  // `number` (an outside number, a remote seat), or both. Its index goes in
  // PlacedLeg::record.
  std::size_t add_leg(std::uint64_t call, const std::string& agent, const std::string& number,
                      Time offered);
  store::LegRecord* leg(const PlacedLeg& l);
  // The leg's 200 OK: answered now, or, when it crossed our CANCEL, answered too late
  // (the leg is hung up at once), whoever the leg reached.
  void leg_answered(const PlacedLeg& l);
  // How a placed leg ended; `result` null keeps what is known already.
  void leg_ended(const PlacedLeg& l, const char* result, int status);
  // Our CANCEL ends the ring: its INVITE's final answer is 487, whenever that arrives.
  void leg_cancelled(PlacedLeg& l, const char* result);
  // Hold time, counted from the phone's or the desktop's hold to its end.
  void hold(std::uint64_t call, bool on);

  // An agent handed the call to a queue or a colleague: its part keeps what was gathered
  // (for the trace the core finishes now), the rest is a record of its own from `now`.
  void split_at_transfer(std::uint64_t call, const Call& c, Time now);
  // An agent handed the call to an outside number: one record, the hold ends here.
  void end_hold_at_transfer(std::uint64_t call, Time now);

  // The core finished the call (`c` null: already released): its record, or nothing for
  // an IVR transfer whose far end still talks (outside_ended() closes it then).
  std::optional<store::CallRecord> finished(const center::CallTrace& trace, const Call* c);
  // A call that left the center ended (released): the IVR transfer's record once the
  // core has finished it too, or the agent's call out.
  std::optional<store::CallRecord> outside_ended(std::uint64_t call, const Call& c, Time now);

 private:
  std::string next_uid() { return uid_prefix_ + "-" + std::to_string(++calls_seen_); }
  store::CallRecord call_out_record(std::uint64_t call, const Call& c, Time now);
  bool on_owner() const { return owner_.is_current_thread(); }

  const EventLoop& owner_;
  const Clock& clock_;
  const Settings settings_;
  RecordWriter* writer_ = nullptr;
  const std::string uid_prefix_;
  std::uint64_t calls_seen_ = 0;
  std::unordered_map<std::uint64_t, CallDetails> details_;  // until the call's record closes
  // The agent's part of a call it transferred to a queue or an agent: written with the
  // trace the core finishes for it, while details_ follows the rest of the call.
  std::unordered_map<std::uint64_t, CallDetails> transferred_parts_;
  // IVR transfers to a number: the core is done with them, the record waits for the far end.
  std::unordered_map<std::uint64_t, center::CallTrace> transferred_;
};

}  // namespace hotline::server::detail
