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
#include "api/login_lockout.h"
#include "api/query_input.h"
#include "api/router.h"
#include "api/static_files.h"
#include "auth/password.h"
#include "auth/roles.h"
#include "auth/sessions.h"
#include "common/json_out.h"
#include "common/metrics_text.h"
#include "leads/lead_file.h"
#include "store/customer_store.h"
#include "store/service_store.h"

namespace hotline::api {

const char* action_name(AgentAction action) {
  switch (action) {
    case AgentAction::kLogin:
      return "logged_in";
    case AgentAction::kReady:
      return "ready";
    case AgentAction::kNotReady:
      return "not_ready";
    case AgentAction::kWrapUpDone:
      return "wrap_up_done";
    case AgentAction::kLogout:
      return "logged_out";
    case AgentAction::kHangUp:
      return "hang_up";
    case AgentAction::kHold:
      return "hold";
    case AgentAction::kResume:
      return "resume";
    case AgentAction::kTransferToQueue:
      return "transfer_to_queue";
    case AgentAction::kTransferToAgent:
      return "transfer_to_agent";
    case AgentAction::kTransferToNumber:
      return "transfer_to_number";
    case AgentAction::kTransferToIvr:
      return "transfer_to_ivr";
    case AgentAction::kSetDisposition:
      return "disposition";
  }
  return "unknown";
}

const HttpResponse& busy_response() {
  static const HttpResponse busy =
      error_response(503, "busy", "the center did not answer in time; try again");
  return busy;
}

namespace {

using nlohmann::json;

class Api final : public ApiService, public ApiContext {
 public:
  Api(const ApiSettings& settings, const ApiStores& stores, CenterView* center)
      : settings_(settings),
        store_(stores.users),
        customers_(stores.customers),
        knowledge_(stores.knowledge),
        tickets_(stores.tickets),
        calls_(stores.calls),
        leads_(stores.leads),
        campaigns_(stores.campaigns),
        orders_(stores.orders),
        center_(center),
        sessions_(settings.session_lifetime,
                  [this](const std::string& token) { hub_.close_session(token); }),
        throttle_(settings.login_attempts_per_minute, seconds(60)),
        lockout_(*stores.users, settings.max_failed_logins, settings.lockout) {}
  ~Api() override { stop(); }

  Status run() {
    // Unknown users are checked against this, so a wrong name costs what a wrong
    // password costs (no telling which names exist by the time an answer takes).
    auto dummy = auth::hash_password("not a password of anyone");
    if (!dummy.ok()) return dummy.status();
    dummy_hash_ = *dummy;
    routes();
    if (leads_) {
      // Lead files are uploaded whole, by those who may import them;
      // leads::read_lead_file refuses what is larger.
      settings_.http.large_bodies.push_back(
          {"POST", "/api/v1/lead-lists", leads::kMaxLeadFileBytes,
           [this](std::string_view authorization) {
             const std::string token = bearer_token(authorization);
             auto session = token.empty() ? std::nullopt : sessions_.find(token, system_now());
             return session && auth::allowed(session->role, auth::Permission::kManageLeads);
           }});
    }
    WebSocketRoute events{"/api/v1/events",
                          [this](const HttpRequest& r) { return accept_subscriber(r); },
                          [this](const HttpRequest& r, std::shared_ptr<WebSocketPeer> peer) {
                            attach_subscriber(r, std::move(peer));
                          }};
    auto http = HttpServer::start(settings_.http,
                                  [this](const HttpRequest& r) {
                                    HttpResponse response;
                                    try {
                                      if (auto page = static_files_.serve(r))
                                        response = std::move(*page);
                                      else
                                        response = router_.handle(r);
                                    } catch (const std::exception& e) {
                                      // A bug, not the client's fault: logged and
                                      // counted, and the library's words stay here.
                                      std::fprintf(stderr, "hotline: %s %s failed: %s\n",
                                                   r.method.c_str(), r.path.c_str(), e.what());
                                      response = error_response(
                                          500, "internal", "the server failed on this request");
                                    }
                                    const int klass = std::clamp(response.status / 100, 1, 5);
                                    ++responses_[klass];
                                    return response;
                                  },
                                  {events});
    if (!http.ok()) return http.status();
    http_ = std::move(*http);
    if (tickets_ || leads_) housekeeper_ = std::thread([this] { keep_house(); });
    return {};
  }

