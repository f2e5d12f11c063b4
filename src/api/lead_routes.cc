// /api/v1/lead-lists and /api/v1/do-not-call: purchased lead lists from import to
// destruction, and the do-not-call list. Directors and the data officer (IT) import and
// destroy lists and keep the do-not-call list (kManageLeads); reading a list's leads in bulk
// and exporting them is the director's alone (kExportLeads), audited with how many.

#include <nlohmann/json.hpp>

#include "api/api_context.h"
#include "api/json_input.h"
#include "api/json_util.h"
#include "api/query_input.h"
#include "common/text.h"
#include "leads/lead_store.h"

namespace hotline::api {

namespace {

using nlohmann::json;

constexpr std::size_t kListedProblems = 1000;  // the rest are counted

json list_json(const leads::LeadList& l) {
  return {{"id", l.id},
          {"name", l.name},
          {"vendor", l.vendor},
          {"batch", l.batch},
          {"price_fen", l.price_fen},
          {"bought", l.bought},
          {"consent", l.consent},
          {"campaign", l.campaign},
          {"retention_days", l.retention_days},
          {"fields", l.field_names},
          {"encoding", l.encoding},
          {"imported", iso_time(l.imported)},
          {"imported_by", l.imported_by},
          {"rows", l.rows},
          {"leads", l.leads},
          {"invalid", l.invalid},
          {"duplicates", l.duplicates},
          {"do_not_call", l.do_not_call},
          {"destroyed", iso_time(l.destroyed)},
          {"destroyed_by", l.destroyed_by},
          {"leads_destroyed", l.leads_destroyed},
          {"recleansed", iso_time(l.recleansed)},
          {"leads_removed", l.leads_removed},
          {"stale", leads::is_stale(l, system_now())}};
}

leads::Actor actor(const HttpRequest& r, const auth::SessionInfo& s) {
  return {s.user, r.source};
}

// "10000", "2500.5", "2500.50" CNY -> fen; nothing for anything else.
std::optional<std::int64_t> fen_of(const std::string& text) {
  std::int64_t fen = 0;
  int decimals = -1;  // digits after the point, -1 before it
  for (char c : text) {
    if (c == '.' && decimals < 0) {
      decimals = 0;
      continue;
    }
    if (c < '0' || c > '9' || decimals >= 2 || fen > 100'000'000'000) return std::nullopt;
    fen = fen * 10 + (c - '0');
    if (decimals >= 0) ++decimals;
  }
  if (text.empty() || text == "." || decimals == 0) return std::nullopt;
  for (int d = std::max(decimals, 0); d < 2; ++d)
    fen *= 10;
  return fen;
}

// The columns of `fields=城市,公司`: comma-separated header names.
std::vector<std::string> split_fields(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size() && !text.empty()) {
    std::size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// POST: the file is the body; what the list is comes in the query.
HttpResponse import_list(ApiContext& api, const HttpRequest& r, const auth::SessionInfo& s) {
  QueryInput in(r.query);
  in.allow({"name", "vendor", "batch", "price", "bought", "consent", "campaign", "retention_days",
            "phone_column", "name_column", "fields", "dedupe_days"});
  leads::LeadList list;
  list.name = in.text("name");
  list.vendor = in.text("vendor");
  list.batch = in.text("batch");
  const std::string price = in.text("price", 20);
  list.bought = in.text("bought", 10);
  list.consent = in.text("consent", 500);
  list.campaign = in.text("campaign");
  list.retention_days = static_cast<int>(in.integer("retention_days", 0, 3650).value_or(0));
  leads::LeadColumns columns;
  columns.phone = in.text("phone_column");
  columns.name = in.text("name_column");
  columns.fields = split_fields(in.text("fields", 2000));
  leads::ImportRules rules;
  rules.dedupe_window = seconds(86400) * in.integer("dedupe_days", 0, 3650).value_or(90);
  if (auto bad = in.error()) return *bad;
  std::vector<std::string> problems;
  if (list.name.empty()) problems.push_back("'name' is required");
  if (list.vendor.empty()) problems.push_back("'vendor' is required");
  if (list.consent.empty())
    problems.push_back("'consent' is required: where the people's consent to be called comes from");
  if (!price.empty()) {
    if (auto fen = fen_of(price))
      list.price_fen = *fen;
    else
      problems.push_back("'price' must be an amount in CNY like 10000 or 2500.50");
  }
  if (!list.bought.empty() && !is_date(list.bought))
    problems.push_back("'bought' must be a date like 2026-12-01");
  if (columns.fields.size() > 50) problems.push_back("'fields' names more than 50 columns");
  if (r.body.empty()) problems.push_back("the body must be the lead file (CSV)");
  if (!problems.empty()) return problems_response(problems);
  list.field_names = columns.fields;

  auto file = leads::read_lead_file(r.body, columns);
  if (!file.ok()) return error_response(file.status());
  auto imported = api.leads().import(std::move(list), *file, rules, actor(r, s), system_now());
  if (!imported.ok()) return error_response(imported.status());
  json left_out = json::array();
  for (const leads::LeadProblem& p : imported->left_out) {
    if (left_out.size() == kListedProblems) break;
    left_out.push_back({{"row", p.row}, {"column", p.column}, {"reason", p.reason}});
  }
  return json_response(201, {{"list", list_json(imported->list)},
                             {"phone_column", file->phone_column},
                             {"name_column", file->name_column},
                             {"left_out", left_out},
                             {"left_out_count", imported->left_out.size()}});
}

HttpResponse no_list() {
  return error_response(404, "not_found", "no such lead list");
}

// The leads of a list, as JSON pages or as one CSV file Excel opens (UTF-8 with its BOM).
HttpResponse read_leads(ApiContext& api, const HttpRequest& r, const PathParams& p,
                        const auth::SessionInfo& s, bool as_csv) {
  const auto id = path_id(p, "a lead list");
  if (!id.ok()) return error_response(id.status());
  QueryInput in(r.query);
  in.allow({"after", "limit"});
  const std::int64_t after = in.integer("after", 0, INT64_MAX).value_or(0);
  const std::int64_t limit = in.integer("limit", 1, 100000).value_or(as_csv ? 100000 : 100);
  if (auto bad = in.error()) return *bad;
  auto list = api.leads().list(*id);
  if (!list.ok()) return error_response(list.status());
  if (!*list) return no_list();
  auto page = api.leads().leads(*id, after, static_cast<std::size_t>(limit));
  if (!page.ok()) return error_response(page.status());
  api.audit(s.user, as_csv ? "leads.export" : "leads.view", "list " + std::to_string(*id),
            std::to_string(page->size()) + " leads", r);
  HttpResponse out;
  if (as_csv) {
    out.content_type = "text/csv; charset=utf-8";
    out.body =
        "\xEF\xBB\xBF"
        "phone,name";
    for (const std::string& f : (*list)->field_names)
      out.body += "," + csv_field(f);
    out.body += "\r\n";
    for (const leads::StoredLead& l : *page) {
      out.body += csv_field(l.phone) + "," + csv_field(l.name);
      for (const std::string& f : l.fields)
        out.body += "," + csv_field(f);
      out.body += "\r\n";
    }
  } else {
    json rows = json::array();
    for (const leads::StoredLead& l : *page)
      rows.push_back({{"id", l.id},
                      {"row", l.row},
                      {"phone", l.phone},
                      {"name", l.name},
                      {"fields", l.fields}});
    out = json_response(200, {{"leads", rows}});
  }
  if (static_cast<std::int64_t>(page->size()) == limit)
    out.headers.emplace_back("X-Next-After", std::to_string(page->back().id));
  return out;
}

json dnc_json(const leads::DoNotCallEntry& e) {
  return {{"campaign", e.campaign},
          {"entry", e.entry},
          {"reason", e.reason},
          {"added", iso_time(e.added)},
          {"added_by", e.added_by}};
}

}  // namespace

std::size_t destroy_expired_lead_lists(ApiContext& api) {
  auto due = api.leads().due_for_destruction(system_now());
  if (!due.ok()) return 0;
  std::size_t destroyed = 0;
  for (std::int64_t id : *due)
    if (api.leads().destroy(id, {"system", "retention"}, system_now()).ok()) ++destroyed;
  return destroyed;
}

void add_lead_routes(ApiContext& api) {
  api.secured("POST", "/api/v1/lead-lists", auth::Permission::kManageLeads,
              [&api](const HttpRequest& r, const PathParams&, const auth::SessionInfo& s) {
                return import_list(api, r, s);
              });
  api.secured("GET", "/api/v1/lead-lists", auth::Permission::kManageLeads,
              [&api](const HttpRequest&, const PathParams&, const auth::SessionInfo&) {
                auto lists = api.leads().lists();
                if (!lists.ok()) return error_response(lists.status());
                json out = json::array();
                for (const leads::LeadList& l : *lists)
                  out.push_back(list_json(l));
                return json_response(200, {{"lists", out}});
              });
  api.secured("GET", "/api/v1/lead-lists/{id}", auth::Permission::kManageLeads,
              [&api](const HttpRequest&, const PathParams& p, const auth::SessionInfo&) {
                const auto id = path_id(p, "a lead list");
                if (!id.ok()) return error_response(id.status());
                auto list = api.leads().list(*id);
                if (!list.ok()) return error_response(list.status());
                if (!*list) return no_list();
                return json_response(200, list_json(**list));
              });
  api.secured("DELETE", "/api/v1/lead-lists/{id}", auth::Permission::kManageLeads,
              [&api](const HttpRequest& r, const PathParams& p, const auth::SessionInfo& s) {
                const auto id = path_id(p, "a lead list");
                if (!id.ok()) return error_response(id.status());
                auto kept = api.leads().destroy(*id, actor(r, s), system_now());
                if (!kept.ok()) return error_response(kept.status());
                return json_response(200, list_json(*kept));
              });
  api.secured("GET", "/api/v1/lead-lists/{id}/leads", auth::Permission::kExportLeads,
              [&api](const HttpRequest& r, const PathParams& p, const auth::SessionInfo& s) {
                return read_leads(api, r, p, s, false);
              });
  api.secured("GET", "/api/v1/lead-lists/{id}/export", auth::Permission::kExportLeads,
              [&api](const HttpRequest& r, const PathParams& p, const auth::SessionInfo& s) {
                return read_leads(api, r, p, s, true);
              });

  api.secured("GET", "/api/v1/do-not-call", auth::Permission::kManageLeads,
              [&api](const HttpRequest& r, const PathParams&, const auth::SessionInfo&) {
                QueryInput in(r.query);
                in.allow({"campaign"});
                const std::string campaign = in.text("campaign");
                if (auto bad = in.error()) return *bad;
                auto entries = api.leads().do_not_call_entries(campaign);
                if (!entries.ok()) return error_response(entries.status());
                json out = json::array();
                for (const leads::DoNotCallEntry& e : *entries)
                  out.push_back(dnc_json(e));
                return json_response(200, {{"entries", out}});
              });
  api.secured("POST", "/api/v1/do-not-call", auth::Permission::kManageLeads,
              [&api](const HttpRequest& r, const PathParams&, const auth::SessionInfo& s) {
                JsonInput in(r.body);
                in.allow({"entry", "campaign", "reason"});
                const auto entry = in.text("entry", true, 40);
                const auto campaign = in.text("campaign", false, 200);
                const auto reason = in.text("reason", false, 500);
                if (auto bad = in.error()) return *bad;
                auto kept = api.leads().add_do_not_call(
                    campaign.value_or(""), *entry, reason.value_or(""), actor(r, s), system_now());
                if (!kept.ok()) return error_response(kept.status());
                return json_response(201, {{"entry", *kept}, {"campaign", campaign.value_or("")}});
              });
  api.secured("DELETE", "/api/v1/do-not-call", auth::Permission::kManageLeads,
              [&api](const HttpRequest& r, const PathParams&, const auth::SessionInfo& s) {
                QueryInput in(r.query);
                in.allow({"campaign", "entry"});
                const std::string campaign = in.text("campaign");
                const std::string entry = in.text("entry", 40);
                if (auto bad = in.error()) return *bad;
                auto removed =
                    api.leads().remove_do_not_call(campaign, entry, actor(r, s), system_now());
                if (!removed.ok()) return error_response(removed.status());
                if (!*removed) return error_response(404, "not_found", "no such do-not-call entry");
                return json_response(200, {{"removed", entry}});
              });
}

}  // namespace hotline::api
