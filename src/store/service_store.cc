#include "store/service_store.h"

#include "store/database.h"
#include "store/schema.h"

namespace hotline::store {

namespace {

// users.failed_logins and users.locked_until are no longer used: failures are kept per
// client address in login_failures.
constexpr const char* kUserColumns =
    "name, display_name, role, team, agent, password_hash, active, created, updated";

User read_user(const Statement& s) {
  User u;
  u.name = s.text(0);
  u.display_name = s.text(1);
  u.role = s.text(2);
  u.team = s.text(3);
  u.agent = s.text(4);
  u.password_hash = s.text(5);
  u.active = s.integer(6) != 0;
  u.created = s.integer(7);
  u.updated = s.integer(8);
  return u;
}

void bind_user(Statement& s, const User& u) {
  s.bind(1, u.name).bind(2, u.display_name).bind(3, u.role).bind(4, u.team).bind(5, u.agent);
  s.bind(6, u.password_hash).bind(7, std::int64_t{u.active ? 1 : 0});
  s.bind(8, static_cast<std::int64_t>(u.created)).bind(9, static_cast<std::int64_t>(u.updated));
}

}  // namespace

ServiceStore::ServiceStore(std::unique_ptr<Database> db) : db_(std::move(db)) {}
ServiceStore::~ServiceStore() = default;

Result<std::unique_ptr<ServiceStore>> ServiceStore::open(const std::string& path) {
  auto db = Database::open(path);
  if (!db.ok()) return db.status();
  if (Status s = (*db)->migrate(schema_migrations()); !s.ok()) return s;
  return std::unique_ptr<ServiceStore>(new ServiceStore(std::move(*db)));
}

Status ServiceStore::add_user(const User& user) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto existing = db_->prepare("SELECT 1 FROM users WHERE name = ?1");
  if (!existing.ok()) return existing.status();
  existing->bind(1, user.name);
  auto found = existing->step();
  if (!found.ok()) return found.status();
  if (*found) return Status::already_exists("user '" + user.name + "' exists already");
  auto insert = db_->prepare(std::string("INSERT INTO users (") + kUserColumns +
                             ", failed_logins, locked_until) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0, 0)");
  if (!insert.ok()) return insert.status();
  bind_user(*insert, user);
  return insert->run();
}

Status ServiceStore::update_user(const User& user) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto update = db_->prepare(
      "UPDATE users SET display_name = ?2, role = ?3, team = ?4, agent = ?5, password_hash = ?6, "
      "active = ?7, created = ?8, updated = ?9 "
      "WHERE name = ?1 RETURNING 1");
  if (!update.ok()) return update.status();
  bind_user(*update, user);
  auto changed = update->step();
  if (!changed.ok()) return changed.status();
  const bool found = *changed;
  update->reset();
  if (!found) return Status::not_found("no user '" + user.name + "'");
  return {};
}

Result<std::optional<User>> ServiceStore::find_user(const std::string& name) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto select = db_->prepare(std::string("SELECT ") + kUserColumns + " FROM users WHERE name = ?1");
  if (!select.ok()) return select.status();
  select->bind(1, name);
  auto row = select->step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<User>();
  return std::optional<User>(read_user(*select));
}

Result<std::vector<User>> ServiceStore::users() {
  std::lock_guard<std::mutex> lock(mutex_);
  auto select = db_->prepare(std::string("SELECT ") + kUserColumns + " FROM users ORDER BY name");
  if (!select.ok()) return select.status();
  std::vector<User> out;
  for (;;) {
    auto row = select->step();
    if (!row.ok()) return row.status();
    if (!*row) return out;
    out.push_back(read_user(*select));
  }
}

Status ServiceStore::audit(const AuditEntry& e) {
  std::lock_guard<std::mutex> lock(mutex_);
  return write_audit(*db_, e);
}

Result<LoginFailures> ServiceStore::login_failures(const std::string& user,
                                                   const std::string& source) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto select = db_->prepare(
      "SELECT failures, locked_until FROM login_failures WHERE user = ?1 AND source = ?2");
  if (!select.ok()) return select.status();
  select->bind(1, user).bind(2, source);
  auto row = select->step();
  if (!row.ok()) return row.status();
  if (!*row) return LoginFailures{};
  return LoginFailures{static_cast<int>(select->integer(0)), select->integer(1)};
}

