#include "api/api_service.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "api/api_context.h"
#include "api/center_json.h"
#include "api/event_hub.h"
#include "api/json_input.h"
#include "api/json_util.h"
#include "api/router.h"
#include "api/static_files.h"
#include "auth/password.h"
#include "auth/roles.h"
#include "auth/sessions.h"
#include "common/metrics_text.h"
#include "store/customer_store.h"
#include "store/service_store.h"

namespace hotline::api {

const HttpResponse& busy_response() {
  static const HttpResponse busy =
      error_response(503, "busy", "the center did not answer in time; try again");
  return busy;
}

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

json user_json(const store::User& u, Time now) {
  return {{"name", u.name},
          {"display_name", u.display_name},
          {"role", u.role},
          {"team", u.team},
          {"agent", u.agent},
          {"active", u.active},
          {"locked_until", u.locked_until > now ? iso_time(u.locked_until) : json(nullptr)},
          {"created", iso_time(u.created)},
          {"updated", iso_time(u.updated)}};
}

class Api final : public ApiService, public ApiContext {
 public:
  Api(const ApiSettings& settings, const ApiStores& stores, CenterView* center)
      : settings_(settings),
        store_(stores.users),
        customers_(stores.customers),
        knowledge_(stores.knowledge),
        tickets_(stores.tickets),
        calls_(stores.calls),
        center_(center),
        sessions_(settings.session_lifetime),
        throttle_(settings.login_attempts_per_minute, seconds(60)) {}
  ~Api() override { stop(); }

  Status run() {
    // Unknown users are checked against this, so a wrong name costs what a wrong
    // password costs (no telling which names exist by the time an answer takes).
    auto dummy = auth::hash_password("not a password of anyone");
    if (!dummy.ok()) return dummy.status();
    dummy_hash_ = *dummy;
    routes();
    WebSocketRoute events{"/api/v1/events",
                          [this](const HttpRequest& r) { return accept_subscriber(r); },
                          [this](const HttpRequest& r, std::shared_ptr<WebSocketPeer> peer) {
                            attach_subscriber(r, std::move(peer));
                          }};
    auto http = HttpServer::start(settings_.http,
                                  [this](const HttpRequest& r) {
                                    HttpResponse response;
                                    if (auto page = static_files_.serve(r))
                                      response = std::move(*page);
                                    else
                                      response = router_.handle(r);
                                    const int klass = std::clamp(response.status / 100, 1, 5);
                                    ++responses_[klass];
                                    return response;
                                  },
                                  {events});
    if (!http.ok()) return http.status();
    http_ = std::move(*http);
    if (tickets_) escalator_ = std::thread([this] { escalate_periodically(); });
    return {};
  }

  // Overdue tickets are escalated as they become overdue (to the minute, by default).
  void escalate_periodically() {
    std::unique_lock<std::mutex> lock(escalator_mutex_);
    while (!escalator_wake_.wait_for(lock,
                                     std::chrono::microseconds(settings_.tickets.escalation_check),
                                     [this] { return escalator_stopping_; })) {
      lock.unlock();
      try {
        escalate_overdue_tickets(*this);
      } catch (const std::exception& e) {  // no store connection: try again next time
        std::fprintf(stderr, "hotline: escalating overdue tickets: %s\n", e.what());
      }
      lock.lock();
    }
  }

