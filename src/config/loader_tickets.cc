// The `tickets` section: deadlines per ticket type, service providers by region, the
// causes complaints are counted by, and how often overdue tickets are escalated.

#include <set>

#include "config/sections.h"

namespace hotline::config {

namespace {

// Hours per ticket type, into `deadlines` (types not named keep their value).
void read_deadlines(YamlReader& r, const YAML::Node& map, tickets::TicketRules::Deadlines& out) {
  for (const char* type : {"inquiry", "repair", "billing", "complaint"})
    if (auto hours = r.number(map, type, 0, 24 * 365))
      out[static_cast<std::size_t>(*tickets::parse_type(type))] = seconds_f(*hours * 3600);
}

}  // namespace

void parse_tickets(YamlReader& r, const YAML::Node& n, CenterConfig& c) {
  if (!r.is_map(n, "'tickets'")) return;
  r.only_keys(
      n, {"deadlines_h", "departments", "providers", "complaint_causes", "escalation_check_s"});
  tickets::TicketRules& rules = c.tickets;
  if (const YAML::Node d = n["deadlines_h"]; d && r.is_map(d, "'deadlines_h'")) {
    r.only_keys(d, {"inquiry", "repair", "billing", "complaint", "serious_complaint"});
    read_deadlines(r, d, rules.deadlines);
    if (auto hours = r.number(d, "serious_complaint", 0, 24 * 365))
      rules.serious_complaint = seconds_f(*hours * 3600);
  }
  if (const YAML::Node d = n["departments"]; d && r.is_map(d, "'departments'")) {
    for (const auto& department : d) {
      const std::string name = department.first.as<std::string>();
      if (!r.is_map(department.second, "department '" + name + "'")) continue;
      r.only_keys(department.second, {"inquiry", "repair", "billing", "complaint"});
      tickets::TicketRules::Deadlines own = rules.deadlines;  // what it does not name
      read_deadlines(r, department.second, own);
      rules.department_deadlines[name] = own;
    }
  }
  if (const YAML::Node list = n["providers"]; list && r.is_list(list, "'providers'")) {
    std::set<std::string> names, regions;
    for (const YAML::Node& p : list) {
      if (!r.is_map(p, "a provider")) continue;
      r.only_keys(p, {"name", "regions", "phone"});
      tickets::ServiceProvider provider;
      provider.name = r.text(p, "name", true).value_or("");
      provider.phone = r.text(p, "phone", false).value_or("");
      provider.regions = read_name_list(r, p["regions"], "a provider's 'regions'");
      if (!provider.name.empty() && !names.insert(provider.name).second)
        r.error(p, "duplicate provider '" + provider.name + "'");
      if (provider.regions.empty()) r.error(p, "a provider serves at least one region");
      for (const std::string& region : provider.regions)
        if (!regions.insert(region).second)
          r.error(p["regions"], "region '" + region + "' is served by two providers");
      rules.providers.push_back(std::move(provider));
    }
  }
  rules.complaint_causes = read_name_list(r, n["complaint_causes"], "'complaint_causes'");
  if (auto s = r.number(n, "escalation_check_s", 1, 3600)) rules.escalation_check = seconds_f(*s);
}

}  // namespace hotline::config
