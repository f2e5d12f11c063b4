#pragma once
// TicketStore: tickets (工單) in hotline.db with the history of every change. What moves
// are allowed is tickets/workflow.h's business; this stores the result.
//
// Thread-safety: every method from any thread (a connection per thread).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/time.h"

namespace hotline::store {

class ThreadConnections;

struct Ticket {
  std::int64_t id = 0;
  std::string type;    // inquiry, repair, billing, complaint
  std::string status;  // see tickets/workflow.h
  bool serious = false;
  std::int64_t customer = 0;  // 0: none
  std::string call;           // the call it came from ("" for none)
  std::string title;
  std::string description;
  std::string fault_code;  // repair: the fault phenomenon, for quality statistics
  std::string owner;       // the user responsible now
  std::string department;
  std::string provider;  // repair: the service provider (服務商)
  std::string region;
  std::string parts_replaced;
  bool verified = false;
  int follow_ups = 0;
  bool escalated = false;
  Time created = 0;
  std::string created_by;
  Time updated = 0;
  Time due = 0;
  std::string cause;  // complaint: what it is about (the center's complaint causes)
  Time closed = 0;    // when it was closed (0: not closed)
};

struct TicketChange {
  Time at = 0;
  std::string user;
  std::string field;  // "created", "status", "owner", "note", ...
  std::string old_value;
  std::string new_value;
};

struct TicketFilter {
  std::string status;         // "" for any
  std::int64_t customer = 0;  // 0 for any
  std::string involving;      // "" for anyone; else owned or created by this user
  bool open_only = false;     // not closed
  Time overdue_at = 0;        // > 0: open and due before this time
  std::size_t limit = 100;
};

// One line of the complaint report: the complaints of one cause created in a period.
struct ComplaintFigures {
  std::string cause;  // "" for complaints without a cause
  std::int64_t complaints = 0, serious = 0, escalated = 0, closed = 0;
  std::int64_t closed_in_time = 0;  // closed before they were due
  std::int64_t follow_ups = 0;      // demands added after follow-up (追加), all together
  std::int64_t first_time = 0;      // closed without any demand added
};

class TicketStore {
 public:
  static Result<std::unique_ptr<TicketStore>> open(const std::string& path);
  ~TicketStore();

  // Stores a new ticket (its id is given) with a "created" line in its history.
  Result<std::int64_t> add(const Ticket& ticket);
  // Stores `ticket` as it is now, with the changes that made it so, in one transaction.
  Status update(const Ticket& ticket, const std::vector<TicketChange>& changes);
  Result<std::optional<Ticket>> find(std::int64_t id);
  Result<std::vector<TicketChange>> history(std::int64_t id);
  // Newest first.
  Result<std::vector<Ticket>> list(const TicketFilter& filter);
  // Marks every open ticket due before `now` and not yet escalated as escalated (history:
  // "escalated" by "system"), in one transaction; returns them as they are now.
  Result<std::vector<Ticket>> escalate_overdue(Time now);
  // Complaints created in [from, to), by cause, most frequent first.
  Result<std::vector<ComplaintFigures>> complaints_by_cause(Time from, Time to);

 private:
  explicit TicketStore(std::unique_ptr<ThreadConnections> connections);
  std::unique_ptr<ThreadConnections> connections_;
};

}  // namespace hotline::store
