#pragma once
// Call-detail records of a running center. The core's trace of a call (center::CallTrace)
// and what only the SIP side knows (the agent legs, the number dialled, the recording)
// are joined into a store::CallRecord and written by a thread of its own, so a slow
// disk never holds up calls. A batch that fails to write is kept and retried with the
// next one: a full disk delays records, it does not lose them.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "center/call_trace.h"
#include "common/event_loop.h"
#include "store/call_record.h"
#include "store/call_store.h"

namespace hotline::server {

// What the server learns about a call besides the core's trace.
struct CallDetails {
  std::string uid;
  std::string called;
  Time arrived = 0;  // when this record began (the call, or its part after a transfer)
  Time queued = 0;   // when it began to wait in its queue (for its record in progress)
  std::vector<store::LegRecord> legs;
  std::string recording;     // relative to the recordings directory; it spans the talk
  std::string hangup_cause;  // when the SIP side knows better ("rtp_timeout")
  Time hold_since = 0;       // on hold now (the agent's phone or desktop) since then
  Duration hold = 0;         // earlier holds
  std::string disposition_code;
  std::string transferred_from;  // uid of the part of the call before an agent's transfer
};

store::CallRecord make_record(const center::CallTrace& trace, CallDetails details,
                              const std::vector<std::string>& agent_names);

// Closes the records a crash left in progress as "interrupted" (cause "restart", hung up
// by the center), with the length of their recordings. Their end is not known: the end
// of the recording, else the last milestone. Returns how many were closed. Run at start,
// before any call arrives.
Result<std::size_t> close_interrupted_calls(store::CallStore& store,
                                            const std::string& recordings_dir);

class RecordWriter {
 public:
  // Starts the writer thread; fails only when the process is out of descriptors.
  static Result<std::unique_ptr<RecordWriter>> start(std::unique_ptr<store::CallStore> store);
  explicit RecordWriter(std::unique_ptr<store::CallStore> store);
  ~RecordWriter();
  // Any thread. Written in order, one transaction per batch.
  void save(std::vector<store::CallRecord> calls);
  // The record of a call going on (disposition "in_progress"), written at its arrival and
  // answer so that a crash leaves a trace of it. Not retried: the final record follows.
  void in_progress(store::CallRecord call);
  void wrapup_ended(const std::string& uid, Time when);
  void disposition_code(const std::string& uid, const std::string& code);
  // Runs `done` on the writer thread once everything saved before it is written (or has
  // failed to be, and waits for a retry).
  void then(std::function<void()> done);
  // Writes what is still queued, then stops.
  void stop();
  std::uint64_t written() const { return written_; }
  std::uint64_t failures() const { return failures_; }
  std::uint64_t waiting() const { return waiting_; }

 private:
  void write_backlog();
  // Changes a record already saved (or about to be: the backlog is written first).
  void amend(const std::string& uid, const char* what,
             std::function<Status(store::CallStore&)> change);
  std::unique_ptr<store::CallStore> store_;
  std::vector<store::CallRecord> backlog_;  // writer thread only
  EventLoop thread_;
  std::atomic<std::uint64_t> written_{0}, failures_{0}, waiting_{0};
};

}  // namespace hotline::server
