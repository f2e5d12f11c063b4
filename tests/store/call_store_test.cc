// Call records in a real SQLite file: written, read back after reopening, migrated,
// and refused cleanly when the file is not ours.

#include "store/call_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "store/schema.h"
#include "store/database.h"

namespace hotline::store {
namespace {

class CallStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("hotline-store-test-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "hotline.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  static CallRecord answered_call(const std::string& uid, Time arrived) {
    CallRecord c;
    c.uid = uid;
    c.caller = "13800138000";
    c.called = "4008001234";
    c.arrived = arrived;
    c.ivr_exit = c.queued = arrived + seconds(12);
    c.offered = c.queued + seconds(3);
    c.answered = c.offered + seconds(4);
    c.ended = c.answered + seconds(95);
    c.ivr_path = "welcome>main:1>q-billing";
    c.queue = "billing";
    c.agent = "王芳";
    c.disposition = "answered";
    c.hangup_side = "caller";
    c.hangup_cause = "bye";
    c.sl_threshold = seconds(20);
    c.recording = "2026-11-25/" + uid + ".wav";
    c.recording_length = seconds(95);
    c.hold = seconds(12);
    c.transferred_from = "s1-0";
    c.legs = {LegRecord{"李娜", c.offered - seconds(2), 0, c.offered, "busy", 486, ""},
              LegRecord{"王芳", c.offered, c.answered, c.ended, "answered", 200, ""},
              LegRecord{"", c.ended, 0, c.ended + seconds(3), "busy", 486, "4008009999"}};
    return c;
  }

  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(CallStoreTest, RecordsSurviveReopeningWithEveryField) {
  const Time t0 = 1'795'000'000 * kMicrosPerSecond;
  {
    auto store = CallStore::open(path_);
    ASSERT_TRUE(store.ok()) << store.status().message();
    EXPECT_EQ((*store)->schema_version(), static_cast<int>(schema_migrations().size()));
    CallRecord abandoned;
    abandoned.uid = "s1-2";
    abandoned.caller = "13900139000";
    abandoned.arrived = t0 + seconds(60);
    abandoned.ended = t0 + seconds(90);
    abandoned.disposition = "abandoned_ivr";
    abandoned.hangup_side = "caller";
    ASSERT_TRUE((*store)->save({answered_call("s1-1", t0), abandoned}).ok());
    ASSERT_TRUE((*store)->set_wrapup_ended("s1-1", t0 + seconds(200)).ok());
    ASSERT_TRUE((*store)->set_disposition_code("s1-1", "repair_order").ok());
  }
  auto store = CallStore::open(path_);
  ASSERT_TRUE(store.ok());
  auto calls = (*store)->calls(t0, t0 + seconds(3600));
  ASSERT_TRUE(calls.ok()) << calls.status().message();
  ASSERT_EQ(calls->size(), 2u);
  const CallRecord& c = (*calls)[0];
  CallRecord expected = answered_call("s1-1", t0);
  EXPECT_EQ(c.uid, "s1-1");
  EXPECT_EQ(c.caller, expected.caller);
  EXPECT_EQ(c.called, expected.called);
  EXPECT_EQ(c.arrived, expected.arrived);
  EXPECT_EQ(c.ivr_exit, expected.ivr_exit);
  EXPECT_EQ(c.queued, expected.queued);
  EXPECT_EQ(c.offered, expected.offered);
  EXPECT_EQ(c.answered, expected.answered);
  EXPECT_EQ(c.ended, expected.ended);
  EXPECT_EQ(c.wrapup_ended, t0 + seconds(200));
  EXPECT_EQ(c.ivr_path, expected.ivr_path);
  EXPECT_EQ(c.agent, "王芳");
  EXPECT_EQ(c.disposition, "answered");
  EXPECT_EQ(c.hangup_cause, "bye");
  EXPECT_EQ(c.sl_threshold, seconds(20));
  EXPECT_EQ(c.recording, expected.recording);
  EXPECT_EQ(c.recording_length, seconds(95));
  EXPECT_EQ(c.hold, seconds(12));
  EXPECT_EQ(c.disposition_code, "repair_order");
  EXPECT_EQ(c.transferred_from, "s1-0");
  ASSERT_EQ(c.legs.size(), 3u);
  EXPECT_EQ(c.legs[0].agent, "李娜");
  EXPECT_EQ(c.legs[0].sip_status, 486);
  EXPECT_EQ(c.legs[0].answered, 0);
  EXPECT_EQ(c.legs[1].result, "answered");
  EXPECT_EQ(c.legs[1].ended, expected.ended);
  EXPECT_EQ(c.legs[2].number, "4008009999");
  EXPECT_EQ(c.legs[1].number, "");
  const CallRecord& a = (*calls)[1];
  EXPECT_EQ(a.queued, 0);  // never reached a queue: NULL, read back as 0
  EXPECT_TRUE(a.legs.empty());
  // The window is by arrival and half open.
  EXPECT_EQ((*store)->calls(t0 + seconds(60), t0 + seconds(61))->size(), 1u);
  EXPECT_EQ((*store)->calls(t0 + seconds(61), t0 + seconds(3600))->size(), 0u);
}

TEST_F(CallStoreTest, ADuplicateSavesNothingOfItsBatch) {
  auto store = CallStore::open(path_);
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->save({answered_call("a", 1000)}).ok());
  Status s = (*store)->save({answered_call("b", 2000), answered_call("a", 3000)});
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("call a is stored already"), std::string::npos) << s.message();
  auto calls = (*store)->calls(0, kNever);
  ASSERT_TRUE(calls.ok());
  ASSERT_EQ(calls->size(), 1u);  // "b" was rolled back with the rest
  EXPECT_EQ((*calls)[0].legs.size(), 3u);
  // The store still works after the failure.
  EXPECT_TRUE((*store)->save({answered_call("c", 4000)}).ok());
}

TEST_F(CallStoreTest, ARecordInProgressIsCompletedInPlaceAndNeverOverwritesTheEnd) {
  auto store = CallStore::open(path_);
  ASSERT_TRUE(store.ok());
  CallRecord arrival;
  arrival.uid = "a";
  arrival.caller = "13800138000";
  arrival.arrived = 1000;
  arrival.disposition = "in_progress";
  Status first = (*store)->save_in_progress(arrival);
  ASSERT_TRUE(first.ok()) << first.message();
  CallRecord other = arrival;
  other.uid = "b";
  other.arrived = 2000;
  ASSERT_TRUE((*store)->save_in_progress(other).ok());
  CallRecord talking = arrival;
  talking.agent = "王芳";
  talking.answered = 1500;
  talking.recording = "2026-12-06/a.wav";
  ASSERT_TRUE((*store)->save_in_progress(talking).ok());
  auto found = (*store)->find("a");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->agent, "王芳");
  EXPECT_EQ((*found)->recording, "2026-12-06/a.wav");

