// Customers in a real SQLite file: stored whole, found by phone, name and serial,
// changed, and their timeline merged with the calls from their numbers.

#include "store/customer_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "store/call_store.h"

namespace hotline::store {
namespace {

class CustomerStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() /
             ("hotline-customers-" + std::to_string(getpid()) + ".db"))
                .string();
    std::filesystem::remove(path_);
    auto s = CustomerStore::open(path_);
    ASSERT_TRUE(s.ok()) << s.status().message();
    store_ = std::move(*s);
  }
  void TearDown() override {
    store_.reset();
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(path_ + suffix);
  }
  std::string path_;
  std::unique_ptr<CustomerStore> store_;
};

Customer zhang() {
  Customer c;
  c.name = "张伟";
  c.company = "示范公司";
  c.phones = {{"+8613800138000", "mobile"}, {"+861012345678", "office"}};
  c.addresses = {"北京市朝阳区 1 号", "上海市 2 号"};
  c.tags = {"vip", "回访"};
  c.products = {{"KFR-35GW", "SN-0001", "2025-06-01", "2028-06-01"}};
  c.note = "prefers mornings";
  c.created = c.updated = 1000;
  return c;
}

TEST_F(CustomerStoreTest, StoredWholeAndFoundEveryWay) {
  auto id = store_->add(zhang());
  ASSERT_TRUE(id.ok()) << id.status().message();
  auto found = store_->find(*id);
  ASSERT_TRUE(found.ok() && *found);
  const Customer& c = **found;
  EXPECT_EQ(c.name, "张伟");
  EXPECT_EQ(c.phones.size(), 2u);
  EXPECT_EQ(c.phones[1].label, "office");
  EXPECT_EQ(c.addresses, zhang().addresses);
  EXPECT_EQ(c.tags, zhang().tags);
  ASSERT_EQ(c.products.size(), 1u);
  EXPECT_EQ(c.products[0].warranty_end, "2028-06-01");
  EXPECT_EQ(c.note, "prefers mornings");

  auto by_phone = store_->by_phone("+861012345678", 5);
  ASSERT_TRUE(by_phone.ok());
  ASSERT_EQ(by_phone->size(), 1u);
  EXPECT_EQ((*by_phone)[0].id, *id);
  for (const char* text : {"张", "示范", "0013800", "SN-0001"}) {
    auto s = store_->search(text, 10);
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->size(), 1u) << text;
  }
  auto none = store_->search("%", 10);  // a pattern character is a letter
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  EXPECT_TRUE(store_->by_phone("+8613900000000", 5)->empty());
  EXPECT_FALSE(*store_->find(*id + 1));
}

TEST_F(CustomerStoreTest, SharedNumbersGiveEveryCandidate) {
  Customer a = zhang(), b = zhang();
  b.name = "张伟的妻子";
  b.phones = {{"+861012345678", "home"}};
  auto ids = store_->add_all({a, b});
  ASSERT_TRUE(ids.ok());
  auto both = store_->by_phone("+861012345678", 5);
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(both->size(), 2u);
  EXPECT_EQ(*store_->count(), 2);
  auto page = store_->page((*ids)[0], 10);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].name, "张伟的妻子");
}

TEST_F(CustomerStoreTest, UpdateReplacesPhonesAndProducts) {
  auto id = store_->add(zhang());
  ASSERT_TRUE(id.ok());
  Customer c = **store_->find(*id);
  c.phones = {{"+8613900001111", ""}};
  c.products.clear();
  c.tags = {};
  ASSERT_TRUE(store_->update(c).ok());
  Customer after = **store_->find(*id);
  ASSERT_EQ(after.phones.size(), 1u);
  EXPECT_TRUE(after.products.empty());
  EXPECT_TRUE(after.tags.empty());
  EXPECT_TRUE(store_->by_phone("+8613800138000", 5)->empty());
  c.id = 999;
  EXPECT_FALSE(store_->update(c).ok());
}

TEST_F(CustomerStoreTest, TimelineMergesCallsAndInteractionsAndTellsWhoServed) {
  auto id = store_->add(zhang());
  ASSERT_TRUE(id.ok());
  {
    auto calls = CallStore::open(path_);
    ASSERT_TRUE(calls.ok());
    CallRecord r;
    r.uid = "c1";
    r.caller = "13800138000";
    r.caller_e164 = "+8613800138000";
    r.arrived = 2000;
    r.ended = 3000;
    r.queue = "repair";
    r.agent = "a1";
    r.disposition = "answered";
    ASSERT_TRUE((*calls)->save({r}).ok());
  }
  ASSERT_TRUE(store_->add_interaction(*id, {5000, "note", "", "called back", "li"}).ok());
  auto t = store_->timeline(*id, 10);
  ASSERT_TRUE(t.ok()) << t.status().message();
  ASSERT_EQ(t->size(), 2u);
  EXPECT_EQ((*t)[0].summary, "called back");
  EXPECT_EQ((*t)[1].kind, "call");
  EXPECT_EQ((*t)[1].reference, "c1");
  EXPECT_EQ((*t)[1].summary, "answered in repair");
  EXPECT_EQ((*t)[1].user, "a1");
  EXPECT_TRUE(*store_->served_by(*id, "a1", ""));
  EXPECT_TRUE(*store_->served_by(*id, "", "li"));
  EXPECT_FALSE(*store_->served_by(*id, "a2", "chen"));
  EXPECT_FALSE(*store_->served_by(*id, "", ""));
}

}  // namespace
}  // namespace hotline::store
