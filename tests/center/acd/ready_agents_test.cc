// ReadyAgentHeap against a brute-force reference: whatever the order of pushes (in order
// for the run, out of order for the heap), deaths and pops, top() is the best live entry.

#include "center/acd/ready_agents.h"

#include <gtest/gtest.h>

#include <optional>
#include <random>

namespace hotline::acd {
namespace {

TEST(ReadyAgentHeap, TopIsAlwaysTheBestLiveEntry) {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 20; ++round) {
    ReadyAgentHeap heap;
    std::vector<std::uint32_t> stamp(50, 1);  // an entry is live while its stamp matches
    const auto live = [&](const ReadyAgentHeap::Entry& e) { return stamp[e.agent] == e.stamp; };
    double clock = 0;
    for (int step = 0; step < 2000; ++step) {
      const std::uint32_t agent = static_cast<std::uint32_t>(rng() % 50);
      switch (rng() % 4) {
        case 0:
        case 1: {  // mostly "idle since now" (in order), sometimes an old key (out of order)
          clock += 1;
          const double key = rng() % 5 ? clock : clock - static_cast<double>(rng() % 100);
          const ReadyAgentHeap::Entry e{key, static_cast<std::int64_t>(rng() % 3), agent,
                                        ++stamp[agent]};
          heap.push(e);
          break;
        }
        case 2:
          ++stamp[agent];  // the agent leaves the pool
          break;
        case 3:
          if (heap.top(live)) heap.pop();  // the best is taken
          break;
      }
      if (rng() % 10 == 0) heap.compact_if_needed(25, live);
      // The reference: the best live entry still held.
      std::size_t held = 0;
      heap.for_each([&](const ReadyAgentHeap::Entry&) { ++held; });
      ASSERT_EQ(held, heap.size());
      // By value: top() rearranges the storage.
      std::optional<ReadyAgentHeap::Entry> expected;
      heap.for_each([&](const ReadyAgentHeap::Entry& e) {
        if (!live(e)) return;
        if (!expected || e.key < expected->key || (e.key == expected->key && e.tie < expected->tie))
          expected = e;
      });
      const ReadyAgentHeap::Entry* top = heap.top(live);
      if (!expected) {
        ASSERT_EQ(top, nullptr);
      } else {
        ASSERT_NE(top, nullptr);
        ASSERT_EQ(top->key, expected->key);
        ASSERT_EQ(top->tie, expected->tie);
      }
    }
  }
}

}  // namespace
}  // namespace hotline::acd
