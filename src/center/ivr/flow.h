#pragma once
// An IVR flow (自動語音應答): nodes the caller moves through by keypad and by rules of
// time, day type and date. Built from the center configuration (src/config) and run by
// IvrEngine. Plain data; node references are indices.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/time.h"

namespace hotline::ivr {

using NodeIndex = std::uint32_t;
constexpr NodeIndex kNoNode = UINT32_MAX;
constexpr std::size_t kMaxMenuOptions = 7;  // more and callers lose their way

enum class NodeType : std::uint8_t {
  kPlay,      // say `prompt`, then go to `next`
  kMenu,      // say `prompt`, wait for one key of `options`
  kCollect,   // say `prompt`, collect digits into `variable`
  kLookup,    // ask a back-end `service` for values keyed by `variable` (self-service)
  kBranch,    // go to the first rule whose condition holds, else `next`
  kSet,       // set `variable` to `value`, then `next`
  kQueue,     // hand the call to the routing core: `queue`, `priority`
  kTransfer,  // send the call to `number`
  kHangup,    // say `prompt` (if any) and hang up
};

enum class DayType : std::uint8_t { kWorkday, kWeekend, kHoliday };

// A condition of a branch rule; every part that is set must hold.
struct Condition {
  std::optional<std::pair<int, int>> minutes_of_day;  // [from, to) local minutes; wraps midnight
  std::vector<DayType> day_types;                     // any of
  std::optional<std::pair<int, int>> dates;           // [from, to] as yyyymmdd
  std::optional<std::pair<int, int>> days_of_month;   // [from, to], e.g. 1..5: month start
  std::string variable, equals;                       // variable == equals
  std::optional<bool> open;  // within (true) or outside (false) the calendar's opening hours
};

struct BranchRule {
  Condition when;
  NodeIndex next = kNoNode;
};

struct Node {
  std::string id;
  std::string title;
  NodeType type = NodeType::kPlay;
  std::string prompt;  // text (spoken by TTS) with {variable} substitution, or "file:NAME"
  NodeIndex next = kNoNode;
  // Menu and collect: how long to wait, how often to try again, what to say, where to go
  // when tries run out (kNoNode: hang up).
  std::vector<std::pair<char, NodeIndex>> options;
  Duration timeout = seconds(5);
  int retries = 2;
  std::string invalid_prompt = "invalid option";
  std::string no_input_prompt = "no input";
  NodeIndex on_failure = kNoNode;
  // Collect and lookup.
  std::string variable;
  int min_digits = 1, max_digits = 1;
  char terminator = '#';
  std::string service;  // lookup
  // Branch.
  std::vector<BranchRule> rules;
  // Set.
  std::string value;
  // Queue.
  std::string queue;
  int priority = 0;
  // Transfer.
  std::string number;
};

struct Flow {
  std::vector<Node> nodes;
  NodeIndex start = kNoNode;  // the first node listed

  NodeIndex find(const std::string& id) const {
    for (NodeIndex i = 0; i < nodes.size(); ++i)
      if (nodes[i].id == id) return i;
    return kNoNode;
  }
};

}  // namespace hotline::ivr
