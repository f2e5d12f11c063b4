// Lead quality: samples of a list test-called by the director (they show numbers), vendors
// compared by what their lists cost and what the test calls found, and the re-cleansing of
// old lists (director, IT).

#include <nlohmann/json.hpp>

#include "api/api_context.h"
#include "api/json_input.h"
#include "api/json_util.h"
#include "leads/lead_store.h"

namespace hotline::api {

namespace {

using nlohmann::json;

json sample_json(const leads::Sample& s) {
  json calls = json::array();
  for (const leads::TestCall& c : s.calls)
    calls.push_back({{"lead", c.lead},
                     {"phone", c.phone},
                     {"name", c.name},
                     {"tested", c.tested},
                     {"valid", c.result.valid},
                     {"reachable", c.result.reachable},
                     {"right_person", c.result.right_person},
                     {"interested", c.result.interested},
                     {"tested_by", c.tested_by}});
  return {{"id", s.id},
          {"list", s.list},
          {"drawn", iso_time(s.drawn)},
          {"drawn_by", s.drawn_by},
          {"calls", calls}};
}

// part / whole, or null when nothing was counted.
json rate(std::int64_t part, std::int64_t whole) {
  return whole > 0 ? json(static_cast<double>(part) / static_cast<double>(whole)) : json(nullptr);
}

json vendor_json(const leads::VendorFigures& v) {
  return {{"vendor", v.vendor},
          {"lists", v.lists},
          {"leads", v.leads},
          {"paid_fen", v.price_fen},
          {"cost_per_lead_fen", v.leads > 0 ? json(v.price_fen / v.leads) : json(nullptr)},
          {"tested", v.tested},
          {"valid", v.valid},
          {"reachable", v.reachable},
          {"right_person", v.right_person},
          {"interested", v.interested},
          {"valid_rate", rate(v.valid, v.tested)},
          {"contact_rate", rate(v.reachable, v.tested)},
          {"right_person_rate", rate(v.right_person, v.tested)},
          {"interest_rate", rate(v.interested, v.tested)}};
}

}  // namespace

void add_lead_quality_routes(ApiContext& api) {
  api.secured("POST", "/api/v1/lead-lists/{id}/samples", auth::Permission::kExportLeads,
              [&api](const HttpRequest& r, const PathParams& p, const auth::SessionInfo& s) {
                const auto id = path_id(p, "a lead list");
                if (!id.ok()) return error_response(id.status());
                JsonInput in(r.body);
                in.allow({"size"});
                const auto size = in.integer("size", 1, 10'000);
                if (!size) in.problem("'size' is required");
                if (auto bad = in.error()) return *bad;
                auto drawn = api.leads().draw_sample(*id, static_cast<int>(*size),
                                                     {s.user, r.source}, system_now());
                if (!drawn.ok()) return error_response(drawn.status());
                return json_response(201, sample_json(*drawn));
              });
  api.secured("GET", "/api/v1/lead-samples/{id}", auth::Permission::kExportLeads,
              [&api](const HttpRequest& r, const PathParams& p, const auth::SessionInfo& s) {
                const auto id = path_id(p, "a sample");
                if (!id.ok()) return error_response(id.status());
                auto found = api.leads().sample(*id);
                if (!found.ok()) return error_response(found.status());
                if (!*found) return error_response(404, "not_found", "no such sample");
                api.audit(s.user, "leads.view", "sample " + std::to_string(*id),
                          std::to_string((*found)->calls.size()) + " leads", r);
                return json_response(200, sample_json(**found));
              });
  api.secured("PUT", "/api/v1/lead-samples/{id}/leads/{lead}", auth::Permission::kExportLeads,
              [&api](const HttpRequest& r, const PathParams& p, const auth::SessionInfo& s) {
                const auto id = path_id(p, "a sample");
                if (!id.ok()) return error_response(id.status());
                const auto lead = path_id(p, "a lead", "lead");
                if (!lead.ok()) return error_response(lead.status());
                JsonInput in(r.body);
                in.allow({"valid", "reachable", "right_person", "interested"});
                leads::TestResult result;
                result.valid = in.flag("valid").value_or(false);
                result.reachable = in.flag("reachable").value_or(false);
                result.right_person = in.flag("right_person").value_or(false);
                result.interested = in.flag("interested").value_or(false);
                if (auto bad = in.error()) return *bad;
                if (Status done = api.leads().record_test(*id, *lead, result, {s.user, r.source},
                                                          system_now());
                    !done.ok())
                  return error_response(done);
                return json_response(200, {{"sample", *id}, {"lead", *lead}, {"recorded", true}});
              });
  api.secured("GET", "/api/v1/reports/vendors", auth::Permission::kManageLeads,
              [&api](const HttpRequest&, const PathParams&, const auth::SessionInfo&) {
                auto vendors = api.leads().vendor_figures();
                if (!vendors.ok()) return error_response(vendors.status());
                json out = json::array();
                for (const leads::VendorFigures& v : *vendors)
                  out.push_back(vendor_json(v));
                return json_response(200, {{"vendors", out}});
              });
  api.secured("POST", "/api/v1/lead-lists/{id}/recleanse", auth::Permission::kManageLeads,
              [&api](const HttpRequest& r, const PathParams& p, const auth::SessionInfo& s) {
                const auto id = path_id(p, "a lead list");
                if (!id.ok()) return error_response(id.status());
                JsonInput in(r.body);
                in.allow({"dedupe_days"});
                leads::ImportRules rules;
                rules.dedupe_window =
                    seconds(86400) * in.integer("dedupe_days", 0, 3650).value_or(90);
                if (auto bad = in.error()) return *bad;
                auto done = api.leads().recleanse(*id, rules, {s.user, r.source}, system_now());
                if (!done.ok()) return error_response(done.status());
                return json_response(200, {{"checked", done->checked},
                                           {"invalid", done->invalid},
                                           {"do_not_call", done->do_not_call},
                                           {"duplicates", done->duplicates}});
              });
}

}  // namespace hotline::api
