#pragma once
// CallStore: call-detail records in SQLite. The server writes a call's record when it
// arrives and when it is answered (disposition "in_progress"), and the finished record
// in one transaction when it ends (several calls per transaction when they end
// together); reports read them back by arrival time. A record still in progress when
// the server starts belongs to a call a crash interrupted: the server closes it as
// "interrupted". The schema is versioned and migrated on open.
//
// Thread-safety: every method from any thread (a connection per thread).

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/call_record.h"

namespace hotline::store {

class ThreadConnections;

struct CallQuery {
  Time from = 0, to = kNever;             // arrived in [from, to)
  std::string uid;                        // "" for any
  std::vector<std::string> agents;        // empty for any; else taken by one of these agents
  std::vector<std::string> dispositions;  // empty for any; else one of these
  std::string number;                     // "" for any; else the caller or the called number
  bool newest_first = false;
  std::size_t limit = 100;  // 0: no limit
};

class CallStore {
 public:
  // Opens or creates the database file and brings its schema up to date.
  static Result<std::unique_ptr<CallStore>> open(const std::string& path);
  ~CallStore();

  // All or nothing: one transaction. Replaces the calls' records in progress; a uid
  // already stored with its final record is an error (nothing saved).
  Status save(const std::vector<CallRecord>& calls);
  // Stores or replaces the record of a call going on (its disposition "in_progress");
  // nothing when the call's final record is already stored.
  Status save_in_progress(const CallRecord& call);
  // A record in progress found at start: its call was cut off by a crash. Only records
  // still in progress change.
  Status close_interrupted(const std::string& uid, Time ended, Duration recording_length);
  // The agent finished after-call work for the call.
  Status set_wrapup_ended(const std::string& uid, Time when);
  // The agent gave the call its disposition code after the record was written.
  Status set_disposition_code(const std::string& uid, const std::string& code);
  // Calls that arrived in [from, to), oldest first, with their legs.
  Result<std::vector<CallRecord>> calls(Time from, Time to);
  Result<std::vector<CallRecord>> calls(const CallQuery& query);
  Result<std::optional<CallRecord>> find(const std::string& uid);
  int schema_version();

 private:
  explicit CallStore(std::unique_ptr<ThreadConnections> connections);
  Status insert(const std::vector<CallRecord>& calls, bool in_progress);
  std::unique_ptr<ThreadConnections> connections_;
};

}  // namespace hotline::store
