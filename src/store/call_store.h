#pragma once
// CallStore: call-detail records in SQLite. The server writes a finished call's record
// in one transaction (several calls per transaction when they end together); reports
// read them back by arrival time. The schema is versioned and migrated on open.
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

  // All or nothing: one transaction. A uid already stored is an error (nothing saved).
  Status save(const std::vector<CallRecord>& calls);
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
  std::unique_ptr<ThreadConnections> connections_;
};

}  // namespace hotline::store
