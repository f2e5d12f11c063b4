// Lead lists in a real SQLite file: imported in one transaction with every row left out
// reported, de-duplicated against the campaign and the center's window, screened by the
// do-not-call list, and destroyed so that nothing of them is left in the files.

#include "leads/lead_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "store/database.h"
#include "store/temp_database.h"

namespace hotline::leads {
namespace {

constexpr Time kDay = seconds(86400);

class LeadStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = LeadStore::open(path_);
    ASSERT_TRUE(s.ok()) << s.status().message();
    store_ = std::move(*s);
  }
  void TearDown() override { store_.reset(); }

  static LeadFile file_of(const std::string& csv) {
    auto file = read_lead_file(csv, {"phone", "name", {"city"}});
    EXPECT_TRUE(file.ok()) << file.status().message();
    return file.ok() ? *file : LeadFile{};
  }
  static LeadList list_named(const std::string& name, const std::string& campaign = "") {
    LeadList l;
    l.name = name;
    l.vendor = "数据公司A";
    l.batch = "2026-12-A";
    l.price_fen = 1'000'000;  // 10,000 CNY
    l.bought = "2026-12-01";
    l.consent = "vendor contract 17, clause 4";
    l.campaign = campaign;
    l.field_names = {"city"};
    return l;
  }
  Result<ImportResult> import(const std::string& name, const std::string& csv, Time now,
                              const std::string& campaign = "") {
    return store_->import(list_named(name, campaign), file_of(csv), {}, director_, now);
  }
  std::vector<store::AuditEntry> audit() { return db_.audit(); }
  // A PRAGMA's number, read through a connection of its own.
  std::int64_t pragma(const std::string& name) {
    auto db = store::Database::open(path_);
    EXPECT_TRUE(db.ok());
    auto q = (*db)->prepare("PRAGMA " + name);
    EXPECT_TRUE(q.ok() && *q->step());
    return q->integer(0);
  }
  std::string file_bytes(const std::string& suffix) {
    std::ifstream in(path_ + suffix, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
  }

  void destroy_and_check();

  store::TempDatabase db_{"leads"};
  const std::string& path_ = db_.path();
  std::unique_ptr<LeadStore> store_;
  const Actor director_{"zhao", "127.0.0.1"};
};

TEST_F(LeadStoreTest, ImportKeepsTheListAndReportsEveryRowLeftOut) {
  ASSERT_TRUE(store_->add_do_not_call("", "139 0013 9000", "complained", director_, 1).ok());
  ASSERT_TRUE(store_->add_do_not_call("", "400*", "service numbers", director_, 1).ok());
  auto result = import("十二月 A",
                       "name,phone,city\n"
                       "张三,13800138000,深圳\n"     // 2
                       "李四,12345,广州\n"           // 3: not a number
                       "王五,13900139000,北京\n"     // 4: do not call
                       "赵六,4008001234,上海\n"      // 5: a 400 number: do not call
                       "钱七,138 0013 8000,深圳\n"   // 6: row 2's number again
                       "孙八,0755-23456789,深圳\n",  // 7
                       10 * kDay);
  ASSERT_TRUE(result.ok()) << result.status().message();
  const LeadList& list = result->list;
  EXPECT_GT(list.id, 0);
  EXPECT_EQ(list.rows, 6);
  EXPECT_EQ(list.leads, 2);
  EXPECT_EQ(list.invalid, 1);
  EXPECT_EQ(list.duplicates, 1);
  EXPECT_EQ(list.do_not_call, 2);
  ASSERT_EQ(result->left_out.size(), 4u);
  EXPECT_EQ(result->left_out[0].row, 3);
  EXPECT_EQ(result->left_out[1].row, 4);
  EXPECT_EQ(result->left_out[1].reason, "on the do-not-call list");
  EXPECT_EQ(result->left_out[2].row, 5);
  EXPECT_EQ(result->left_out[3].row, 6);
  EXPECT_EQ(result->left_out[3].reason, "the same number as row 2");

  auto stored = store_->list(list.id);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->vendor, "数据公司A");
  EXPECT_EQ((*stored)->price_fen, 1'000'000);
  EXPECT_EQ((*stored)->consent, "vendor contract 17, clause 4");
  EXPECT_EQ((*stored)->imported_by, "zhao");
  EXPECT_EQ((*stored)->do_not_call, 2);
  EXPECT_EQ((*stored)->field_names, std::vector<std::string>{"city"});
  auto leads = store_->leads(list.id, 0, 10);
  ASSERT_TRUE(leads.ok());
  ASSERT_EQ(leads->size(), 2u);
  EXPECT_EQ((*leads)[0].phone, "+8613800138000");
  EXPECT_EQ((*leads)[0].name, "张三");
  EXPECT_EQ((*leads)[0].fields, std::vector<std::string>{"深圳"});
  EXPECT_EQ((*leads)[1].phone, "+8675523456789");
  EXPECT_EQ((*leads)[1].row, 7);

