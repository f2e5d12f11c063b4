#pragma once
// A binary min-heap of handles with O(log n) erase of any member.
//
// Each entry orders by (key, tie); the heap tells the owner where a handle sits by
// writing into `positions[handle]`, so the owner can erase it later without search.
// Not thread-safe; one owner. No allocation once the vector has grown to its peak.

#include <cstdint>
#include <utility>
#include <vector>

namespace hotline::acd {

class IndexedHeap {
 public:
  static constexpr std::uint32_t kAbsent = UINT32_MAX;

  struct Entry {
    double key;
    std::int64_t tie;
    std::uint32_t handle;
  };

  // `positions` outlives the heap and is indexed by handle.
  explicit IndexedHeap(std::vector<std::uint32_t>* positions) : positions_(positions) {}

  bool empty() const { return entries_.empty(); }
  std::size_t size() const { return entries_.size(); }
  // REQUIRES: i < size(). Entry 0 is the minimum; 1 and 2 are its children.
  const Entry& at(std::size_t i) const { return entries_[i]; }

  void push(double key, std::int64_t tie, std::uint32_t handle) {
    entries_.push_back(Entry{key, tie, handle});
    sift_up(entries_.size() - 1);
  }

  // REQUIRES: handle is in this heap.
  void erase(std::uint32_t handle) {
    const std::size_t i = (*positions_)[handle];
    (*positions_)[handle] = kAbsent;
    const std::size_t last = entries_.size() - 1;
    if (i != last) {
      entries_[i] = entries_[last];
      entries_.pop_back();
      place(i);
      sift_down(sift_up(i));
    } else {
      entries_.pop_back();
    }
  }

 private:
  static bool less(const Entry& a, const Entry& b) {
    return a.key < b.key || (a.key == b.key && a.tie < b.tie);
  }
  void place(std::size_t i) { (*positions_)[entries_[i].handle] = static_cast<std::uint32_t>(i); }

  std::size_t sift_up(std::size_t i) {
    Entry moving = entries_[i];
    while (i > 0) {
      const std::size_t parent = (i - 1) / 2;
      if (!less(moving, entries_[parent])) break;
      entries_[i] = entries_[parent];
      place(i);
      i = parent;
    }
    entries_[i] = moving;
    place(i);
    return i;
  }

  void sift_down(std::size_t i) {
    const std::size_t n = entries_.size();
    Entry moving = entries_[i];
    for (;;) {
      std::size_t child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && less(entries_[child + 1], entries_[child])) ++child;
      if (!less(entries_[child], moving)) break;
      entries_[i] = entries_[child];
      place(i);
      i = child;
    }
    entries_[i] = moving;
    place(i);
  }

  std::vector<std::uint32_t>* positions_;
  std::vector<Entry> entries_;
};

}  // namespace hotline::acd
