#pragma once
// What the API's route files share (api_service.cc builds it): the stores, the center,
// adding routes for logged-in users, and the audit log. Internal to src/api.

#include <functional>
#include <optional>
#include <string>

#include "api/api_service.h"
#include "api/router.h"
#include "auth/roles.h"
#include "auth/sessions.h"

namespace hotline::store {
struct Customer;
}

namespace hotline::api {

using SecuredHandler =
    std::function<HttpResponse(const HttpRequest&, const PathParams&, const auth::SessionInfo&)>;

class ApiContext {
 public:
  virtual ~ApiContext() = default;
  // A route for logged-in users; with a permission, only for roles that have it.
  virtual void secured(const std::string& method, const std::string& pattern,
                       std::optional<auth::Permission> permission, SecuredHandler handler) = 0;
  virtual void audit(const std::string& user, const std::string& action, const std::string& target,
                     const std::string& detail, const HttpRequest& r) = 0;
  virtual store::CustomerStore& customers() = 0;
  virtual store::KnowledgeStore& knowledge() = 0;
  virtual store::TicketStore& tickets() = 0;
  virtual store::CallStore& calls() = 0;
  virtual leads::LeadStore& leads() = 0;
  virtual campaigns::CampaignStore& campaigns() = 0;
  virtual orders::OrderStore& orders() = 0;
  virtual store::ServiceStore& service() = 0;  // users, the audit log, center settings
  virtual const ApiSettings& settings() const = 0;
  // Whether a user of this name exists and is active (tickets are given to users).
  virtual bool is_user(const std::string& name) = 0;
  // The team and agent of a user ("" and "" when unknown), to route events about it.
  virtual std::pair<std::string, std::string> team_and_agent(const std::string& user) = 0;
  // Pushes an event to the subscribers allowed to see it.
  virtual void push(const ApiEvent& event) = 0;
  // Whether anyone listens (events nobody would get need not be built).
  virtual bool has_subscribers() const = 0;
  // Ends every session of `user` and closes their event sockets (the user changed).
  virtual void end_sessions(const std::string& user) = 0;
  virtual CenterView& center() = 0;
  // Carries out an action for an agent after checking the session may control it; the
  // answer is the agent as it is afterwards, or the error. Audited.
  virtual HttpResponse act_on_agent(const HttpRequest& r, const std::string& agent,
                                    const auth::SessionInfo& s, AgentAction action,
                                    const std::string& argument) = 0;
};

// 503: the center's core did not answer in time.
const HttpResponse& busy_response();

// /api/v1/calls: call records and their recordings (call_record_routes.cc).
void add_call_record_routes(ApiContext& api);

// Nothing when `uid` names a call the session may read (recorded, or going on now);
// else the error to answer (a ticket must not point at a stranger's call or none).
std::optional<HttpResponse> refuse_call_reference(ApiContext& api, const auth::SessionInfo& s,
                                                  const std::string& uid);

// Calls `number` from `agent`'s desktop (click to dial) if the session may act for the
// agent: 201 with the call's uid, or the error. Audited (`why` goes with it, e.g. a ticket).
// `call`, if given, receives the call's uid on success.
HttpResponse dial_for_agent(ApiContext& api, const HttpRequest& r, const std::string& agent,
                            const std::string& number, const auth::SessionInfo& s,
                            const std::string& why, std::string* call = nullptr);
// /api/v1/users and /api/v1/me (user_routes.cc).
void add_user_routes(ApiContext& api);
// /api/v1/settings: the center's settings, changed live (settings_routes.cc).
void add_settings_routes(ApiContext& api);
// /api/v1/worklist: follow-up calls (回訪) to make, dialled from the list.
void add_worklist_routes(ApiContext& api);

// Call controls: hold, resume, transfer, disposition codes (call_routes.cc).
void add_call_routes(ApiContext& api);

// /api/v1/customers... (customer_routes.cc).
void add_customer_routes(ApiContext& api);
// Whether the session may see this customer (an agent: one it serves; customer_routes.cc).
bool may_read_customer(ApiContext& api, const auth::SessionInfo& s, const store::Customer& c);
// /api/v1/kb... (knowledge_routes.cc).
void add_knowledge_routes(ApiContext& api);
// /api/v1/kb/.../attachments: files of knowledge-base articles (kb_attachment_routes.cc).
void add_kb_attachment_routes(ApiContext& api);
// /api/v1/lead-lists, /api/v1/do-not-call (lead_routes.cc).
void add_lead_routes(ApiContext& api);
// Handing leads to teams and agents (lead_distribution_routes.cc).
void add_lead_distribution_routes(ApiContext& api);
// Samples and test calls, vendors' figures, re-cleansing (lead_quality_routes.cc).
void add_lead_quality_routes(ApiContext& api);
// /api/v1/campaigns...: outbound campaigns, created, changed and run (campaign_routes.cc).
void add_campaign_routes(ApiContext& api);
// /api/v1/products, /api/v1/orders, /api/v1/reports/sales (order_routes.cc).
void add_order_routes(ApiContext& api);
// Destroys the lead lists whose retention has run out; returns how many. Called
// periodically.
std::size_t destroy_expired_lead_lists(ApiContext& api);
// /api/v1/tickets..., /api/v1/providers, /api/v1/reports/complaints (ticket_routes.cc).
void add_ticket_routes(ApiContext& api);
// Escalates every open ticket past its due time (once), telling its owner and the owner's
// team lead (event ticket.escalated); returns how many. Called periodically.
std::size_t escalate_overdue_tickets(ApiContext& api);
// The screen pop for a call offered to an agent: the event's JSON plus the customers of
// the caller's number with their open tickets, and the knowledge-base article of the IVR's
// last nodes (customer_routes.cc).
std::string screen_pop_message(ApiContext& api, const std::string& offered_json);

}  // namespace hotline::api
