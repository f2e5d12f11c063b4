#pragma once
// The ready agents of one pool, best first, with lazy removal.
//
// An agent belongs to dozens of pools (each queue and tier it is eligible for). Removing
// it from all of them every time it takes a call would cost dozens of heap erases on the
// hottest path. Instead each entry carries the agent's "ready stamp": the agent leaves
// every pool at once by bumping its stamp, and entries whose stamp is stale are dropped
// when they reach the top, or all together when the pool holds more than twice its
// membership.
//
// Most entries arrive in order: under longest-idle (the usual strategy) an agent freed
// now has been idle the shortest time of all, so it ranks behind everyone already there.
// Such entries go to the back of a run, a FIFO that costs O(1) to push and pop; only the
// others (an agent back from a missed call keeps its old idle time; other strategies'
// keys) go to a binary heap. The best entry is the better of the two fronts.
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
    if (head_ == run_.size() || !worse(run_.back(), e)) {
      if (head_ == run_.size()) {
        run_.clear();
        head_ = 0;
      }
      run_.push_back(e);
    } else {
      heap_.push_back(e);
      std::push_heap(heap_.begin(), heap_.end(), worse);
    }
  }

  // The best live entry, after dropping dead ones from the fronts; nullptr if none.
  template <typename Live>
  const Entry* top(const Live& live) {
    while (head_ < run_.size() && !live(run_[head_]))
      advance_run();
    while (!heap_.empty() && !live(heap_.front()))
      pop_heap();
    return best();
  }

  // Removes the best entry (live or not).
  void pop() {
    const Entry* b = best();
    if (!b) return;
    if (!heap_.empty() && b == &heap_.front())
      pop_heap();
    else
      advance_run();
  }

  // Drops every dead entry once the pool holds more than twice `members` (+ slack):
  // amortized O(1) per push, and memory bounded by the pool's size.
  template <typename Live>
  void compact_if_needed(std::size_t members, const Live& live) {
    if (size() <= 2 * members + 16) return;
    run_.erase(run_.begin(), run_.begin() + static_cast<std::ptrdiff_t>(head_));
    head_ = 0;
    std::erase_if(run_, [&](const Entry& e) { return !live(e); });
    std::erase_if(heap_, [&](const Entry& e) { return !live(e); });
    std::make_heap(heap_.begin(), heap_.end(), worse);
  }

  // Entries held, live or not.
  std::size_t size() const { return run_.size() - head_ + heap_.size(); }

  // Every entry, live or not: the run best first, then the heap in heap order.
  template <typename F>
  void for_each(const F& f) const {
    for (std::size_t i = head_; i < run_.size(); ++i)
      f(run_[i]);
    for (const Entry& e : heap_)
      f(e);
  }

 private:
  // std:: heaps are max-heaps: the "largest" under this order is the best entry. A type,
  // not a function pointer, so that the heap algorithms inline it.
  struct Worse {
    bool operator()(const Entry& a, const Entry& b) const {
      return a.key > b.key || (a.key == b.key && a.tie > b.tie);
    }
  };
  static constexpr Worse worse{};

  const Entry* best() const {
    const Entry* run = head_ < run_.size() ? &run_[head_] : nullptr;
    const Entry* heap = heap_.empty() ? nullptr : &heap_.front();
    if (!run) return heap;
    if (!heap) return run;
    return worse(*heap, *run) ? run : heap;
  }
  void pop_heap() {
    std::pop_heap(heap_.begin(), heap_.end(), worse);
    heap_.pop_back();
  }
  // The run's consumed prefix is given back once it is half the vector.
  void advance_run() {
    if (++head_ >= 64 && head_ * 2 >= run_.size()) {
      run_.erase(run_.begin(), run_.begin() + static_cast<std::ptrdiff_t>(head_));
      head_ = 0;
    }
  }

  std::vector<Entry> run_;  // from head_: non-decreasing under Worse (best first)
  std::size_t head_ = 0;
  std::vector<Entry> heap_;
};

}  // namespace hotline::acd
