// The pure parts of IVR lookups: URL templates filled from variables (encoded), and the
// fields of a back-end's JSON answer read into variables, or a clear failure.

#include "lookup/service.h"

#include <gtest/gtest.h>

#include <map>

namespace hotline::lookup {
namespace {

TEST(LookupUrl, VariablesAreFilledInAndPercentEncoded) {
  const std::string t =
      "https://b.example/balance?account={account}&ani={ani}&n={note}&a={account}";
  EXPECT_EQ(template_variables(t), (std::vector<std::string>{"account", "ani", "note"}));
  const std::map<std::string, std::string> vars = {
      {"account", "123456"}, {"ani", "+8613800138000"}, {"note", "a b&c=d/張"}};
  auto value = [&](const std::string& name) {
    auto it = vars.find(name);
    return it == vars.end() ? std::string() : it->second;
  };
  EXPECT_EQ(expand_url(t, value),
            "https://b.example/balance?account=123456&ani=%2B8613800138000"
            "&n=a%20b%26c%3Dd%2F%E5%BC%B5&a=123456");
  EXPECT_EQ(expand_url("http://b.example/{missing}/x", value), "http://b.example//x");
  EXPECT_EQ(expand_url("http://b.example/{unclosed", value), "http://b.example/{unclosed");
}

TEST(LookupAnswer, FieldsBecomeVariablesWithTheirTypesWritten) {
  auto values = read_fields(R"({"balance": {"amount": 88.5, "due": "2026-12-20", "paid": false},
                                "items": [7]})",
                            {{"amount", "/balance/amount"},
                             {"due", "/balance/due"},
                             {"paid", "/balance/paid"},
                             {"first", "/items/0"}});
  ASSERT_TRUE(values.ok()) << values.status().message();
  EXPECT_EQ((*values)["amount"], "88.5");
  EXPECT_EQ((*values)["due"], "2026-12-20");
  EXPECT_EQ((*values)["paid"], "false");
  EXPECT_EQ((*values)["first"], "7");
}

TEST(LookupAnswer, WhatCannotBeReadIsAFailureWithItsReason) {
  const std::map<std::string, std::string> amount = {{"amount", "/balance/amount"}};
  auto fails_with = [&](const std::string& body, const std::string& reason) {
    auto values = read_fields(body, amount);
    ASSERT_FALSE(values.ok()) << body;
    EXPECT_NE(values.status().message().find(reason), std::string::npos)
        << values.status().message();
  };
  fails_with("<html>502</html>", "not JSON");
  fails_with(R"({"balance": {}})", "has no /balance/amount");
  fails_with(R"({"balance": {"amount": null}})", "not a string, number or boolean");
  fails_with(R"({"balance": {"amount": [1]}})", "not a string, number or boolean");
  fails_with(std::string(100000, '[') + std::string(100000, ']'), "nests deeper than 64");
  auto bad_pointer = read_fields(R"({"a": 1})", {{"x", "no-slash"}});
  EXPECT_FALSE(bad_pointer.ok());
}

}  // namespace
}  // namespace hotline::lookup
