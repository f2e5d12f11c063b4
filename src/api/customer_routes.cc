// /api/v1/customers: the CRM's customers, their timeline, CSV import and export, and the
// screen pop that greets an agent with the caller's record.

#include <nlohmann/json.hpp>
#include <variant>

#include "api/api_context.h"
#include "api/json_input.h"
#include "api/json_text.h"
#include "api/json_util.h"
#include "api/query_input.h"
#include "common/json_out.h"
#include "common/text.h"
#include "common/time_text.h"
#include "crm/csv.h"
#include "crm/phone_number.h"
#include "store/customer_store.h"
#include "store/knowledge_store.h"
#include "store/ticket_store.h"

namespace hotline::api {

namespace {

using nlohmann::json;

constexpr std::size_t kMaxListItems = 20;

// A customer as the API shows it. Written as text: customer lookups are the API's
// busiest path (every screen pop and search), and most of their cost was the tree.
void write_customer(JsonText& out, const store::Customer& c) {
  const auto strings = [&](std::string_view name, const std::vector<std::string>& list) {
    out.key(name).begin_array();
    for (const std::string& item : list)
      out.string(item);
    out.end_array();
  };
  const auto time = [&](std::string_view name, Time t) {
    out.key(name);
    if (t == 0)
      out.null();
    else
      out.string(iso_utc(t));
  };
  out.begin_object().field("id", c.id).field("name", c.name).field("company", c.company);
  out.key("phones").begin_array();
  for (const store::CustomerPhone& p : c.phones)
    out.begin_object().field("number", p.number).field("label", p.label).end_object();
  out.end_array();
  strings("addresses", c.addresses);
  strings("tags", c.tags);
  out.key("products").begin_array();
  for (const store::Product& p : c.products)
    out.begin_object()
        .field("model", p.model)
        .field("serial", p.serial)
        .field("installed", p.installed)
        .field("warranty_end", p.warranty_end)
        .end_object();
  out.end_array();
  out.field("note", c.note);
  time("created", c.created);
  time("updated", c.updated);
  out.end_object();
}

HttpResponse customer_response(int status, const store::Customer& c) {
  JsonText text;
  write_customer(text, c);
  HttpResponse r;
  r.status = status;
  r.body = text.take();
  return r;
}

// What is still open for a customer (at most 10), as its card shows them: the agent
// should not start from zero, whether the card came with a call or from a search.
json open_tickets_of(ApiContext& api, std::int64_t customer) {
  json list = json::array();
  store::TicketFilter open;
  open.customer = customer;
  open.open_only = true;
  open.limit = 10;
  if (auto tickets = api.tickets().list(open); tickets.ok())
    for (const store::Ticket& t : *tickets)
      list.push_back({{"id", t.id},
                      {"type", t.type},
                      {"status", t.status},
                      {"title", t.title},
                      {"due", iso_time(t.due)}});
  return list;
}

// One customer with its open tickets.
HttpResponse customer_card_response(ApiContext& api, const store::Customer& c) {
  JsonText text;
  write_customer(text, c);
  json card = json::parse(text.text());
  card["open_tickets"] = open_tickets_of(api, c.id);
  return json_response(200, card);
}

// A list of strings from a body field, each at most `max_size` bytes.
std::vector<std::string> strings(JsonInput& in, const char* field, std::size_t max_size) {
  std::vector<std::string> out;
  auto list = in.list(field, kMaxListItems);
  if (!list) return out;
  for (const json& item : *list) {
    if (!item.is_string() || item.get<std::string>().size() > max_size) {
      in.problem(std::string("'") + field + "' must hold strings of at most " +
                 std::to_string(max_size) + " bytes");
      return {};
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

// Reads a customer from a body: every field given replaces the one in `c`.
void read_customer(JsonInput& in, store::Customer& c, bool creating) {
  in.allow({"name", "company", "phones", "addresses", "tags", "products", "note"});
  if (auto name = in.text("name", creating, 100)) {
    if (name->empty()) in.problem("'name' must not be empty");
    c.name = *name;
  }
  if (auto company = in.text("company", false, 200)) c.company = *company;
  if (auto note = in.text("note", false, 4000)) c.note = *note;
  if (auto phones = in.list("phones", kMaxListItems)) {
    c.phones.clear();
    for (const json& p : *phones) {
      if (!p.is_object() || !p.contains("number") || !p["number"].is_string() ||
          (p.contains("label") && !p["label"].is_string()) || p.size() > 2) {
        in.problem("a phone is {\"number\": \"...\", \"label\": \"...\"}");
        continue;
      }
      const std::string raw = p["number"].get<std::string>();
      auto e164 = crm::to_e164(raw);
      if (!e164) {
        in.problem("'" + raw.substr(0, 40) + "' is not a phone number");
        continue;
      }
      c.phones.push_back({*e164, p.value("label", "")});
    }
  }
  if (in.list("addresses", kMaxListItems)) c.addresses = strings(in, "addresses", 500);
  if (in.list("tags", kMaxListItems)) c.tags = strings(in, "tags", 50);
  if (auto products = in.list("products", kMaxListItems)) {
    c.products.clear();
    for (const json& p : *products) {
      auto text = [&](const char* key) {
        return p.is_object() && p.contains(key) && p[key].is_string() ? p[key].get<std::string>()
                                                                      : std::string();
      };
      store::Product product{text("model"), text("serial"), text("installed"),
                             text("warranty_end")};
      if (!p.is_object() || product.model.empty()) {
        in.problem("a product needs a 'model'");
        continue;
      }
      for (const std::string* date : {&product.installed, &product.warranty_end})
        if (!date->empty() && !is_date(*date))
          in.problem("'" + date->substr(0, 20) + "' is not a date like 2026-11-25");
      c.products.push_back(std::move(product));
    }
  }
}

// An agent reads the customers it serves: one of its calls came from them, it wrote in
// their timeline, or their number is calling it now. Others need kReadCustomers.
}  // namespace

bool may_read_customer(ApiContext& api, const auth::SessionInfo& s, const store::Customer& c) {
  if (auth::allowed(s.role, auth::Permission::kReadCustomers)) return true;
  if (s.agent.empty() && s.user.empty()) return false;
  auto served = api.customers().served_by(c.id, s.agent, s.user);
  if (served.ok() && *served) return true;
  if (s.agent.empty()) return false;
  auto snap = api.center().snapshot();
  if (!snap) return false;
  for (const AgentSnapshot& a : snap->agents) {
    if (a.name != s.agent || a.caller.empty()) continue;
    const std::string caller = crm::to_e164(a.caller).value_or("");
    for (const store::CustomerPhone& p : c.phones)
      if (p.number == caller) return true;
  }
  return false;
}

namespace {

// The customer of a path, if the session may read it; or the error response.
std::variant<store::Customer, HttpResponse> readable(ApiContext& api, const PathParams& p,
                                                     const auth::SessionInfo& s) {
  auto id = path_id(p, "a customer");
  if (!id.ok()) return error_response(404, "not_found", id.status().message());
  auto found = api.customers().find(*id);
  if (!found.ok()) return error_response(found.status());
  if (!*found) return error_response(404, "not_found", "no customer " + p.at("id"));
  if (!may_read_customer(api, s, **found))
    return error_response(403, "forbidden", "not a customer you serve");
  return std::move(**found);
}

const char* const kCsvColumns[] = {"name",      "phones",      "company",       "addresses",
                                   "tags",      "note",        "product_model", "product_serial",
                                   "installed", "warranty_end"};

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(separator, start);
    if (end == std::string::npos) end = text.size();
    std::string item = text.substr(start, end - start);
    while (!item.empty() && item.front() == ' ')
      item.erase(item.begin());
    while (!item.empty() && item.back() == ' ')
      item.pop_back();
    if (!item.empty()) out.push_back(item);
    start = end + 1;
  }
  return out;
}

// One CSV row (after the header) as a customer, or why not.
std::variant<store::Customer, std::string> customer_from_row(const std::vector<std::string>& f,
                                                             const std::vector<int>& column) {
  auto get = [&](int c) {
    return column[c] >= 0 && static_cast<std::size_t>(column[c]) < f.size() ? f[column[c]]
                                                                            : std::string();
  };
  for (const std::string& field : f)
    if (!is_utf8(field)) return std::string("not UTF-8 (save the file as UTF-8 CSV)");
  store::Customer c;
  c.name = get(0);
  if (c.name.empty()) return std::string("no name");
  if (c.name.size() > 100) return std::string("the name is longer than 100 bytes");
  for (const std::string& raw : split(get(1), ';')) {
    auto e164 = crm::to_e164(raw);
    if (!e164) return "'" + raw.substr(0, 40) + "' is not a phone number";
    c.phones.push_back({*e164, ""});
  }
  c.company = get(2);
  c.addresses = split(get(3), ';');
  c.tags = split(get(4), ';');
  c.note = get(5);
  if (!get(6).empty()) {
    store::Product p{get(6), get(7), get(8), get(9)};
    for (const std::string* date : {&p.installed, &p.warranty_end})
      if (!date->empty() && !is_date(*date))
        return "'" + date->substr(0, 20) + "' is not a date like 2026-11-25";
    c.products.push_back(std::move(p));
  }
  return c;
}

HttpResponse import_csv(ApiContext& api, const HttpRequest& r, const auth::SessionInfo& s) {
  const crm::CsvTable table = crm::parse_csv(r.body);
  if (table.rows.empty())
    return error_response(400, "invalid_request",
                          table.error.empty() ? "the file has no header row" : table.error);
  // Columns are found by their header, in any order; unknown headers are an error (a
  // misspelt "phone" must not import customers without numbers).
  std::vector<int> column(std::size(kCsvColumns), -1);
  const std::vector<std::string>& header = table.rows[0].fields;
  for (std::size_t i = 0; i < header.size(); ++i) {
    std::string h = header[i];
    for (char& ch : h)
      ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    bool known = false;
    for (std::size_t c = 0; c < std::size(kCsvColumns); ++c)
      if (h == kCsvColumns[c]) column[c] = static_cast<int>(i), known = true;
    if (!known) return error_response(400, "invalid_request", "unknown column '" + header[i] + "'");
  }
  if (column[0] < 0) return error_response(400, "invalid_request", "the header needs 'name'");
  std::vector<store::Customer> good;
  json errors = json::array();
  const Time now = system_now();
  for (std::size_t i = 1; i < table.rows.size(); ++i) {
    auto row = customer_from_row(table.rows[i].fields, column);
    if (auto* why = std::get_if<std::string>(&row)) {
      errors.push_back({{"line", table.rows[i].line}, {"message", *why}});
      continue;
    }
    store::Customer c = std::move(std::get<store::Customer>(row));
    c.created = c.updated = now;
    good.push_back(std::move(c));
  }
  if (!table.error.empty()) errors.push_back({{"line", nullptr}, {"message", table.error}});
  auto ids = api.customers().add_all(good);  // the good rows, in one transaction
  if (!ids.ok()) return error_response(ids.status());
  api.audit(
      s.user, "customers.import", "",
      std::to_string(good.size()) + " imported, " + std::to_string(errors.size()) + " rejected", r);
  return json_response(200, {{"imported", good.size()}, {"errors", errors}});
}

HttpResponse export_csv(ApiContext& api, const HttpRequest& r, const auth::SessionInfo& s) {
  QueryInput in(r.query);
  const std::int64_t after = in.integer("after", 0, INT64_MAX).value_or(0);
  const std::int64_t limit = in.integer("limit", 1, 100000).value_or(10000);
  if (auto bad = in.error()) return *bad;
  auto page = api.customers().page(after, static_cast<std::size_t>(limit));
  if (!page.ok()) return error_response(page.status());
  HttpResponse out;
  out.content_type = "text/csv; charset=utf-8";
  out.body = "id";
  for (const char* c : kCsvColumns)
    out.body += std::string(",") + c;
  out.body += "\r\n";
  auto joined = [](const std::vector<std::string>& items) {
    std::string s;
    for (const std::string& i : items)
      s += (s.empty() ? "" : ";") + i;
    return s;
  };
  for (const store::Customer& c : *page) {
    std::vector<std::string> phones;
    for (const auto& p : c.phones)
      phones.push_back(p.number);
    const store::Product p = c.products.empty() ? store::Product{} : c.products.front();
    for (const std::string& field :
         {std::to_string(c.id), c.name, joined(phones), c.company, joined(c.addresses),
          joined(c.tags), c.note, p.model, p.serial, p.installed, p.warranty_end})
      out.body += csv_field(field) + ",";
    out.body.back() = '\r';
    out.body += "\n";
  }
  if (static_cast<long long>(page->size()) == limit)
    out.headers.emplace_back("X-Next-After", std::to_string(page->back().id));
  // Bulk personal data leaving the system: who took how much.
  api.audit(s.user, "customers.export", "", std::to_string(page->size()) + " customers", r);
  return out;
}

}  // namespace

std::string screen_pop_message(ApiContext& api, const std::string& offered_json) {
  json pop = json::parse(offered_json, nullptr, false);
  if (pop.is_discarded()) return offered_json;
  pop["type"] = "screen_pop";
  pop["offered_at"] = pop.value("at", "");
  json found = json::array();
  if (auto e164 = crm::to_e164(pop.value("caller", ""))) {
    // Several candidates when a number is shared (a family, a company switchboard).
    auto matches = api.customers().by_phone(*e164, 5);
    if (matches.ok())
      for (const store::Customer& c : *matches) {
        JsonText text;
        write_customer(text, c);
        json customer = json::parse(text.text());
        customer["open_tickets"] = open_tickets_of(api, c.id);
        found.push_back(std::move(customer));
      }
  }
  pop["customers"] = found;
  // The article for where the caller came from: the IVR's last node first, then the
  // ones before it ("welcome>main:2>q-repair": q-repair, main, welcome).
  std::vector<std::string> nodes;
  for (const std::string& step : split(pop.value("ivr_path", ""), '>'))
    nodes.insert(nodes.begin(), step.substr(0, step.find(':')));
  pop["kb"] = nullptr;
  if (auto article = api.knowledge().for_ivr_nodes(nodes); article.ok() && *article)
    pop["kb"] = {{"id", (*article)->id},
                 {"title", (*article)->title},
                 {"folder", (*article)->folder},
                 {"ivr_node", (*article)->ivr_node},
                 {"sales_opportunity", (*article)->sales_opportunity}};
  // Stamped when sent: the desktop (and the tests) see how long after the offer it came.
  pop["at"] = iso_utc_ms(system_now());
  return json_out(pop);
}

void add_customer_routes(ApiContext& api) {
  api.secured(
      "GET", "/api/v1/customers", std::nullopt,
      [&api](const HttpRequest& r, const PathParams&, const auth::SessionInfo& s) {
        if (!auth::allowed(s.role, auth::Permission::kReadCustomers) && s.agent.empty())
          return error_response(403, "forbidden", "customers are for agents and their leads");
        QueryInput in(r.query);
        const std::string q = in.text("q"), phone = in.text("phone", 40);
        const std::int64_t limit = in.integer("limit", 1, 200).value_or(20);
        if (auto bad = in.error()) return *bad;
        Result<std::vector<store::Customer>> found = std::vector<store::Customer>{};
        if (!phone.empty()) {
          // A number already in E.164 is looked up as it is (a screen pop's or a
          // customer record's); any other form is normalized first.
          auto e164 =
              crm::is_e164_form(phone) ? std::optional<std::string>(phone) : crm::to_e164(phone);
          if (!e164)
            return error_response(400, "invalid_request", "'" + phone + "' is not a phone number");
          found = api.customers().by_phone(*e164, static_cast<std::size_t>(limit));
        } else if (!q.empty()) {
          found = api.customers().search(q, static_cast<std::size_t>(limit));
        } else if (auth::allowed(s.role, auth::Permission::kReadCustomers)) {
          found = api.customers().page(0, static_cast<std::size_t>(limit));
        } else {
          return error_response(400, "invalid_request", "search with 'q' or 'phone'");
        }
        if (!found.ok()) return error_response(found.status());
        JsonText list;
        list.begin_object().key("customers").begin_array();
        for (const store::Customer& c : *found)
          if (may_read_customer(api, s, c)) write_customer(list, c);
        list.end_array().end_object();
        HttpResponse response;
        response.body = list.take();
        return response;
      });
  api.secured("POST", "/api/v1/customers", auth::Permission::kEditCustomers,
              [&api](const HttpRequest& r, const PathParams&, const auth::SessionInfo& s) {
                JsonInput in(r.body);
                store::Customer c;
                read_customer(in, c, true);
                if (auto bad = in.error()) return *bad;
                c.created = c.updated = system_now();
                auto id = api.customers().add(c);
                if (!id.ok()) return error_response(id.status());
                c.id = *id;
                // The customer's first line: who created it (and so serves it).
                api.customers().add_interaction(c.id, {c.created, "note", "", "created", s.user});
                api.audit(s.user, "customer.create", std::to_string(c.id), "", r);
                return customer_response(201, c);
              });
  api.secured("GET", "/api/v1/customers/export", auth::Permission::kBulkCustomers,
              [&api](const HttpRequest& r, const PathParams&, const auth::SessionInfo& s) {
                return export_csv(api, r, s);
              });
  api.secured("POST", "/api/v1/customers/import", auth::Permission::kBulkCustomers,
              [&api](const HttpRequest& r, const PathParams&, const auth::SessionInfo& s) {
                return import_csv(api, r, s);
              });
  api.secured("GET", "/api/v1/customers/{id}", std::nullopt,
              [&api](const HttpRequest&, const PathParams& p, const auth::SessionInfo& s) {
                auto c = readable(api, p, s);
                if (auto* error = std::get_if<HttpResponse>(&c)) return *error;
                return customer_card_response(api, std::get<store::Customer>(c));
              });
  api.secured("PATCH", "/api/v1/customers/{id}", auth::Permission::kEditCustomers,
              [&api](const HttpRequest& r, const PathParams& p, const auth::SessionInfo& s) {
                auto found = readable(api, p, s);
                if (auto* error = std::get_if<HttpResponse>(&found)) return *error;
                store::Customer c = std::get<store::Customer>(found);
                JsonInput in(r.body);
                read_customer(in, c, false);
                if (auto bad = in.error()) return *bad;
                c.updated = system_now();
                if (Status st = api.customers().update(c); !st.ok()) return error_response(st);
                api.audit(s.user, "customer.update", std::to_string(c.id), "", r);
                return customer_response(200, c);
              });
  api.secured("GET", "/api/v1/customers/{id}/timeline", std::nullopt,
              [&api](const HttpRequest&, const PathParams& p, const auth::SessionInfo& s) {
                auto c = readable(api, p, s);
                if (auto* error = std::get_if<HttpResponse>(&c)) return *error;
                auto items = api.customers().timeline(std::get<store::Customer>(c).id, 200);
                if (!items.ok()) return error_response(items.status());
                json list = json::array();
                for (const store::Interaction& i : *items)
                  list.push_back({{"at", iso_time(i.at)},
                                  {"kind", i.kind},
                                  {"reference", i.reference},
                                  {"summary", i.summary},
                                  {"user", i.user}});
                return json_response(200, {{"timeline", list}});
              });
  api.secured(
      "POST", "/api/v1/customers/{id}/interactions", auth::Permission::kEditCustomers,
      [&api](const HttpRequest& r, const PathParams& p, const auth::SessionInfo& s) {
        auto c = readable(api, p, s);
        if (auto* error = std::get_if<HttpResponse>(&c)) return *error;
        JsonInput in(r.body);
        in.allow({"kind", "summary", "reference"});
        auto kind = in.text("kind", true, 20);
        auto summary = in.text("summary", true, 4000);
        auto reference = in.text("reference", false, 100);
        if (kind && *kind != "note" && *kind != "sms" && *kind != "survey")
          in.problem("'kind' must be note, sms or survey");
        if (auto bad = in.error()) return *bad;
        const store::Interaction i{system_now(), *kind, reference.value_or(""), *summary, s.user};
        if (Status st = api.customers().add_interaction(std::get<store::Customer>(c).id, i);
            !st.ok())
          return error_response(st);
        return json_response(201, {{"at", iso_time(i.at)},
                                   {"kind", i.kind},
                                   {"reference", i.reference},
                                   {"summary", i.summary},
                                   {"user", i.user}});
      });
}

}  // namespace hotline::api
