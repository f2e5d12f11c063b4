#pragma once
// CallStore: call-detail records in SQLite. The server writes a finished call's record
// in one transaction (several calls per transaction when they end together); reports
// read them back by arrival time. The schema is versioned and migrated on open.

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/call_record.h"

namespace hotline::store {

class Database;

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
  int schema_version();

 private:
  explicit CallStore(std::unique_ptr<Database> db);
  std::unique_ptr<Database> db_;
};

}  // namespace hotline::store
