#include "leads/do_not_call.h"

#include <gtest/gtest.h>

namespace hotline::leads {
namespace {

TEST(DoNotCall, NumbersAsPeopleWriteThemAreOneEntry) {
  DoNotCall dnc;
  ASSERT_TRUE(dnc.add("138 0013 8000").ok());
  ASSERT_TRUE(dnc.add("+8613800138000").ok());
  ASSERT_TRUE(dnc.add("010-62345678").ok());
  EXPECT_EQ(dnc.size(), 2u);
  EXPECT_TRUE(dnc.blocks("+8613800138000"));
  EXPECT_TRUE(dnc.blocks("+861062345678"));
  EXPECT_FALSE(dnc.blocks("+8613800138001"));
}

TEST(DoNotCall, PatternsBlockWholeRangesWrittenNationallyOrInternationally) {
  DoNotCall dnc;
  ASSERT_TRUE(dnc.add("400*").ok());           // every 400 number of the region
  ASSERT_TRUE(dnc.add("0755 2*").ok());        // a part of Shenzhen, trunk prefix and all
  ASSERT_TRUE(dnc.add("+86 139-0013*").ok());  // a block of mobiles
  ASSERT_TRUE(dnc.add("00852*").ok());         // Hong Kong
  EXPECT_TRUE(dnc.blocks("+864008001234"));
  EXPECT_TRUE(dnc.blocks("+8675523456789"));
  EXPECT_FALSE(dnc.blocks("+8675533456789"));
  EXPECT_TRUE(dnc.blocks("+8613900139000"));
  EXPECT_FALSE(dnc.blocks("+8613900239000"));
  EXPECT_TRUE(dnc.blocks("+85223456789"));
  EXPECT_FALSE(dnc.blocks("+8613800138000"));
}

TEST(DoNotCall, WhatIsNeitherANumberNorAPatternIsRefused) {
  DoNotCall dnc;
  for (const char* bad : {"", "*", "+*", "abc*", "1", "12*34*", "+0086*", "hello"})
    EXPECT_FALSE(dnc.add(bad).ok()) << bad;
  EXPECT_EQ(dnc.size(), 0u);
  EXPECT_FALSE(dnc.blocks("+8613800138000"));
}

}  // namespace
}  // namespace hotline::leads
