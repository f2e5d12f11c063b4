// Orders in a real SQLite file: taken at the catalogue's prices with the stock checked and
// counted down, moved through their statuses (a wrong step refused), cancelled with the
// stock given back, and added up per agent and day without the cancelled ones; audited.

#include "orders/order_store.h"

#include <gtest/gtest.h>

#include "store/temp_database.h"

namespace hotline::orders {
namespace {

constexpr Duration kChina = seconds(8 * 3600);

class OrderStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = OrderStore::open(db_.path());
    ASSERT_TRUE(s.ok()) << s.status().message();
    store_ = std::move(*s);
    tickets_ = store_->add_product({0, "年会门票", 120000, 5, true}, director_, 1)->id;
    course_ = store_->add_product({0, "管理培训课程", 380000, -1, true}, director_, 1)->id;
  }
  Order order_of(const std::string& agent, std::int64_t product, int quantity) {
    Order o;
    o.agent = agent;
    o.team = "t1";
    o.campaign = "tickets";
    o.call = "call-1";
    o.customer = "张三";
    o.items = {{product, "", 0, quantity}};
    return o;
  }
  std::int64_t stock(std::int64_t product) {
    const auto products = store_->products();
    if (!products.ok()) return -3;
    for (const Product& p : *products)
      if (p.id == product) return p.stock;
    return -2;
  }

  store::TempDatabase db_{"orders"};
  std::unique_ptr<OrderStore> store_;
  const store::Actor director_{"director", "127.0.0.1"};
  std::int64_t tickets_ = 0, course_ = 0;
};

TEST_F(OrderStoreTest, TakenAtTheCataloguesPricesWithTheStockCountedDown) {
  Order o = order_of("a1", tickets_, 2);
  o.items.push_back({course_, "ignored", 1, 1});
  auto taken = store_->take(o, {"a1", "desk"}, seconds(100));
  ASSERT_TRUE(taken.ok()) << taken.status().message();
  EXPECT_EQ(taken->amount_fen, 2 * 120000 + 380000);
  EXPECT_EQ(taken->items[1].name, "管理培训课程");  // the catalogue's, not the request's
  EXPECT_EQ(taken->status, OrderStatus::kNew);
  EXPECT_EQ(stock(tickets_), 3);
  EXPECT_EQ(stock(course_), -1);  // not counted
  // More than the stock left: refused, naming the item; nothing changes.
  auto refused = store_->take(order_of("a1", tickets_, 4), {"a1", "desk"}, seconds(101));
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("item 1: 年会门票: 3 left"), std::string::npos);
  EXPECT_EQ(stock(tickets_), 3);
  EXPECT_EQ(store_->take(order_of("a1", 999, 1), {"a1", "desk"}, 1).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->take(order_of("a1", tickets_, 0), {"a1", "desk"}, 1).status().code(),
            StatusCode::kInvalidArgument);
  auto read = store_->order(taken->id);
  ASSERT_TRUE(read.ok() && *read);
  EXPECT_EQ((*read)->items.size(), 2u);
  EXPECT_EQ((*read)->customer, "张三");
}

TEST_F(OrderStoreTest, StatusStepsAndCancellingGivesTheStockBack) {
  const std::int64_t id = store_->take(order_of("a1", tickets_, 2), {"a1", "desk"}, 10)->id;
  EXPECT_EQ(store_->set_status(id, OrderStatus::kPaid, director_, 11).status().code(),
            StatusCode::kConflict);  // not before it is confirmed and delivered
  ASSERT_TRUE(store_->set_status(id, OrderStatus::kConfirmed, director_, 12).ok());
  ASSERT_TRUE(store_->set_status(id, OrderStatus::kCancelled, director_, 13).ok());
  EXPECT_EQ(stock(tickets_), 5);
  EXPECT_EQ(store_->set_status(id, OrderStatus::kConfirmed, director_, 14).status().code(),
            StatusCode::kConflict);
  const std::int64_t paid = store_->take(order_of("a1", tickets_, 1), {"a1", "desk"}, 20)->id;
  for (OrderStatus s : {OrderStatus::kConfirmed, OrderStatus::kDelivered, OrderStatus::kPaid})
    ASSERT_TRUE(store_->set_status(paid, s, director_, 21).ok());
  EXPECT_EQ(store_->set_status(paid, OrderStatus::kCancelled, director_, 22).status().code(),
            StatusCode::kConflict);  // paid is paid
  EXPECT_EQ(store_->set_status(424242, OrderStatus::kConfirmed, director_, 23).status().code(),
            StatusCode::kNotFound);
  int audited = 0;
  for (const store::AuditEntry& e : db_.audit())
    audited += e.action == "order.status";
  EXPECT_EQ(audited, 5);
}

TEST_F(OrderStoreTest, SalesPerAgentAndDayLeaveCancelledOrdersOut) {
  // 2026-12-07 10:00 and 23:30 in Beijing are one day; 2026-12-08 00:30 the next.
  const Time day = seconds(1796601600) - kChina;  // 2026-12-07 00:00 Beijing
  store_->take(order_of("a1", course_, 1), {"a1", "desk"}, day + seconds(10 * 3600));
  store_->take(order_of("a1", course_, 2), {"a1", "desk"}, day + seconds(23 * 3600 + 1800));
  store_->take(order_of("a2", course_, 1), {"a2", "desk"}, day + seconds(11 * 3600));
  const std::int64_t late =
      store_->take(order_of("a1", course_, 1), {"a1", "desk"}, day + seconds(24 * 3600 + 1800))->id;
  const std::int64_t cancelled =
      store_->take(order_of("a2", course_, 5), {"a2", "desk"}, day + seconds(12 * 3600))->id;
  ASSERT_TRUE(store_->set_status(cancelled, OrderStatus::kCancelled, director_, day).ok());
  auto sales = store_->daily_sales({}, kChina);
  ASSERT_TRUE(sales.ok());
  ASSERT_EQ(sales->size(), 3u);
  EXPECT_EQ((*sales)[0].day, "2026-12-07");
  EXPECT_EQ((*sales)[0].agent, "a1");
  EXPECT_EQ((*sales)[0].orders, 2);
  EXPECT_EQ((*sales)[0].amount_fen, 3 * 380000);
  EXPECT_EQ((*sales)[1].agent, "a2");
  EXPECT_EQ((*sales)[1].amount_fen, 380000);  // the cancelled order left out
  EXPECT_EQ((*sales)[2].day, "2026-12-08");
  auto mine = store_->orders({"a1", "", 0, kNever});
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(mine->size(), 3u);
  EXPECT_EQ(mine->back().id, late);
}

}  // namespace
}  // namespace hotline::orders
