#include "leads/lead_file.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/text.h"

namespace hotline::leads {
namespace {

// "姓名,手机,城市" and "张三,13800138000,北京" as Chinese Excel saves them (GBK).
const std::string kGbkHeader = "\xD0\xD5\xC3\xFB,\xCA\xD6\xBB\xFA,\xB3\xC7\xCA\xD0\r\n";
const std::string kGbkRow = "\xD5\xC5\xC8\xFD,13800138000,\xB1\xB1\xBE\xA9\r\n";

TEST(LeadFile, ChineseExcelsGbkIsReadAsUtf8WithTheNumberColumnFoundByItsHeader) {
  auto file = read_lead_file(kGbkHeader + kGbkRow, {"", "姓名", {"城市"}});
  ASSERT_TRUE(file.ok()) << file.status().message();
  EXPECT_EQ(file->encoding, TextEncoding::kGb18030);
  EXPECT_EQ(file->phone_column, "手机");
  ASSERT_EQ(file->leads.size(), 1u);
  const Lead& lead = file->leads[0];
  EXPECT_EQ(lead.phone, "+8613800138000");
  EXPECT_EQ(lead.kind, crm::NumberKind::kMobile);
  EXPECT_EQ(lead.name, "张三");
  ASSERT_EQ(lead.fields.size(), 1u);
  EXPECT_EQ(lead.fields[0], "北京");
  EXPECT_EQ(lead.row, 2);
}

TEST(LeadFile, TheNameColumnIsFoundByItsUsualHeadersOrThereIsNone) {
  auto named = read_lead_file(kGbkHeader + kGbkRow, {});
  ASSERT_TRUE(named.ok()) << named.status().message();
  EXPECT_EQ(named->name_column, "姓名");
  EXPECT_EQ(named->leads.at(0).name, "张三");
  auto nameless = read_lead_file("电话,城市\n13800138000,北京\n", {});
  ASSERT_TRUE(nameless.ok()) << nameless.status().message();
  EXPECT_EQ(nameless->name_column, "");
  EXPECT_EQ(nameless->leads.at(0).name, "");
}

TEST(LeadFile, Utf8WithOrWithoutTheByteOrderMark) {
  const std::string text = "name,phone\n李四,+86 139 0013 9000\n";
  for (const std::string& bytes : {text, "\xEF\xBB\xBF" + text}) {
    auto file = read_lead_file(bytes, {"phone", "name", {}});
    ASSERT_TRUE(file.ok()) << file.status().message();
    EXPECT_EQ(file->encoding, TextEncoding::kUtf8);
    ASSERT_EQ(file->leads.size(), 1u);
    EXPECT_EQ(file->leads[0].phone, "+8613900139000");
    EXPECT_EQ(file->leads[0].name, "李四");
  }
}

TEST(LeadFile, EachBadRowIsReportedWithItsRowColumnAndReasonAndLeftOut) {
  const std::string text =
      "name,phone,company\n"
      "a,010-62345678,Acme\n"     // 2: a Beijing fixed line
      "b,12345,Acme\n"            // 3: too short to be a number
      "c,,Acme\n"                 // 4: none
      "d,13800138000,Acme,x\n"    // 5: a cell past the header's
      "e,0755 2345 6789,Acme\n"   // 6: Shenzhen, with spaces
      "f,1380013800a,Acme\n"      // 7: letters
      "g,19912345678,Acme,,,\n"   // 8: trailing empty cells are Excel's, fine
      "\n"                        // blank: not a row
      "h,(010)6234-5678,Acme\n";  // 10: the first row's number again
  auto file = read_lead_file(text, {"phone", "name", {"company"}});
  ASSERT_TRUE(file.ok()) << file.status().message();
  EXPECT_EQ(file->rows, 8);
  EXPECT_EQ(file->duplicates, 1);
  ASSERT_EQ(file->leads.size(), 3u);
  EXPECT_EQ(file->leads[0].phone, "+861062345678");
  EXPECT_EQ(file->leads[0].kind, crm::NumberKind::kFixedLine);
  EXPECT_EQ(file->leads[0].fields, std::vector<std::string>{"Acme"});
  EXPECT_EQ(file->leads[1].phone, "+8675523456789");
  EXPECT_EQ(file->leads[2].phone, "+8619912345678");
  EXPECT_EQ(file->leads[2].row, 8);
  ASSERT_EQ(file->problems.size(), 5u);
  EXPECT_EQ(file->problems[4].row, 10);
  EXPECT_EQ(file->problems[4].reason, "the same number as row 2");
  EXPECT_EQ(file->problems[0].row, 3);
  EXPECT_EQ(file->problems[0].column, "phone");
  EXPECT_NE(file->problems[0].reason.find("12345"), std::string::npos);
  EXPECT_EQ(file->problems[1].row, 4);
  EXPECT_EQ(file->problems[1].reason, "no number");
  EXPECT_EQ(file->problems[2].row, 5);
  EXPECT_EQ(file->problems[2].reason, "more cells than the header has");
  EXPECT_EQ(file->problems[3].row, 7);
}

TEST(LeadFile, ANumberWithNoSuchRangeIsNotValid) {
  // Possible by length, but no mobile range begins 120.
  auto file = read_lead_file("phone\n12012345678\n", {});
  ASSERT_TRUE(file.ok()) << file.status().message();
  ASSERT_EQ(file->problems.size(), 1u);
  EXPECT_NE(file->problems[0].reason.find("not a valid number"), std::string::npos)
      << file->problems[0].reason;
}

TEST(LeadFile, AFileThatCannotBeReadAsAWholeIsRefused) {
  const auto refused = [](const std::string& bytes, const LeadColumns& columns,
                          const std::string& expected) {
    auto file = read_lead_file(bytes, columns);
    ASSERT_FALSE(file.ok()) << bytes;
    EXPECT_NE(file.status().message().find(expected), std::string::npos) << file.status().message();
  };
  refused("", {}, "no header row");
  refused("name,city\nx,y\n", {}, "no phone number column found");
  refused("name,phone\nx,1\n", {"mobile", "", {}}, "no column 'mobile'");
  refused("name,phone\nx,1\n", {"phone", "full name", {}}, "no column 'full name'");
  refused("phone\n\"13800138000\n", {}, "line 2: a quote is never closed");
  // Bytes that are neither UTF-8 nor GB18030.
  refused("phone\n\x81\x20\n", {}, "neither UTF-8 nor GBK/GB18030");
}

TEST(LeadFile, ACellTooLongIsAProblemOfItsRowAndTheNameOfAnErrorStaysText) {
  const std::string text = "phone,note\n13800138000," + std::string(2000, 'x') + "\n" +
                           "手机号码很长很长很长很长很长很长很长很长,x\n";
  auto file = read_lead_file(text, {"phone", "", {"note"}});
  ASSERT_TRUE(file.ok()) << file.status().message();
  ASSERT_EQ(file->problems.size(), 2u);
  EXPECT_EQ(file->problems[0].column, "note");
  EXPECT_NE(file->problems[0].reason.find("longer than"), std::string::npos);
  EXPECT_TRUE(is_utf8(file->problems[1].reason)) << "cut on a character's boundary";
}

// Mainland mobiles are checked once per 10,000-number block: the result must be the one
// libphonenumber gives for each number, whatever the block and the way it is written.
TEST(LeadFile, EachMobileIsJudgedAsLibphonenumberJudgesIt) {
  std::mt19937_64 rng(7);
  std::vector<std::string> blocks;  // 300 blocks over every "1x" range, valid or not
  for (int i = 0; i < 300; ++i)
    blocks.push_back("1" + std::to_string(1'000'000 + rng() % 9'000'000).substr(1));
  std::string csv = "phone\n";
  std::vector<std::string> written;
  for (int i = 0; i < 20'000; ++i) {
    std::string n =
        blocks[rng() % blocks.size()] + std::to_string(10'000 + rng() % 10'000).substr(1);
    if (i % 3 == 1) n = n.substr(0, 3) + " " + n.substr(3, 4) + " " + n.substr(7);
    if (i % 3 == 2) n = n.substr(0, 3) + "-" + n.substr(3, 4) + "-" + n.substr(7);
    written.push_back(n);
    csv += n + "\n";
  }
  auto file = read_lead_file(csv, {});
  ASSERT_TRUE(file.ok()) << file.status().message();
  std::size_t lead = 0, problem = 0;
  std::unordered_map<std::string, int> first;
  int valid = 0;
  for (std::size_t i = 0; i < written.size(); ++i) {
    const int row = static_cast<int>(i) + 2;
    const crm::NumberCheck expected = crm::check_number(written[i]);
    if (expected.number && !first.emplace(expected.number->e164, row).second) {
      ASSERT_LT(problem, file->problems.size());
      EXPECT_EQ(file->problems[problem++].row, row);  // a duplicate
      continue;
    }
    if (!expected.number) {
      ASSERT_LT(problem, file->problems.size());
      EXPECT_EQ(file->problems[problem].row, row) << written[i];
      EXPECT_NE(file->problems[problem].reason.find(expected.problem), std::string::npos)
          << file->problems[problem].reason << " / " << expected.problem;
      ++problem;
      continue;
    }
    ++valid;
    ASSERT_LT(lead, file->leads.size());
    EXPECT_EQ(file->leads[lead].row, row) << written[i];
    EXPECT_EQ(file->leads[lead].phone, expected.number->e164) << written[i];
    EXPECT_EQ(file->leads[lead++].kind, expected.number->kind) << written[i];
  }
  EXPECT_EQ(lead, file->leads.size());
  EXPECT_EQ(problem, file->problems.size());
  EXPECT_GT(valid, 1000);  // both kinds of block were met
  EXPECT_GT(file->problems.size() - file->duplicates, 1000u);
}

}  // namespace
}  // namespace hotline::leads