  // Overdue tickets are escalated as they become overdue (to the minute, by default), and
  // lead lists whose retention ran out are destroyed.
  void keep_house() {
    std::unique_lock<std::mutex> lock(housekeeper_mutex_);
    while (!housekeeper_wake_.wait_for(
        lock, std::chrono::microseconds(settings_.tickets.escalation_check),
        [this] { return housekeeper_stopping_; })) {
      lock.unlock();
      try {
        if (tickets_) escalate_overdue_tickets(*this);
        if (leads_) destroy_expired_lead_lists(*this);
      } catch (const std::exception& e) {  // no store connection: try again next time
        std::fprintf(stderr, "hotline: housekeeping: %s\n", e.what());
      }
      lock.lock();
    }
  }

  int port() const override { return http_ ? http_->port() : 0; }
  void stop() override {
    {
      std::lock_guard<std::mutex> lock(housekeeper_mutex_);
      housekeeper_stopping_ = true;
    }
    housekeeper_wake_.notify_all();
    if (housekeeper_.joinable()) housekeeper_.join();
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
      pop.customer_data = true;
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
  leads::LeadStore& leads() override { return *leads_; }
  campaigns::CampaignStore& campaigns() override { return *campaigns_; }
  orders::OrderStore& orders() override { return *orders_; }
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
  void end_sessions(const std::string& user) override { sessions_.revoke_user(user); }
  CenterView& center() override { return *center_; }
  bool has_subscribers() const override { return hub_.has_subscribers(); }

 private:
  using Handler =
      std::function<HttpResponse(const HttpRequest&, const PathParams&, const auth::SessionInfo&)>;

  // The token of a request: its bearer token, or for WebSockets (browsers cannot set
  // headers there) the `token` query parameter.
  static std::string bearer_token(std::string_view authorization) {
    constexpr std::string_view kPrefix = "Bearer ";
    return authorization.starts_with(kPrefix) ? std::string(authorization.substr(kPrefix.size()))
                                              : std::string();
  }
  static std::string token_of(const HttpRequest& r, bool query_too) {
    if (r.authorization.starts_with("Bearer ")) return bearer_token(r.authorization);
    return query_too ? query_value(r.query, "token") : std::string();
  }
  std::optional<auth::SessionInfo> session_of(const HttpRequest& r, bool query_too) {
    const std::string token = token_of(r, query_too);
    if (token.empty()) return std::nullopt;
    return sessions_.find(token, system_now());
  }

  std::optional<HttpResponse> accept_subscriber(const HttpRequest& r) {
    auto session = session_of(r, true);
    if (!session)
      return error_response(401, "unauthenticated",
                            "log in first: ?token=TOKEN or Authorization: Bearer TOKEN");
    if (hub_.sockets_of(session->user) >= EventHub::kMaxPerUser)
      return error_response(
          429, "too_many_sockets",
          "this user has " + std::to_string(EventHub::kMaxPerUser) + " event sockets open already");
    return std::nullopt;
  }

  void attach_subscriber(const HttpRequest& r, std::shared_ptr<WebSocketPeer> peer) {
    const std::string token = token_of(r, true);
    auto session = sessions_.find(token, system_now());
    if (!session) return peer->close();  // ended during the handshake: no hello
    peer->send(json_out(json{{"type", "hello"},
                             {"user", session->user},
                             {"role", auth::role_name(session->role)},
                             {"agent", session->agent}}));
    if (!hub_.subscribe(token, *session, peer)) return;
    // Checked again once subscribed: a logout between the two closes it either way.
    if (!sessions_.find(token, system_now())) hub_.close_session(token);
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
    add_user_routes(*this);
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
              return json_response(200, {{"reasons", snap->reasons}, {"titles", snap->titles}});
            });
    add_call_routes(*this);
    add_call_record_routes(*this);
    add_worklist_routes(*this);
    add_settings_routes(*this);
    add_customer_routes(*this);
    add_knowledge_routes(*this);
    add_kb_attachment_routes(*this);
    add_ticket_routes(*this);
    if (leads_) {
      add_lead_routes(*this);
      add_lead_distribution_routes(*this);
      add_lead_quality_routes(*this);
    }
    if (campaigns_) add_campaign_routes(*this);
    if (orders_) add_order_routes(*this);
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
    // Ready from logged out logs in first, as the phone's *1 does: the button a desk and a
    // wallboard offer must not fail on an agent who has not logged in yet.
    ActionResult result = ActionResult::kDone;
    if (action == AgentAction::kReady && a->state == "logged_out")
      result = center_->agent_action(agent, AgentAction::kLogin, "");
    if (result == ActionResult::kDone) result = center_->agent_action(agent, action, reason);
    switch (result) {
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
    const std::string name = action_name(action);
    if (is_call_control(action))  // "call.hold", detail the argument
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
    // Known and unknown names go the same way, so that neither the answer, its time nor
    // a lockout tells which names exist.
    auto attempt = lockout_.begin(*name, r.source, now);
    if (!attempt.ok()) return error_response(attempt.status());
    if (*attempt) {
      audit("", "login.locked", *name, "", r);
      return error_response(423, "locked",
                            "too many failed logins from this address: locked until " +
                                iso_time(*attempt).get<std::string>());
    }
    auto found = store_->find_user(*name);
    const bool known = found.ok() && *found && (*found)->active;
    const bool right =
        auth::verify_password(known ? (*found)->password_hash : dummy_hash_, *password) && known;
    auto locked = lockout_.end(*name, r.source, right, system_now());
    if (!found.ok()) return error_response(found.status());
    if (!locked.ok()) return error_response(locked.status());
    if (!right) {
      audit("", "login.failed", *name,
            std::string(known ? "wrong password" : "no such active user") +
                (*locked ? ": locked out from " + r.source : ""),
            r);
      return error_response(401, "invalid_credentials", "wrong user name or password");
    }
    const store::User& user = **found;
    auth::SessionInfo info{user.name, *auth::parse_role(user.role), user.team, user.agent, 0};
    auto token = sessions_.create(info, now);
    if (!token.ok()) return error_response(token.status());
    audit(user.name, "login", user.name, "", r);
    return json_response(200, {{"token", *token},
                               {"expires", iso_time(now + settings_.session_lifetime)},
                               {"user", user_json(user, 0)}});
  }