  const auto entries = audit();
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries.front().action, "leads.import");
  EXPECT_EQ(entries.front().user, "zhao");
  EXPECT_NE(entries.front().detail.find("2 of 6 rows imported"), std::string::npos);
}

TEST_F(LeadStoreTest, NumbersAlreadyLeadsOfTheCampaignOrTheWindowAreNotImportedAgain) {
  ASSERT_TRUE(
      import("A", "name,phone,city\na,13800138000,x\nb,13800138001,x\n", 0, "tickets").ok());
  // 30 days later, another campaign: both numbers are within the 90-day window.
  auto again =
      import("B", "name,phone,city\na,13800138000,x\nc,13800138002,x\n", 30 * kDay, "courses");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->list.leads, 1);
  EXPECT_EQ(again->list.duplicates, 1);
  ASSERT_EQ(again->left_out.size(), 1u);
  EXPECT_NE(again->left_out[0].reason.find("imported within the dedupe window"), std::string::npos);
  // 100 days later: out of the window for another campaign, never for the same one.
  auto later = import("C", "name,phone,city\nb,13800138001,x\n", 100 * kDay, "courses");
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(later->list.leads, 1);
  auto same = import("D", "name,phone,city\nb,13800138001,x\n", 100 * kDay, "tickets");
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->list.leads, 0);
  ASSERT_EQ(same->left_out.size(), 1u);
  EXPECT_NE(same->left_out[0].reason.find("campaign tickets"), std::string::npos);
}

TEST_F(LeadStoreTest, AnImportThatFailsHalfWayLeavesNothing) {
  {
    // The database refuses one lead in the middle of the file.
    auto db = store::Database::open(path_);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)
                    ->exec("CREATE TRIGGER refuse BEFORE INSERT ON leads WHEN "
                           "NEW.phone = '+8613800138002' BEGIN SELECT RAISE(ABORT, 'disk "
                           "full'); END")
                    .ok());
  }
  const std::size_t audited = audit().size();
  auto failed = import("A",
                       "name,phone,city\na,13800138000,x\nb,13800138001,x\nc,13800138002,x\n"
                       "d,13800138003,x\n",
                       0);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.status().message().find("disk full"), std::string::npos);
  auto lists = store_->lists();
  ASSERT_TRUE(lists.ok());
  EXPECT_TRUE(lists->empty());
  auto leads = store_->leads(1, 0, 10);
  ASSERT_TRUE(leads.ok());
  EXPECT_TRUE(leads->empty());
  EXPECT_EQ(audit().size(), audited);
}

