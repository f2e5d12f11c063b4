#pragma once
// TicketRules: what a center decides about its tickets (the `tickets` section of its
// configuration): how long each type may take, which service provider (服務商) serves
// which region, the causes complaints are counted by, and how often overdue tickets are
// looked for. Pure data with lookups; defaults are those of a typical center.

#include <array>
#include <map>
#include <string>
#include <vector>

#include "common/time.h"
#include "tickets/workflow.h"

namespace hotline::tickets {

struct ServiceProvider {
  std::string name;
  std::vector<std::string> regions;  // e.g. "海淀", "浦东": matched exactly
  std::string phone;
};

struct TicketRules {
  using Deadlines = std::array<Duration, 4>;  // by TicketType
  // Due after creation, by TicketType (inquiry, repair, billing, complaint).
  Deadlines deadlines = {seconds(24 * 3600), seconds(72 * 3600), seconds(48 * 3600),
                         seconds(24 * 3600)};
  Duration serious_complaint = seconds(4 * 3600);
  // A department's own deadlines per type (每個部門每類業務的時限); the types it does
  // not name keep the center's.
  std::map<std::string, Deadlines> department_deadlines;
  std::vector<ServiceProvider> providers;     // empty: any provider name is accepted
  std::vector<std::string> complaint_causes;  // empty: any cause is accepted
  Duration escalation_check = seconds(60);    // how often overdue tickets are escalated

  // How long a ticket of this type may take in `department` ("" for none).
  Duration deadline(TicketType type, bool serious, const std::string& department = {}) const;
  // The first provider serving `region`, or null.
  const ServiceProvider* provider_for(const std::string& region) const;
  const ServiceProvider* provider_named(const std::string& name) const;
  bool known_cause(const std::string& cause) const;
};

}  // namespace hotline::tickets
