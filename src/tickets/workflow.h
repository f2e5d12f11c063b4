#pragma once
// The life of a ticket (工單): its type decides the statuses it goes through, which moves
// are allowed, what a move needs, and how long it may take. Pure: no I/O, no clock.
//
//   inquiry, billing:  new -> in_progress -> resolved -> closed   (resolved -> in_progress)
//   repair (報修):     new -> dispatched -> resolved -> follow_up -> closed
//                      dispatch names the service provider; resolving names the parts
//                      replaced; closing needs the follow-up call (回訪) to have verified
//                      the work; a failed verification sends it back to dispatched.
//   complaint (投訴):  new -> in_progress -> resolved -> follow_up -> closed
//                      a customer not satisfied at follow-up adds a demand (追加): back
//                      to in_progress, at most twice. A serious complaint is due sooner.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/time.h"

namespace hotline::tickets {

enum class TicketType : std::uint8_t { kInquiry, kRepair, kBilling, kComplaint };

std::optional<TicketType> parse_type(std::string_view name);
std::string_view type_name(TicketType type);
// Every status of the type, in the order a ticket normally passes them.
const std::vector<std::string>& statuses(TicketType type);
constexpr int kMaxComplaintFollowUps = 2;

// What a move may need, as the ticket stands after the change.
struct MoveFacts {
  std::string provider;        // repair: the service provider (服務商)
  std::string parts_replaced;  // repair: what the provider replaced
  bool verified = false;       // repair, complaint: the follow-up call confirmed the outcome
  int follow_ups = 0;          // complaint: demands added after follow-up so far
};

// The statuses a ticket of the type may move to from `from` (what each move needs aside),
// in the table's order: what a desk offers.
std::vector<std::string> next_statuses(TicketType type, const std::string& from);

// Why `from` -> `to` is not allowed for this type, or "" when it is.
std::string move_problem(TicketType type, const std::string& from, const std::string& to,
                         const MoveFacts& facts);

}  // namespace hotline::tickets
