#include "auth/roles.h"

#include <array>

namespace hotline::auth {

namespace {

constexpr std::array<std::string_view, kRoleCount> kNames = {
    "agent", "team_lead", "qa", "trainer", "director", "hr", "it", "admin"};

constexpr std::uint32_t bit(Permission p) {
  return 1u << static_cast<int>(p);
}

// What each role may do, in Role order.
constexpr std::array<std::uint32_t, kRoleCount> kGrants = {
    /* agent */ bit(Permission::kReadRecordings) | bit(Permission::kEditCustomers) |
        bit(Permission::kTakeOrders),
    /* team_lead */ bit(Permission::kViewCenter) | bit(Permission::kControlAgents) |
        bit(Permission::kReadRecordings) | bit(Permission::kReadCustomers) |
        bit(Permission::kEditCustomers) | bit(Permission::kDistributeLeads) |
        bit(Permission::kViewCampaigns) | bit(Permission::kRunCampaigns) |
        bit(Permission::kTakeOrders) | bit(Permission::kCoordinateOrders),
    /* qa */ bit(Permission::kViewCenter) | bit(Permission::kReadRecordings) |
        bit(Permission::kEditKnowledge) | bit(Permission::kReadCustomers),
    /* trainer */ bit(Permission::kEditKnowledge),
    /* director */ bit(Permission::kReadAudit) | bit(Permission::kViewCenter) |
        bit(Permission::kControlAgents) | bit(Permission::kReadRecordings) |
        bit(Permission::kBulkCustomers) | bit(Permission::kReadCustomers) |
        bit(Permission::kEditCustomers) | bit(Permission::kConfigureCenter) |
        bit(Permission::kBindAgents) | bit(Permission::kManageLeads) |
        bit(Permission::kExportLeads) | bit(Permission::kDistributeLeads) |
        bit(Permission::kViewCampaigns) | bit(Permission::kManageCampaigns) |
        bit(Permission::kRunCampaigns) | bit(Permission::kTakeOrders) |
        bit(Permission::kCoordinateOrders),
    /* hr */ bit(Permission::kManageUsers),
    // IT, as the center's data officer, imports and destroys lead lists without reading them.
    /* it */ bit(Permission::kManageUsers) | bit(Permission::kReadAudit) |
        bit(Permission::kViewCenter) | bit(Permission::kConfigureCenter) |
        bit(Permission::kManageLeads) | bit(Permission::kViewCampaigns),
    /* admin */ ~0u,
};

}  // namespace

std::string_view role_name(Role role) {
  return kNames[static_cast<std::size_t>(role)];
}

std::optional<Role> parse_role(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i)
    if (kNames[i] == name) return static_cast<Role>(i);
  return std::nullopt;
}

bool allowed(Role role, Permission permission) {
  return (kGrants[static_cast<std::size_t>(role)] & bit(permission)) != 0;
}

bool outranks(Role actor, Role target) {
  // In Role order: agent, team_lead, qa, trainer, director, hr, it, admin.
  static constexpr std::array<int, kRoleCount> kRank = {0, 1, 1, 1, 3, 2, 2, 4};
  if (actor == Role::kAdmin) return true;
  return kRank[static_cast<std::size_t>(actor)] > kRank[static_cast<std::size_t>(target)];
}

}  // namespace hotline::auth
