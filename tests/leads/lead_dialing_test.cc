// Leads through a campaign's dialer, in a real SQLite file: taken by the lists' weights and
// leased (never given twice), the do-not-call list checked again as they are taken, due
// again after their retry delay, capped per day, done for good, released after a stop.

#include <gtest/gtest.h>

#include <algorithm>

#include "leads/lead_store.h"
#include "store/temp_database.h"

namespace hotline::leads {
namespace {

constexpr Time kDay = seconds(86400);

class LeadDialingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = LeadStore::open(db_.path());
    ASSERT_TRUE(s.ok()) << s.status().message();
    store_ = std::move(*s);
    a_ = import("A", {"13800000001", "13800000002", "13800000003", "13800000004", "13800000005",
                      "13800000006"});
    b_ = import("B", {"13900000001", "13900000002"});
  }
  std::int64_t import(const std::string& name, const std::vector<std::string>& numbers) {
    std::string csv = "phone\n";
    for (const std::string& n : numbers)
      csv += n + "\n";
    auto file = read_lead_file(csv, {"phone", "", {}});
    EXPECT_TRUE(file.ok());
    LeadList list;
    list.name = name;
    list.campaign = "c";
    auto imported = store_->import(list, *file, {}, who_, seconds(1));
    EXPECT_TRUE(imported.ok()) << imported.status().message();
    return imported.ok() ? imported->list.id : 0;
  }
  std::vector<LeadToDial> take(int count, Time now) {
    auto taken = store_->take_leads("c", {{a_, 3}, {b_, 1}}, count, who_, now);
    EXPECT_TRUE(taken.ok()) << taken.status().message();
    return taken.ok() ? *taken : std::vector<LeadToDial>{};
  }
  static int from(const std::vector<LeadToDial>& leads, std::int64_t list) {
    return static_cast<int>(std::count_if(leads.begin(), leads.end(),
                                          [&](const LeadToDial& l) { return l.list == list; }));
  }

  store::TempDatabase db_{"lead-dialing"};
  std::unique_ptr<LeadStore> store_;
  const Actor who_{"dialer", "core"};
  std::int64_t a_ = 0, b_ = 0;
  const Time now_ = seconds(1000);
};

TEST_F(LeadDialingTest, TakenByWeightOnceEachWithTheDoNotCallListCheckedAgain) {
  // A number asks not to be called after the import.
  ASSERT_TRUE(store_->add_do_not_call("", "13800000002", "投诉", who_, seconds(2)).ok());
  const auto first = take(4, now_);
  ASSERT_EQ(first.size(), 4u);
  EXPECT_EQ(from(first, a_), 3);  // its share of 3: one closed, the fill takes one more
  EXPECT_EQ(from(first, b_), 1);
  for (const LeadToDial& l : first) {
    EXPECT_NE(l.phone, "+8613800000002");
    EXPECT_EQ(l.attempts, 0);
  }
  // What the dialer holds is not given again: the rest, and no more.
  const auto rest = take(10, now_);
  EXPECT_EQ(rest.size(), 3u);
  EXPECT_TRUE(take(10, now_).empty());
  // Audited, with the closed number counted.
  bool audited = false;
  for (const store::AuditEntry& e : db_.audit())
    audited = audited || (e.action == "leads.dial" &&
                          e.detail.find("4 leads for campaign c, 1 closed as on the do-not-call "
                                        "list") != std::string::npos);
  EXPECT_TRUE(audited);
}

TEST_F(LeadDialingTest, DueAgainAfterTheRetryCappedPerDayDoneForGood) {
  const DialRules rules{2, seconds(8 * 3600)};
  auto leads = take(8, now_);
  ASSERT_EQ(leads.size(), 8u);
  const LeadToDial busy = leads[0], answered = leads[1];
  ASSERT_TRUE(store_->lead_done(busy.id, "busy", now_ + seconds(600), rules, now_).ok());
  ASSERT_TRUE(store_->lead_done(answered.id, "human", 0, rules, now_).ok());
  EXPECT_TRUE(take(8, now_ + seconds(599)).empty());
  auto again = take(8, now_ + seconds(600));
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].id, busy.id);
  EXPECT_EQ(again[0].attempts, 1);
  // Its second dial today reaches the cap of 2: not before the next day, whatever the retry.
  const Time later = now_ + seconds(700);
  ASSERT_TRUE(store_->lead_done(busy.id, "no_answer", later + seconds(60), rules, later).ok());
  EXPECT_TRUE(take(8, later + seconds(3600)).empty());
  const Time next_day = (((now_ + rules.utc_offset) / kDay) + 1) * kDay - rules.utc_offset;
  auto tomorrow = take(8, next_day);
  ASSERT_EQ(tomorrow.size(), 1u);
  EXPECT_EQ(tomorrow[0].attempts, 2);
  // The one a person answered is never dialled again; nor an unknown lead recorded.
  EXPECT_EQ(store_->lead_done(999999, "busy", 0, rules, now_).code(), StatusCode::kNotFound);
}

TEST_F(LeadDialingTest, LeasesEndWhenTheDialerStops) {
  ASSERT_EQ(take(8, now_).size(), 8u);
  auto released = store_->release_leases({{a_, 1}, {b_, 1}});
  ASSERT_TRUE(released.ok());
  EXPECT_EQ(*released, 8);
  EXPECT_EQ(take(8, now_).size(), 8u);
}

}  // namespace
}  // namespace hotline::leads
