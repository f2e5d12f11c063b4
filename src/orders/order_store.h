#pragma once
// OrderStore: what agents sell during calls. A product catalogue (conference tickets,
// training courses: name, price, stock if counted) and orders: the items and quantities,
// the amount, delivery and payment, and a status that moves new → confirmed → delivered →
// paid, or to cancelled before it is paid (the stock comes back). An order names who sold
// it (agent, team) and what it came from (call, lead, campaign), so that sales add up per
// agent, team, campaign and day. Every step writes the audit log in its transaction.
//
// Thread-safety: every method from any thread (a connection per thread).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "store/audit.h"

namespace hotline::store {
class ThreadConnections;
}

namespace hotline::orders {

struct Product {
  std::int64_t id = 0;
  std::string name;
  std::int64_t price_fen = 0;  // 0.01 CNY
  std::int64_t stock = -1;     // -1: not counted
  bool active = true;
};

enum class OrderStatus : std::uint8_t { kNew, kConfirmed, kDelivered, kPaid, kCancelled };
const char* order_status_name(OrderStatus s);
bool parse_order_status(const std::string& name, OrderStatus* out);
// new → confirmed → delivered → paid; cancelled from any but paid.
bool may_become(OrderStatus from, OrderStatus to);

struct OrderItem {
  std::int64_t product = 0;
  std::string name;            // as sold
  std::int64_t price_fen = 0;  // as sold
  int quantity = 1;
};

struct Order {
  std::int64_t id = 0;
  Time created = 0;
  std::string agent;  // who sold it
  std::string team;
  std::string campaign;  // "" none
  std::int64_t lead = 0;
  std::string call;  // the call's uid, "" none
  std::string customer;
  std::string phone;
  std::vector<OrderItem> items;
  std::int64_t amount_fen = 0;
  std::string delivery;  // how it reaches the customer
  std::string payment;   // how it is paid
  OrderStatus status = OrderStatus::kNew;
  Time updated = 0;
  std::string updated_by;
};

// Sales of one agent on one day: orders not cancelled, by the day they were taken.
struct DailySales {
  std::string agent;
  std::string team;
  std::string day;  // YYYY-MM-DD, the center's day
  int orders = 0;
  std::int64_t amount_fen = 0;
};

struct OrderFilter {
  std::string agent;  // "" any
  std::string team;   // "" any
  Time from = 0, to = kNever;
};

class OrderStore {
 public:
  static Result<std::unique_ptr<OrderStore>> open(const std::string& path);
  ~OrderStore();

  Result<Product> add_product(Product p, const store::Actor& who, Time now);
  Result<std::vector<Product>> products();

  // Takes an order: each item's product must be active and have the stock; the names
  // and prices are taken from the catalogue now; the stock goes down. invalid_argument
  // names the item.
  Result<Order> take(Order o, const store::Actor& who, Time now);
  // Moves the order on; a step its status does not allow is a conflict. Cancelling gives
  // the stock back.
  Result<Order> set_status(std::int64_t id, OrderStatus to, const store::Actor& who, Time now);
  Result<std::optional<Order>> order(std::int64_t id);
  Result<std::vector<Order>> orders(const OrderFilter& f);
  // Per agent and day (the center's clock, `utc_offset` from UTC), within the filter.
  Result<std::vector<DailySales>> daily_sales(const OrderFilter& f, Duration utc_offset);

 private:
  explicit OrderStore(std::unique_ptr<store::ThreadConnections> connections);
  std::unique_ptr<store::ThreadConnections> connections_;
};

}  // namespace hotline::orders