  CallRecord done = answered_call("a", 1000);
  ASSERT_TRUE((*store)->save({done}).ok());
  talking.agent = "late news";  // an in-progress write that crossed the end changes nothing
  ASSERT_TRUE((*store)->save_in_progress(talking).ok());
  auto calls = (*store)->calls(0, kNever);
  ASSERT_TRUE(calls.ok());
  ASSERT_EQ(calls->size(), 2u);
  EXPECT_EQ((*calls)[0].uid, "a");  // still first: its row is the one written at arrival
  EXPECT_EQ((*calls)[0].disposition, "answered");
  EXPECT_EQ((*calls)[0].agent, "王芳");
  EXPECT_EQ((*calls)[0].legs.size(), 3u);
  EXPECT_EQ((*calls)[1].disposition, "in_progress");
  EXPECT_FALSE((*store)->save({done}).ok());  // a final record is stored once

  ASSERT_TRUE((*store)->close_interrupted("b", 9000, seconds(7)).ok());
  ASSERT_TRUE((*store)->close_interrupted("a", 9000, 0).ok());  // not in progress: untouched
  calls = (*store)->calls(0, kNever);
  ASSERT_TRUE(calls.ok());
  EXPECT_EQ((*calls)[0].disposition, "answered");
  EXPECT_EQ((*calls)[1].disposition, "interrupted");
  EXPECT_EQ((*calls)[1].hangup_side, "center");
  EXPECT_EQ((*calls)[1].hangup_cause, "restart");
  EXPECT_EQ((*calls)[1].ended, 9000);
  EXPECT_EQ((*calls)[1].recording_length, seconds(7));
}

