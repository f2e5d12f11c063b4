#pragma once
// JSON text for output. Stored text may hold bytes that are not UTF-8 (written before
// input was checked, or from a peer we must not refuse); nlohmann's dump() would throw on
// them and turn a whole list into a 500 or abort a command. Here they become U+FFFD.
// Include only where nlohmann/json is used already.

#include <nlohmann/json.hpp>
#include <string>

namespace hotline {

inline std::string json_out(const nlohmann::json& value, int indent = -1) {
  return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace hotline
