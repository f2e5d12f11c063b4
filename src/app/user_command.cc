// hotline user: the API's users, managed from the shell (the first admin, a reset).

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "app/commands.h"
#include "auth/password.h"
#include "auth/roles.h"
#include "store/service_store.h"
#include "store/stores.h"

namespace hotline::app {

namespace {

struct UserOptions {
  std::string data = "hotline-data";
  std::string name, display_name, role, team, agent;
};

Result<std::unique_ptr<store::ServiceStore>> open_store(const std::string& data) {
  std::error_code ec;
  std::filesystem::create_directories(data, ec);
  if (ec) return Status::io_error("data directory " + data + ": " + ec.message());
  return store::ServiceStore::open(store::database_path(data));
}

// The password is read from standard input (first line), never from the command line,
// where other users of the machine could see it.
int add_user(const UserOptions& o) {
  if (!auth::parse_role(o.role)) {
    std::fprintf(stderr,
                 "hotline user add: unknown role '%s' (agent, team_lead, qa, trainer, "
                 "director, hr, it, admin)\n",
                 o.role.c_str());
    return kExitUsage;
  }
  std::string password;
  std::getline(std::cin, password);
  if (std::string problem = auth::password_problem(password); !problem.empty()) {
    std::fprintf(stderr, "hotline user add: %s (the password is read from standard input)\n",
                 problem.c_str());
    return kExitUsage;
  }
  auto store = open_store(o.data);
  if (!store.ok()) {
    std::fprintf(stderr, "hotline user add: %s\n", store.status().message().c_str());
    return kExitFailure;
  }
  auto hash = auth::hash_password(password);
  if (!hash.ok()) {
    std::fprintf(stderr, "hotline user add: %s\n", hash.status().message().c_str());
    return kExitFailure;
  }
  store::User u;
  u.name = o.name;
  u.display_name = o.display_name.empty() ? o.name : o.display_name;
  u.role = o.role;
  u.team = o.team;
  u.agent = o.agent;
  u.password_hash = *hash;
  u.created = u.updated = system_now();
  if (Status s = (*store)->add_user(u); !s.ok()) {
    std::fprintf(stderr, "hotline user add: %s\n", s.message().c_str());
    return kExitFailure;
  }
  (*store)->audit(
      {system_now(), "", "user.create", u.name, "role " + u.role + " (command line)", ""});
  std::printf("user %s added (%s)\n", u.name.c_str(), u.role.c_str());
  return kExitOk;
}

int list_users(const UserOptions& o) {
  auto store = open_store(o.data);
  if (!store.ok()) {
    std::fprintf(stderr, "hotline user list: %s\n", store.status().message().c_str());
    return kExitFailure;
  }
  auto users = (*store)->users();
  if (!users.ok()) {
    std::fprintf(stderr, "hotline user list: %s\n", users.status().message().c_str());
    return kExitFailure;
  }
  for (const store::User& u : *users)
    std::printf("%-20s %-10s %-12s %-12s %s\n", u.name.c_str(), u.role.c_str(), u.team.c_str(),
                u.agent.c_str(), u.active ? "active" : "inactive");
  return kExitOk;
}

// Clears a user's failed logins from every address: the way back in when every admin is
// locked out (the API's unlock needs someone logged in who outranks the user).
int unlock_user(const UserOptions& o) {
  auto store = open_store(o.data);
  if (!store.ok()) {
    std::fprintf(stderr, "hotline user unlock: %s\n", store.status().message().c_str());
    return kExitFailure;
  }
  auto user = (*store)->find_user(o.name);
  if (!user.ok()) {
    std::fprintf(stderr, "hotline user unlock: %s\n", user.status().message().c_str());
    return kExitFailure;
  }
  if (!*user) {
    std::fprintf(stderr, "hotline user unlock: no user '%s'\n", o.name.c_str());
    return kExitUsage;
  }
  auto unlocked = (*store)->unlock_user(o.name, system_now());
  if (!unlocked.ok()) {
    std::fprintf(stderr, "hotline user unlock: %s\n", unlocked.status().message().c_str());
    return kExitFailure;
  }
  (void)(*store)->audit({system_now(), "", "user.update", o.name, "unlock (command line)", ""});
  std::printf("user %s %s\n", o.name.c_str(), *unlocked ? "unlocked" : "was not locked");
  return kExitOk;
}

}  // namespace

void add_user_command(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand("user", "Manage the API's users");
  cmd->require_subcommand(1);
  auto o = std::make_shared<UserOptions>();
  auto* add = cmd->add_subcommand("add", "Add a user; the password is read from standard input");
  add->add_option("NAME", o->name, "Login name")->required();
  add->add_option("--role", o->role, "agent, team_lead, qa, trainer, director, hr, it or admin")
      ->required();
  add->add_option("--display-name", o->display_name, "The name shown (default: NAME)");
  add->add_option("--team", o->team, "The user's team");
  add->add_option("--agent", o->agent, "The center's agent this user works as");
  add->add_option("--data", o->data, "Directory of hotline.db")->capture_default_str();
  add->callback([o, exit_code] { *exit_code = add_user(*o); });
  auto* list = cmd->add_subcommand("list", "List the users");
  list->add_option("--data", o->data, "Directory of hotline.db")->capture_default_str();
  list->callback([o, exit_code] { *exit_code = list_users(*o); });
  auto* unlock = cmd->add_subcommand("unlock", "Let a user locked out by failed logins in again");
  unlock->add_option("NAME", o->name, "Login name")->required();
  unlock->add_option("--data", o->data, "Directory of hotline.db")->capture_default_str();
  unlock->callback([o, exit_code] { *exit_code = unlock_user(*o); });
}

}  // namespace hotline::app
