// Checks on text from outside: UTF-8, nesting before recursive parsers, CSV cells.

#include "common/text.h"

#include <gtest/gtest.h>

#include <string>

namespace hotline {
namespace {

TEST(Text, Utf8) {
  EXPECT_TRUE(is_utf8("张伟 Zhang"));
  EXPECT_TRUE(is_utf8(""));
  EXPECT_FALSE(is_utf8("\xD5\xC5\xCE\xB0"));  // 张伟 in GBK
  EXPECT_FALSE(is_utf8("\xE5\xBC"));          // cut short
  EXPECT_FALSE(is_utf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(is_utf8("\xED\xA0\x80"));      // a surrogate
  EXPECT_FALSE(is_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_EQ(to_valid_utf8("13\xB1" "8 张"), "13\xEF\xBF\xBD" "8 张");
  EXPECT_EQ(to_valid_utf8("\xE5\xBC"), "\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_TRUE(is_utf8(to_valid_utf8("\xFF\xC0\xAF\xE5")));
}

TEST(Text, JsonNestingIgnoresBracketsInStrings) {
  EXPECT_EQ(json_nesting("{}"), 1u);
  EXPECT_EQ(json_nesting("42"), 0u);
  EXPECT_EQ(json_nesting(R"({"a":[1,{"b":[]}],"c":"[[[[\"[["})"), 4u);
  EXPECT_EQ(json_nesting(R"(["\\", [[]]])"), 3u);  // an escaped backslash ends no string
}

TEST(Text, JsonNestingStopsPastTheLimit) {
  const std::string deep(100'000, '[');
  EXPECT_EQ(json_nesting(deep), kMaxNesting + 1);
  EXPECT_EQ(json_nesting(std::string(64, '[') + std::string(64, ']')), 64u);
  EXPECT_EQ(json_nesting(std::string(65, '{')), 65u);
}

TEST(Text, YamlNestingCountsBlocksCompactIndicatorsAndFlows) {
  EXPECT_EQ(yaml_nesting("a: 1\nb: 2\n"), 1u);
  EXPECT_EQ(yaml_nesting("a:\n  b:\n    c: 1\nd: 2\n"), 3u);
  // An upper bound: the first "-" of a line counts as well as its indentation.
  EXPECT_EQ(yaml_nesting("a:\n  - x\n  - - y\n"), 4u);
  EXPECT_EQ(yaml_nesting("a: [1, {b: [2]}]\n"), 4u);
  EXPECT_EQ(yaml_nesting("a: \"[[[[\"  # [[[[\nb: it's [x]\n"), 2u);
  EXPECT_EQ(yaml_nesting("a: [\n  [1],\n  [2]\n]\n"), 3u);
  std::string compact;
  for (int i = 0; i < 1000; ++i)
    compact += "- ";
  EXPECT_GT(yaml_nesting(compact + "x\n"), kMaxNesting);
  EXPECT_GT(yaml_nesting("a: " + std::string(50'000, '[')), kMaxNesting);
  std::string blocks;
  for (int i = 0; i < 100; ++i)
    blocks += std::string(i, ' ') + "k:\n";
  EXPECT_GT(yaml_nesting(blocks), kMaxNesting);
}

TEST(Text, CsvCellsAreQuotedAndFormulasNeutralized) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(csv_field("+cmd|' /C calc'!A0"), "\"'+cmd|' /C calc'!A0\"");
  EXPECT_EQ(csv_field("-2+3"), "\"'-2+3\"");
  EXPECT_EQ(csv_field("@SUM(A1)"), "\"'@SUM(A1)\"");
  EXPECT_EQ(csv_field("\tx"), "\"'\tx\"");
  EXPECT_EQ(csv_field("\rx"), "\"'\rx\"");
  EXPECT_EQ(csv_field("+"), "\"'+\"");
  // Numbers and E.164 phone numbers are data.
  EXPECT_EQ(csv_field("+8613800138000"), "+8613800138000");
  EXPECT_EQ(csv_field("-12.5"), "-12.5");
  EXPECT_EQ(csv_field("a=b"), "a=b");
}

}  // namespace
}  // namespace hotline