  int port() const override { return http_ ? http_->port() : 0; }
  void stop() override {
    {
      std::lock_guard<std::mutex> lock(escalator_mutex_);
      escalator_stopping_ = true;
    }
    escalator_wake_.notify_all();
    if (escalator_.joinable()) escalator_.join();
    hub_.clear();
    if (http_) http_->stop();
  }
  void publish(const ApiEvent& event) override {
    hub_.publish(event, system_now());
    if (!event.screen_pop || !http_) return;
    // The lookup reads the store: on the API's threads, never the publisher's (the core).
    http_->post([this, event] {
      ApiEvent pop = event;
      pop.screen_pop = false;
      try {
        pop.json = screen_pop_message(*this, event.json);
      } catch (const std::exception&) {
        return;  // no store connection for this thread: the offer itself went out
      }
      hub_.publish(pop, system_now());
    });
  }
  store::CustomerStore& customers() override { return *customers_; }
  store::KnowledgeStore& knowledge() override { return *knowledge_; }
  store::TicketStore& tickets() override { return *tickets_; }
  store::CallStore& calls() override { return *calls_; }
  store::ServiceStore& service() override { return *store_; }
  const ApiSettings& settings() const override { return settings_; }
  std::pair<std::string, std::string> team_and_agent(const std::string& name) override {
    auto u = store_->find_user(name);
    if (!u.ok() || !*u) return {};
    return {(*u)->team, (*u)->agent};
  }
  bool is_user(const std::string& name) override {
    auto u = store_->find_user(name);
    return u.ok() && *u && (*u)->active;
  }
  void push(const ApiEvent& event) override { hub_.publish(event, system_now()); }
  CenterView& center() override { return *center_; }
  bool has_subscribers() const override { return hub_.has_subscribers(); }

 private:
  using Handler =
      std::function<HttpResponse(const HttpRequest&, const PathParams&, const auth::SessionInfo&)>;

  // The session of a request: its bearer token, or for WebSockets (browsers cannot set
  // headers there) the `token` query parameter.
  std::optional<auth::SessionInfo> session_of(const HttpRequest& r, bool query_too) {
    const std::string prefix = "Bearer ";
    std::string token;
    if (r.authorization.rfind(prefix, 0) == 0)
      token = r.authorization.substr(prefix.size());
    else if (query_too)
      token = query_value(r.query, "token");
    if (token.empty()) return std::nullopt;
    return sessions_.find(token, system_now());
  }

  std::optional<HttpResponse> accept_subscriber(const HttpRequest& r) {
    if (!session_of(r, true))
      return error_response(401, "unauthenticated",
                            "log in first: ?token=TOKEN or Authorization: Bearer TOKEN");
    return std::nullopt;
  }

  void attach_subscriber(const HttpRequest& r, std::shared_ptr<WebSocketPeer> peer) {
    auto session = session_of(r, true);
    if (!session) return;  // expired during the handshake: the client sees no hello
    peer->send(json{{"type", "hello"},
                    {"user", session->user},
                    {"role", auth::role_name(session->role)},
                    {"agent", session->agent}}
                   .dump());
    hub_.subscribe(*session, peer);
  }

  void secured(const std::string& method, const std::string& pattern,
               std::optional<auth::Permission> permission, SecuredHandler handler) override {
    router_.add(
        method, pattern,
        [this, permission, handler = std::move(handler)](const HttpRequest& r,
                                                         const PathParams& p) {
          if (r.authorization.rfind("Bearer ", 0) != 0)
            return error_response(401, "unauthenticated",
                                  "log in first: Authorization: Bearer TOKEN");
          auto session = session_of(r, false);
          if (!session)
            return error_response(401, "unauthenticated",
                                  "the session token is unknown or expired");
          if (permission && !auth::allowed(session->role, *permission))
            return error_response(
                403, "forbidden",
                "the role '" + std::string(auth::role_name(session->role)) + "' may not do this");
          return handler(r, p, *session);
        });
  }

  void audit(const std::string& user, const std::string& action, const std::string& target,
             const std::string& detail, const HttpRequest& r) override {
    // A failing audit write must not fail the request it records; it is counted.
    if (!store_->audit({system_now(), user, action, target, detail, r.source}).ok())
      ++audit_failures_;
  }

