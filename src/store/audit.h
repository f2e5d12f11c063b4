#pragma once
// The audit log (audit_log in hotline.db): who did what to what, when, from where. Stores
// that change data write the entry in the same transaction as the change, so that a change
// is kept with its record or not at all.

#include <string>

#include "common/status.h"
#include "common/time.h"

namespace hotline::store {

class Database;

// Who does a step, for the audit log.
struct Actor {
  std::string user;
  std::string source;  // the client's address
};

struct AuditEntry {
  Time at = 0;
  std::string user;    // who ("" when nobody logged in, e.g. a failed login)
  std::string action;  // e.g. "login", "user.create", "recording.read"
  std::string target;  // what it was done to
  std::string detail;
  std::string source;  // the client's address
};

// Appends `entry` on `db`, inside the caller's transaction if one is open.
Status write_audit(Database& db, const AuditEntry& entry);

}  // namespace hotline::store