// Imports 3,000 leads and another list, destroys the first: checked in the files' bytes.
void LeadStoreTest::destroy_and_check() {
  std::string csv = "name,phone,city\n";
  for (int i = 0; i < 3000; ++i)
    csv += "客户独特名" + std::to_string(i) + ",139" + std::to_string(10000000 + i) + ",某市\n";
  auto imported = import("to destroy", csv, 0);
  ASSERT_TRUE(imported.ok());
  ASSERT_EQ(imported->list.leads, 3000);
  auto kept = import("kept", "name,phone,city\n留下,13800138000,x\n", 0);
  ASSERT_TRUE(kept.ok());
  // Before: the numbers and names are there, in the database or its write-ahead log.
  const auto everywhere = [&] { return file_bytes("") + file_bytes("-wal"); };
  const std::string before = everywhere();
  ASSERT_NE(before.find("+8613910001234"), std::string::npos);
  ASSERT_NE(before.find("客户独特名1234"), std::string::npos);
  const std::int64_t pages_before = pragma("page_count");

  auto destroyed = store_->destroy(imported->list.id, {"li", "10.0.0.9"}, 5 * kDay);
  ASSERT_TRUE(destroyed.ok()) << destroyed.status().message();
  EXPECT_EQ(destroyed->leads_destroyed, 3000);
  EXPECT_EQ(destroyed->destroyed_by, "li");

  const std::string after = everywhere();
  for (int i = 0; i < 3000; i += 7) {
    ASSERT_EQ(after.find("+86139" + std::to_string(10000000 + i)), std::string::npos) << i;
    ASSERT_EQ(after.find("客户独特名" + std::to_string(i) + ","), std::string::npos) << i;
  }
  EXPECT_EQ(after.find("客户独特名"), std::string::npos);
  // The space is reclaimed: no free pages are left, and the database is much smaller.
  EXPECT_EQ(pragma("freelist_count"), 0);
  EXPECT_LT(pragma("page_count"), pages_before / 2);

  // The list keeps its counts; the other list its leads; the step is audited.
  auto list = store_->list(imported->list.id);
  ASSERT_TRUE(list.ok() && list->has_value());
  EXPECT_EQ((*list)->leads, 3000);
  EXPECT_EQ((*list)->leads_destroyed, 3000);
  EXPECT_EQ((*list)->destroyed, 5 * kDay);
  auto left = store_->leads(kept->list.id, 0, 10);
  ASSERT_TRUE(left.ok());
  EXPECT_EQ(left->size(), 1u);
  EXPECT_EQ(audit().front().action, "leads.destroy");
  EXPECT_EQ(audit().front().user, "li");

  auto twice = store_->destroy(imported->list.id, director_, 6 * kDay);
  EXPECT_EQ(twice.status().code(), StatusCode::kConflict);
  EXPECT_EQ(store_->destroy(999, director_, 6 * kDay).status().code(), StatusCode::kNotFound);
}

TEST_F(LeadStoreTest, ADestroyedListLeavesNothingOfItsLeadsInTheFiles) {
  EXPECT_EQ(pragma("auto_vacuum"), 2);  // a new file gives space back in steps
  destroy_and_check();
}

TEST_F(LeadStoreTest, AFileMadeWithoutAutoVacuumIsConvertedByItsFirstDestruction) {
  {
    auto db = store::Database::open(path_);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->exec("PRAGMA auto_vacuum = NONE").ok());
    ASSERT_TRUE((*db)->exec("VACUUM").ok());
  }
  ASSERT_EQ(pragma("auto_vacuum"), 0);
  destroy_and_check();
  EXPECT_EQ(pragma("auto_vacuum"), 2);
}

TEST_F(LeadStoreTest, ListsAreDueForDestructionWhenTheirRetentionRunsOut) {
  LeadList thirty = list_named("thirty days");
  thirty.retention_days = 30;
  const LeadFile file = file_of("name,phone,city\na,13800138000,x\n");
  auto a = store_->import(thirty, file, {}, director_, 0);
  auto b = store_->import(list_named("by hand"), file_of("name,phone,city\nb,13800138001,x\n"), {},
                          director_, 0);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(store_->due_for_destruction(29 * kDay)->empty());
  EXPECT_EQ(*store_->due_for_destruction(30 * kDay), std::vector<std::int64_t>{a->list.id});
  ASSERT_TRUE(store_->destroy(a->list.id, director_, 30 * kDay).ok());
  EXPECT_TRUE(store_->due_for_destruction(400 * kDay)->empty());
}

