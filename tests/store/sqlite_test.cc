// SQLite's failures as kinds of Status (what the API then answers, api/http_server.h), the
// transaction helper, and where the stores live.

#include "store/database.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "store/call_store.h"
#include "store/service_store.h"
#include "store/stores.h"

namespace hotline::store {
namespace {

std::unique_ptr<Database> memory_db() {
  auto db = Database::open(":memory:");
  EXPECT_TRUE(db.ok());
  EXPECT_TRUE((*db)
                  ->exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, "
                         "parent INTEGER REFERENCES t(id))")
                  .ok());
  return std::move(*db);
}

TEST(SqliteStatus, ADuplicateExistsAlready) {
  auto db = memory_db();
  ASSERT_TRUE(db->exec("INSERT INTO t (id, name) VALUES (1, 'a')").ok());
  const Status again = db->exec("INSERT INTO t (id, name) VALUES (2, 'a')");
  EXPECT_EQ(again.code(), StatusCode::kAlreadyExists) << again.message();
  auto s = db->prepare("INSERT INTO t (id, name) VALUES (1, 'b')");
  ASSERT_TRUE(s.ok());
  auto step = s->step();
  ASSERT_FALSE(step.ok());
  EXPECT_EQ(step.status().code(), StatusCode::kAlreadyExists) << step.status().message();
}

TEST(SqliteStatus, AMissingReferenceOrValueIsInvalid) {
  auto db = memory_db();
  EXPECT_EQ(db->exec("INSERT INTO t (id, name, parent) VALUES (1, 'a', 99)").code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(db->exec("INSERT INTO t (id) VALUES (1)").code(), StatusCode::kInvalidArgument);
}

TEST(SqliteStatus, AWrongStatementIsInternal) {
  auto db = memory_db();
  EXPECT_EQ(db->exec("SELECT nothing FROM nowhere").code(), StatusCode::kInternal);
  EXPECT_EQ(db->prepare("SELEKT 1").status().code(), StatusCode::kInternal);
}

TEST(SqliteStatus, AFileThatCannotBeOpenedIsAnIoError) {
  auto db = Database::open("/nonexistent-directory/hotline.db");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kIoError) << db.status().message();
}

}  // namespace
}  // namespace hotline::store

namespace hotline::store {
namespace {

std::int64_t count_rows(Database& db) {
  auto s = db.prepare("SELECT COUNT(*) FROM t");
  EXPECT_TRUE(s.ok());
  EXPECT_TRUE(*s->step());
  return s->integer(0);
}

TEST(InTransaction, AWriteThatFailsHalfWayChangesNothing) {
  auto db = memory_db();
  const Status failed = in_transaction(*db, [&]() -> Status {
    if (Status s = db->exec("INSERT INTO t (name) VALUES ('a')"); !s.ok()) return s;
    return db->exec("INSERT INTO t (name) VALUES ('a')");  // a duplicate: fails
  });
  EXPECT_EQ(failed.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(count_rows(*db), 0) << "the first insert was rolled back";
  EXPECT_TRUE(
      in_transaction(*db, [&] { return db->exec("INSERT INTO t (name) VALUES ('b')"); }).ok());
  EXPECT_EQ(count_rows(*db), 1);
}

TEST(Stores, EveryStoreIsInTheDataDirectorysDatabase) {
  EXPECT_EQ(database_path("/var/lib/hotline"), "/var/lib/hotline/hotline.db");
  const std::string dir = ::testing::TempDir() + "hotline-stores-" + std::to_string(getpid());
  std::filesystem::create_directories(dir);
  std::unique_ptr<CallStore> calls;
  std::unique_ptr<ServiceStore> users;
  EXPECT_TRUE(open(dir, calls).ok());
  EXPECT_TRUE(open(dir, users).ok());
  EXPECT_TRUE(calls && users);
  EXPECT_TRUE(std::filesystem::exists(dir + "/hotline.db"));
  // A directory that cannot hold the file: an error, and the pointer left as it was.
  std::unique_ptr<CallStore> none;
  EXPECT_FALSE(open(dir + "/missing/deeper", none).ok());
  EXPECT_EQ(none, nullptr);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace hotline::store