  void routes() {
    router_.add("GET", "/api/v1/openapi.json", [](const HttpRequest&, const PathParams&) {
      HttpResponse r;
      r.body = openapi_document();
      return r;
    });
    router_.add("GET", "/metrics",
                [this](const HttpRequest&, const PathParams&) { return metrics(); });
    router_.add("POST", "/api/v1/login",
                [this](const HttpRequest& r, const PathParams&) { return login(r); });
    secured("POST", "/api/v1/logout", std::nullopt,
            [this](const HttpRequest& r, const PathParams&, const auth::SessionInfo& s) {
              sessions_.revoke(r.authorization.substr(7));
              audit(s.user, "logout", s.user, "", r);
              HttpResponse out;
              out.status = 204;
              return out;
            });
    secured("GET", "/api/v1/me", std::nullopt,
            [this](const HttpRequest&, const PathParams&, const auth::SessionInfo& s) {
              auto user = store_->find_user(s.user);
              if (!user.ok()) return error_response(500, "store", user.status().message());
              if (!*user) return error_response(404, "not_found", "the user was removed");
              json body = user_json(**user, system_now());
              body["session_expires"] = iso_time(s.expires);
              return json_response(200, body);
            });
    secured("GET", "/api/v1/users", auth::Permission::kManageUsers,
            [this](const HttpRequest&, const PathParams&, const auth::SessionInfo&) {
              auto users = store_->users();
              if (!users.ok()) return error_response(500, "store", users.status().message());
              json list = json::array();
              const Time now = system_now();
              for (const store::User& u : *users)
                list.push_back(user_json(u, now));
              return json_response(200, {{"users", list}});
            });
    secured("POST", "/api/v1/users", auth::Permission::kManageUsers,
            [this](const HttpRequest& r, const PathParams&, const auth::SessionInfo& s) {
              return create_user(r, s);
            });
    secured("PATCH", "/api/v1/users/{name}", std::nullopt,
            [this](const HttpRequest& r, const PathParams& p, const auth::SessionInfo& s) {
              return update_user(r, p.at("name"), s);
            });
    secured("GET", "/api/v1/agents", auth::Permission::kViewCenter,
            [this](const HttpRequest&, const PathParams&, const auth::SessionInfo& s) {
              auto snap = center_->snapshot();
              if (!snap) return busy_response();
              json list = json::array();
              const Time now = system_now();
              for (const AgentSnapshot& a : snap->agents)
                if (may_see_agent(s, a)) list.push_back(agent_json(a, now));
              return json_response(200, {{"agents", list}});
            });
    secured("GET", "/api/v1/agents/{name}", std::nullopt,
            [this](const HttpRequest&, const PathParams& p, const auth::SessionInfo& s) {
              auto snap = center_->snapshot();
              if (!snap) return busy_response();
              const AgentSnapshot* a = find_agent(*snap, p.at("name"));
              if (!a) return error_response(404, "not_found", "no agent '" + p.at("name") + "'");
              if (!may_see_agent(s, *a))
                return error_response(403, "forbidden", "not your agent nor your team's");
              return json_response(200, agent_json(*a, system_now()));
            });
    secured("POST", "/api/v1/agents/{name}/state", std::nullopt,
            [this](const HttpRequest& r, const PathParams& p, const auth::SessionInfo& s) {
              return change_agent_state(r, p.at("name"), s);
            });
    secured("POST", "/api/v1/agents/{name}/wrap-up-done", std::nullopt,
            [this](const HttpRequest& r, const PathParams& p, const auth::SessionInfo& s) {
              return act_on_agent(r, p.at("name"), s, AgentAction::kWrapUpDone, "");
            });
    secured("POST", "/api/v1/agents/{name}/hangup", std::nullopt,
            [this](const HttpRequest& r, const PathParams& p, const auth::SessionInfo& s) {
              return act_on_agent(r, p.at("name"), s, AgentAction::kHangUp, "");
            });
    secured("GET", "/api/v1/queues", std::nullopt,
            [this](const HttpRequest&, const PathParams&, const auth::SessionInfo&) {
              auto snap = center_->snapshot();
              if (!snap) return busy_response();
              json list = json::array();
              for (const QueueSnapshot& q : snap->queues)
                list.push_back(queue_json(q, system_now(), true));
              return json_response(200, {{"queues", list}});
            });
    secured("GET", "/api/v1/reasons", std::nullopt,
            [this](const HttpRequest&, const PathParams&, const auth::SessionInfo&) {
              auto snap = center_->snapshot();
              if (!snap) return busy_response();
              return json_response(200, {{"reasons", snap->reasons}});
            });
    add_call_routes(*this);
    add_call_record_routes(*this);
    add_worklist_routes(*this);
    add_settings_routes(*this);
    add_customer_routes(*this);
    add_knowledge_routes(*this);
    add_kb_attachment_routes(*this);
    add_ticket_routes(*this);
    secured("GET", "/api/v1/audit", auth::Permission::kReadAudit,
            [this](const HttpRequest& r, const PathParams&, const auth::SessionInfo&) {
              return audit_log(r);
            });
  }

