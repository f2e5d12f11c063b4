#include "common/id_map.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <unordered_map>

namespace hotline {
namespace {

TEST(IdMapTest, FindsWhatWasPutAndForgetsWhatWasErased) {
  IdMap<std::string> map;
  EXPECT_EQ(map.find(7), nullptr);
  EXPECT_FALSE(map.erase(7));
  map[7] = "seven";
  map[0] = "zero";  // 0 is an id like any other
  EXPECT_EQ(map.size(), 2u);
  ASSERT_NE(map.find(7), nullptr);
  EXPECT_EQ(*map.find(7), "seven");
  EXPECT_EQ(*map.find(0), "zero");
  const auto [value, made] = map.try_emplace(7, "again");
  EXPECT_FALSE(made);
  EXPECT_EQ(*value, "seven");
  EXPECT_TRUE(map.erase(7));
  EXPECT_FALSE(map.contains(7));
  EXPECT_TRUE(map.contains(0));
  EXPECT_EQ(map.size(), 1u);
}

// Random inserts and erases over a small id range (long probe runs, many shifts back)
// and over ids that count up, checked step by step against std::unordered_map.
TEST(IdMapTest, AgreesWithUnorderedMapUnderRandomChurn) {
  for (const std::uint64_t range : {50ULL, 5000ULL}) {
    std::mt19937_64 rng(range);
    IdMap<std::uint64_t> map;
    std::unordered_map<std::uint64_t, std::uint64_t> reference;
    std::uint64_t counting = 1;
    for (int step = 0; step < 200000; ++step) {
      const std::uint64_t id = step % 3 == 0 ? counting++ : rng() % range;
      switch (rng() % 3) {
        case 0:
        case 1: {
          const auto [value, made] = map.try_emplace(id, id * 3);
          EXPECT_EQ(made, reference.emplace(id, id * 3).second);
          EXPECT_EQ(*value, id * 3);
          break;
        }
        case 2:
          EXPECT_EQ(map.erase(id), reference.erase(id) == 1);
          break;
      }
      ASSERT_EQ(map.size(), reference.size());
      const std::uint64_t probe = rng() % (range + counting);
      const std::uint64_t* found = map.find(probe);
      ASSERT_EQ(found != nullptr, reference.count(probe) == 1) << "id " << probe;
    }
    std::size_t seen = 0;
    map.for_each([&](std::uint64_t id, std::uint64_t value) {
      ++seen;
      EXPECT_EQ(reference.at(id), value);
    });
    EXPECT_EQ(seen, reference.size());
  }
}

}  // namespace
}  // namespace hotline