  HttpResponse audit_log(const HttpRequest& r) {
    QueryInput in(r.query);
    const Time from = in.time("from").value_or(0), to = in.time("to").value_or(kNever);
    const auto limit = static_cast<std::size_t>(in.integer("limit", 1, 10000).value_or(100));
    if (auto bad = in.error()) return *bad;
    auto entries = store_->audit_entries(from, to, limit);
    if (!entries.ok()) return error_response(entries.status());
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
  leads::LeadStore* leads_;
  campaigns::CampaignStore* campaigns_;
  orders::OrderStore* orders_;
  CenterView* center_;
  auth::SessionTable sessions_;
  auth::LoginThrottle throttle_;
  LoginLockout lockout_;
  std::string dummy_hash_;
  Router router_;
  StaticFiles static_files_{settings_.web_root};
  EventHub hub_;
  std::atomic<std::uint64_t> responses_[6] = {};
  std::atomic<std::uint64_t> audit_failures_{0};
  std::unique_ptr<HttpServer> http_;
  std::thread housekeeper_;
  std::mutex housekeeper_mutex_;
  std::condition_variable housekeeper_wake_;
  bool housekeeper_stopping_ = false;
};

}  // namespace

Result<std::unique_ptr<ApiService>> ApiService::start(const ApiSettings& settings,
                                                      const ApiStores& stores, CenterView* center) {
  auto api = std::make_unique<Api>(settings, stores, center);
  if (Status s = api->run(); !s.ok()) return s;
  return std::unique_ptr<ApiService>(std::move(api));
}

}  // namespace hotline::api