  static const AgentSnapshot* find_agent(const CenterSnapshot& snap, const std::string& name) {
    for (const AgentSnapshot& a : snap.agents)
      if (a.name == name) return &a;
    return nullptr;
  }

  static bool may_see_agent(const auth::SessionInfo& s, const AgentSnapshot& a) {
    return auth::reaches_agent(s, auth::Permission::kViewCenter, a.name, a.team);
  }
  static bool may_control_agent(const auth::SessionInfo& s, const AgentSnapshot& a) {
    return auth::reaches_agent(s, auth::Permission::kControlAgents, a.name, a.team);
  }

  HttpResponse change_agent_state(const HttpRequest& r, const std::string& agent,
                                  const auth::SessionInfo& s) {
    JsonInput in(r.body);
    in.allow({"state", "reason"});
    auto state = in.text("state", true, 20);
    auto reason = in.text("reason", false, 64);
    if (auto bad = in.error()) return *bad;
    AgentAction action;
    if (*state == "ready")
      action = AgentAction::kReady;
    else if (*state == "not_ready")
      action = AgentAction::kNotReady;
    else if (*state == "logged_in")
      action = AgentAction::kLogin;
    else if (*state == "logged_out")
      action = AgentAction::kLogout;
    else
      return error_response(400, "invalid_request",
                            "'state' must be ready, not_ready, logged_in or logged_out");
    if (reason && action != AgentAction::kNotReady)
      return error_response(400, "invalid_request", "a reason goes with not_ready only");
    return act_on_agent(r, agent, s, action, reason.value_or(""));
  }

  HttpResponse act_on_agent(const HttpRequest& r, const std::string& agent,
                            const auth::SessionInfo& s, AgentAction action,
                            const std::string& reason) override {
    auto snap = center_->snapshot();
    if (!snap) return busy_response();
    const AgentSnapshot* a = find_agent(*snap, agent);
    if (!a) return error_response(404, "not_found", "no agent '" + agent + "'");
    if (!may_control_agent(s, *a))
      return error_response(403, "forbidden", "not your agent nor your team's");
    switch (center_->agent_action(agent, action, reason)) {
      case ActionResult::kDone:
        break;
      case ActionResult::kUnknownAgent:
        return error_response(404, "not_found", "no agent '" + agent + "'");
      case ActionResult::kUnknownReason:
        return error_response(400, "invalid_request", "unknown reason '" + reason + "'");
      case ActionResult::kUnreachable:
        return error_response(409, "unreachable",
                              "agent '" + agent + "' has no registered phone to ring");
      case ActionResult::kWrongState:
        return error_response(409, "wrong_state",
                              "agent '" + agent + "' is " + a->state + ": not possible now");
      case ActionResult::kBusy:
        return busy_response();
      case ActionResult::kUnknownTarget:
        return error_response(400, "unknown_target",
                              action == AgentAction::kSetDisposition
                                  ? "unknown disposition code '" + reason + "'"
                                  : "no such transfer target '" + reason + "'");
      case ActionResult::kTargetNotReady:
        return error_response(409, "target_not_ready", "agent '" + reason + "' is not ready");
      case ActionResult::kNoTrunk:
        return error_response(409, "no_trunk", "no trunk is configured to call out on");
    }
    static constexpr const char* kNames[] = {"logged_in",
                                             "ready",
                                             "not_ready",
                                             "wrap_up_done",
                                             "logged_out",
                                             "hang_up",
                                             "hold",
                                             "resume",
                                             "transfer_to_queue",
                                             "transfer_to_agent",
                                             "transfer_to_number",
                                             "transfer_to_ivr",
                                             "disposition"};
    static_assert(std::size(kNames) == static_cast<std::size_t>(AgentAction::kSetDisposition) + 1,
                  "a name for every action, in the enum's order");
    const std::string name = kNames[static_cast<int>(action)];
    if (action >= AgentAction::kHangUp)  // call controls: "call.hold", detail the argument
      audit(s.user, "call." + name, agent, reason, r);
    else
      audit(s.user, "agent.state", agent, reason.empty() ? name : name + " " + reason, r);
    auto after = center_->snapshot();
    if (!after) return busy_response();
    const AgentSnapshot* now = find_agent(*after, agent);
    return json_response(200, agent_json(*now, system_now()));
  }

