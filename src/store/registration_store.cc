#include "store/registration_store.h"

#include "store/database.h"
#include "store/thread_connections.h"

namespace hotline::store {

RegistrationStore::RegistrationStore(std::unique_ptr<ThreadConnections> connections)
    : connections_(std::move(connections)) {}
RegistrationStore::~RegistrationStore() = default;

Result<std::unique_ptr<RegistrationStore>> RegistrationStore::open(const std::string& path) {
  auto connections = ThreadConnections::open(path);
  if (!connections.ok()) return connections.status();
  return std::unique_ptr<RegistrationStore>(new RegistrationStore(std::move(*connections)));
}

Status RegistrationStore::keep(const StoredRegistration& r) {
  auto upsert = connections_->get().cached(
      "INSERT INTO registrations (user, contact, expires_at, route) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT(user) DO UPDATE SET contact = excluded.contact, "
      "expires_at = excluded.expires_at, route = excluded.route");
  if (!upsert.ok()) return upsert.status();
  StatementLease lease(*upsert);
  lease->bind(1, r.user).bind(2, r.contact).bind(3, static_cast<std::int64_t>(r.expires_at));
  lease->bind(4, r.route);
  return lease->run();
}

Status RegistrationStore::remove(const std::string& user) {
  auto erase = connections_->get().cached("DELETE FROM registrations WHERE user = ?1");
  if (!erase.ok()) return erase.status();
  StatementLease lease(*erase);
  lease->bind(1, user);
  return lease->run();
}

Result<std::vector<StoredRegistration>> RegistrationStore::live(Time now) {
  Database& db = connections_->get();
  auto lapsed = db.cached("DELETE FROM registrations WHERE expires_at <= ?1");
  if (!lapsed.ok()) return lapsed.status();
  {
    StatementLease lease(*lapsed);
    lease->bind(1, static_cast<std::int64_t>(now));
    if (Status s = lease->run(); !s.ok()) return s;
  }
  auto select =
      db.cached("SELECT user, contact, expires_at, route FROM registrations ORDER BY user");
  if (!select.ok()) return select.status();
  StatementLease lease(*select);
  return read_rows<StoredRegistration>(*lease, [](const Statement& s) {
    return StoredRegistration{s.text(0), s.text(1), s.integer(2), s.text(3)};
  });
}

}  // namespace hotline::store