TEST_F(LeadStoreTest, LeadsGoToTeamsThenToAgentsInEqualCountsOrStayInTheTeamsPool) {
  std::string csv = "name,phone,city\n";
  for (int i = 0; i < 10; ++i)
    csv += "c" + std::to_string(i) + ",1380013800" + std::to_string(i) + ",x\n";
  auto list = import("ten", csv, 0);
  ASSERT_TRUE(list.ok());
  const std::int64_t id = list->list.id;
  EXPECT_EQ(*store_->give_to_team(id, "t1", 7, director_, 10), 7);
  EXPECT_EQ(*store_->give_to_team(id, "t2", 7, director_, 10), 3);  // what was left
  EXPECT_EQ(*store_->give_to_team(id, "t3", 1, director_, 10), 0);
  EXPECT_EQ(store_->give_to_team(99, "t1", 1, director_, 10).status().code(),
            StatusCode::kNotFound);
  EXPECT_FALSE(store_->give_to_team(id, "", 1, director_, 10).ok());
  EXPECT_FALSE(store_->give_to_team(id, "t1", 0, director_, 10).ok());
  using H = std::vector<Holding>;
  const auto holdings = [&](const std::string& team) {
    auto h = store_->holdings(team);
    EXPECT_TRUE(h.ok());
    return h.ok() ? *h : H{};
  };
  const auto same = [](const H& a, const H& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (a[i].team != b[i].team || a[i].agent != b[i].agent || a[i].leads != b[i].leads)
        return false;
    return true;
  };
  EXPECT_TRUE(same(holdings(""), H{{"t1", "", 7}, {"t2", "", 3}}));

  // The team lead hands out the whole pool: 3, 2, 2.
  const Actor lead{"wang", "10.0.0.2"};
  auto counts = store_->give_to_agents("t1", {"a1", "a2", "a3"}, 0, lead, 20);
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(*counts, (std::vector<int>{3, 2, 2}));
  EXPECT_TRUE(same(holdings("t1"), H{{"t1", "a1", 3}, {"t1", "a2", 2}, {"t1", "a3", 2}}));
  // Nothing left in the pool: nobody gets more.
  EXPECT_EQ(*store_->give_to_agents("t1", {"a1"}, 5, lead, 21), std::vector<int>{0});
  // t2's pool, one each.
  EXPECT_EQ(*store_->give_to_agents("t2", {"b1", "b2"}, 1, lead, 22), (std::vector<int>{1, 1}));
  EXPECT_TRUE(same(holdings("t2"), H{{"t2", "", 1}, {"t2", "b1", 1}, {"t2", "b2", 1}}));
  EXPECT_FALSE(store_->give_to_agents("t1", {}, 1, lead, 23).ok());

  // An agent off sick: its leads go back to the pool.
  EXPECT_EQ(*store_->take_back("t1", "a1", lead, 30), 3);
  EXPECT_TRUE(same(holdings("t1"), H{{"t1", "", 3}, {"t1", "a2", 2}, {"t1", "a3", 2}}));
  const auto entries = audit();
  EXPECT_EQ(entries.front().action, "leads.take_back");
  EXPECT_EQ(entries.front().detail, "3 leads from a1");
  EXPECT_TRUE(std::any_of(entries.begin(), entries.end(), [](const store::AuditEntry& e) {
    return e.action == "leads.assign" && e.user == "wang" && e.detail == "a1 3, a2 2, a3 2";
  }));
}

