#pragma once
// A do-not-call list (免打擾名單): numbers never to be dialled, center-wide or for one
// campaign — single numbers, and prefix patterns for whole ranges ("+86400*": every
// 400 number; "+8613800138*"). Entries are written as people write numbers and kept in
// E.164, so "138 0013 8000" and "+8613800138000" are one entry; a pattern's digits are
// kept as written after the country code is made explicit. A single number is taken
// when it could be one (blocking too much is the safe side). Checked when leads are
// imported and again when a number is about to be dialled.
//
// Thread-safety: none; readers that share one copy must not modify it.

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace hotline::leads {

class DoNotCall {
 public:
  // An entry as kept: a number in E.164 ("+8613800138000") or a pattern's prefix in
  // E.164 followed by '*' ("+86400*"). An entry that is neither is refused.
  static Result<std::string> normalize(std::string_view entry, std::string_view region = "CN");
  // Adds a number or a pattern ending in '*' (as normalize() reads it).
  Status add(std::string_view entry, std::string_view region = "CN");
  // Whether `e164` may not be dialled.
  bool blocks(std::string_view e164) const;
  std::size_t size() const { return numbers_.size() + prefixes_.size(); }

 private:
  std::vector<std::string> numbers_;   // sorted, E.164
  std::vector<std::string> prefixes_;  // sorted, "+" and digits
};

}  // namespace hotline::leads