  HttpResponse login(const HttpRequest& r) {
    const Time now = system_now();
    if (!throttle_.admit(r.source, now)) {
      HttpResponse out = error_response(429, "too_many_attempts",
                                        "too many login attempts from this address; wait a minute");
      out.headers.emplace_back("Retry-After", "60");
      return out;
    }
    JsonInput in(r.body);
    in.allow({"user", "password"});
    auto name = in.text("user", true, 64);
    auto password = in.text("password", true, 128);
    if (auto bad = in.error()) return *bad;
    auto found = store_->find_user(*name);
    if (!found.ok()) return error_response(500, "store", found.status().message());
    const HttpResponse refused =
        error_response(401, "invalid_credentials", "wrong user name or password");
    if (!*found || !(*found)->active) {
      auth::verify_password(dummy_hash_, *password);
      audit("", "login.failed", *name, "no such active user", r);
      return refused;
    }
    store::User user = **found;
    if (user.locked_until > now) {
      audit("", "login.locked", user.name, "", r);
      return error_response(
          423, "locked",
          "too many failed logins: locked until " + iso_time(user.locked_until).get<std::string>());
    }
    if (!auth::verify_password(user.password_hash, *password)) {
      ++user.failed_logins;
      std::string detail = "failure " + std::to_string(user.failed_logins);
      if (user.failed_logins >= settings_.max_failed_logins) {
        user.locked_until = now + settings_.lockout;
        user.failed_logins = 0;
        detail += ": locked out";
      }
      if (Status s = store_->update_user(user); !s.ok())
        return error_response(500, "store", s.message());
      audit("", "login.failed", user.name, detail, r);
      return refused;
    }
    if (user.failed_logins != 0 || user.locked_until != 0) {
      user.failed_logins = 0;
      user.locked_until = 0;
      if (Status s = store_->update_user(user); !s.ok())
        return error_response(500, "store", s.message());
    }
    auth::SessionInfo info{user.name, *auth::parse_role(user.role), user.team, user.agent, 0};
    auto token = sessions_.create(info, now);
    if (!token.ok()) return error_response(500, "internal", token.status().message());
    audit(user.name, "login", user.name, "", r);
    return json_response(200, {{"token", *token},
                               {"expires", iso_time(now + settings_.session_lifetime)},
                               {"user", user_json(user, now)}});
  }

  // Checks a role given in a request: known, and "admin" only granted by an admin.
  std::optional<HttpResponse> check_role(const std::string& role, const auth::SessionInfo& s) {
    if (!auth::parse_role(role))
      return error_response(400, "invalid_request", "unknown role '" + role + "'");
    if (role == "admin" && s.role != auth::Role::kAdmin)
      return error_response(403, "forbidden", "only an admin may make an admin");
    return std::nullopt;
  }

