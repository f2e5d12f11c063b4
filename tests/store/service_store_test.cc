// Users and the audit log in a real SQLite file, next to call records in the same file.

#include "store/service_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "store/call_store.h"
#include "store/schema.h"

namespace hotline::store {
namespace {

class ServiceStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() /
             ("hotline-service-" + std::to_string(getpid()) + ".db"))
                .string();
    std::filesystem::remove(path_);
  }
  void TearDown() override {
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(path_ + suffix);
  }
  std::string path_;
};

User sample_user(const std::string& name) {
  User u;
  u.name = name;
  u.display_name = "李明";
  u.role = "agent";
  u.team = "team1";
  u.agent = "a1";
  u.password_hash = "$argon2id$...";
  u.created = u.updated = 1000;
  return u;
}

TEST_F(ServiceStoreTest, UsersSurviveReopening) {
  {
    auto store = ServiceStore::open(path_);
    ASSERT_TRUE(store.ok()) << store.status().message();
    ASSERT_TRUE((*store)->add_user(sample_user("li")).ok());
    ASSERT_TRUE((*store)->add_user(sample_user("chen")).ok());
    Status again = (*store)->add_user(sample_user("li"));
    ASSERT_FALSE(again.ok());
    EXPECT_NE(again.message().find("exists"), std::string::npos);
    User changed = sample_user("li");
    changed.role = "team_lead";
    changed.active = false;
    ASSERT_TRUE((*store)->update_user(changed).ok());
    EXPECT_FALSE((*store)->update_user(sample_user("nobody")).ok());
  }
  auto store = ServiceStore::open(path_);
  ASSERT_TRUE(store.ok());
  auto li = (*store)->find_user("li");
  ASSERT_TRUE(li.ok() && *li);
  EXPECT_EQ((*li)->display_name, "李明");
  EXPECT_EQ((*li)->role, "team_lead");
  EXPECT_FALSE((*li)->active);
  auto none = (*store)->find_user("nobody");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(*none);
  auto all = (*store)->users();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].name, "chen");  // by name
}

TEST_F(ServiceStoreTest, AuditEntriesNewestFirstWithinTheRange) {
  auto store = ServiceStore::open(path_);
  ASSERT_TRUE(store.ok());
  for (int i = 1; i <= 5; ++i)
    ASSERT_TRUE(
        (*store)->audit({i * 100, "admin", "user.update", "li", std::to_string(i), "::1"}).ok());
  auto some = (*store)->audit_entries(200, 500, 10);
  ASSERT_TRUE(some.ok());
  ASSERT_EQ(some->size(), 3u);
  EXPECT_EQ((*some)[0].at, 400);
  EXPECT_EQ((*some)[2].at, 200);
  EXPECT_EQ((*some)[0].source, "::1");
  auto limited = (*store)->audit_entries(0, kNever, 2);
  ASSERT_TRUE(limited.ok());
  ASSERT_EQ(limited->size(), 2u);
  EXPECT_EQ((*limited)[0].detail, "5");
}

TEST_F(ServiceStoreTest, LoginFailuresArePerAddressAndSurviveReopening) {
  const Time now = 1'000'000'000'000;
  {
    auto store = ServiceStore::open(path_);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->set_login_failures("admin", "10.0.0.9", {0, now + 600}, now).ok());
    ASSERT_TRUE((*store)->set_login_failures("admin", "10.0.0.8", {2, 0}, now).ok());
    ASSERT_TRUE((*store)->set_login_failures("ghost", "10.0.0.9", {1, 0}, now).ok());
  }
  auto store = ServiceStore::open(path_);
  ASSERT_TRUE(store.ok());
  auto far = (*store)->login_failures("admin", "10.0.0.9");
  ASSERT_TRUE(far.ok());
  EXPECT_EQ(far->locked_until, now + 600);
  EXPECT_EQ((*store)->login_failures("admin", "10.0.0.8")->failures, 2);
  EXPECT_EQ((*store)->login_failures("admin", "127.0.0.1")->failures, 0);  // not from here
  auto locks = (*store)->lockouts(now);
  ASSERT_TRUE(locks.ok());
  EXPECT_EQ(*locks, (std::map<std::string, Time>{{"admin", now + 600}}));
  EXPECT_TRUE((*store)->lockouts(now + 600)->empty());
  auto unlocked = (*store)->unlock_user("admin", now);
  ASSERT_TRUE(unlocked.ok());
  EXPECT_TRUE(*unlocked);
  EXPECT_EQ((*store)->login_failures("admin", "10.0.0.8")->failures, 0);
  EXPECT_FALSE(*(*store)->unlock_user("admin", now));
  EXPECT_EQ((*store)->login_failures("ghost", "10.0.0.9")->failures, 1);
  // Entries left alone for a day are swept by the next write.
  ASSERT_TRUE((*store)->set_login_failures("x", "y", {1, 0}, now + seconds(2 * 86400)).ok());
  EXPECT_EQ((*store)->login_failures("ghost", "10.0.0.9")->failures, 0);
}

TEST_F(ServiceStoreTest, SharesOneSchemaWithCallRecords) {
  // Whichever store opens the file first migrates all of it.
  auto service = ServiceStore::open(path_);
  ASSERT_TRUE(service.ok());
  auto calls = CallStore::open(path_);
  ASSERT_TRUE(calls.ok()) << calls.status().message();
  EXPECT_EQ((*calls)->schema_version(), static_cast<int>(schema_migrations().size()));
  ASSERT_TRUE((*service)->add_user(sample_user("li")).ok());
}

}  // namespace
}  // namespace hotline::store
