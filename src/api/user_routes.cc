// /api/v1/users and /api/v1/me: the API's users, managed by HR, IT and admins within the
// ranks of auth::outranks; a user's agent bound by a director or admin.
//
// What a request may do, checked before anything changes:
// - one's own account: the display name, and the password with the current one;
// - someone else's: only a user whose role ranks below the actor's, and only to roles
//   ranked below it (an admin: any); binding to an agent takes kBindAgents.
// Every change and every refusal of a role or binding is audited.

#include <nlohmann/json.hpp>

#include "api/api_context.h"
#include "api/json_input.h"
#include "api/json_util.h"
#include "auth/password.h"
#include "store/service_store.h"

namespace hotline::api {

namespace {

using nlohmann::json;

bool valid_user_name(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-' &&
        c != '@')
      return false;
  return true;
}

// The fields a user is made of, as a body gives them; `creating`: the ones a new user
// needs are required.
struct UserFields {
  std::optional<std::string> display, role, team, agent, password;
};

UserFields read_user_fields(ApiContext& api, JsonInput& in, bool creating) {
  UserFields f{in.text("display_name", creating, 100), in.text("role", creating, 20),
               in.text("team", false, 64), in.text("agent", false, 64),
               in.text("password", creating, 128)};
  if (f.display && f.display->empty()) in.problem("'display_name' must not be empty");
  if (f.role && !auth::parse_role(*f.role)) in.problem("unknown role '" + *f.role + "'");
  if (f.password) {
    if (std::string p = auth::password_problem(*f.password); !p.empty()) in.problem(p);
  }
  if (f.agent && !f.agent->empty() && !api.center().has_agent(*f.agent))
    in.problem("no agent '" + *f.agent + "' in the center");
  return f;
}

class UserRoutes {
 public:
  explicit UserRoutes(ApiContext& api) : api_(api) {}

  HttpResponse list() {
    auto users = api_.service().users();
    if (!users.ok()) return error_response(users.status());
    auto locks = api_.service().lockouts(system_now());
    if (!locks.ok()) return error_response(locks.status());
    json list = json::array();
    for (const store::User& u : *users)
      list.push_back(user_json(u, locks->count(u.name) ? locks->at(u.name) : 0));
    return json_response(200, {{"users", list}});
  }

  HttpResponse me(const auth::SessionInfo& s) {
    auto user = api_.service().find_user(s.user);
    if (!user.ok()) return error_response(user.status());
    if (!*user) return error_response(404, "not_found", "the user was removed");
    json body = user_json(**user, locked_until(s.user));
    body["session_expires"] = iso_time(s.expires);
    return json_response(200, body);
  }

  HttpResponse create(const HttpRequest& r, const auth::SessionInfo& s) {
    JsonInput in(r.body);
    in.allow({"name", "display_name", "role", "team", "agent", "password"});
    auto name = in.text("name", true, 64);
    if (name && !valid_user_name(*name))
      in.problem("'name' must be 1-64 letters, digits or _ . - @");
    const UserFields f = read_user_fields(api_, in, true);
    if (auto bad = in.error()) return *bad;
    const auto& [display, role, team, agent, password] = f;
    if (auto refused = refuse_role(r, s, *name, *role)) return *refused;
    if (agent && !agent->empty())
      if (auto refused = refuse_binding(r, s, *name, *agent)) return *refused;
    auto hash = auth::hash_password(*password);
    if (!hash.ok()) return error_response(hash.status());
    store::User u;
    u.name = *name;
    u.display_name = *display;
    u.role = *role;
    u.team = team.value_or("");
    u.agent = agent.value_or("");
    u.password_hash = *hash;
    u.created = u.updated = system_now();
    auto existing = api_.service().find_user(u.name);
    if (!existing.ok()) return error_response(existing.status());
    if (*existing) return error_response(409, "exists", "user '" + u.name + "' exists already");
    if (Status st = api_.service().add_user(u); !st.ok()) return error_response(st);
    api_.audit(s.user, "user.create", u.name,
               "role " + u.role + (u.agent.empty() ? "" : ", agent " + u.agent), r);
    return json_response(201, user_json(u, 0));
  }

