// Query strings read strictly: a malformed parameter is a 400 naming it, never a default.

#include "api/query_input.h"

#include <gtest/gtest.h>

namespace hotline::api {
namespace {

TEST(QueryInput, WellFormedValuesAndDefaults) {
  QueryInput in("limit=5&customer=42&open=true&from=2026-11-25&q=%E5%BC%A0+san");
  EXPECT_EQ(in.integer("limit", 1, 1000), 5);
  EXPECT_EQ(in.integer("customer", 1, INT64_MAX), 42);
  EXPECT_EQ(in.flag("open"), true);
  EXPECT_TRUE(in.time("from").has_value());
  EXPECT_EQ(in.text("q"), "张 san");
  EXPECT_FALSE(in.integer("after", 0, 10).has_value());  // absent
  EXPECT_FALSE(in.flag("mine").has_value());
  EXPECT_FALSE(in.error());
}

TEST(QueryInput, MalformedValuesAreEachReported) {
  QueryInput in("limit=5abc&customer=abc&open=yes&from=yesterday&after=-1&n=99999999999999999999");
  EXPECT_FALSE(in.integer("limit", 1, 1000));
  EXPECT_FALSE(in.integer("customer", 1, INT64_MAX));
  EXPECT_FALSE(in.flag("open"));
  EXPECT_FALSE(in.time("from"));
  EXPECT_FALSE(in.integer("after", 0, 10));
  EXPECT_FALSE(in.integer("n", 0, INT64_MAX));
  auto bad = in.error();
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  for (const char* name : {"'limit'", "'customer'", "'open'", "'from'", "'after'", "'n'"})
    EXPECT_NE(bad->body.find(name), std::string::npos) << name;
}

TEST(QueryInput, TextLongerThanAllowedIsRefused) {
  QueryInput in("q=" + std::string(201, 'x'));
  EXPECT_EQ(in.text("q"), "");
  EXPECT_TRUE(in.error());
}

}  // namespace
}  // namespace hotline::api
