// /api/v1/worklist: an agent's follow-up calls (回訪) — the repairs and complaints it owns
// that wait for the customer to be called back — and the callbacks the center owes but
// will not make by itself (virtual hold: the number did not answer the agent's call back,
// or the center restarted while the callback waited). Each is dialled with one request:
// the agent's phone rings, then the customer's; a ticket's call goes into its history.

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "api/api_context.h"
#include "api/json_input.h"
#include "api/json_util.h"
#include "crm/phone_number.h"
#include "store/call_store.h"
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

// How far back owed callbacks are looked for.
constexpr Duration kCallbacksKept = seconds(7 * 86400);

// Whether a call after `since` answered the number (the customer called again, was
// called back, or an agent reached it from its desk).
bool reached_since(ApiContext& api, const std::string& number, Time since) {
  std::vector<std::string> forms{number};
  if (auto dialable = crm::to_dialable(number); dialable && *dialable != number)
    forms.push_back(*dialable);
  for (const std::string& form : forms) {
    store::CallQuery q;
    q.from = since + 1;
    q.number = form;
    q.dispositions = {"answered"};
    q.limit = 1;
    auto found = api.calls().calls(q);
    if (!found.ok() || !found->empty()) return true;  // a store error hides the item
  }
  return false;
}

// The callbacks this agent should make by hand, newest first, one per number: those it
// tried that found nobody, and those nobody was rung for (the center restarted since);
// not those the center is still making, nor numbers answered since. Nothing when the
// center is too busy to say which callbacks it is making.
std::optional<std::vector<store::CallRecord>> owed_callbacks(ApiContext& api,
                                                             const auth::SessionInfo& s) {
  std::vector<store::CallRecord> owed;
  if (s.agent.empty()) return owed;
  auto pending = api.center().pending_callbacks();
  if (!pending) return std::nullopt;
  store::CallQuery q;
  q.from = system_now() - kCallbacksKept;
  q.dispositions = {"callback", "callback_failed"};
  q.newest_first = true;
  q.limit = 500;
  auto calls = api.calls().calls(q);
  if (!calls.ok()) return owed;
  std::set<std::string> seen(pending->begin(), pending->end());
  for (store::CallRecord& c : *calls) {
    if (!seen.insert(c.caller).second) continue;  // a newer record speaks for the number
    const bool mine = c.disposition == "callback_failed" ? c.agent == s.agent : c.agent.empty();
    if (mine && !reached_since(api, c.caller, c.arrived)) owed.push_back(std::move(c));
  }
  return owed;
}

HttpResponse list(ApiContext& api, const auth::SessionInfo& s) {
  store::TicketFilter f;
  f.status = "follow_up";
  f.involving = s.user;
  f.limit = 500;
  auto tickets = api.tickets().list(f);
  if (!tickets.ok()) return error_response(tickets.status());
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
  auto callbacks = owed_callbacks(api, s);
  if (!callbacks) return busy_response();
  for (const store::CallRecord& c : *callbacks) {
    json customer = nullptr;
    if (auto e164 = crm::to_e164(c.caller))
      if (auto found = api.customers().by_phone(*e164, 1); found.ok() && !found->empty())
        customer = customer_json(api, found->front().id);
    items.push_back({{"kind", "callback"},
                     {"call", c.uid},
                     {"number", c.caller},
                     {"queue", c.queue},
                     {"requested", iso_time(c.arrived)},
                     // Why the center could not: the number's answer, or "" (restarted).
                     {"result", c.disposition == "callback_failed" ? c.hangup_cause : ""},
                     {"customer", customer}});
  }
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
  if (!found.ok()) return error_response(found.status());
  if (!*found || (*found)->owner != s.user || (*found)->status != "follow_up")
    return error_response(404, "not_found", "no follow-up call " + p.at("id") + " in your list");
  if (s.agent.empty())
    return error_response(409, "no_agent",
                          "your user works as no agent: there is no phone to ring");
  store::Ticket t = **found;
  auto customer = t.customer ? api.customers().find(t.customer)
                             : Result<std::optional<store::Customer>>(std::nullopt);
  if (!customer.ok()) return error_response(customer.status());
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
    return error_response(st);
  return out;
}

// One of the agent's owed callbacks, dialled: the item leaves the list once the number
// answers (a later answered call).
HttpResponse dial_callback(ApiContext& api, const HttpRequest& r, const PathParams& p,
                           const auth::SessionInfo& s) {
  if (!r.body.empty()) {
    JsonInput in(r.body);
    in.allow({});
    if (auto bad = in.error()) return *bad;
  }
  auto owed = owed_callbacks(api, s);
  if (!owed) return busy_response();
  const std::string& uid = p.at("uid");
  auto it = std::find_if(owed->begin(), owed->end(),
                         [&](const store::CallRecord& c) { return c.uid == uid; });
  if (it == owed->end())
    return error_response(404, "not_found", "no callback " + uid + " in your list");
  return dial_for_agent(api, r, s.agent, it->caller, s, "callback " + uid, nullptr);
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
  api.secured("POST", "/api/v1/worklist/callbacks/{uid}/dial", std::nullopt,
              [&api](const HttpRequest& r, const PathParams& p, const auth::SessionInfo& s) {
                return dial_callback(api, r, p, s);
              });
}

}  // namespace hotline::api
