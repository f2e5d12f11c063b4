// /api/v1/tickets: tickets (工單) — inquiries, repairs dispatched to service providers,
// billing questions, complaints — with their workflow (tickets/workflow.h), due times and
// the history of every change.

#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

#include "api/api_context.h"
#include "api/json_input.h"
#include "api/json_util.h"
#include "api/query_input.h"
#include "common/json_out.h"
#include "store/customer_store.h"
#include "store/ticket_store.h"
#include "tickets/workflow.h"

namespace hotline::api {

namespace {

using nlohmann::json;

// Where the ticket may go next (a desk offers these; each move's needs are checked on it).
std::vector<std::string> next_statuses_of(const store::Ticket& t) {
  const auto type = tickets::parse_type(t.type);
  return type ? tickets::next_statuses(*type, t.status) : std::vector<std::string>{};
}

json ticket_json(const store::Ticket& t, Time now) {
  return {{"id", t.id},
          {"type", t.type},
          {"status", t.status},
          {"serious", t.serious},
          {"customer", t.customer ? json(t.customer) : json(nullptr)},
          {"call", t.call},
          {"title", t.title},
          {"description", t.description},
          {"fault_code", t.fault_code},
          {"owner", t.owner},
          {"department", t.department},
          {"provider", t.provider},
          {"region", t.region},
          {"parts_replaced", t.parts_replaced},
          {"verified", t.verified},
          {"follow_ups", t.follow_ups},
          {"escalated", t.escalated},
          {"created", iso_time(t.created)},
          {"created_by", t.created_by},
          {"updated", iso_time(t.updated)},
          {"due", iso_time(t.due)},
          {"overdue", t.status != "closed" && t.due < now},
          {"cause", t.cause},
          {"closed", iso_time(t.closed)},
          {"next_statuses", next_statuses_of(t)}};
}

// A ticket's event goes to its owner, the owner's team lead and the wallboard roles.
void publish_ticket(ApiContext& api, const char* event, const store::Ticket& t, Time now) {
  if (!api.has_subscribers()) return;  // no owner lookup for an event nobody gets
  auto [team, agent] = api.team_and_agent(t.owner);
  ApiEvent e;
  e.agent = agent;
  e.team = team;
  e.user = t.owner;
  e.customer_data = true;
  e.json = json_out(json{{"type", event}, {"at", iso_time(now)}, {"ticket", ticket_json(t, now)}});
  api.push(e);
}

// Agents see the tickets they own or created; the roles that see every customer see
// every ticket.
// Who may read and move a ticket on: the roles that read customers, its owner and its
// creator, and an agent serving its customer (the customer is on the line, or called it
// before): whoever takes the customer's call can act on what the customer calls about.
bool may_read(ApiContext& api, const auth::SessionInfo& s, const store::Ticket& t) {
  if (auth::allowed(s.role, auth::Permission::kReadCustomers) || t.owner == s.user ||
      t.created_by == s.user)
    return true;
  if (t.customer == 0) return false;
  auto customer = api.customers().find(t.customer);
  return customer.ok() && *customer && may_read_customer(api, s, **customer);
}

HttpResponse create(ApiContext& api, const HttpRequest& r, const auth::SessionInfo& s) {
  JsonInput in(r.body);
  in.allow({"type", "title", "description", "customer", "call", "fault_code", "serious",
            "department", "owner", "region", "cause"});
  const tickets::TicketRules& rules = api.settings().tickets;
  auto type_text = in.text("type", true, 20);
  auto title = in.text("title", true, 200);
  auto description = in.text("description", false, 10000);
  auto customer = in.integer("customer", 1, INT64_MAX);
  auto call = in.text("call", false, 100);
  auto fault = in.text("fault_code", false, 50);
  auto serious = in.flag("serious");
  auto department = in.text("department", false, 100);
  auto owner = in.text("owner", false, 64);
  auto region = in.text("region", false, 100);
  auto cause = in.text("cause", false, 100);
  std::optional<tickets::TicketType> type;
  if (type_text && !(type = tickets::parse_type(*type_text)))
    in.problem("'type' must be inquiry, repair, billing or complaint");
  if (title && title->empty()) in.problem("'title' must not be empty");
  if (serious && *serious && type != tickets::TicketType::kComplaint)
    in.problem("only a complaint is serious");
  if (fault && type != tickets::TicketType::kRepair) in.problem("a fault code is for repairs");
  if (cause && type != tickets::TicketType::kComplaint) in.problem("a cause is for complaints");
  if (cause && !rules.known_cause(*cause)) in.problem("unknown complaint cause '" + *cause + "'");
  if (owner && !api.is_user(*owner)) in.problem("no active user '" + *owner + "'");
  if (auto bad = in.error()) return *bad;
  if (customer) {
    auto c = api.customers().find(*customer);
    if (!c.ok()) return error_response(c.status());
    if (!*c)
      return error_response(400, "invalid_request", "no customer " + std::to_string(*customer));
    if (!may_read_customer(api, s, **c))
      return error_response(403, "forbidden", "not a customer you serve");
  }
  if (call && !call->empty())
    if (auto refused = refuse_call_reference(api, s, *call)) return *refused;
  store::Ticket t;
  t.type = std::string(tickets::type_name(*type));
  t.status = "new";
  t.serious = serious.value_or(false);
  t.customer = customer.value_or(0);
  t.call = call.value_or("");
  t.title = *title;
  t.description = description.value_or("");
  t.fault_code = fault.value_or("");
  t.owner = owner.value_or(s.user);
  t.department = department.value_or("");
  t.region = region.value_or("");
  t.cause = cause.value_or("");
  // A serious complaint goes to the team lead at once (投訴升級).
  t.escalated = t.serious;
  t.created = t.updated = system_now();
  t.created_by = s.user;
  t.due = t.created + rules.deadline(*type, t.serious, t.department);
  auto id = api.tickets().add(t);
  if (!id.ok()) return error_response(id.status());
  t.id = *id;
  api.audit(s.user, "ticket.create", std::to_string(t.id), t.type, r);
  publish_ticket(api, "ticket.created", t, t.created);
  if (t.escalated) publish_ticket(api, "ticket.escalated", t, t.created);
  return json_response(201, ticket_json(t, t.created));
}

HttpResponse change(ApiContext& api, const HttpRequest& r, const PathParams& p,
                    const auth::SessionInfo& s) {
  auto id = path_id(p, "a ticket");
  if (!id.ok()) return error_response(404, "not_found", id.status().message());
  auto found = api.tickets().find(*id);
  if (!found.ok()) return error_response(found.status());
  if (!*found) return error_response(404, "not_found", "no ticket " + p.at("id"));
  if (!may_read(api, s, **found)) return error_response(403, "forbidden", "not your ticket");
  JsonInput in(r.body);
  in.allow({"status", "owner", "department", "provider", "region", "fault_code", "parts_replaced",
            "verified", "note", "cause"});
  const tickets::TicketRules& rules = api.settings().tickets;
  const store::Ticket before = **found;
  store::Ticket t = before;
  std::vector<store::TicketChange> changes;
  const Time now = system_now();
  auto set = [&](const char* field, std::string& slot, const std::optional<std::string>& value) {
    if (!value || *value == slot) return;
    changes.push_back({now, s.user, field, slot, *value});
    slot = *value;
  };
  auto status = in.text("status", false, 20);
  auto owner = in.text("owner", false, 64);
  const auto department = in.text("department", false, 100);
  if (department && *department != t.department) {
    // Another department, its own time: the ticket is due by its deadline for the type.
    const Time due =
        t.created + rules.deadline(*tickets::parse_type(t.type), t.serious, *department);
    if (due != t.due) {
      changes.push_back({now, s.user, "due", std::to_string(t.due), std::to_string(due)});
      t.due = due;
    }
  }
  set("department", t.department, department);
  auto provider = in.text("provider", false, 200);
  if (provider && !rules.providers.empty() && !rules.provider_named(*provider))
    in.problem("no service provider '" + *provider + "'");
  set("provider", t.provider, provider);
  set("region", t.region, in.text("region", false, 100));
  set("fault_code", t.fault_code, in.text("fault_code", false, 50));
  set("parts_replaced", t.parts_replaced, in.text("parts_replaced", false, 1000));
  if (auto verified = in.flag("verified"); verified && *verified != t.verified) {
    changes.push_back(
        {now, s.user, "verified", t.verified ? "true" : "false", *verified ? "true" : "false"});
    t.verified = *verified;
  }
  auto cause = in.text("cause", false, 100);
  if (cause && t.type != "complaint") in.problem("a cause is for complaints");
  if (cause && !rules.known_cause(*cause)) in.problem("unknown complaint cause '" + *cause + "'");
  set("cause", t.cause, cause);
  auto note = in.text("note", false, 4000);
  if (owner && *owner != t.owner && !api.is_user(*owner))
    in.problem("no active user '" + *owner + "'");
  if (auto bad = in.error()) return *bad;
  set("owner", t.owner, owner);
  if (status && *status != t.status) {
    const auto type = *tickets::parse_type(t.type);
    // Dispatch (派單) goes to the provider of the ticket's region unless one is named.
    if (type == tickets::TicketType::kRepair && *status == "dispatched" && t.provider.empty()) {
      if (const tickets::ServiceProvider* p = rules.provider_for(t.region))
        set("provider", t.provider, p->name);
      else if (!rules.providers.empty())
        return error_response(409, "workflow",
                              "no service provider serves region '" + t.region +
                                  "'; name one ('provider') or set the region");
    }
    const tickets::MoveFacts facts{t.provider, t.parts_replaced, t.verified, t.follow_ups};
    if (std::string why = tickets::move_problem(type, t.status, *status, facts); !why.empty())
      return error_response(409, "workflow", why);
    // A complaint back from follow-up to work is a demand added (追加), counted.
    if (type == tickets::TicketType::kComplaint && t.status == "follow_up" &&
        *status == "in_progress") {
      ++t.follow_ups;
      t.verified = false;
    }
    if (type == tickets::TicketType::kRepair && t.status == "follow_up" && *status == "dispatched")
      t.verified = false;  // the work failed verification: the provider goes again
    set("status", t.status, status);
    t.closed = t.status == "closed" ? now : 0;
  }
  if (note) changes.push_back({now, s.user, "note", "", *note});
  if (changes.empty()) return json_response(200, ticket_json(t, now));
  t.updated = now;
  if (Status st = api.tickets().update(t, changes); !st.ok()) return error_response(st);
  std::string detail;
  for (const auto& c : changes)
    detail += (detail.empty() ? "" : ",") + c.field;
  api.audit(s.user, "ticket.update", p.at("id"), detail, r);
  publish_ticket(api, "ticket.updated", t, now);
  return json_response(200, ticket_json(t, now));
}

// The first instant of month `month` ("2026-11") in the server's local time, and of the
// month after; false for anything else.
bool month_bounds(const std::string& month, Time* from, Time* to) {
  int year = 0, mon = 0;
  char tail = 0;
  if (month.size() != 7 || std::sscanf(month.c_str(), "%4d-%2d%c", &year, &mon, &tail) != 2 ||
      year < 2000 || year > 2999 || mon < 1 || mon > 12)
    return false;
  auto start = [](int y, int m) {
    std::tm tm{};
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = 1;
    tm.tm_isdst = -1;
    return static_cast<Time>(std::mktime(&tm)) * kMicrosPerSecond;
  };
  *from = start(year, mon);
  *to = mon == 12 ? start(year + 1, 1) : start(year, mon + 1);
  return true;
}

// The monthly complaint report (投訴月報): complaints by cause, how many were serious,
// escalated, closed, closed in time and at the first answer, and the demands added.
HttpResponse complaint_report(ApiContext& api, const HttpRequest& r) {
  const std::string month = query_value(r.query, "month");
  Time from = 0, to = 0;
  if (!month_bounds(month, &from, &to))
    return error_response(400, "invalid_request", "'month' must be like 2026-11");
  auto figures = api.tickets().complaints_by_cause(from, to);
  if (!figures.ok()) return error_response(figures.status());
  json causes = json::array();
  store::ComplaintFigures total;
  auto line = [&total](const store::ComplaintFigures& f) {
    return json{
        {"cause", f.cause},
        {"complaints", f.complaints},
        {"serious", f.serious},
        {"escalated", f.escalated},
        {"closed", f.closed},
        {"closed_in_time", f.closed_in_time},
        {"closed_first_time", f.first_time},
        {"follow_ups", f.follow_ups},
        {"share", total.complaints ? double(f.complaints) / double(total.complaints) : 0.0}};
  };
  for (const store::ComplaintFigures& f : *figures) {
    total.complaints += f.complaints;
    total.serious += f.serious;
    total.escalated += f.escalated;
    total.closed += f.closed;
    total.closed_in_time += f.closed_in_time;
    total.first_time += f.first_time;
    total.follow_ups += f.follow_ups;
  }
  for (const store::ComplaintFigures& f : *figures)
    causes.push_back(line(f));
  json all = line(total);
  all.erase("cause");
  return json_response(200, {{"month", month},
                             {"from", iso_time(from)},
                             {"to", iso_time(to)},
                             {"causes", causes},
                             {"total", all}});
}

}  // namespace

std::size_t escalate_overdue_tickets(ApiContext& api) {
  const Time now = system_now();
  auto escalated = api.tickets().escalate_overdue(now);
  if (!escalated.ok()) {
    std::fprintf(stderr, "hotline: escalating overdue tickets: %s\n",
                 escalated.status().message().c_str());
    return 0;
  }
  for (const store::Ticket& t : *escalated)
    publish_ticket(api, "ticket.escalated", t, now);
  return escalated->size();
}

void add_ticket_routes(ApiContext& api) {
  api.secured("GET", "/api/v1/providers", std::nullopt,
              [&api](const HttpRequest&, const PathParams&, const auth::SessionInfo&) {
                json list = json::array();
                for (const tickets::ServiceProvider& p : api.settings().tickets.providers)
                  list.push_back({{"name", p.name}, {"regions", p.regions}, {"phone", p.phone}});
                return json_response(
                    200, {{"providers", list},
                          {"complaint_causes", api.settings().tickets.complaint_causes}});
              });
  api.secured("GET", "/api/v1/reports/complaints", auth::Permission::kViewCenter,
              [&api](const HttpRequest& r, const PathParams&, const auth::SessionInfo&) {
                return complaint_report(api, r);
              });
  api.secured("POST", "/api/v1/tickets", auth::Permission::kEditCustomers,
              [&api](const HttpRequest& r, const PathParams&, const auth::SessionInfo& s) {
                return create(api, r, s);
              });
  api.secured("GET", "/api/v1/tickets", std::nullopt,
              [&api](const HttpRequest& r, const PathParams&, const auth::SessionInfo& s) {
                store::TicketFilter f;
                QueryInput in(r.query);
                f.status = in.text("status", 40);
                f.customer = in.integer("customer", 1, INT64_MAX).value_or(0);
                f.open_only = in.flag("open").value_or(false);
                if (in.flag("overdue").value_or(false)) f.overdue_at = system_now();
                f.limit = static_cast<std::size_t>(in.integer("limit", 1, 1000).value_or(100));
                const bool mine = in.flag("mine").value_or(false);
                if (auto bad = in.error()) return *bad;
                // Mine: what I own or created. Agents only ever see theirs.
                if (mine || !auth::allowed(s.role, auth::Permission::kReadCustomers))
                  f.involving = s.user;
                auto list = api.tickets().list(f);
                if (!list.ok()) return error_response(list.status());
                json out = json::array();
                const Time now = system_now();
                for (const store::Ticket& t : *list)
                  out.push_back(ticket_json(t, now));
                return json_response(200, {{"tickets", out}});
              });
  api.secured("GET", "/api/v1/tickets/{id}", std::nullopt,
              [&api](const HttpRequest&, const PathParams& p, const auth::SessionInfo& s) {
                auto id = path_id(p, "a ticket");
                if (!id.ok()) return error_response(404, "not_found", id.status().message());
                auto t = api.tickets().find(*id);
                if (!t.ok()) return error_response(t.status());
                if (!*t) return error_response(404, "not_found", "no ticket " + p.at("id"));
                if (!may_read(api, s, **t))
                  return error_response(403, "forbidden", "not your ticket");
                auto history = api.tickets().history(*id);
                if (!history.ok()) return error_response(history.status());
                json body = ticket_json(**t, system_now());
                body["history"] = json::array();
                for (const store::TicketChange& c : *history)
                  body["history"].push_back({{"at", iso_time(c.at)},
                                             {"user", c.user},
                                             {"field", c.field},
                                             {"old", c.old_value},
                                             {"new", c.new_value}});
                return json_response(200, body);
              });
  api.secured("PATCH", "/api/v1/tickets/{id}", auth::Permission::kEditCustomers,
              [&api](const HttpRequest& r, const PathParams& p, const auth::SessionInfo& s) {
                return change(api, r, p, s);
              });
}

}  // namespace hotline::api
