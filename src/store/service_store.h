#pragma once
// ServiceStore: the service platform's data in hotline.db — the users of the API and the
// audit log of what they read and changed. (Customers, tickets and the knowledge base
// join it.) Callers see plain structs; SQL stays inside.
//
// Thread-safety: every method may be called from any thread; one connection serves them
// in turn.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "store/audit.h"

namespace hotline::store {

class Database;

struct User {
  std::string name;  // the login name, unique
  std::string display_name;
  std::string role;           // see auth/roles.h
  std::string team;           // "" for none
  std::string agent;          // the agent of the center this user works as ("" for none)
  std::string password_hash;  // argon2id, encoded
  bool active = true;
  Time created = 0, updated = 0;
};

// Failed logins of one user name from one client address, in a row.
struct LoginFailures {
  int failures = 0;
  Time locked_until = 0;  // no login from that address before then
};

class ServiceStore {
 public:
  // Opens or creates the database file and brings its schema up to date.
  static Result<std::unique_ptr<ServiceStore>> open(const std::string& path);
  ~ServiceStore();

  // An error if the name is taken.
  Status add_user(const User& user);
  // Replaces the stored user of the same name; an error if there is none.
  Status update_user(const User& user);
  Result<std::optional<User>> find_user(const std::string& name);
  // Every user, by name.
  Result<std::vector<User>> users();

  // Center settings changed in the administration pages (config::CenterSettings).
  Result<std::map<std::string, std::string>> center_settings();
  // Sets one (an empty `json` removes it, back to the file's) and writes `audit` in the
  // same transaction: a change is kept with its record or not at all.
  Status set_center_setting(const std::string& key, const std::string& json,
                            const AuditEntry& audit);

  // The failures of `user` from `source` (the user need not exist).
  Result<LoginFailures> login_failures(const std::string& user, const std::string& source);
  // Stores them at `now` (no failures and no lock: forgotten); entries untouched for a
  // day are swept.
  Status set_login_failures(const std::string& user, const std::string& source,
                            const LoginFailures& f, Time now);
  // Unlocks `user` from every address; false when it was not locked at `now`.
  Result<bool> unlock_user(const std::string& user, Time now);
  // Users locked out from some address at `now`, with the latest end of their lockouts.
  Result<std::map<std::string, Time>> lockouts(Time now);

  Status audit(const AuditEntry& entry);
  // Entries in [from, to), newest first, at most `limit`.
  Result<std::vector<AuditEntry>> audit_entries(Time from, Time to, std::size_t limit);

 private:
  explicit ServiceStore(std::unique_ptr<Database> db);
  std::mutex mutex_;
  std::unique_ptr<Database> db_;
};

}  // namespace hotline::store