  // The fields a user is made of, as a body gives them; `creating`: the ones a new user
  // needs are required.
  struct UserFields {
    std::optional<std::string> display, role, team, agent, password;
  };
  UserFields read_user_fields(JsonInput& in, bool creating) {
    UserFields f{in.text("display_name", creating, 100), in.text("role", creating, 20),
                 in.text("team", false, 64), in.text("agent", false, 64),
                 in.text("password", creating, 128)};
    if (f.display && f.display->empty()) in.problem("'display_name' must not be empty");
    if (f.password) {
      if (std::string p = auth::password_problem(*f.password); !p.empty()) in.problem(p);
    }
    if (f.agent && !f.agent->empty() && !center_->has_agent(*f.agent))
      in.problem("no agent '" + *f.agent + "' in the center");
    return f;
  }

  HttpResponse create_user(const HttpRequest& r, const auth::SessionInfo& s) {
    JsonInput in(r.body);
    in.allow({"name", "display_name", "role", "team", "agent", "password"});
    auto name = in.text("name", true, 64);
    if (name && !valid_user_name(*name))
      in.problem("'name' must be 1-64 letters, digits or _ . - @");
    const UserFields f = read_user_fields(in, true);
    if (auto bad = in.error()) return *bad;
    const auto& [display, role, team, agent, password] = f;
    if (auto bad = check_role(*role, s)) return *bad;
    auto hash = auth::hash_password(*password);
    if (!hash.ok()) return error_response(500, "internal", hash.status().message());
    store::User u;
    u.name = *name;
    u.display_name = *display;
    u.role = *role;
    u.team = team.value_or("");
    u.agent = agent.value_or("");
    u.password_hash = *hash;
    u.created = u.updated = system_now();
    auto existing = store_->find_user(u.name);
    if (!existing.ok()) return error_response(500, "store", existing.status().message());
    if (*existing) return error_response(409, "exists", "user '" + u.name + "' exists already");
    if (Status st = store_->add_user(u); !st.ok())
      return error_response(500, "store", st.message());
    audit(s.user, "user.create", u.name, "role " + u.role, r);
    return json_response(201, user_json(u, system_now()));
  }

  HttpResponse update_user(const HttpRequest& r, const std::string& name,
                           const auth::SessionInfo& s) {
    const bool manager = auth::allowed(s.role, auth::Permission::kManageUsers);
    if (!manager && name != s.user)
      return error_response(403, "forbidden", "only your own account may be changed");
    JsonInput in(r.body);
    if (manager)
      in.allow({"display_name", "role", "team", "agent", "password", "current_password", "active",
                "unlock"});
    else
      in.allow({"display_name", "password", "current_password"});
    const UserFields f = read_user_fields(in, false);
    auto current = in.text("current_password", false, 128);
    auto active = in.flag("active");
    auto unlock = in.flag("unlock");
    if (auto bad = in.error()) return *bad;
    const auto& [display, role, team, agent, password] = f;
    auto found = store_->find_user(name);
    if (!found.ok()) return error_response(500, "store", found.status().message());
    if (!*found) return error_response(404, "not_found", "no user '" + name + "'");
    store::User u = **found;
    if (u.role == "admin" && s.role != auth::Role::kAdmin)
      return error_response(403, "forbidden", "only an admin may change an admin");
    if (role) {
      if (auto bad = check_role(*role, s)) return *bad;
    }
    // Changing one's own password takes the current one: a stolen session is not enough.
    if (password && name == s.user &&
        (!current || !auth::verify_password(u.password_hash, *current)))
      return error_response(403, "forbidden", "the current password is wrong or missing");
    std::vector<std::string> changed;
    if (display) u.display_name = *display, changed.push_back("display_name");
    if (role) u.role = *role, changed.push_back("role");
    if (team) u.team = *team, changed.push_back("team");
    if (agent) u.agent = *agent, changed.push_back("agent");
    if (active) u.active = *active, changed.push_back("active");
    if (unlock && *unlock) u.locked_until = 0, u.failed_logins = 0, changed.push_back("unlock");
    if (password) {
      auto hash = auth::hash_password(*password);
      if (!hash.ok()) return error_response(500, "internal", hash.status().message());
      u.password_hash = *hash;
      changed.push_back("password");
    }
    u.updated = system_now();
    if (Status st = store_->update_user(u); !st.ok())
      return error_response(500, "store", st.message());
    // Sessions carry role, team and agent: whoever changed in those logs in again.
    if (role || team || agent || password || (active && !*active)) sessions_.revoke_user(u.name);
    std::string detail;
    for (const std::string& c : changed)
      detail += (detail.empty() ? "" : ",") + c;
    audit(s.user, "user.update", u.name, detail, r);
    return json_response(200, user_json(u, system_now()));
  }

