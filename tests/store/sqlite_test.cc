// SQLite's failures as kinds of Status: what the API then answers (api/http_server.h).

#include "store/sqlite.h"

#include <gtest/gtest.h>

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
