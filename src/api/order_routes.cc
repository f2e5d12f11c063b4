// Sales: the catalogue (read by everyone logged in, kept by directors), orders taken by
// agents during their calls (kTakeOrders: an agent its own, a team lead its team's, a
// director all), moved on by team leads for their team and by directors
// (kCoordinateOrders), and sales per agent and day. Every step is audited by the store.

#include <cmath>

#include "api/api_context.h"
#include "api/json_input.h"
#include "api/json_util.h"
#include "api/query_input.h"
#include "orders/order_store.h"

namespace hotline::api {

namespace {

using nlohmann::json;
using orders::Order;

constexpr Duration kCenterClock = seconds(8 * 3600);  // Asia/Shanghai

json product_json(const orders::Product& p) {
  return {{"id", p.id},
          {"name", p.name},
          {"price", static_cast<double>(p.price_fen) / 100},
          {"stock", p.stock < 0 ? json(nullptr) : json(p.stock)},
          {"active", p.active}};
}

json order_json(const Order& o) {
  json items = json::array();
  for (const orders::OrderItem& i : o.items)
    items.push_back({{"product", i.product},
                     {"name", i.name},
                     {"price", static_cast<double>(i.price_fen) / 100},
                     {"quantity", i.quantity}});
  return {{"id", o.id},
          {"created", iso_time(o.created)},
          {"agent", o.agent},
          {"team", o.team},
          {"campaign", o.campaign},
          {"lead", o.lead},
          {"call", o.call},
          {"customer", o.customer},
          {"phone", o.phone},
          {"items", std::move(items)},
          {"amount", static_cast<double>(o.amount_fen) / 100},
          {"delivery", o.delivery},
          {"payment", o.payment},
          {"status", orders::order_status_name(o.status)},
          {"updated", iso_time(o.updated)},
          {"updated_by", o.updated_by}};
}

// An amount in CNY with at most two decimals, in fen.
std::optional<std::int64_t> fen_of(const json& v) {
  if (!v.is_number()) return std::nullopt;
  const double cny = v.get<double>();
  if (!(cny >= 0 && cny <= 1e9)) return std::nullopt;
  const double fen = std::round(cny * 100);
  if (std::fabs(fen - cny * 100) > 1e-6) return std::nullopt;
  return static_cast<std::int64_t>(fen);
}

// Whose orders the session sees: an agent its own, a team lead its team's, others any
// (narrowed by the query's agent and team).
std::optional<HttpResponse> scope(const auth::SessionInfo& s, orders::OrderFilter& f) {
  if (s.role == auth::Role::kAgent) {
    if (s.agent.empty()) return error_response(403, "forbidden", "this user is no agent");
    if (!f.agent.empty() && f.agent != s.agent)
      return error_response(403, "forbidden", "an agent sees its own orders only");
    f.agent = s.agent;
  } else if (s.role == auth::Role::kTeamLead) {
    if (!f.team.empty() && f.team != s.team)
      return error_response(403, "forbidden", "a team lead sees its own team's orders only");
    f.team = s.team;
  }
  return std::nullopt;
}

// The query's filter (agent, team, from, to), narrowed to what the session may see; or
// the error to answer.
std::optional<HttpResponse> filter_of(const HttpRequest& r, const auth::SessionInfo& s,
                                      orders::OrderFilter& f) {
  QueryInput in(r.query);
  in.allow({"agent", "team", "from", "to"});
  f = {in.text("agent"), in.text("team"), in.time("from").value_or(0),
       in.time("to").value_or(kNever)};
  if (auto bad = in.error()) return *bad;
  return scope(s, f);
}

HttpResponse add_product(ApiContext& api, const HttpRequest& r, const auth::SessionInfo& s) {
  JsonInput in(r.body);
  in.allow({"name", "price", "stock"});
  const auto name = in.text("name", true, 200);
  const auto stock = in.integer("stock", -1, 1'000'000'000);
  // The price is read from the body itself: JsonInput has whole numbers only.
  std::optional<std::int64_t> price;
  if (auto body = parse_untrusted_json(r.body.empty() ? "{}" : r.body);
      body.ok() && body->is_object() && body->contains("price"))
    price = fen_of((*body)["price"]);
  if (!price) in.problem("'price' is required: CNY with at most two decimals, 0 or more");
  if (auto bad = in.error()) return *bad;
  auto added = api.orders().add_product({0, *name, *price, stock.value_or(-1), true},
                                        {s.user, r.source}, system_now());
  if (!added.ok()) return error_response(added.status());
  return json_response(201, product_json(*added));
}

HttpResponse take_order(ApiContext& api, const HttpRequest& r, const auth::SessionInfo& s) {
  if (s.agent.empty()) return error_response(403, "forbidden", "orders are taken by agents");
  JsonInput in(r.body);
  in.allow({"items", "customer", "phone", "delivery", "payment", "call", "lead", "campaign"});
  Order o;
  o.agent = s.agent;
  o.team = s.team;
  o.customer = in.text("customer", false, 200).value_or("");
  o.phone = in.text("phone", false, 40).value_or("");
  o.delivery = in.text("delivery", false, 500).value_or("");
  o.payment = in.text("payment", false, 100).value_or("");
  o.call = in.text("call", false, 100).value_or("");
  o.campaign = in.text("campaign", false, 40).value_or("");
  o.lead = in.integer("lead", 0, INT64_MAX).value_or(0);
  const auto items = in.list("items", 100);
  if (!items) in.problem("'items' is required: [{\"product\", \"quantity\"}]");
  for (const json& i : items.value_or(json::array())) {
    if (!i.is_object() || !i.contains("product") || !i["product"].is_number_integer() ||
        (i.contains("quantity") && !i["quantity"].is_number_integer()) || i.size() > 2 ||
        (i.size() == 2 && !i.contains("quantity"))) {
      in.problem("items are {\"product\": ID, \"quantity\": N}");
      break;
    }
    o.items.push_back({i["product"].get<std::int64_t>(), "", 0,
                       static_cast<int>(std::clamp<std::int64_t>(
                           i.value("quantity", std::int64_t{1}), -1, 100000))});
  }
  if (auto bad = in.error()) return *bad;
  auto taken = api.orders().take(std::move(o), {s.user, r.source}, system_now());
  if (!taken.ok()) return error_response(taken.status());
  return json_response(201, order_json(*taken));
}

HttpResponse list_orders(ApiContext& api, const HttpRequest& r, const auth::SessionInfo& s) {
  orders::OrderFilter f;
  if (auto refused = filter_of(r, s, f)) return *refused;
  auto found = api.orders().orders(f);
  if (!found.ok()) return error_response(found.status());
  json out = json::array();
  for (const Order& o : *found)
    out.push_back(order_json(o));
  return json_response(200, {{"orders", std::move(out)}});
}

HttpResponse move_order(ApiContext& api, const HttpRequest& r, const PathParams& p,
                        const auth::SessionInfo& s) {
  const auto id = path_id(p, "an order");
  if (!id.ok()) return error_response(id.status());
  JsonInput in(r.body);
  in.allow({"status"});
  const auto status = in.text("status", true, 20);
  orders::OrderStatus to = orders::OrderStatus::kNew;
  if (status && !orders::parse_order_status(*status, &to))
    in.problem("'status' is one of new, confirmed, delivered, paid, cancelled");
  if (auto bad = in.error()) return *bad;
  auto found = api.orders().order(*id);
  if (!found.ok()) return error_response(found.status());
  if (!*found || (s.role == auth::Role::kTeamLead && (*found)->team != s.team))
    return error_response(404, "not_found", "no order " + std::to_string(*id));
  auto moved = api.orders().set_status(*id, to, {s.user, r.source}, system_now());
  if (!moved.ok()) return error_response(moved.status());
  return json_response(200, order_json(*moved));
}

HttpResponse sales(ApiContext& api, const HttpRequest& r, const auth::SessionInfo& s) {
  orders::OrderFilter f;
  if (auto refused = filter_of(r, s, f)) return *refused;
  auto found = api.orders().daily_sales(f, kCenterClock);
  if (!found.ok()) return error_response(found.status());
  json out = json::array();
  for (const orders::DailySales& d : *found)
    out.push_back({{"agent", d.agent},
                   {"team", d.team},
                   {"day", d.day},
                   {"orders", d.orders},
                   {"amount", static_cast<double>(d.amount_fen) / 100}});
  return json_response(200, {{"sales", std::move(out)}});
}

}  // namespace

void add_order_routes(ApiContext& api) {
  api.secured("GET", "/api/v1/products", std::nullopt,
              [&api](const HttpRequest&, const PathParams&, const auth::SessionInfo&) {
                auto all = api.orders().products();
                if (!all.ok()) return error_response(all.status());
                json out = json::array();
                for (const orders::Product& p : *all)
                  out.push_back(product_json(p));
                return json_response(200, {{"products", std::move(out)}});
              });
  api.secured("POST", "/api/v1/products", auth::Permission::kManageCampaigns,
              [&api](const HttpRequest& r, const PathParams&, const auth::SessionInfo& s) {
                return add_product(api, r, s);
              });
  api.secured("POST", "/api/v1/orders", auth::Permission::kTakeOrders,
              [&api](const HttpRequest& r, const PathParams&, const auth::SessionInfo& s) {
                return take_order(api, r, s);
              });
  api.secured("GET", "/api/v1/orders", auth::Permission::kTakeOrders,
              [&api](const HttpRequest& r, const PathParams&, const auth::SessionInfo& s) {
                return list_orders(api, r, s);
              });
  api.secured("PATCH", "/api/v1/orders/{id}", auth::Permission::kCoordinateOrders,
              [&api](const HttpRequest& r, const PathParams& p, const auth::SessionInfo& s) {
                return move_order(api, r, p, s);
              });
  api.secured("GET", "/api/v1/reports/sales", auth::Permission::kTakeOrders,
              [&api](const HttpRequest& r, const PathParams&, const auth::SessionInfo& s) {
                return sales(api, r, s);
              });
}

}  // namespace hotline::api
