// Passwords, roles, sessions and the login throttle.

#include <gtest/gtest.h>

#include "auth/password.h"
#include "auth/roles.h"
#include "auth/sessions.h"

namespace hotline::auth {
namespace {

TEST(Password, HashVerifiesOnlyTheSamePassword) {
  auto hash = hash_password("correct horse");
  ASSERT_TRUE(hash.ok()) << hash.status().message();
  EXPECT_EQ(hash->rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u) << *hash;
  EXPECT_TRUE(verify_password(*hash, "correct horse"));
  EXPECT_FALSE(verify_password(*hash, "correct horsE"));
  EXPECT_FALSE(verify_password(*hash, ""));
  // A fresh salt every time: the same password never gives the same hash.
  auto again = hash_password("correct horse");
  ASSERT_TRUE(again.ok());
  EXPECT_NE(*hash, *again);
  EXPECT_TRUE(verify_password(*again, "correct horse"));
}

TEST(Password, AnythingButArgon2idIsRefused) {
  EXPECT_FALSE(verify_password("", "x"));
  EXPECT_FALSE(verify_password("plain-text-password", "plain-text-password"));
  EXPECT_FALSE(verify_password("$argon2id$garbage", "x"));
  EXPECT_FALSE(verify_password("$argon2i$v=19$m=16,t=2,p=1$c2FsdHNhbHQ$aGFzaA", "x"));
}

TEST(Password, Rules) {
  EXPECT_NE(password_problem("short"), "");
  EXPECT_EQ(password_problem("long enough"), "");
  EXPECT_NE(password_problem(std::string(129, 'x')), "");
}

TEST(Roles, NamesRoundTrip) {
  for (int i = 0; i < kRoleCount; ++i) {
    const Role r = static_cast<Role>(i);
    ASSERT_EQ(parse_role(role_name(r)), r);
  }
  EXPECT_FALSE(parse_role("boss"));
  EXPECT_FALSE(parse_role(""));
  EXPECT_FALSE(parse_role("Admin"));
}

TEST(Roles, WhoMayDoWhat) {
  EXPECT_TRUE(allowed(Role::kAdmin, Permission::kManageUsers));
  EXPECT_TRUE(allowed(Role::kHr, Permission::kManageUsers));
  EXPECT_TRUE(allowed(Role::kIt, Permission::kManageUsers));
  EXPECT_FALSE(allowed(Role::kAgent, Permission::kManageUsers));
  EXPECT_FALSE(allowed(Role::kTeamLead, Permission::kManageUsers));
  EXPECT_FALSE(allowed(Role::kDirector, Permission::kManageUsers));

  EXPECT_TRUE(allowed(Role::kDirector, Permission::kReadAudit));
  EXPECT_FALSE(allowed(Role::kHr, Permission::kReadAudit));
  EXPECT_FALSE(allowed(Role::kAgent, Permission::kReadAudit));

  EXPECT_TRUE(allowed(Role::kTeamLead, Permission::kViewCenter));
  EXPECT_FALSE(allowed(Role::kAgent, Permission::kViewCenter));
  EXPECT_FALSE(allowed(Role::kHr, Permission::kViewCenter));

  EXPECT_TRUE(allowed(Role::kDirector, Permission::kBulkCustomers));
  EXPECT_FALSE(allowed(Role::kTeamLead, Permission::kBulkCustomers));
  EXPECT_FALSE(allowed(Role::kQa, Permission::kBulkCustomers));

  EXPECT_TRUE(allowed(Role::kTrainer, Permission::kEditKnowledge));
  EXPECT_TRUE(allowed(Role::kQa, Permission::kEditKnowledge));
  EXPECT_FALSE(allowed(Role::kAgent, Permission::kEditKnowledge));
  // HR manages people, not calls.
  EXPECT_FALSE(allowed(Role::kHr, Permission::kReadRecordings));
}

TEST(Sessions, TokensAreLongRandomAndExpire) {
  SessionTable table(seconds(60));
  auto a = table.create({"li", Role::kAgent, "t1", "a1", 0}, seconds(1000));
  auto b = table.create({"li", Role::kAgent, "t1", "a1", 0}, seconds(1000));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->size(), 64u);
  EXPECT_NE(*a, *b);
  auto found = table.find(*a, seconds(1059));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->user, "li");
  EXPECT_EQ(found->agent, "a1");
  EXPECT_EQ(found->expires, seconds(1060));
  EXPECT_FALSE(table.find(*a, seconds(1060)));  // expired, and dropped
  EXPECT_FALSE(table.find(*a, seconds(1000)));
  EXPECT_FALSE(table.find("", seconds(1000)));
  EXPECT_FALSE(table.find(a->substr(0, 63), seconds(1000)));
}

TEST(Sessions, RevokeOneOrEveryOneOfAUser) {
  SessionTable table(seconds(60));
  auto a = table.create({"li", Role::kAgent, "", "", 0}, 0);
  auto b = table.create({"li", Role::kAgent, "", "", 0}, 0);
  auto c = table.create({"wang", Role::kQa, "", "", 0}, 0);
  EXPECT_EQ(table.size(0), 3u);
  table.revoke(*a);
  EXPECT_FALSE(table.find(*a, 0));
  EXPECT_TRUE(table.find(*b, 0));
  table.revoke_user("li");
  EXPECT_FALSE(table.find(*b, 0));
  EXPECT_TRUE(table.find(*c, 0));
  EXPECT_EQ(table.size(0), 1u);
}

