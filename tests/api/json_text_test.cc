// JSON written as text must read back as the same values through a real JSON parser,
// whatever bytes the strings hold.

#include "api/json_text.h"

#include <gtest/gtest.h>

#include <limits>
#include <nlohmann/json.hpp>

namespace hotline::api {
namespace {

using nlohmann::json;

TEST(JsonTextTest, NestedValuesReadBack) {
  JsonText out;
  out.begin_object().field("id", 42).field("name", "王芳").key("tags").begin_array();
  out.string("vip").string("").end_array();
  out.key("products").begin_array();
  out.begin_object().field("model", "KFR-35GW").end_object();
  out.begin_object().end_object();
  out.end_array().key("note").null().key("empty").begin_array().end_array().end_object();
  const json read = json::parse(out.text());
  EXPECT_EQ(read, json::parse(R"({"id":42,"name":"王芳","tags":["vip",""],
      "products":[{"model":"KFR-35GW"},{}],"note":null,"empty":[]})"));
}

TEST(JsonTextTest, NumbersAtTheLimits) {
  JsonText out;
  out.begin_array()
      .number(0)
      .number(-1)
      .number(std::numeric_limits<std::int64_t>::min())
      .number(std::numeric_limits<std::int64_t>::max())
      .end_array();
  EXPECT_EQ(out.text(), "[0,-1,-9223372036854775808,9223372036854775807]");
}

TEST(JsonTextTest, SpecialCharactersAreEscaped) {
  const std::string nasty = std::string("quote \" backslash \\ newline \n tab \t nul ") +
                            std::string(1, '\0') + " bell \x07 end";
  JsonText out;
  out.begin_object().field(nasty, nasty).end_object();
  const json read = json::parse(out.text());
  EXPECT_EQ(read.at(nasty), nasty);
  EXPECT_EQ(out.text().find('\n'), std::string::npos);
}

TEST(JsonTextTest, ValidUtf8PassesUnchanged) {
  const std::string text = "上海市 é € 𝄞 😀";
  JsonText out;
  out.string(text);
  EXPECT_EQ(out.text(), "\"" + text + "\"");
}

TEST(JsonTextTest, InvalidUtf8BecomesReplacementCharacters) {
  const std::string replacement = "\xEF\xBF\xBD";
  const auto times = [&](int n) {
    std::string out;
    for (int i = 0; i < n; ++i)
      out += replacement;
    return out;
  };
  const struct {
    std::string bytes, expected;
  } cases[] = {
      {"a\xFFz", "a" + replacement + "z"},  // never valid
      {"\xC0\xAF", times(2)},               // overlong '/'
      {"\xE4\xB8", times(2)},               // cut short at the end
      {"\xED\xA0\x80", times(3)},           // a surrogate
      {"\xF4\x90\x80\x80", times(4)},       // above U+10FFFF
      {"\x80中", replacement + "中"},       // a stray continuation
  };
  for (const auto& c : cases) {
    JsonText out;
    out.string(c.bytes);
    EXPECT_EQ(out.text(), "\"" + c.expected + "\"") << c.bytes;
    EXPECT_NO_THROW(json::parse(out.text()));
  }
}

}  // namespace
}  // namespace hotline::api