TEST_F(CallStoreTest, QueriesByAgentsNewestFirstAndByUid) {
  auto store = CallStore::open(path_);
  ASSERT_TRUE(store.ok());
  CallRecord other = answered_call("b", 2000);
  other.agent = "李娜";
  CallRecord quoted = answered_call("c", 3000);
  quoted.agent = "a\"b";  // names are data, not SQL or JSON
  ASSERT_TRUE((*store)->save({answered_call("a", 1000), other, quoted}).ok());
  CallQuery q;
  q.agents = {"王芳", "a\"b"};
  q.newest_first = true;
  auto calls = (*store)->calls(q);
  ASSERT_TRUE(calls.ok()) << calls.status().message();
  ASSERT_EQ(calls->size(), 2u);
  EXPECT_EQ((*calls)[0].uid, "c");
  EXPECT_EQ((*calls)[1].uid, "a");
  EXPECT_EQ((*calls)[1].legs.size(), 3u);
  q.limit = 1;
  EXPECT_EQ((*store)->calls(q)->size(), 1u);
  auto found = (*store)->find("b");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->agent, "李娜");
  EXPECT_FALSE((*store)->find("nope")->has_value());
}

TEST_F(CallStoreTest, QueriesByDispositionAndNumber) {
  auto store = CallStore::open(path_);
  ASSERT_TRUE(store.ok());
  CallRecord left_number = answered_call("a", 1000);
  left_number.disposition = "callback";
  CallRecord failed = answered_call("b", 2000);
  failed.disposition = "callback_failed";
  failed.caller = "13900001111";
  CallRecord dialled = answered_call("c", 3000);  // an agent's call out to the number
  dialled.direction = "outbound";
  dialled.caller = "4008001234";
  dialled.called = "13900001111";
  ASSERT_TRUE((*store)->save({left_number, failed, dialled}).ok());
  CallQuery q;
  q.dispositions = {"callback", "callback_failed"};
  auto owed = (*store)->calls(q);
  ASSERT_TRUE(owed.ok()) << owed.status().message();
  ASSERT_EQ(owed->size(), 2u);
  EXPECT_EQ((*owed)[0].uid, "a");
  EXPECT_EQ((*owed)[1].uid, "b");
  CallQuery by_number;
  by_number.number = "13900001111";  // the caller of one, the called number of the other
  auto involving = (*store)->calls(by_number);
  ASSERT_TRUE(involving.ok());
  ASSERT_EQ(involving->size(), 2u);
  EXPECT_EQ((*involving)[0].uid, "b");
  EXPECT_EQ((*involving)[1].uid, "c");
  by_number.dispositions = {"answered"};
  EXPECT_EQ((*store)->calls(by_number)->size(), 1u);
  by_number.number = "13900001111' OR '1'='1";  // data, not SQL
  EXPECT_TRUE((*store)->calls(by_number)->empty());
}

TEST_F(CallStoreTest, NotADatabaseIsAClearError) {
  std::ofstream(path_) << "this is a text file, not a database\n";
  auto store = CallStore::open(path_);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find(path_), std::string::npos);
}

TEST_F(CallStoreTest, AFileFromANewerVersionIsRefused) {
  {
    auto db = Database::open(path_);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->exec("PRAGMA user_version = 99").ok());
  }
  auto store = CallStore::open(path_);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("newer"), std::string::npos);
}

TEST_F(CallStoreTest, TheFileIsInWalMode) {
  ASSERT_TRUE(CallStore::open(path_).ok());
  auto db = Database::open(path_);
  ASSERT_TRUE(db.ok());
  auto mode = (*db)->prepare("PRAGMA journal_mode");
  ASSERT_TRUE(mode.ok());
  ASSERT_TRUE(*mode->step());
  EXPECT_EQ(mode->text(0), "wal");
}

}  // namespace
}  // namespace hotline::store