  HttpResponse update(const HttpRequest& r, const std::string& name, const auth::SessionInfo& s) {
    const bool self = name == s.user;
    const bool manager = auth::allowed(s.role, auth::Permission::kManageUsers);
    const bool binder = auth::allowed(s.role, auth::Permission::kBindAgents);
    if (!self && !manager && !binder)
      return error_response(403, "forbidden", "only your own account may be changed");
    JsonInput in(r.body);
    if (self)
      in.allow({"display_name", "password", "current_password", "role", "team", "agent", "active",
                "unlock"});
    else if (manager)
      in.allow({"display_name", "role", "team", "agent", "password", "active", "unlock"});
    else
      in.allow({"agent"});
    const UserFields f = read_user_fields(api_, in, false);
    auto current = in.text("current_password", false, 128);
    auto active = in.flag("active");
    auto unlock = in.flag("unlock");
    if (auto bad = in.error()) return *bad;
    const auto& [display, role, team, agent, password] = f;
    if (self && (role || team || agent || active || unlock)) {
      api_.audit(s.user, "user.refused", s.user, "own role, team, agent or lock", r);
      return error_response(403, "forbidden",
                            "nobody changes its own role, team, agent, activity or lock");
    }
    auto found = api_.service().find_user(name);
    if (!found.ok()) return error_response(found.status());
    if (!*found) return error_response(404, "not_found", "no user '" + name + "'");
    store::User u = **found;
    if (!self) {
      const auto held = auth::parse_role(u.role);
      if (!held || !auth::outranks(s.role, *held)) {
        api_.audit(s.user, "user.refused", u.name, "holds role " + u.role, r);
        return error_response(403, "forbidden",
                              "a " + u.role + "'s account is changed by a higher role");
      }
    }
    if (role)
      if (auto refused = refuse_role(r, s, u.name, *role)) return *refused;
    if (agent)
      if (auto refused = refuse_binding(r, s, u.name, *agent)) return *refused;
    // Changing one's own password takes the current one: a stolen session is not enough.
    if (password && self && (!current || !auth::verify_password(u.password_hash, *current)))
      return error_response(403, "forbidden", "the current password is wrong or missing");
    std::vector<std::string> changed;
    if (display) u.display_name = *display, changed.push_back("display_name");
    if (role) u.role = *role, changed.push_back("role " + *role);
    if (team) u.team = *team, changed.push_back("team " + *team);
    if (agent) u.agent = *agent, changed.push_back("agent " + *agent);
    if (active) u.active = *active, changed.push_back(*active ? "active" : "inactive");
    if (password) {
      auto hash = auth::hash_password(*password);
      if (!hash.ok()) return error_response(hash.status());
      u.password_hash = *hash;
      changed.push_back("password");
    }
    u.updated = system_now();
    if (Status st = api_.service().update_user(u); !st.ok()) return error_response(st);
    if (unlock && *unlock) {
      if (auto unlocked = api_.service().unlock_user(u.name, system_now()); !unlocked.ok())
        return error_response(unlocked.status());
      changed.push_back("unlock");
    }
    // Sessions carry role, team and agent: whoever changed in those logs in again (its
    // event sockets close with them).
    if (role || team || agent || password || (active && !*active)) api_.end_sessions(u.name);
    std::string detail;
    for (const std::string& c : changed)
      detail += (detail.empty() ? "" : ", ") + c;
    api_.audit(s.user, "user.update", u.name, detail, r);
    return json_response(200, user_json(u, locked_until(u.name)));
  }

 private:
  Time locked_until(const std::string& name) {
    auto locks = api_.service().lockouts(system_now());
    return locks.ok() && locks->count(name) ? locks->at(name) : 0;
  }

  // A role may be given only by a higher one (auth::outranks), and never to oneself.
  std::optional<HttpResponse> refuse_role(const HttpRequest& r, const auth::SessionInfo& s,
                                          const std::string& user, const std::string& role) {
    const auth::Role wanted = *auth::parse_role(role);
    if (user != s.user && auth::outranks(s.role, wanted)) return std::nullopt;
    api_.audit(s.user, "user.refused", user, "role " + role, r);
    if (user == s.user) return error_response(403, "forbidden", "nobody changes its own role");
    return error_response(403, "forbidden",
                          "the role '" + std::string(auth::role_name(s.role)) +
                              "' may not give the role '" + role + "'");
  }

  // Binding a user to an agent opens that agent's recordings: a director's or admin's act.
  std::optional<HttpResponse> refuse_binding(const HttpRequest& r, const auth::SessionInfo& s,
                                             const std::string& user, const std::string& agent) {
    if (auth::allowed(s.role, auth::Permission::kBindAgents)) return std::nullopt;
    api_.audit(s.user, "user.refused", user, "agent " + agent, r);
    return error_response(403, "forbidden", "a user is bound to an agent by a director or admin");
  }

  ApiContext& api_;
};

}  // namespace

void add_user_routes(ApiContext& api) {
  auto users = std::make_shared<UserRoutes>(api);
  api.secured("GET", "/api/v1/me", std::nullopt,
              [users](const HttpRequest&, const PathParams&, const auth::SessionInfo& s) {
                return users->me(s);
              });
  api.secured("GET", "/api/v1/users", std::nullopt,
              [users](const HttpRequest&, const PathParams&, const auth::SessionInfo& s) {
                if (!auth::allowed(s.role, auth::Permission::kManageUsers) &&
                    !auth::allowed(s.role, auth::Permission::kBindAgents))
                  return error_response(403, "forbidden", "users are managed by HR, IT and admins");
                return users->list();
              });
  api.secured("POST", "/api/v1/users", auth::Permission::kManageUsers,
              [users](const HttpRequest& r, const PathParams&, const auth::SessionInfo& s) {
                return users->create(r, s);
              });
  api.secured("PATCH", "/api/v1/users/{name}", std::nullopt,
              [users](const HttpRequest& r, const PathParams& p, const auth::SessionInfo& s) {
                return users->update(r, p.at("name"), s);
              });
}

}  // namespace hotline::api
