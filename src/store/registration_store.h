#pragma once
// RegistrationStore: agents' phones' registrations (contact and expiry) in hotline.db, so
// that a restart, or a crash, does not log out every agent whose phone will not register
// again for up to an hour.
//
// Thread-safety: every method from any thread (a connection per thread).

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/time.h"

namespace hotline::store {

class ThreadConnections;

struct StoredRegistration {
  std::string user;     // the phone's SIP account
  std::string contact;  // where it asked to be called
  Time expires_at = 0;
  std::string route;  // where its REGISTER came from ("sip:192.0.2.7:5062;transport=udp")
};

class RegistrationStore {
 public:
  // Opens or creates the database file and brings its schema up to date.
  static Result<std::unique_ptr<RegistrationStore>> open(const std::string& path);
  ~RegistrationStore();

  // Stores or replaces the user's registration.
  Status keep(const StoredRegistration& registration);
  Status remove(const std::string& user);
  // The registrations that have not lapsed at `now`; lapsed ones are deleted.
  Result<std::vector<StoredRegistration>> live(Time now);

 private:
  explicit RegistrationStore(std::unique_ptr<ThreadConnections> connections);
  std::unique_ptr<ThreadConnections> connections_;
};

}  // namespace hotline::store
