// A Status says what kind of failure it is, and keeps it when context is added.

#include "common/status.h"

#include <gtest/gtest.h>

namespace hotline {
namespace {

TEST(Status, OkByDefault) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kOk);
}

TEST(Status, EachFactoryItsCode) {
  EXPECT_EQ(Status::invalid_argument("x").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Status::not_found("x").code(), StatusCode::kNotFound);
  EXPECT_EQ(Status::already_exists("x").code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(Status::conflict("x").code(), StatusCode::kConflict);
  EXPECT_EQ(Status::unavailable("x").code(), StatusCode::kUnavailable);
  EXPECT_EQ(Status::io_error("x").code(), StatusCode::kIoError);
  EXPECT_EQ(Status::internal("x").code(), StatusCode::kInternal);
  EXPECT_FALSE(Status::internal("x").ok());
}

TEST(Status, ContextKeepsTheKind) {
  const Status s = Status::conflict("at version 3").in("article 7: ");
  EXPECT_EQ(s.code(), StatusCode::kConflict);
  EXPECT_EQ(s.message(), "article 7: at version 3");
}

TEST(Status, ResultCarriesIt) {
  Result<int> r = Status::not_found("no customer 9");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  Result<int> fine = 3;
  EXPECT_TRUE(fine.ok());
  EXPECT_TRUE(fine.status().ok());
}

}  // namespace
}  // namespace hotline