TEST_F(LeadStoreTest, SamplesAreTestCalledAndTheirResultsJudgeTheVendorAfterTheLeadsAreGone) {
  std::string csv = "name,phone,city\n";
  for (int i = 0; i < 20; ++i)
    csv +=
        "c" + std::to_string(i) + ",138001380" + (i < 10 ? "0" : "") + std::to_string(i) + ",x\n";
  auto a = import("from A", csv, 0);
  ASSERT_TRUE(a.ok());
  LeadList cheap = list_named("from B");
  cheap.vendor = "数据公司B";
  cheap.price_fen = 200'000;
  auto b = store_->import(cheap, file_of("name,phone,city\nx,13900139001,y\n"), {}, director_, 0);
  ASSERT_TRUE(b.ok());

  auto sample = store_->draw_sample(a->list.id, 5, director_, 10);
  ASSERT_TRUE(sample.ok()) << sample.status().message();
  ASSERT_EQ(sample->calls.size(), 5u);
  EXPECT_EQ(sample->drawn_by, "zhao");
  EXPECT_TRUE(sample->calls[0].phone.starts_with("+86138001380"));
  EXPECT_FALSE(sample->calls[0].tested);
  // A second sample takes only leads not drawn before.
  auto rest = store_->draw_sample(a->list.id, 100, director_, 11);
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(rest->calls.size(), 15u);
  for (const TestCall& c : rest->calls)
    for (const TestCall& d : sample->calls)
      EXPECT_NE(c.lead, d.lead);
  EXPECT_FALSE(store_->draw_sample(a->list.id, 0, director_, 12).ok());
  EXPECT_EQ(store_->draw_sample(99, 5, director_, 12).status().code(), StatusCode::kNotFound);

  const std::vector<TestResult> results = {{true, true, true, true},
                                           {true, true, true, false},
                                           {true, true, false, false},
                                           {true, false, false, false},
                                           {false, false, false, false}};
  for (std::size_t i = 0; i < results.size(); ++i)
    ASSERT_TRUE(
        store_->record_test(sample->id, sample->calls[i].lead, results[i], director_, 20).ok());
  EXPECT_EQ(store_->record_test(sample->id, 99999, {}, director_, 20).code(),
            StatusCode::kNotFound);
  EXPECT_EQ(store_
                ->record_test(sample->id, sample->calls[0].lead, {false, false, false, true},
                              director_, 20)
                .code(),
            StatusCode::kInvalidArgument);
  auto read = store_->sample(sample->id);
  ASSERT_TRUE(read.ok() && read->has_value());
  EXPECT_TRUE((*read)->calls[0].tested);
  EXPECT_TRUE((*read)->calls[0].result.interested);  // the refused change changed nothing

  // The figures outlive the list's leads.
  ASSERT_TRUE(store_->destroy(a->list.id, director_, 30).ok());
  read = store_->sample(sample->id);
  ASSERT_TRUE(read.ok() && read->has_value());
  EXPECT_EQ((*read)->calls[0].phone, "");
  auto vendors = store_->vendor_figures();
  ASSERT_TRUE(vendors.ok());
  ASSERT_EQ(vendors->size(), 2u);
  const VendorFigures& va = (*vendors)[0];
  EXPECT_EQ(va.vendor, "数据公司A");
  EXPECT_EQ(va.lists, 1);
  EXPECT_EQ(va.leads, 20);
  EXPECT_EQ(va.price_fen, 1'000'000);
  EXPECT_EQ(va.tested, 5);
  EXPECT_EQ(va.valid, 4);
  EXPECT_EQ(va.reachable, 3);
  EXPECT_EQ(va.right_person, 2);
  EXPECT_EQ(va.interested, 1);
  EXPECT_EQ((*vendors)[1].vendor, "数据公司B");
  EXPECT_EQ((*vendors)[1].tested, 0);
  EXPECT_EQ((*vendors)[1].price_fen, 200'000);
}

TEST_F(LeadStoreTest, AnOldListIsRecleansedAgainstNumbersDoNotCallAndFresherLists) {
  auto old = import("old",
                    "name,phone,city\na,13800138000,x\nb,13800138001,x\nc,13800138002,x\n"
                    "d,13800138003,x\n",
                    0, "tickets");
  ASSERT_TRUE(old.ok());
  const std::int64_t id = old->list.id;
  auto listed = store_->list(id);
  EXPECT_FALSE(is_stale(**listed, 89 * kDay));
  EXPECT_TRUE(is_stale(**listed, 90 * kDay));
  // Since the import: one person asked not to be called, a fresher list of another
  // campaign bought one number again, one number left the numbering plan.
  ASSERT_TRUE(store_->add_do_not_call("", "13800138001", "opted out", director_, 50 * kDay).ok());
  ASSERT_TRUE(import("fresh", "name,phone,city\nz,13800138002,x\n", 95 * kDay, "courses").ok());
  {
    auto db = store::Database::open(path_);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)
                    ->exec("UPDATE leads SET phone = '+861380013' WHERE phone = "
                           "'+8613800138003' AND list_id = " +
                           std::to_string(id))
                    .ok());
  }
  auto done = store_->recleanse(id, {}, director_, 100 * kDay);
  ASSERT_TRUE(done.ok()) << done.status().message();
  EXPECT_EQ(done->checked, 4);
  EXPECT_EQ(done->invalid, 1);
  EXPECT_EQ(done->do_not_call, 1);
  EXPECT_EQ(done->duplicates, 1);
  auto left = store_->leads(id, 0, 10);
  ASSERT_TRUE(left.ok());
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ((*left)[0].phone, "+8613800138000");
  listed = store_->list(id);
  EXPECT_EQ((*listed)->leads_removed, 3);
  EXPECT_EQ((*listed)->recleansed, 100 * kDay);
  EXPECT_FALSE(is_stale(**listed, 150 * kDay));
  EXPECT_EQ(audit().front().action, "leads.recleanse");
  // Again at once: nothing more to take out.
  done = store_->recleanse(id, {}, director_, 100 * kDay);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->checked, 1);
  EXPECT_EQ(done->invalid + done->do_not_call + done->duplicates, 0);
}

