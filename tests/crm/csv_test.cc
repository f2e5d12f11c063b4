// CSV as spreadsheets write it, and the checks that keep a bad file from doing harm.

#include "crm/csv.h"

#include <gtest/gtest.h>

#include "common/text.h"

namespace hotline::crm {
namespace {

TEST(Csv, QuotedFieldsLineBreaksAndTheExcelMark) {
  const CsvTable t = parse_csv(
      "\xEF\xBB\xBFname,phones,note\r\n"
      "张伟,13800138000,\"says \"\"call after 6\"\", ok\"\r\n"
      "\"Li, Na\",\"010-1234 5678;13900001111\",\"two\nlines\"\n"
      "\n"
      "last,,\n");
  ASSERT_EQ(t.error, "");
  ASSERT_EQ(t.rows.size(), 4u);
  EXPECT_EQ(t.rows[0].fields, (std::vector<std::string>{"name", "phones", "note"}));
  EXPECT_EQ(t.rows[1].fields[0], "张伟");
  EXPECT_EQ(t.rows[1].fields[2], "says \"call after 6\", ok");
  EXPECT_EQ(t.rows[2].fields[0], "Li, Na");
  EXPECT_EQ(t.rows[2].fields[2], "two\nlines");
  EXPECT_EQ(t.rows[2].line, 3);
  EXPECT_EQ(t.rows[3].line, 6);  // the quoted line break and the blank line count
  EXPECT_EQ(t.rows[3].fields, (std::vector<std::string>{"last", "", ""}));
}

TEST(Csv, BrokenQuotesAreReportedWithTheLine) {
  CsvTable t = parse_csv("a,b\n1,\"open\n2,3\n");
  EXPECT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.error, "line 2: a quote is never closed");
  t = parse_csv("a,b\n\"x\"y,2\n");
  EXPECT_EQ(t.error, "line 2: text after a closing quote");
}

TEST(Csv, FieldsRoundTrip) {
  for (const char* value : {"plain", "a,b", "say \"hi\"", "two\nlines", ""}) {
    const CsvTable t = parse_csv(hotline::csv_field(value) + ",x\n");
    ASSERT_EQ(t.rows.size(), 1u) << value;
    EXPECT_EQ(t.rows[0].fields[0], value);
  }
}

}  // namespace
}  // namespace hotline::crm
