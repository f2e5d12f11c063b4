#pragma once
// LoginLockout: `max_failures` wrong passwords in a row for one user name from one client
// address lock that name out from that address for `lockout`. Elsewhere the user still
// logs in, so nobody can lock a colleague (or every admin) out from afar; names nobody has
// are counted like real ones, so a lockout tells nothing about which names exist.
//
// Failures are kept in hotline.db (a restart forgives nothing; `hotline user unlock` and
// PATCH /users/{name} {"unlock": true} clear them). Attempts still being checked count
// against the limit: guesses sent at once get no more tries than guesses in a row.
//
// Thread-safety: any thread.

#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "common/status.h"
#include "common/time.h"

namespace hotline::store {
class ServiceStore;
}

namespace hotline::api {

class LoginLockout {
 public:
  LoginLockout(store::ServiceStore& store, int max_failures, Duration lockout)
      : store_(store), max_failures_(max_failures), lockout_(lockout) {}

  // Before a password is checked: the time a lockout in force ends (the password must
  // not be checked then), or 0 with the attempt counted as in flight.
  Result<Time> begin(const std::string& user, const std::string& source, Time now);
  // After the check of an attempt begin() let through: true when this failure locked
  // the name out from `source`.
  Result<bool> end(const std::string& user, const std::string& source, bool succeeded, Time now);

 private:
  store::ServiceStore& store_;
  const int max_failures_;
  const Duration lockout_;
  std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, int> in_flight_;
};

}  // namespace hotline::api
