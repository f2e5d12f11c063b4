#include "store/ticket_store.h"

#include "store/database.h"
#include "store/thread_connections.h"

namespace hotline::store {

namespace {

constexpr const char* kColumns =
    "id, type, status, serious, coalesce(customer_id, 0), call_uid, title, description, "
    "fault_code, owner, department, provider, region, parts_replaced, verified, follow_ups, "
    "escalated, created, created_by, updated, due, cause, closed";

Ticket read_ticket(const Statement& s) {
  Ticket t;
  t.id = s.integer(0);
  t.type = s.text(1);
  t.status = s.text(2);
  t.serious = s.integer(3) != 0;
  t.customer = s.integer(4);
  t.call = s.text(5);
  t.title = s.text(6);
  t.description = s.text(7);
  t.fault_code = s.text(8);
  t.owner = s.text(9);
  t.department = s.text(10);
  t.provider = s.text(11);
  t.region = s.text(12);
  t.parts_replaced = s.text(13);
  t.verified = s.integer(14) != 0;
  t.follow_ups = static_cast<int>(s.integer(15));
  t.escalated = s.integer(16) != 0;
  t.created = s.integer(17);
  t.created_by = s.text(18);
  t.updated = s.integer(19);
  t.due = s.integer(20);
  t.cause = s.text(21);
  t.closed = s.integer(22);
  return t;
}

// Binds every column but id, from ?2 on, in kColumns order.
void bind_ticket(Statement& s, const Ticket& t) {
  s.bind(2, t.type).bind(3, t.status).bind(4, std::int64_t{t.serious});
  if (t.customer)
    s.bind(5, t.customer);
  else
    s.bind_null(5);
  s.bind(6, t.call).bind(7, t.title).bind(8, t.description).bind(9, t.fault_code);
  s.bind(10, t.owner).bind(11, t.department).bind(12, t.provider).bind(13, t.region);
  s.bind(14, t.parts_replaced).bind(15, std::int64_t{t.verified});
  s.bind(16, std::int64_t{t.follow_ups}).bind(17, std::int64_t{t.escalated});
  s.bind(18, static_cast<std::int64_t>(t.created)).bind(19, t.created_by);
  s.bind(20, static_cast<std::int64_t>(t.updated)).bind(21, static_cast<std::int64_t>(t.due));
  s.bind(22, t.cause).bind(23, static_cast<std::int64_t>(t.closed));
}

Status add_history(Database& db, std::int64_t id, const TicketChange& c) {
  auto q = db.cached(
      "INSERT INTO ticket_history (ticket_id, at, user, field, old_value, new_value) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!q.ok()) return q.status();
  StatementLease s(*q);
  s->bind(1, id).bind(2, static_cast<std::int64_t>(c.at)).bind(3, c.user).bind(4, c.field);
  s->bind(5, c.old_value).bind(6, c.new_value);
  return s->run();
}

}  // namespace

TicketStore::TicketStore(std::unique_ptr<ThreadConnections> connections)
    : connections_(std::move(connections)) {}
TicketStore::~TicketStore() = default;

Result<std::unique_ptr<TicketStore>> TicketStore::open(const std::string& path) {
  auto connections = ThreadConnections::open(path);
  if (!connections.ok()) return connections.status();
  return std::unique_ptr<TicketStore>(new TicketStore(std::move(*connections)));
}

Result<std::int64_t> TicketStore::add(const Ticket& t) {
  Database& db = connections_->get();
  WriteTransaction tx(db);
  if (!tx.begun().ok()) return tx.begun();
  auto q = db.cached(
      "INSERT INTO tickets (type, status, serious, customer_id, call_uid, title, description, "
      "fault_code, owner, department, provider, region, parts_replaced, verified, follow_ups, "
      "escalated, created, created_by, updated, due, cause, closed) VALUES (?2, ?3, ?4, ?5, ?6, "
      "?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23) "
      "RETURNING id");
  if (!q.ok()) return q.status();
  std::int64_t id = 0;
  {
    StatementLease s(*q);
    bind_ticket(*s, t);
    auto row = s->step();
    if (!row.ok()) return row.status();
    id = s->integer(0);
  }
  if (Status st = add_history(db, id, {t.created, t.created_by, "created", "", t.status}); !st.ok())
    return st;
  if (Status st = tx.commit(); !st.ok()) return st;
  return id;
}

Status TicketStore::update(const Ticket& t, const std::vector<TicketChange>& changes) {
  Database& db = connections_->get();
  WriteTransaction tx(db);
  if (!tx.begun().ok()) return tx.begun();
  auto q = db.cached(
      "UPDATE tickets SET type = ?2, status = ?3, serious = ?4, customer_id = ?5, "
      "call_uid = ?6, title = ?7, description = ?8, fault_code = ?9, owner = ?10, "
      "department = ?11, provider = ?12, region = ?13, parts_replaced = ?14, verified = ?15, "
      "follow_ups = ?16, escalated = ?17, created = ?18, created_by = ?19, updated = ?20, "
      "due = ?21, cause = ?22, closed = ?23 WHERE id = ?1");
  if (!q.ok()) return q.status();
  {
    StatementLease s(*q);
    s->bind(1, t.id);
    bind_ticket(*s, t);
    if (Status st = s->run(); !st.ok()) return st;
  }
  for (const TicketChange& c : changes)
    if (Status st = add_history(db, t.id, c); !st.ok()) return st;
  if (Status st = tx.commit(); !st.ok()) return st;
  return {};
}

Result<std::optional<Ticket>> TicketStore::find(std::int64_t id) {
  Database& db = connections_->get();
  auto q = db.cached(std::string("SELECT ") + kColumns + " FROM tickets WHERE id = ?1");
  if (!q.ok()) return q.status();
  StatementLease s(*q);
  s->bind(1, id);
  auto row = s->step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<Ticket>();
  return std::optional<Ticket>(read_ticket(*s));
}

Result<std::vector<TicketChange>> TicketStore::history(std::int64_t id) {
  Database& db = connections_->get();
  auto q = db.cached(
      "SELECT at, user, field, old_value, new_value FROM ticket_history WHERE ticket_id = ?1 "
      "ORDER BY at, rowid");
  if (!q.ok()) return q.status();
  StatementLease s(*q);
  s->bind(1, id);
  return read_rows<TicketChange>(*s, [](const Statement& r) -> TicketChange {
    return {r.integer(0), r.text(1), r.text(2), r.text(3), r.text(4)};
  });
}

Result<std::vector<Ticket>> TicketStore::list(const TicketFilter& f) {
  Database& db = connections_->get();
  auto q = db.cached(std::string("SELECT ") + kColumns +
                     " FROM tickets WHERE (?1 = '' OR status = ?1) "
                     "AND (?2 = 0 OR customer_id = ?2) "
                     "AND (?3 = '' OR owner = ?3 OR created_by = ?3) "
                     "AND (?4 = 0 OR status != 'closed') "
                     "AND (?5 = 0 OR (status != 'closed' AND due < ?5)) "
                     "ORDER BY created DESC, id DESC LIMIT ?6");
  if (!q.ok()) return q.status();
  StatementLease s(*q);
  s->bind(1, f.status).bind(2, f.customer).bind(3, f.involving);
  s->bind(4, std::int64_t{f.open_only}).bind(5, static_cast<std::int64_t>(f.overdue_at));
  s->bind(6, static_cast<std::int64_t>(f.limit));
  return read_rows<Ticket>(*s, [](const Statement& r) -> Ticket { return read_ticket(r); });
}

Result<std::vector<Ticket>> TicketStore::escalate_overdue(Time now) {
  Database& db = connections_->get();
  WriteTransaction tx(db);
  if (!tx.begun().ok()) return tx.begun();
  auto q = db.cached(std::string("UPDATE tickets SET escalated = 1, updated = ?1 "
                                 "WHERE status != 'closed' AND due < ?1 AND escalated = 0 "
                                 "RETURNING ") +
                     kColumns);
  if (!q.ok()) return q.status();
  std::vector<Ticket> out;
  {
    StatementLease s(*q);
    s->bind(1, static_cast<std::int64_t>(now));
    for (;;) {
      auto row = s->step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      out.push_back(read_ticket(*s));
    }
  }
  for (const Ticket& t : out)
    if (Status st = add_history(db, t.id, {now, "system", "escalated", "false", "true"}); !st.ok())
      return st;
  if (Status st = tx.commit(); !st.ok()) return st;
  return out;
}

Result<std::vector<ComplaintFigures>> TicketStore::complaints_by_cause(Time from, Time to) {
  Database& db = connections_->get();
  auto q = db.cached(
      "SELECT cause, count(*), sum(serious), sum(escalated), sum(status = 'closed'), "
      "sum(status = 'closed' AND closed <= due), sum(follow_ups), "
      "sum(status = 'closed' AND follow_ups = 0) FROM tickets "
      "WHERE type = 'complaint' AND created >= ?1 AND created < ?2 "
      "GROUP BY cause ORDER BY count(*) DESC, cause");
  if (!q.ok()) return q.status();
  StatementLease s(*q);
  s->bind(1, static_cast<std::int64_t>(from)).bind(2, static_cast<std::int64_t>(to));
  return read_rows<ComplaintFigures>(*s, [](const Statement& r) -> ComplaintFigures {
    return {r.text(0),    r.integer(1), r.integer(2), r.integer(3),
            r.integer(4), r.integer(5), r.integer(6), r.integer(7)};
  });
}

}  // namespace hotline::store
