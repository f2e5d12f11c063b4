#include "store/customer_store.h"

#include "store/database.h"
#include "store/thread_connections.h"

namespace hotline::store {

namespace {

// Lists (addresses, tags) are kept one item per line.
std::string join_lines(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items)
    out += (out.empty() ? "" : "\n") + item;
  return out;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// Runs a statement that yields ids, collecting them.
Result<std::vector<std::int64_t>> collect_ids(Statement& s) {
  std::vector<std::int64_t> ids;
  for (;;) {
    auto row = s.step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    ids.push_back(s.integer(0));
  }
  s.reset();
  return ids;
}

}  // namespace

CustomerStore::CustomerStore(std::unique_ptr<ThreadConnections> connections)
    : connections_(std::move(connections)) {}
CustomerStore::~CustomerStore() = default;

Database& CustomerStore::connection() {
  return connections_->get();
}

Result<std::unique_ptr<CustomerStore>> CustomerStore::open(const std::string& path) {
  auto connections = ThreadConnections::open(path);
  if (!connections.ok()) return connections.status();
  return std::unique_ptr<CustomerStore>(new CustomerStore(std::move(*connections)));
}

Status CustomerStore::write_children(std::int64_t id, const Customer& c) {
  Database& db = connection();
  for (const char* sql : {"DELETE FROM customer_phones WHERE customer_id = ?1",
                          "DELETE FROM products WHERE customer_id = ?1"}) {
    auto del_cached = db.cached(sql);
    if (!del_cached.ok()) return del_cached.status();
    StatementLease del(*del_cached);
    del->bind(1, id);
    if (Status s = del->run(); !s.ok()) return s;
  }
  auto phone_cached = db.cached(
      "INSERT OR IGNORE INTO customer_phones (customer_id, number, label) VALUES (?1, ?2, ?3)");
  if (!phone_cached.ok()) return phone_cached.status();
  StatementLease phone(*phone_cached);
  for (const CustomerPhone& p : c.phones) {
    phone->bind(1, id).bind(2, p.number).bind(3, p.label);
    if (Status s = phone->run(); !s.ok()) return s;
  }
  auto product_cached = db.cached(
      "INSERT INTO products (customer_id, model, serial, installed, warranty_end) "
      "VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!product_cached.ok()) return product_cached.status();
  StatementLease product(*product_cached);
  for (const Product& p : c.products) {
    product->bind(1, id).bind(2, p.model).bind(3, p.serial).bind(4, p.installed);
    product->bind(5, p.warranty_end);
    if (Status s = product->run(); !s.ok()) return s;
  }
  return {};
}

Result<std::int64_t> CustomerStore::insert(const Customer& c) {
  Database& db = connection();
  auto insert_cached = db.cached(
      "INSERT INTO customers (name, company, addresses, tags, note, created, updated) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id");
  if (!insert_cached.ok()) return insert_cached.status();
  StatementLease insert(*insert_cached);
  insert->bind(1, c.name).bind(2, c.company).bind(3, join_lines(c.addresses));
  insert->bind(4, join_lines(c.tags)).bind(5, c.note);
  insert->bind(6, static_cast<std::int64_t>(c.created));
  insert->bind(7, static_cast<std::int64_t>(c.updated));
  auto row = insert->step();
  if (!row.ok()) return row.status();
  const std::int64_t id = insert->integer(0);
  insert->reset();
  if (Status s = write_children(id, c); !s.ok()) return s;
  return id;
}

Result<std::int64_t> CustomerStore::add(const Customer& customer) {
  auto ids = add_all({customer});
  if (!ids.ok()) return ids.status();
  return ids->front();
}

Result<std::vector<std::int64_t>> CustomerStore::add_all(const std::vector<Customer>& customers) {
  Database& db = connection();
  WriteTransaction tx(db);
  if (!tx.begun().ok()) return tx.begun();
  std::vector<std::int64_t> ids;
  for (const Customer& c : customers) {
    auto id = insert(c);
    if (!id.ok()) return id.status();
    ids.push_back(*id);
  }
  if (Status s = tx.commit(); !s.ok()) return s;
  return ids;
}

Status CustomerStore::update(const Customer& c) {
  Database& db = connection();
  WriteTransaction tx(db);
  if (!tx.begun().ok()) return tx.begun();
  auto update_cached = db.cached(
      "UPDATE customers SET name = ?2, company = ?3, addresses = ?4, tags = ?5, note = ?6, "
      "updated = ?7 WHERE id = ?1 RETURNING 1");
  if (!update_cached.ok()) return update_cached.status();
  StatementLease update(*update_cached);
  update->bind(1, c.id).bind(2, c.name).bind(3, c.company).bind(4, join_lines(c.addresses));
  update->bind(5, join_lines(c.tags)).bind(6, c.note);
  update->bind(7, static_cast<std::int64_t>(c.updated));
  auto found = update->step();
  if (!found.ok()) return found.status();
  const bool exists = *found;
  update->reset();
  if (!exists) return Status::not_found("no customer " + std::to_string(c.id));
  if (Status s = write_children(c.id, c); !s.ok()) return s;
  return tx.commit();
}

Result<Customer> CustomerStore::load(std::int64_t id) {
  Database& db = connection();
  auto row_cached = db.cached(
      "SELECT id, name, company, addresses, tags, note, created, updated FROM customers "
      "WHERE id = ?1");
  if (!row_cached.ok()) return row_cached.status();
  StatementLease row(*row_cached);
  row->bind(1, id);
  auto found = row->step();
  if (!found.ok()) return found.status();
  if (!*found) return Status::not_found("no customer " + std::to_string(id));
  Customer c;
  c.id = row->integer(0);
  c.name = row->text(1);
  c.company = row->text(2);
  c.addresses = split_lines(row->text(3));
  c.tags = split_lines(row->text(4));
  c.note = row->text(5);
  c.created = row->integer(6);
  c.updated = row->integer(7);
  auto phones_cached =
      db.cached("SELECT number, label FROM customer_phones WHERE customer_id = ?1 ORDER BY rowid");
  if (!phones_cached.ok()) return phones_cached.status();
  StatementLease phones(*phones_cached);
  phones->bind(1, id);
  for (;;) {
    auto r = phones->step();
    if (!r.ok()) return r.status();
    if (!*r) break;
    c.phones.push_back({phones->text(0), phones->text(1)});
  }
  auto products_cached = db.cached(
      "SELECT model, serial, installed, warranty_end FROM products WHERE customer_id = ?1 "
      "ORDER BY id");
  if (!products_cached.ok()) return products_cached.status();
  StatementLease products(*products_cached);
  products->bind(1, id);
  for (;;) {
    auto r = products->step();
    if (!r.ok()) return r.status();
    if (!*r) break;
    c.products.push_back(
        {products->text(0), products->text(1), products->text(2), products->text(3)});
  }
  return c;
}

Result<std::vector<Customer>> CustomerStore::load_all(Statement& ids_statement) {
  auto ids = collect_ids(ids_statement);
  if (!ids.ok()) return ids.status();
  std::vector<Customer> out;
  for (std::int64_t id : *ids) {
    auto c = load(id);
    if (!c.ok()) return c.status();
    out.push_back(std::move(*c));
  }
  return out;
}

Result<std::optional<Customer>> CustomerStore::find(std::int64_t id) {
  Database& db = connection();
  ReadTransaction snapshot(db);
  auto exists_cached = db.cached("SELECT 1 FROM customers WHERE id = ?1");
  if (!exists_cached.ok()) return exists_cached.status();
  StatementLease exists(*exists_cached);
  exists->bind(1, id);
  auto row = exists->step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<Customer>();
  auto c = load(id);
  if (!c.ok()) return c.status();
  return std::optional<Customer>(std::move(*c));
}

Result<std::vector<Customer>> CustomerStore::by_phone(const std::string& e164, std::size_t limit) {
  Database& db = connection();
  ReadTransaction snapshot(db);
  auto ids_cached = db.cached(
      "SELECT DISTINCT customer_id FROM customer_phones WHERE number = ?1 ORDER BY customer_id "
      "LIMIT ?2");
  if (!ids_cached.ok()) return ids_cached.status();
  StatementLease ids(*ids_cached);
  ids->bind(1, e164).bind(2, static_cast<std::int64_t>(limit));
  return load_all(*ids);
}

Result<std::vector<Customer>> CustomerStore::search(const std::string& text, std::size_t limit) {
  Database& db = connection();
  ReadTransaction snapshot(db);
  std::string digits;
  for (char c : text)
    if (c >= '0' && c <= '9') digits += c;
  auto ids_cached = db.cached(
      "SELECT id FROM customers WHERE name LIKE ?1 ESCAPE '\\' OR company LIKE ?1 ESCAPE '\\' "
      "UNION SELECT customer_id FROM customer_phones WHERE ?2 != '' AND number LIKE ?3 "
      "UNION SELECT customer_id FROM products WHERE serial = ?4 "
      "ORDER BY 1 LIMIT ?5");
  if (!ids_cached.ok()) return ids_cached.status();
  StatementLease ids(*ids_cached);
  ids->bind(1, like_contains(text)).bind(2, digits).bind(3, "%" + digits + "%").bind(4, text);
  ids->bind(5, static_cast<std::int64_t>(limit));
  return load_all(*ids);
}

Result<std::vector<Customer>> CustomerStore::page(std::int64_t after_id, std::size_t limit) {
  Database& db = connection();
  ReadTransaction snapshot(db);
  auto ids_cached = db.cached("SELECT id FROM customers WHERE id > ?1 ORDER BY id LIMIT ?2");
  if (!ids_cached.ok()) return ids_cached.status();
  StatementLease ids(*ids_cached);
  ids->bind(1, after_id).bind(2, static_cast<std::int64_t>(limit));
  return load_all(*ids);
}

Result<std::int64_t> CustomerStore::count() {
  Database& db = connection();
  auto n_cached = db.cached("SELECT count(*) FROM customers");
  if (!n_cached.ok()) return n_cached.status();
  StatementLease n(*n_cached);
  auto row = n->step();
  if (!row.ok()) return row.status();
  return n->integer(0);
}

Result<bool> CustomerStore::served_by(std::int64_t customer, const std::string& agent,
                                      const std::string& user) {
  Database& db = connection();
  auto q_cached = db.cached(
      "SELECT EXISTS (SELECT 1 FROM customer_phones p JOIN calls c ON c.caller_e164 = p.number "
      "               WHERE p.customer_id = ?1 AND ?2 != '' AND c.agent = ?2) "
      "    OR EXISTS (SELECT 1 FROM interactions WHERE customer_id = ?1 AND ?3 != '' "
      "               AND user = ?3)");
  if (!q_cached.ok()) return q_cached.status();
  StatementLease q(*q_cached);
  q->bind(1, customer).bind(2, agent).bind(3, user);
  auto row = q->step();
  if (!row.ok()) return row.status();
  return q->integer(0) != 0;
}

Status CustomerStore::add_interaction(std::int64_t customer, const Interaction& i) {
  Database& db = connection();
  auto insert_cached = db.cached(
      "INSERT INTO interactions (customer_id, at, kind, reference, summary, user) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!insert_cached.ok()) return insert_cached.status();
  StatementLease insert(*insert_cached);
  insert->bind(1, customer).bind(2, static_cast<std::int64_t>(i.at)).bind(3, i.kind);
  insert->bind(4, i.reference).bind(5, i.summary).bind(6, i.user);
  return insert->run();
}

Result<std::vector<Interaction>> CustomerStore::timeline(std::int64_t customer, std::size_t limit) {
  Database& db = connection();
  auto q_cached = db.cached(
      "SELECT at, kind, reference, summary, user FROM interactions WHERE customer_id = ?1 "
      "UNION ALL "
      "SELECT c.arrived, 'call', c.uid, "
      "       c.disposition || CASE WHEN c.queue != '' THEN ' in ' || c.queue ELSE '' END, "
      "       c.agent "
      "FROM calls c JOIN customer_phones p ON c.caller_e164 = p.number "
      "WHERE p.customer_id = ?1 "
      "UNION ALL "
      "SELECT created, 'ticket', CAST(id AS TEXT), type || ' (' || status || '): ' || title, "
      "       created_by FROM tickets WHERE customer_id = ?1 "
      "ORDER BY 1 DESC LIMIT ?2");
  if (!q_cached.ok()) return q_cached.status();
  StatementLease q(*q_cached);
  q->bind(1, customer).bind(2, static_cast<std::int64_t>(limit));
  std::vector<Interaction> out;
  for (;;) {
    auto row = q->step();
    if (!row.ok()) return row.status();
    if (!*row) return out;
    out.push_back({q->integer(0), q->text(1), q->text(2), q->text(3), q->text(4)});
  }
}

}  // namespace hotline::store
