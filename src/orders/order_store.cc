#include "orders/order_store.h"

#include <array>
#include <cstdio>
#include <map>

#include "store/database.h"
#include "store/thread_connections.h"

namespace hotline::orders {

namespace {

using store::Database;

constexpr std::array<const char*, 5> kStatusNames = {"new", "confirmed", "delivered", "paid",
                                                     "cancelled"};
constexpr const char* kOrderColumns =
    "id, created, agent, team, campaign, lead, call, customer, phone, amount_fen, delivery, "
    "payment, status, updated, updated_by";

Order read_order(const store::Statement& s) {
  Order o;
  o.id = s.integer(0);
  o.created = s.integer(1);
  o.agent = s.text(2);
  o.team = s.text(3);
  o.campaign = s.text(4);
  o.lead = s.integer(5);
  o.call = s.text(6);
  o.customer = s.text(7);
  o.phone = s.text(8);
  o.amount_fen = s.integer(9);
  o.delivery = s.text(10);
  o.payment = s.text(11);
  parse_order_status(s.text(12), &o.status);
  o.updated = s.integer(13);
  o.updated_by = s.text(14);
  return o;
}

Status read_items(Database& db, Order& o) {
  auto q = db.prepare(
      "SELECT product, name, price_fen, quantity FROM order_items WHERE order_id = ?1 "
      "ORDER BY rowid");
  if (!q.ok()) return q.status();
  q->bind(1, o.id);
  auto items = store::read_rows<OrderItem>(*q, [](const store::Statement& s) {
    return OrderItem{s.integer(0), s.text(1), s.integer(2), static_cast<int>(s.integer(3))};
  });
  if (!items.ok()) return items.status();
  o.items = std::move(*items);
  return Status();
}

Result<std::optional<Order>> find(Database& db, std::int64_t id) {
  auto q = db.prepare(std::string("SELECT ") + kOrderColumns + " FROM orders WHERE id = ?1");
  if (!q.ok()) return q.status();
  q->bind(1, id);
  Result<bool> row = q->step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<Order>();
  Order o = read_order(*q);
  if (Status s = read_items(db, o); !s.ok()) return s;
  return std::optional<Order>(std::move(o));
}

// Moves the stock of the order's items by `sign` × their quantities (counted stock only).
Status move_stock(Database& db, const Order& o, int sign) {
  auto q = db.prepare("UPDATE catalogue SET stock = stock + ?2 WHERE id = ?1 AND stock >= 0");
  if (!q.ok()) return q.status();
  for (const OrderItem& item : o.items) {
    q->bind(1, item.product).bind(2, std::int64_t{sign} * item.quantity);
    if (Status s = q->run(); !s.ok()) return s;
  }
  return Status();
}

// ?1 agent, ?2 team ("" any), ?3 and ?4 the times.
void bind_filter(store::Statement& q, const OrderFilter& f) {
  q.bind(1, f.agent).bind(2, f.team).bind(3, static_cast<std::int64_t>(f.from));
  q.bind(4, static_cast<std::int64_t>(f.to));
}

std::string money(std::int64_t fen) {
  char text[32];
  std::snprintf(text, sizeof text, "%lld.%02lld", static_cast<long long>(fen / 100),
                static_cast<long long>(fen % 100));
  return text;
}

}  // namespace

const char* order_status_name(OrderStatus s) {
  return kStatusNames[static_cast<std::size_t>(s)];
}

bool parse_order_status(const std::string& name, OrderStatus* out) {
  for (std::size_t i = 0; i < kStatusNames.size(); ++i)
    if (name == kStatusNames[i]) {
      *out = static_cast<OrderStatus>(i);
      return true;
    }
  return false;
}

bool may_become(OrderStatus from, OrderStatus to) {
  if (to == OrderStatus::kCancelled)
    return from != OrderStatus::kPaid && from != OrderStatus::kCancelled;
  if (from == OrderStatus::kCancelled) return false;
  return static_cast<int>(to) == static_cast<int>(from) + 1;
}

OrderStore::OrderStore(std::unique_ptr<store::ThreadConnections> connections)
    : connections_(std::move(connections)) {}
OrderStore::~OrderStore() = default;

Result<std::unique_ptr<OrderStore>> OrderStore::open(const std::string& path) {
  auto connections = store::ThreadConnections::open(path);
  if (!connections.ok()) return connections.status();
  return std::unique_ptr<OrderStore>(new OrderStore(std::move(*connections)));
}

Result<Product> OrderStore::add_product(Product p, const store::Actor& who, Time now) {
  if (p.name.empty() || p.name.size() > 200)
    return Status::invalid_argument("a product needs a name of at most 200 bytes");
  if (p.price_fen < 0) return Status::invalid_argument("a price cannot be negative");
  if (p.stock < -1) return Status::invalid_argument("stock: a count, or -1 when not counted");
  Database& db = connections_->get();
  const Status written = store::in_transaction(db, [&]() -> Status {
    auto q = db.prepare(
        "INSERT INTO catalogue (name, price_fen, stock, active) VALUES (?1, ?2, ?3, ?4) "
        "RETURNING id");
    if (!q.ok()) return q.status();
    q->bind(1, p.name).bind(2, p.price_fen).bind(3, p.stock).bind(4, std::int64_t{p.active});
    Result<bool> row = q->step();
    if (!row.ok()) return row.status();
    p.id = q->integer(0);
    q->reset();
    return store::write_audit(db,
                              {now, who.user, "product.create", "product " + std::to_string(p.id),
                               p.name + " at " + money(p.price_fen) + " CNY", who.source});
  });
  if (!written.ok()) return written;
  return p;
}

Result<std::vector<Product>> OrderStore::products() {
  Database& db = connections_->get();
  auto q = db.prepare("SELECT id, name, price_fen, stock, active FROM catalogue ORDER BY id");
  if (!q.ok()) return q.status();
  return store::read_rows<Product>(*q, [](const store::Statement& s) {
    return Product{s.integer(0), s.text(1), s.integer(2), s.integer(3), s.integer(4) != 0};
  });
}

Result<Order> OrderStore::take(Order o, const store::Actor& who, Time now) {
  if (o.agent.empty()) return Status::invalid_argument("an order names the agent who sold it");
  if (o.items.empty() || o.items.size() > 100)
    return Status::invalid_argument("an order has 1 to 100 items");
  Database& db = connections_->get();
  const Status written = store::in_transaction(db, [&]() -> Status {
    auto product = db.prepare("SELECT name, price_fen, stock, active FROM catalogue WHERE id = ?1");
    if (!product.ok()) return product.status();
    o.amount_fen = 0;
    std::map<std::int64_t, std::int64_t> wanted;  // per product: a product on two lines counts once
    for (std::size_t i = 0; i < o.items.size(); ++i) {
      OrderItem& item = o.items[i];
      const std::string where = "item " + std::to_string(i + 1) + ": ";
      if (item.quantity < 1 || item.quantity > 10000)
        return Status::invalid_argument(where + "a quantity is from 1 to 10000");
      product->reset();
      product->bind(1, item.product);
      Result<bool> row = product->step();
      if (!row.ok()) return row.status();
      if (!*row || product->integer(3) == 0)
        return Status::invalid_argument(where + "no product " + std::to_string(item.product) +
                                        " on sale");
      item.name = product->text(0);
      item.price_fen = product->integer(1);
      const std::int64_t stock = product->integer(2);
      wanted[item.product] += item.quantity;
      if (stock >= 0 && wanted[item.product] > stock)
        return Status::invalid_argument(where + item.name + ": " + std::to_string(stock) + " left");
      o.amount_fen += item.price_fen * item.quantity;
    }
    o.status = OrderStatus::kNew;
    o.created = o.updated = now;
    o.updated_by = who.user;
    auto insert = db.prepare(
        "INSERT INTO orders (created, agent, team, campaign, lead, call, customer, phone, "
        "amount_fen, delivery, payment, status, updated, updated_by) VALUES (?1, ?2, ?3, ?4, "
        "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) RETURNING id");
    if (!insert.ok()) return insert.status();
    insert->bind(1, static_cast<std::int64_t>(now)).bind(2, o.agent).bind(3, o.team);
    insert->bind(4, o.campaign).bind(5, o.lead).bind(6, o.call).bind(7, o.customer);
    insert->bind(8, o.phone).bind(9, o.amount_fen).bind(10, o.delivery).bind(11, o.payment);
    insert->bind(12, order_status_name(o.status)).bind(13, static_cast<std::int64_t>(now));
    insert->bind(14, who.user);
    Result<bool> row = insert->step();
    if (!row.ok()) return row.status();
    o.id = insert->integer(0);
    insert->reset();
    auto item = db.prepare(
        "INSERT INTO order_items (order_id, product, name, price_fen, quantity) VALUES (?1, ?2, "
        "?3, ?4, ?5)");
    if (!item.ok()) return item.status();
    for (const OrderItem& i : o.items) {
      item->bind(1, o.id).bind(2, i.product).bind(3, i.name).bind(4, i.price_fen);
      item->bind(5, std::int64_t{i.quantity});
      if (Status s = item->run(); !s.ok()) return s;
    }
    if (Status s = move_stock(db, o, -1); !s.ok()) return s;
    return store::write_audit(db, {now, who.user, "order.take", "order " + std::to_string(o.id),
                                   money(o.amount_fen) + " CNY by " + o.agent, who.source});
  });
  if (!written.ok()) return written;
  return o;
}

Result<Order> OrderStore::set_status(std::int64_t id, OrderStatus to, const store::Actor& who,
                                     Time now) {
  Database& db = connections_->get();
  Order o;
  const Status written = store::in_transaction(db, [&]() -> Status {
    Result<std::optional<Order>> found = find(db, id);
    if (!found.ok()) return found.status();
    if (!*found) return Status::not_found("no order " + std::to_string(id));
    o = std::move(**found);
    if (!may_become(o.status, to))
      return Status::conflict(std::string("an order ") + order_status_name(o.status) +
                              " cannot become " + order_status_name(to));
    const OrderStatus from = o.status;
    o.status = to;
    o.updated = now;
    o.updated_by = who.user;
    auto q =
        db.prepare("UPDATE orders SET status = ?2, updated = ?3, updated_by = ?4 WHERE id = ?1");
    if (!q.ok()) return q.status();
    q->bind(1, id).bind(2, order_status_name(to)).bind(3, static_cast<std::int64_t>(now));
    q->bind(4, who.user);
    if (Status s = q->run(); !s.ok()) return s;
    if (to == OrderStatus::kCancelled)
      if (Status s = move_stock(db, o, +1); !s.ok()) return s;
    return store::write_audit(
        db, {now, who.user, "order.status", "order " + std::to_string(id),
             std::string(order_status_name(from)) + " -> " + order_status_name(to), who.source});
  });
  if (!written.ok()) return written;
  return o;
}

Result<std::optional<Order>> OrderStore::order(std::int64_t id) {
  return find(connections_->get(), id);
}

Result<std::vector<Order>> OrderStore::orders(const OrderFilter& f) {
  Database& db = connections_->get();
  auto q = db.prepare(std::string("SELECT ") + kOrderColumns +
                      " FROM orders WHERE (?1 = '' OR agent = ?1) AND (?2 = '' OR team = ?2) "
                      "AND created >= ?3 AND created < ?4 ORDER BY id");
  if (!q.ok()) return q.status();
  bind_filter(*q, f);
  auto found = store::read_rows<Order>(*q, read_order);
  if (!found.ok()) return found.status();
  for (Order& o : *found)
    if (Status s = read_items(db, o); !s.ok()) return s;
  return found;
}

Result<std::vector<DailySales>> OrderStore::daily_sales(const OrderFilter& f, Duration utc_offset) {
  Database& db = connections_->get();
  auto q = db.prepare(
      "SELECT agent, team, date((created + ?5) / 1000000, 'unixepoch') AS day, count(*), "
      "sum(amount_fen) FROM orders WHERE status <> 'cancelled' AND (?1 = '' OR agent = ?1) AND "
      "(?2 = '' OR team = ?2) AND created >= ?3 AND created < ?4 GROUP BY agent, team, day "
      "ORDER BY day, agent");
  if (!q.ok()) return q.status();
  bind_filter(*q, f);
  q->bind(5, static_cast<std::int64_t>(utc_offset));
  return store::read_rows<DailySales>(*q, [](const store::Statement& s) {
    return DailySales{s.text(0), s.text(1), s.text(2), static_cast<int>(s.integer(3)),
                      s.integer(4)};
  });
}

}  // namespace hotline::orders
