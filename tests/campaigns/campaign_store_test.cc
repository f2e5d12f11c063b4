// Campaigns in a real SQLite file: created as drafts, changed, started only with agents
// and live lead lists, paused and finished for good; every step audited.

#include "campaigns/campaign_store.h"

#include <gtest/gtest.h>

#include "leads/lead_store.h"
#include "store/temp_database.h"

namespace hotline::campaigns {
namespace {

class CampaignStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = CampaignStore::open(path_);
    ASSERT_TRUE(s.ok()) << s.status().message();
    store_ = std::move(*s);
  }
  // A lead list of two leads; its id.
  std::int64_t import_list() {
    auto leads = leads::LeadStore::open(path_);
    EXPECT_TRUE(leads.ok());
    auto file =
        leads::read_lead_file("phone,name\n13800138000,a\n13900139000,b\n", {"phone", "name", {}});
    EXPECT_TRUE(file.ok());
    leads::LeadList list;
    list.name = "vendor batch";
    auto imported = (*leads)->import(list, *file, {}, director_, seconds(100));
    EXPECT_TRUE(imported.ok()) << imported.status().message();
    return imported.ok() ? imported->list.id : 0;
  }
  void destroy_list(std::int64_t id) {
    auto leads = leads::LeadStore::open(path_);
    ASSERT_TRUE(leads.ok());
    ASSERT_TRUE((*leads)->destroy(id, director_, seconds(200)).ok());
  }
  std::size_t audited(const std::string& action) {
    std::size_t n = 0;
    for (const store::AuditEntry& e : db_.audit())
      n += e.action == action;
    return n;
  }

  store::TempDatabase db_{"campaigns"};
  const std::string& path_ = db_.path();
  std::unique_ptr<CampaignStore> store_;
  const store::Actor director_{"director", "127.0.0.1"};
};

TEST_F(CampaignStoreTest, CreatedAsADraftKeptAndReadBack) {
  Campaign c = default_campaign("tickets");
  c.title = "会议门票";
  c.mode = dialer::Mode::kPredictive;
  c.teams = {"sales-1"};
  auto created = store_->create(c, director_, seconds(10));
  ASSERT_TRUE(created.ok()) << created.status().message();
  EXPECT_EQ(created->status, CampaignStatus::kDraft);
  EXPECT_EQ(created->created_by, "director");
  auto found = store_->find("tickets");
  ASSERT_TRUE(found.ok() && *found);
  EXPECT_EQ((*found)->title, "会议门票");
  EXPECT_EQ((*found)->mode, dialer::Mode::kPredictive);
  EXPECT_EQ((*found)->teams, std::vector<std::string>{"sales-1"});
  EXPECT_EQ((*found)->created, seconds(10));
  // The name is taken now; a campaign with problems is refused, naming them.
  auto again = store_->create(c, director_, seconds(11));
  EXPECT_EQ(again.status().code(), StatusCode::kConflict);
  Campaign bad = default_campaign("other");
  bad.ring_time = seconds(5);
  auto refused = store_->create(bad, director_, seconds(12));
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("ring_time_s"), std::string::npos);
  auto all = store_->all();
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 1u);
  EXPECT_EQ(audited("campaign.create"), 1u);
}

TEST_F(CampaignStoreTest, StartingNeedsAgentsAndLiveLists) {
  ASSERT_TRUE(store_->create(default_campaign("c"), director_, 1).ok());
  auto start = store_->set_status("c", CampaignStatus::kRunning, director_, 2);
  EXPECT_EQ(start.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(start.status().message().find("no agents"), std::string::npos);
  EXPECT_NE(start.status().message().find("no lead list"), std::string::npos);
  // A list that does not exist cannot be named at all.
  Campaign c = *store_->find("c").value();
  c.teams = {"sales-1"};
  c.lists = {{999, 1}};
  auto changed = store_->change(c, director_, 3);
  EXPECT_EQ(changed.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(changed.status().message().find("no lead list 999"), std::string::npos);
  const std::int64_t list = import_list();
  c.lists = {{list, 1}};
  ASSERT_TRUE(store_->change(c, director_, 4).ok());
  EXPECT_EQ(store_->find("c").value()->status,
            CampaignStatus::kDraft);  // a change keeps the status
  auto started = store_->set_status("c", CampaignStatus::kRunning, director_, 5);
  ASSERT_TRUE(started.ok()) << started.status().message();
  EXPECT_EQ(started->status, CampaignStatus::kRunning);
  ASSERT_TRUE(store_->set_status("c", CampaignStatus::kPaused, director_, 6).ok());
  // Its list destroyed, it cannot start again.
  destroy_list(list);
  auto restart = store_->set_status("c", CampaignStatus::kRunning, director_, 7);
  EXPECT_EQ(restart.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(restart.status().message().find("has been destroyed"), std::string::npos);
  EXPECT_EQ(store_->find("c").value()->status, CampaignStatus::kPaused);  // nothing changed
  EXPECT_EQ(audited("campaign.start"), 1u);
  EXPECT_EQ(audited("campaign.pause"), 1u);
}

TEST_F(CampaignStoreTest, FinishedIsForGood) {
  ASSERT_TRUE(store_->create(default_campaign("c"), director_, 1).ok());
  EXPECT_EQ(store_->set_status("c", CampaignStatus::kPaused, director_, 2).status().code(),
            StatusCode::kConflict);  // a draft is not running
  ASSERT_TRUE(store_->set_status("c", CampaignStatus::kFinished, director_, 3).ok());
  EXPECT_EQ(store_->set_status("c", CampaignStatus::kRunning, director_, 4).status().code(),
            StatusCode::kConflict);
  Campaign c = *store_->find("c").value();
  c.title = "changed";
  EXPECT_EQ(store_->change(c, director_, 5).status().code(), StatusCode::kConflict);
  EXPECT_EQ(store_->find("c").value()->title, "c");
  EXPECT_EQ(store_->set_status("none", CampaignStatus::kRunning, director_, 6).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(audited("campaign.finish"), 1u);
  EXPECT_EQ(audited("campaign.change"), 0u);
}

}  // namespace
}  // namespace hotline::campaigns