Status ServiceStore::set_login_failures(const std::string& user, const std::string& source,
                                        const LoginFailures& f, Time now) {
  std::lock_guard<std::mutex> lock(mutex_);
  const bool forget = f.failures == 0 && f.locked_until <= now;
  auto change = db_->prepare(
      forget ? "DELETE FROM login_failures WHERE user = ?1 AND source = ?2"
             : "INSERT INTO login_failures (user, source, failures, locked_until, updated) "
               "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(user, source) DO UPDATE SET "
               "failures = excluded.failures, locked_until = excluded.locked_until, "
               "updated = excluded.updated");
  if (!change.ok()) return change.status();
  change->bind(1, user).bind(2, source);
  if (!forget)
    change->bind(3, std::int64_t{f.failures})
        .bind(4, static_cast<std::int64_t>(f.locked_until))
        .bind(5, static_cast<std::int64_t>(now));
  if (Status s = change->run(); !s.ok()) return s;
  auto sweep = db_->prepare("DELETE FROM login_failures WHERE updated < ?1 AND locked_until < ?2");
  if (!sweep.ok()) return sweep.status();
  sweep->bind(1, static_cast<std::int64_t>(now - seconds(86400)))
      .bind(2, static_cast<std::int64_t>(now));
  return sweep->run();
}

Result<bool> ServiceStore::unlock_user(const std::string& user, Time now) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto locked =
      db_->prepare("SELECT COUNT(*) FROM login_failures WHERE user = ?1 AND locked_until > ?2");
  if (!locked.ok()) return locked.status();
  locked->bind(1, user).bind(2, static_cast<std::int64_t>(now));
  auto row = locked->step();
  if (!row.ok()) return row.status();
  const bool was_locked = *row && locked->integer(0) > 0;
  auto clear = db_->prepare("DELETE FROM login_failures WHERE user = ?1");
  if (!clear.ok()) return clear.status();
  clear->bind(1, user);
  if (Status s = clear->run(); !s.ok()) return s;
  return was_locked;
}

Result<std::map<std::string, Time>> ServiceStore::lockouts(Time now) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto select = db_->prepare(
      "SELECT user, MAX(locked_until) FROM login_failures WHERE locked_until > ?1 GROUP BY user");
  if (!select.ok()) return select.status();
  select->bind(1, static_cast<std::int64_t>(now));
  std::map<std::string, Time> out;
  for (;;) {
    auto row = select->step();
    if (!row.ok()) return row.status();
    if (!*row) return out;
    out.emplace(select->text(0), select->integer(1));
  }
}

Result<std::map<std::string, std::string>> ServiceStore::center_settings() {
  std::lock_guard<std::mutex> lock(mutex_);
  auto select = db_->prepare("SELECT key, value FROM center_settings ORDER BY key");
  if (!select.ok()) return select.status();
  std::map<std::string, std::string> out;
  for (;;) {
    auto row = select->step();
    if (!row.ok()) return row.status();
    if (!*row) return out;
    out.emplace(select->text(0), select->text(1));
  }
}

Status ServiceStore::set_center_setting(const std::string& key, const std::string& json,
                                        const AuditEntry& e) {
  std::lock_guard<std::mutex> lock(mutex_);
  return in_transaction(*db_, [&]() -> Status {
    auto change =
        db_->prepare(json.empty() ? "DELETE FROM center_settings WHERE key = ?1"
                                  : "INSERT INTO center_settings (key, value, changed, changed_by) "
                                    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT(key) DO UPDATE SET "
                                    "value = excluded.value, changed = excluded.changed, "
                                    "changed_by = excluded.changed_by");
    if (!change.ok()) return change.status();
    change->bind(1, key);
    if (!json.empty())
      change->bind(2, json).bind(3, static_cast<std::int64_t>(e.at)).bind(4, e.user);
    if (Status s = change->run(); !s.ok()) return s;
    return write_audit(*db_, e);
  });
}

Result<std::vector<AuditEntry>> ServiceStore::audit_entries(Time from, Time to, std::size_t limit) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto select = db_->prepare(
      "SELECT at, user, action, target, detail, source FROM audit_log "
      "WHERE at >= ?1 AND at < ?2 ORDER BY at DESC, id DESC LIMIT ?3");
  if (!select.ok()) return select.status();
  select->bind(1, static_cast<std::int64_t>(from)).bind(2, static_cast<std::int64_t>(to));
  select->bind(3, static_cast<std::int64_t>(limit));
  std::vector<AuditEntry> out;
  for (;;) {
    auto row = select->step();
    if (!row.ok()) return row.status();
    if (!*row) return out;
    out.push_back({select->integer(0), select->text(1), select->text(2), select->text(3),
                   select->text(4), select->text(5)});
  }
}

}  // namespace hotline::store
