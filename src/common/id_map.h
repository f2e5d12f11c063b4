#pragma once
// IdMap: a map from 64-bit ids (calls, sessions) to small values, for the core's hot
// paths. Open addressing with linear probing and backward-shift erase: one array, no
// node per entry, no division per lookup (std::unordered_map costs both on every call's
// every step). Ids are any 64-bit values, 0 included.
//
// Pointers and references into the map are invalidated by any insert or erase; keep an
// index (into a stable pool) as the value when a caller must hold on to an entry.
//
// Thread-safety: none.

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace hotline {

template <typename Value>
class IdMap {
 public:
  IdMap() = default;

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  bool contains(std::uint64_t id) const { return find(id) != nullptr; }

  const Value* find(std::uint64_t id) const {
    if (slots_.empty()) return nullptr;
    for (std::size_t i = home(id);; i = next(i)) {
      const Slot& s = slots_[i];
      if (!s.used) return nullptr;
      if (s.id == id) return &s.value;
    }
  }
  Value* find(std::uint64_t id) {
    return const_cast<Value*>(static_cast<const IdMap*>(this)->find(id));
  }

  // The id's value, made (value-initialized) if absent.
  Value& operator[](std::uint64_t id) { return *try_emplace(id, Value{}).first; }

  // Inserts (id, value) unless the id is present; returns its value and whether it was new.
  std::pair<Value*, bool> try_emplace(std::uint64_t id, Value value) {
    if ((size_ + 1) * 8 > slots_.size() * 7) grow();  // load factor at most 7/8
    for (std::size_t i = home(id);; i = next(i)) {
      Slot& s = slots_[i];
      if (!s.used) {
        s = Slot{id, std::move(value), true};
        ++size_;
        return {&s.value, true};
      }
      if (s.id == id) return {&s.value, false};
    }
  }

  bool erase(std::uint64_t id) {
    if (slots_.empty()) return false;
    std::size_t hole = home(id);
    for (;; hole = next(hole)) {
      if (!slots_[hole].used) return false;
      if (slots_[hole].id == id) break;
    }
    // Shift later members of the probe run back so that no lookup meets a gap early.
    for (std::size_t i = next(hole);; i = next(i)) {
      Slot& s = slots_[i];
      if (!s.used) break;
      const std::size_t want = home(s.id);
      // Move s into the hole unless its home lies cyclically in (hole, i].
      const bool stays = hole <= i ? (hole < want && want <= i) : (hole < want || want <= i);
      if (stays) continue;
      slots_[hole] = std::move(s);
      hole = i;
    }
    slots_[hole] = Slot{};
    --size_;
    return true;
  }

  void clear() {
    slots_.clear();
    size_ = 0;
  }

  // Calls fn(id, value) for each entry, in no particular order.
  template <typename Fn>
  void for_each(Fn&& fn) const {
    for (const Slot& s : slots_)
      if (s.used) fn(s.id, s.value);
  }

 private:
  struct Slot {
    std::uint64_t id = 0;
    Value value{};
    bool used = false;
  };

  // Fibonacci hashing: ids that count up spread over the table.
  std::size_t home(std::uint64_t id) const {
    return static_cast<std::size_t>((id * 0x9E3779B97F4A7C15ULL) >> shift_);
  }
  std::size_t next(std::size_t i) const { return (i + 1) & (slots_.size() - 1); }

  void grow() {
    std::vector<Slot> old = std::move(slots_);
    const std::size_t capacity = old.empty() ? 16 : old.size() * 2;
    slots_.assign(capacity, Slot{});
    shift_ = 64;
    for (std::size_t c = capacity; c > 1; c >>= 1)
      --shift_;
    size_ = 0;
    for (Slot& s : old)
      if (s.used) try_emplace(s.id, std::move(s.value));
  }

  std::vector<Slot> slots_;
  std::size_t size_ = 0;
  int shift_ = 64;
};

}  // namespace hotline
