#include "tickets/workflow.h"

#include <algorithm>
#include <array>

namespace hotline::tickets {

namespace {

constexpr std::array<std::string_view, 4> kNames = {"inquiry", "repair", "billing", "complaint"};

struct Move {
  const char* from;
  const char* to;
};

// The allowed moves of each type, in TicketType order.
const std::vector<Move>& moves(TicketType type) {
  static const std::vector<Move> simple = {{"new", "in_progress"},
                                           {"in_progress", "resolved"},
                                           {"resolved", "closed"},
                                           {"resolved", "in_progress"}};
  static const std::vector<Move> repair = {{"new", "dispatched"},
                                           {"dispatched", "resolved"},
                                           {"resolved", "follow_up"},
                                           {"follow_up", "closed"},
                                           {"follow_up", "dispatched"}};
  static const std::vector<Move> complaint = {{"new", "in_progress"},
                                              {"in_progress", "resolved"},
                                              {"resolved", "follow_up"},
                                              {"follow_up", "closed"},
                                              {"follow_up", "in_progress"}};
  switch (type) {
    case TicketType::kRepair:
      return repair;
    case TicketType::kComplaint:
      return complaint;
    default:
      return simple;
  }
}

}  // namespace

std::optional<TicketType> parse_type(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i)
    if (kNames[i] == name) return static_cast<TicketType>(i);
  return std::nullopt;
}

std::string_view type_name(TicketType type) {
  return kNames[static_cast<std::size_t>(type)];
}

const std::vector<std::string>& statuses(TicketType type) {
  // Every status the type's moves name, in the order they first appear: its normal path.
  static const auto all = [] {
    std::array<std::vector<std::string>, kNames.size()> out;
    for (std::size_t t = 0; t < out.size(); ++t)
      for (const Move& m : moves(static_cast<TicketType>(t)))
        for (const char* status : {m.from, m.to})
          if (std::find(out[t].begin(), out[t].end(), status) == out[t].end())
            out[t].push_back(status);
    return out;
  }();
  return all[static_cast<std::size_t>(type)];
}

std::vector<std::string> next_statuses(TicketType type, const std::string& from) {
  std::vector<std::string> out;
  for (const Move& m : moves(type))
    if (from == m.from) out.push_back(m.to);
  return out;
}

std::string move_problem(TicketType type, const std::string& from, const std::string& to,
                         const MoveFacts& facts) {
  const std::vector<Move>& allowed = moves(type);
  const bool listed = std::any_of(allowed.begin(), allowed.end(),
                                  [&](const Move& m) { return from == m.from && to == m.to; });
  if (!listed)
    return "a " + std::string(type_name(type)) + " ticket cannot go from " + from + " to " + to;
  if (type == TicketType::kRepair) {
    if (to == "dispatched" && facts.provider.empty())
      return "dispatching needs the service provider ('provider')";
    if (to == "resolved" && facts.parts_replaced.empty())
      return "a repair is resolved with the parts replaced ('parts_replaced', or \"none\")";
    if (to == "closed" && !facts.verified)
      return "a repair closes only after the follow-up call verified the work ('verified')";
  }
  if (type == TicketType::kComplaint) {
    if (to == "closed" && !facts.verified)
      return "a complaint closes only after the follow-up call ('verified')";
    if (from == "follow_up" && to == "in_progress" && facts.follow_ups >= kMaxComplaintFollowUps)
      return "a complaint takes at most " + std::to_string(kMaxComplaintFollowUps) +
             " added demands (追加); escalate it instead";
  }
  return {};
}

}  // namespace hotline::tickets
