// /api/v1/worklist: an agent's follow-up calls (回訪) — the repairs and complaints it owns
// that wait for the customer to be called back — each dialled with one request: the
// agent's phone rings, then the customer's, and the call goes into the ticket's history.

#include <algorithm>
#include <nlohmann/json.hpp>

#include "api/api_context.h"
#include "api/json_input.h"
#include "api/json_util.h"
#include "store/customer_store.h"
#include "store/ticket_store.h"

namespace hotline::api {

namespace {

using nlohmann::json;

// The customer's name and phones for the list ("" and none without a customer).
json customer_json(ApiContext& api, std::int64_t id) {
  if (id == 0) return nullptr;
  auto c = api.customers().find(id);
  if (!c.ok() || !*c) return nullptr;
  json phones = json::array();
  for (const store::CustomerPhone& p : (*c)->phones)
    phones.push_back({{"number", p.number}, {"label", p.label}});
  return {{"id", id}, {"name", (*c)->name}, {"phones", phones}};
}

HttpResponse list(ApiContext& api, const auth::SessionInfo& s) {
  store::TicketFilter f;
  f.status = "follow_up";
  f.involving = s.user;
  f.limit = 500;
  auto tickets = api.tickets().list(f);
  if (!tickets.ok()) return error_response(500, "store", tickets.status().message());
  std::vector<const store::Ticket*> mine;
  for (const store::Ticket& t : *tickets)
    if (t.owner == s.user) mine.push_back(&t);
  // The most urgent first: the earliest due.
  std::sort(mine.begin(), mine.end(),
            [](const store::Ticket* a, const store::Ticket* b) { return a->due < b->due; });
  const Time now = system_now();
  json items = json::array();
  for (const store::Ticket* t : mine)
    items.push_back({{"kind", "follow_up"},
                     {"ticket", t->id},
                     {"type", t->type},
                     {"title", t->title},
                     {"provider", t->provider},
                     {"parts_replaced", t->parts_replaced},
                     {"due", iso_time(t->due)},
                     {"overdue", t->due < now},
                     {"customer", customer_json(api, t->customer)}});
  return json_response(200, {{"items", items}});
}

HttpResponse dial(ApiContext& api, const HttpRequest& r, const PathParams& p,
                  const auth::SessionInfo& s) {
  JsonInput in(r.body.empty() ? std::string("{}") : r.body);
  in.allow({"phone"});
  auto phone = in.text("phone", false, 40);
  if (auto bad = in.error()) return *bad;
  auto id = path_id(p, "a ticket");
  if (!id.ok()) return error_response(404, "not_found", id.status().message());
  auto found = api.tickets().find(*id);
  if (!found.ok()) return error_response(500, "store", found.status().message());
  if (!*found || (*found)->owner != s.user || (*found)->status != "follow_up")
    return error_response(404, "not_found", "no follow-up call " + p.at("id") + " in your list");
  if (s.agent.empty())
    return error_response(409, "no_agent",
                          "your user works as no agent: there is no phone to ring");
  store::Ticket t = **found;
  auto customer = t.customer ? api.customers().find(t.customer)
                             : Result<std::optional<store::Customer>>(std::nullopt);
  if (!customer.ok()) return error_response(500, "store", customer.status().message());
  if (!*customer || (*customer)->phones.empty())
    return error_response(409, "no_phone", "the ticket's customer has no phone number");
  std::string number = (*customer)->phones.front().number;
  if (phone) {
    const auto& phones = (*customer)->phones;
    if (std::none_of(phones.begin(), phones.end(),
                     [&](const store::CustomerPhone& each) { return each.number == *phone; }))
      return error_response(400, "invalid_request", "'" + *phone + "' is not the customer's");
    number = *phone;
  }
  std::string call;
  HttpResponse out = dial_for_agent(api, r, s.agent, number, s, "ticket " + p.at("id"), &call);
  if (out.status != 201) return out;
  // The call belongs to the ticket's story: its uid goes into the history.
  const Time now = system_now();
  t.updated = now;
  if (Status st = api.tickets().update(t, {{now, s.user, "follow_up_call", "", call}}); !st.ok())
    return error_response(500, "store", st.message());
  return out;
}

}  // namespace

void add_worklist_routes(ApiContext& api) {
  api.secured("GET", "/api/v1/worklist", std::nullopt,
              [&api](const HttpRequest&, const PathParams&, const auth::SessionInfo& s) {
                return list(api, s);
              });
  api.secured("POST", "/api/v1/worklist/{id}/dial", std::nullopt,
              [&api](const HttpRequest& r, const PathParams& p, const auth::SessionInfo& s) {
                return dial(api, r, p, s);
              });
}

}  // namespace hotline::api
