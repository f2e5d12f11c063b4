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

TEST_F(TicketStoreTest, OverdueTicketsAreEscalatedOnce) {
  auto late = tickets_->add(ticket("repair", "li", 1500));
  ASSERT_TRUE(tickets_->add(ticket("inquiry", "li", 9000)).ok());  // not due yet
  auto closed = ticket("billing", "li", 1200);
  closed.status = "closed";
  ASSERT_TRUE(tickets_->add(closed).ok());
  auto escalated = tickets_->escalate_overdue(2000);
  ASSERT_TRUE(escalated.ok()) << escalated.status().message();
  ASSERT_EQ(escalated->size(), 1u);
  EXPECT_EQ((*escalated)[0].id, *late);
  EXPECT_TRUE((*escalated)[0].escalated);
  EXPECT_EQ((*escalated)[0].updated, 2000);
  EXPECT_TRUE(tickets_->escalate_overdue(3000)->empty());  // once
  auto h = tickets_->history(*late);
  EXPECT_EQ(h->back().field, "escalated");
  EXPECT_EQ(h->back().user, "system");
}

TEST_F(TicketStoreTest, ComplaintsByCause) {
  auto add = [&](const std::string& cause, Time created, bool serious, const std::string& status,
                 Time closed, int follow_ups) {
    Ticket t = ticket("complaint", "li", created + 100);
    t.cause = cause;
    t.created = created;
    t.serious = serious;
    t.status = status;
    t.closed = closed;
    t.follow_ups = follow_ups;
    ASSERT_TRUE(tickets_->add(t).ok());
  };
  add("attitude", 1000, true, "closed", 1050, 0);     // in time, first time
  add("attitude", 1100, false, "closed", 1300, 1);    // late, after a demand
  add("attitude", 1200, false, "in_progress", 0, 0);  // open
  add("product_quality", 1300, false, "new", 0, 0);
  add("attitude", 5000, false, "new", 0, 0);                      // another month
  ASSERT_TRUE(tickets_->add(ticket("repair", "li", 2000)).ok());  // not a complaint
  auto report = tickets_->complaints_by_cause(1000, 5000);
  ASSERT_TRUE(report.ok()) << report.status().message();
  ASSERT_EQ(report->size(), 2u);
  const ComplaintFigures& a = (*report)[0];
  EXPECT_EQ(a.cause, "attitude");
  EXPECT_EQ(a.complaints, 3);
  EXPECT_EQ(a.serious, 1);
  EXPECT_EQ(a.closed, 2);
  EXPECT_EQ(a.closed_in_time, 1);
  EXPECT_EQ(a.follow_ups, 1);
  EXPECT_EQ(a.first_time, 1);
  EXPECT_EQ((*report)[1].cause, "product_quality");
  EXPECT_EQ((*report)[1].complaints, 1);
}

}  // namespace
}  // namespace hotline::store