  HttpResponse audit_log(const HttpRequest& r) {
    Time from = 0, to = kNever;
    const std::string from_text = query_value(r.query, "from"),
                      to_text = query_value(r.query, "to"),
                      limit_text = query_value(r.query, "limit");
    if (!from_text.empty() && !parse_iso_time(from_text, &from))
      return error_response(400, "invalid_request", "'from' must be like 2026-11-25T08:00:00Z");
    if (!to_text.empty() && !parse_iso_time(to_text, &to))
      return error_response(400, "invalid_request", "'to' must be like 2026-11-25T18:00:00Z");
    std::size_t limit = 100;
    if (!limit_text.empty()) {
      char* end = nullptr;
      const long n = std::strtol(limit_text.c_str(), &end, 10);
      if (*end || n < 1 || n > 10000)
        return error_response(400, "invalid_request", "'limit' must be 1 to 10000");
      limit = static_cast<std::size_t>(n);
    }
    auto entries = store_->audit_entries(from, to, limit);
    if (!entries.ok()) return error_response(500, "store", entries.status().message());
    json list = json::array();
    for (const store::AuditEntry& e : *entries)
      list.push_back({{"at", iso_time(e.at)},
                      {"user", e.user},
                      {"action", e.action},
                      {"target", e.target},
                      {"detail", e.detail},
                      {"source", e.source}});
    return json_response(200, {{"entries", list}});
  }

  HttpResponse metrics() {
    HttpResponse r;
    r.content_type = "text/plain; version=0.0.4";
    MetricsText m;
    m.family("hotline_api_responses_total", "counter", "API responses by status class.");
    for (int k = 1; k <= 5; ++k)
      m.sample("hotline_api_responses_total", static_cast<double>(responses_[k].load()),
               label("class", std::to_string(k) + "xx"));
    m.family("hotline_api_sessions", "gauge", "Users logged in to the API.");
    m.sample("hotline_api_sessions", static_cast<double>(sessions_.size(system_now())));
    m.family("hotline_api_event_subscribers", "gauge", "WebSocket clients of /api/v1/events.");
    m.sample("hotline_api_event_subscribers", static_cast<double>(hub_.subscribers()));
    m.family("hotline_audit_write_failures_total", "counter",
             "Audit entries that could not be stored.");
    m.sample("hotline_audit_write_failures_total", static_cast<double>(audit_failures_.load()));
    r.body = center_->metrics() + m.take();
    return r;
  }

  ApiSettings settings_;
  store::ServiceStore* store_;
  store::CustomerStore* customers_;
  store::KnowledgeStore* knowledge_;
  store::TicketStore* tickets_;
  store::CallStore* calls_;
  CenterView* center_;
  auth::SessionTable sessions_;
  auth::LoginThrottle throttle_;
  std::string dummy_hash_;
  Router router_;
  StaticFiles static_files_{settings_.web_root};
  EventHub hub_;
  std::atomic<std::uint64_t> responses_[6] = {};
  std::atomic<std::uint64_t> audit_failures_{0};
  std::unique_ptr<HttpServer> http_;
  std::thread escalator_;
  std::mutex escalator_mutex_;
  std::condition_variable escalator_wake_;
  bool escalator_stopping_ = false;
};

}  // namespace

Result<std::unique_ptr<ApiService>> ApiService::start(const ApiSettings& settings,
                                                      const ApiStores& stores, CenterView* center) {
  auto api = std::make_unique<Api>(settings, stores, center);
  if (Status s = api->run(); !s.ok()) return s;
  return std::unique_ptr<ApiService>(std::move(api));
}

}  // namespace hotline::api
