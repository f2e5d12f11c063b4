#pragma once
// The ready agents of one pool, best first, with lazy removal.
//
// An agent belongs to dozens of pools (each queue and tier it is eligible for). Removing
// it from all of them every time it takes a call would cost dozens of heap erases on the
// hottest path. Instead each entry carries the agent's "ready stamp": the agent leaves
// every pool at once by bumping its stamp, and entries whose stamp is stale are dropped
// when they reach the top, or all together when a heap grows past twice its membership.
// Not thread-safe; owned by the routing engine.

#include <algorithm>
#include <cstdint>
#include <vector>

namespace hotline::acd {

class ReadyAgentHeap {
 public:
  struct Entry {
    double key;
    std::int64_t tie;
    std::uint32_t agent;
    std::uint32_t stamp;  // live while it equals the agent's current ready stamp
  };

  void push(const Entry& e) {
    entries_.push_back(e);
    std::push_heap(entries_.begin(), entries_.end(), worse);
  }

  // The best live entry, after dropping dead ones from the top; nullptr if none.
  template <typename Live>
  const Entry* top(const Live& live) {
    while (!entries_.empty() && !live(entries_.front()))
      pop();
    return entries_.empty() ? nullptr : &entries_.front();
  }

  void pop() {
    std::pop_heap(entries_.begin(), entries_.end(), worse);
    entries_.pop_back();
  }

  // Drops every dead entry once the heap holds more than twice `members` (+ slack):
  // amortized O(1) per push, and memory bounded by the pool's size.
  template <typename Live>
  void compact_if_needed(std::size_t members, const Live& live) {
    if (entries_.size() <= 2 * members + 16) return;
    std::erase_if(entries_, [&](const Entry& e) { return !live(e); });
    std::make_heap(entries_.begin(), entries_.end(), worse);
  }

  // All entries, live or not, in heap order (entry 0 is the top).
  const std::vector<Entry>& entries() const { return entries_; }

 private:
  // std:: heaps are max-heaps: the "largest" under this order is the best entry. A type,
  // not a function pointer, so that the heap algorithms inline it.
  struct Worse {
    bool operator()(const Entry& a, const Entry& b) const {
      return a.key > b.key || (a.key == b.key && a.tie > b.tie);
    }
  };
  static constexpr Worse worse{};
  std::vector<Entry> entries_;
};

}  // namespace hotline::acd
