// Tickets in a real SQLite file: stored, changed with their history, listed by filter.

#include "store/ticket_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

namespace hotline::store {
namespace {

class TicketStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() /
             ("hotline-tickets-" + std::to_string(getpid()) + ".db"))
                .string();
    std::filesystem::remove(path_);
    auto s = TicketStore::open(path_);
    ASSERT_TRUE(s.ok()) << s.status().message();
    tickets_ = std::move(*s);
  }
  void TearDown() override {
    tickets_.reset();
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(path_ + suffix);
  }
  Ticket ticket(const std::string& type, const std::string& owner, Time due) {
    Ticket t;
    t.type = type;
    t.status = "new";
    t.title = "空调不制冷";
    t.owner = t.created_by = owner;
    t.created = t.updated = 1000;
    t.due = due;
    return t;
  }
  std::string path_;
  std::unique_ptr<TicketStore> tickets_;
};

TEST_F(TicketStoreTest, ChangesKeepTheirHistory) {
  auto id = tickets_->add(ticket("repair", "li", 5000));
  ASSERT_TRUE(id.ok()) << id.status().message();
  Ticket t = **tickets_->find(*id);
  EXPECT_EQ(t.title, "空调不制冷");
  t.status = "dispatched";
  t.provider = "深圳服务商";
  ASSERT_TRUE(tickets_
                  ->update(t, {{2000, "li", "status", "new", "dispatched"},
                               {2000, "li", "provider", "", "深圳服务商"}})
                  .ok());
  Ticket after = **tickets_->find(*id);
  EXPECT_EQ(after.status, "dispatched");
  EXPECT_EQ(after.provider, "深圳服务商");
  auto h = tickets_->history(*id);
  ASSERT_TRUE(h.ok());
  ASSERT_EQ(h->size(), 3u);
  EXPECT_EQ((*h)[0].field, "created");
  EXPECT_EQ((*h)[2].new_value, "深圳服务商");
  EXPECT_FALSE(*tickets_->find(*id + 1));
}

TEST_F(TicketStoreTest, Filters) {
  ASSERT_TRUE(tickets_->add(ticket("inquiry", "li", 5000)).ok());
  auto late = ticket("complaint", "wang", 1500);
  ASSERT_TRUE(tickets_->add(late).ok());
  auto done = ticket("billing", "li", 1200);
  done.status = "closed";
  ASSERT_TRUE(tickets_->add(done).ok());
  TicketFilter f;
  EXPECT_EQ(tickets_->list(f)->size(), 3u);
  f.involving = "li";
  EXPECT_EQ(tickets_->list(f)->size(), 2u);
  f = {};
  f.open_only = true;
  EXPECT_EQ(tickets_->list(f)->size(), 2u);
  f = {};
  f.overdue_at = 2000;  // the closed one is not overdue
  auto overdue = tickets_->list(f);
  ASSERT_EQ(overdue->size(), 1u);
  EXPECT_EQ((*overdue)[0].owner, "wang");
  f = {};
  f.status = "closed";
  EXPECT_EQ(tickets_->list(f)->size(), 1u);
}

}  // namespace
}  // namespace hotline::store
