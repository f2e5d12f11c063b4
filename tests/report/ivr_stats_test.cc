#include "report/ivr_stats.h"

#include <gtest/gtest.h>

namespace hotline::report {
namespace {

store::CallRecord call(const std::string& path, const std::string& disposition) {
  store::CallRecord c;
  c.ivr_path = path;
  c.disposition = disposition;
  return c;
}

const IvrNodeStats* find(const IvrStats& s, const std::string& id) {
  for (const IvrNodeStats& n : s.nodes)
    if (n.node == id) return &n;
  return nullptr;
}

TEST(IvrStats, CountsVisitsKeysAndWhereCallersLeft) {
  const IvrStats s = ivr_stats({
      call("menu:2>queue", "answered"),
      call("menu:9>menu:2>queue", "abandoned"),  // a wrong key, then the queue
      call("menu:1>billing:3>pay", "ivr_completed"),
      call("menu", "abandoned_ivr"),  // hung up during the menu
      call("", "answered"),           // no IVR: not counted
  });
  EXPECT_EQ(s.calls, 4);
  const IvrNodeStats* menu = find(s, "menu");
  ASSERT_NE(menu, nullptr);
  EXPECT_EQ(menu->visits, 5);
  EXPECT_EQ(menu->calls, 4);
  EXPECT_EQ(menu->hung_up_here, 1);
  EXPECT_EQ(menu->keys.at('2'), 2);
  EXPECT_EQ(menu->keys.at('9'), 1);
  EXPECT_EQ(menu->keys.at('1'), 1);
  EXPECT_EQ(find(s, "queue")->calls, 2);
  EXPECT_EQ(find(s, "billing")->keys.at('3'), 1);
  EXPECT_EQ(find(s, "pay")->hung_up_here, 0);
  EXPECT_EQ(s.nodes.front().node, "menu");  // most visited first
}

TEST(IvrStats, MalformedPathsAreCountedAsFarAsTheyRead) {
  const IvrStats s = ivr_stats({call(">>menu:>:5>", "abandoned_ivr")});
  EXPECT_EQ(s.calls, 1);
  ASSERT_EQ(s.nodes.size(), 1u);
  EXPECT_EQ(s.nodes[0].node, "menu");
  EXPECT_TRUE(s.nodes[0].keys.empty());
  EXPECT_EQ(s.nodes[0].hung_up_here, 1);
}

}  // namespace
}  // namespace hotline::report