TEST(Sessions, EndedTokensAreToldAndEachUserHoldsAtMostTen) {
  std::vector<std::string> ended;
  SessionTable table(seconds(60), [&](const std::string& t) { ended.push_back(t); });
  std::vector<std::string> tokens;
  for (std::size_t i = 0; i < SessionTable::kMaxPerUser; ++i)
    tokens.push_back(*table.create({"li", Role::kAgent, "", "", 0}, static_cast<Time>(i)));
  auto other = table.create({"wang", Role::kQa, "", "", 0}, 0);
  EXPECT_TRUE(ended.empty());
  auto newest = table.create({"li", Role::kAgent, "", "", 0}, 100);
  ASSERT_EQ(ended, std::vector<std::string>{tokens[0]});  // the oldest made room
  EXPECT_FALSE(table.find(tokens[0], 100));
  EXPECT_TRUE(table.find(*newest, 100));
  table.revoke(*other);
  table.revoke_user("li");
  EXPECT_EQ(ended.size(), 2u + SessionTable::kMaxPerUser);
  EXPECT_EQ(table.size(100), 0u);
}

TEST(Roles, OnlyHigherRolesManageLowerOnes) {
  EXPECT_TRUE(outranks(Role::kHr, Role::kAgent));
  EXPECT_TRUE(outranks(Role::kHr, Role::kTeamLead));
  EXPECT_TRUE(outranks(Role::kIt, Role::kQa));
  EXPECT_FALSE(outranks(Role::kHr, Role::kDirector));
  EXPECT_FALSE(outranks(Role::kHr, Role::kHr));
  EXPECT_FALSE(outranks(Role::kHr, Role::kIt));
  EXPECT_FALSE(outranks(Role::kIt, Role::kAdmin));
  EXPECT_FALSE(outranks(Role::kAgent, Role::kAgent));
  EXPECT_TRUE(outranks(Role::kDirector, Role::kHr));
  EXPECT_TRUE(outranks(Role::kAdmin, Role::kAdmin));
  EXPECT_FALSE(allowed(Role::kHr, Permission::kBindAgents));
  EXPECT_FALSE(allowed(Role::kIt, Permission::kBindAgents));
  EXPECT_TRUE(allowed(Role::kDirector, Permission::kBindAgents));
}

TEST(Roles, LeadListsAreTheDirectorsAndTheDataOfficersReadingThemTheDirectorsAlone) {
  for (Role r : {Role::kDirector, Role::kIt, Role::kAdmin})
    EXPECT_TRUE(allowed(r, Permission::kManageLeads)) << role_name(r);
  for (Role r : {Role::kAgent, Role::kTeamLead, Role::kQa, Role::kTrainer, Role::kHr})
    EXPECT_FALSE(allowed(r, Permission::kManageLeads)) << role_name(r);
  for (Role r : {Role::kDirector, Role::kAdmin})
    EXPECT_TRUE(allowed(r, Permission::kExportLeads)) << role_name(r);
  for (Role r : {Role::kAgent, Role::kTeamLead, Role::kQa, Role::kTrainer, Role::kHr, Role::kIt})
    EXPECT_FALSE(allowed(r, Permission::kExportLeads)) << role_name(r);
  for (Role r : {Role::kTeamLead, Role::kDirector, Role::kAdmin})
    EXPECT_TRUE(allowed(r, Permission::kDistributeLeads)) << role_name(r);
  for (Role r : {Role::kAgent, Role::kQa, Role::kTrainer, Role::kHr, Role::kIt})
    EXPECT_FALSE(allowed(r, Permission::kDistributeLeads)) << role_name(r);
}

TEST(Sessions, WhoReachesWhichAgent) {
  const SessionInfo agent{"li", Role::kAgent, "t1", "a1", 0};
  EXPECT_TRUE(reaches_agent(agent, Permission::kViewCenter, "a1", "t1"));  // itself
  EXPECT_FALSE(reaches_agent(agent, Permission::kViewCenter, "a2", "t1"));
  const SessionInfo lead{"zhao", Role::kTeamLead, "t2", "", 0};
  EXPECT_TRUE(reaches_agent(lead, Permission::kControlAgents, "a2", "t2"));
  EXPECT_FALSE(reaches_agent(lead, Permission::kControlAgents, "a1", "t1"));
  const SessionInfo lead_without_team{"x", Role::kTeamLead, "", "", 0};
  EXPECT_FALSE(reaches_agent(lead_without_team, Permission::kViewCenter, "a3", ""));
  const SessionInfo director{"boss", Role::kDirector, "", "", 0};
  EXPECT_TRUE(reaches_agent(director, Permission::kControlAgents, "a1", "t1"));
  const SessionInfo hr{"wang", Role::kHr, "", "", 0};
  EXPECT_FALSE(reaches_agent(hr, Permission::kViewCenter, "a1", "t1"));
}

TEST(LoginThrottle, LimitsEachSourceWithinTheWindow) {
  LoginThrottle throttle(3, seconds(60));
  for (int i = 0; i < 3; ++i)
    EXPECT_TRUE(throttle.admit("10.0.0.1", seconds(i)));
  EXPECT_FALSE(throttle.admit("10.0.0.1", seconds(10)));
  EXPECT_TRUE(throttle.admit("10.0.0.2", seconds(10)));  // another address is not punished
  EXPECT_FALSE(throttle.admit("10.0.0.1", seconds(59)));
  EXPECT_TRUE(throttle.admit("10.0.0.1", seconds(61)));  // the first attempts left the window
}

}  // namespace
}  // namespace hotline::auth