TEST_F(LeadStoreTest, DoNotCallIsCheckedAgainAtDialTimeCenterWideAndPerCampaign) {
  EXPECT_EQ(*store_->may_dial("tickets", "+8613800138000"), true);
  auto added =
      store_->add_do_not_call("", "+86 138-0013-8000", "asked not to be called", director_, 100);
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(*added, "+8613800138000");
  ASSERT_TRUE(store_->add_do_not_call("tickets", "0755 2*", "", director_, 100).ok());
  EXPECT_EQ(*store_->may_dial("tickets", "+8613800138000"), false);
  EXPECT_EQ(*store_->may_dial("courses", "+8613800138000"), false);
  EXPECT_EQ(*store_->may_dial("tickets", "+8675523456789"), false);
  EXPECT_EQ(*store_->may_dial("courses", "+8675523456789"), true);
  EXPECT_EQ(*store_->may_dial("tickets", "+8675533456789"), true);
  EXPECT_FALSE(store_->may_dial("tickets", "13800138000").ok());

  // Added again: one entry, the first reason kept, audited once.
  const std::size_t audited = audit().size();
  ASSERT_TRUE(store_->add_do_not_call("", "13800138000", "again", director_, 200).ok());
  EXPECT_EQ(audit().size(), audited);
  auto entries = store_->do_not_call_entries("tickets");
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].campaign, "");
  EXPECT_EQ((*entries)[0].reason, "asked not to be called");
  EXPECT_EQ((*entries)[1].entry,
            "+86755"
            "2*");
  EXPECT_EQ(store_->do_not_call_entries("")->size(), 1u);

  EXPECT_FALSE(store_->add_do_not_call("", "hello", "", director_, 300).ok());
  EXPECT_EQ(*store_->remove_do_not_call("", "138 0013 8000", director_, 300), true);
  EXPECT_EQ(*store_->remove_do_not_call("", "138 0013 8000", director_, 300), false);
  EXPECT_EQ(*store_->may_dial("courses", "+8613800138000"), true);
  EXPECT_EQ(audit().front().action, "dnc.remove");
}

}  // namespace
}  // namespace hotline::leads
