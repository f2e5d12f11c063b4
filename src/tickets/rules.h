#pragma once
// TicketRules: what a center decides about its tickets (the `tickets` section of its
// configuration): how long each type may take, which service provider (服務商) serves
// which region, the causes complaints are counted by, and how often overdue tickets are
// looked for. Pure data with lookups; defaults are those of a typical center.

#include <array>
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
  // Due after creation, by TicketType (inquiry, repair, billing, complaint).
  std::array<Duration, 4> deadlines = {seconds(24 * 3600), seconds(72 * 3600), seconds(48 * 3600),
                                       seconds(24 * 3600)};
  Duration serious_complaint = seconds(4 * 3600);
  std::vector<ServiceProvider> providers;     // empty: any provider name is accepted
  std::vector<std::string> complaint_causes;  // empty: any cause is accepted
  Duration escalation_check = seconds(60);    // how often overdue tickets are escalated

  Duration deadline(TicketType type, bool serious) const;
  // The first provider serving `region`, or null.
  const ServiceProvider* provider_for(const std::string& region) const;
  const ServiceProvider* provider_named(const std::string& name) const;
  bool known_cause(const std::string& cause) const;
};

}  // namespace hotline::tickets
