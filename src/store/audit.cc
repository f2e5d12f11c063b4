#include "store/audit.h"

#include "store/database.h"

namespace hotline::store {

Status write_audit(Database& db, const AuditEntry& e) {
  auto insert = db.cached(
      "INSERT INTO audit_log (at, user, action, target, detail, source) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!insert.ok()) return insert.status();
  StatementLease s(*insert);
  s->bind(1, static_cast<std::int64_t>(e.at)).bind(2, e.user).bind(3, e.action);
  s->bind(4, e.target).bind(5, e.detail).bind(6, e.source);
  return s->run();
}

}  // namespace hotline::store
