#pragma once
// Roles of a call center's staff and what each may do. Endpoints ask `allowed(role,
// permission)`; scoping inside a permission (an agent sees its own calls, a team lead its
// team's) is the endpoint's business, with the user's agent and team at hand.

#include <cstdint>
#include <optional>
#include <string_view>

namespace hotline::auth {

enum class Role : std::uint8_t {
  kAgent,     // 座席: answers and places calls, its own customers and tickets
  kTeamLead,  // 班長: its team's agents, calls and recordings
  kQa,        // 質檢: listens to recordings, scores calls, edits the knowledge base
  kTrainer,   // 培訓: edits the knowledge base
  kDirector,  // 主管: everything about service, reports, customers in bulk, the audit log
  kHr,        // 人事: users and teams (no calls or customers)
  kIt,        // IT engineer: users, configuration, the audit log
  kAdmin,     // everything
};
constexpr int kRoleCount = 8;

enum class Permission : std::uint8_t {
  kManageUsers,     // create users, change roles, reset passwords
  kReadAudit,       // the audit log
  kViewCenter,      // live agents and queues (wallboard)
  kControlAgents,   // change other agents' state (a team lead: its team only)
  kReadRecordings,  // play calls' recordings (an agent: its own calls only)
  kBulkCustomers,   // customers in bulk: CSV import and export (audited)
  kEditKnowledge,   // knowledge-base folders and articles
  kReadCustomers,   // every customer (an agent: those it serves)
  kEditCustomers,   // create customers, change them, add to their timeline
  // Skills and agents' levels, queues' parameters, reason and disposition codes, the
  // calendar and opening hours: taken at once, while calls go on.
  kConfigureCenter,
  // Bind a user to an agent (the user then hears that agent's recordings): a director's
  // or admin's act, never HR's or IT's.
  kBindAgents,
  // Purchased lead lists: import, see their counts, destroy them; the do-not-call list.
  kManageLeads,
  // Leads' personal data in bulk: read a list's leads, export them (audited).
  kExportLeads,
  // Hand leads out: lists to teams (director), a team's leads to its agents (its lead).
  kDistributeLeads,
  // Outbound campaigns: see them (a team lead: its teams'), create and change them,
  // start and pause them (a team lead: its teams'), finish them.
  kViewCampaigns,
  kManageCampaigns,
  kRunCampaigns,
  // Orders: take them during calls and see them (an agent its own, a team lead its
  // team's); move them on — confirmed, delivered, paid, cancelled (a team lead its team's).
  kTakeOrders,
  kCoordinateOrders,
};

std::string_view role_name(Role role);  // "agent", "team_lead", ...
std::optional<Role> parse_role(std::string_view name);
bool allowed(Role role, Permission permission);

// Who may manage whom. Roles rank agent < team lead, QA, trainer < HR, IT < director <
// admin. A user manager grants, and changes users holding, only roles ranked below its
// own; an admin any role, admin included (someone must be able to name a second admin).
// No one changes its own role.
bool outranks(Role actor, Role target);

}  // namespace hotline::auth
