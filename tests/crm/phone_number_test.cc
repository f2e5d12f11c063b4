// Phone numbers in the forms Chinese customers and trunks use, to E.164.

#include "crm/phone_number.h"

#include <gtest/gtest.h>

namespace hotline::crm {
namespace {

TEST(PhoneNumber, ChineseFormsToE164) {
  EXPECT_EQ(to_e164("13800138000"), "+8613800138000");
  EXPECT_EQ(to_e164("138 0013 8000"), "+8613800138000");
  EXPECT_EQ(to_e164("+86 138-0013-8000"), "+8613800138000");
  EXPECT_EQ(to_e164("008613800138000"), "+8613800138000");
  EXPECT_EQ(to_e164("010-12345678"), "+861012345678");       // Beijing landline
  EXPECT_EQ(to_e164("(0755) 8888 9999"), "+8675588889999");  // Shenzhen
  EXPECT_EQ(to_e164("400-800-1234"), "+864008001234");       // a 400 hotline
  EXPECT_EQ(to_e164("+852 2123 4567"), "+85221234567");      // Hong Kong keeps its code
}

TEST(PhoneNumber, OtherRegions) {
  EXPECT_EQ(to_e164("(415) 555-0132", "US"), "+14155550132");
  EXPECT_EQ(to_e164("+1 415 555 0132"), "+14155550132");
}

TEST(PhoneNumber, NotNumbers) {
  EXPECT_FALSE(to_e164(""));
  EXPECT_FALSE(to_e164("12"));
  EXPECT_FALSE(to_e164("anonymous"));
  EXPECT_FALSE(to_e164(std::string(100, '1')));
}

}  // namespace
}  // namespace hotline::crm

namespace hotline::crm {
namespace {

TEST(PhoneNumber, E164FormIsRecognizedWithoutParsing) {
  EXPECT_TRUE(is_e164_form("+8613800138000"));
  EXPECT_TRUE(is_e164_form("+14155550100"));
  EXPECT_FALSE(is_e164_form("13800138000"));  // national: must be parsed
  EXPECT_FALSE(is_e164_form("+86 138 0013 8000"));
  EXPECT_FALSE(is_e164_form("+0123456789"));
  EXPECT_FALSE(is_e164_form("+8612"));  // too short to be a number
  // What passes is what to_e164 would have given.
  for (const char* n : {"+8613800138000", "+14155550100", "+85221234567"})
    EXPECT_EQ(to_e164(n), std::string(n));
}

TEST(PhoneNumber, DialledFromChina) {
  EXPECT_EQ(to_dialable("+8613800138000"), "13800138000");
  EXPECT_EQ(to_dialable("+86 10 6234 5678"), "01062345678");  // the trunk prefix 0
  EXPECT_EQ(to_dialable("+14155550100"), "0014155550100");    // abroad: 00
  EXPECT_EQ(to_dialable("95588"), "95588");                   // a service number
  EXPECT_EQ(to_dialable("call me"), std::nullopt);
}

}  // namespace
}  // namespace hotline::crm
