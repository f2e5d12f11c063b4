#include "tickets/rules.h"

#include <algorithm>

namespace hotline::tickets {

Duration TicketRules::deadline(TicketType type, bool serious, const std::string& department) const {
  if (type == TicketType::kComplaint && serious) return serious_complaint;
  auto own = department_deadlines.find(department);
  const Deadlines& d = own != department_deadlines.end() ? own->second : deadlines;
  return d[static_cast<std::size_t>(type)];
}

const ServiceProvider* TicketRules::provider_for(const std::string& region) const {
  for (const ServiceProvider& p : providers)
    if (std::find(p.regions.begin(), p.regions.end(), region) != p.regions.end()) return &p;
  return nullptr;
}

const ServiceProvider* TicketRules::provider_named(const std::string& name) const {
  for (const ServiceProvider& p : providers)
    if (p.name == name) return &p;
  return nullptr;
}

bool TicketRules::known_cause(const std::string& cause) const {
  return complaint_causes.empty() || std::find(complaint_causes.begin(), complaint_causes.end(),
                                               cause) != complaint_causes.end();
}

}  // namespace hotline::tickets
