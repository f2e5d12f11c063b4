// Outbound campaigns: directors create and change them (kManageCampaigns) and finish them;
// team leads see, start and pause those their team works (kViewCampaigns, kRunCampaigns);
// IT sees them. Every step is audited by the store, with what changed.

#include <algorithm>

#include "api/api_context.h"
#include "api/json_input.h"
#include "api/json_util.h"
#include "campaigns/campaign_json.h"
#include "campaigns/campaign_store.h"

namespace hotline::api {

namespace {

using campaigns::Campaign;
using campaigns::CampaignStatus;

HttpResponse campaign_response(int status, const Campaign& c) {
  HttpResponse r;
  r.status = status;
  r.content_type = "application/json";
  r.body = campaigns::campaign_json(c);
  return r;
}

// A team lead works with the campaigns its team works, no others.
bool sees(const auth::SessionInfo& s, const Campaign& c) {
  if (s.role != auth::Role::kTeamLead) return true;
  return std::find(c.teams.begin(), c.teams.end(), s.team) != c.teams.end();
}

// The campaign of the path as the session may see it, or the error to answer (a campaign
// a team lead may not see is as good as absent).
Result<Campaign> campaign_of(ApiContext& api, const PathParams& p, const auth::SessionInfo& s) {
  auto found = api.campaigns().find(p.at("name"));
  if (!found.ok()) return found.status();
  if (!*found || !sees(s, **found)) return Status::not_found("no campaign '" + p.at("name") + "'");
  return **found;
}

HttpResponse list(ApiContext& api, const auth::SessionInfo& s) {
  auto all = api.campaigns().all();
  if (!all.ok()) return error_response(all.status());
  std::string body = "[";
  for (const Campaign& c : *all) {
    if (!sees(s, c)) continue;
    if (body.size() > 1) body += ',';
    body += campaigns::campaign_json(c);
  }
  body += ']';
  HttpResponse r;
  r.status = 200;
  r.content_type = "application/json";
  r.body = std::move(body);
  return r;
}

HttpResponse create(ApiContext& api, const HttpRequest& r, const auth::SessionInfo& s) {
  campaigns::CampaignInput in = campaigns::read_campaign(r.body, campaigns::default_campaign(""));
  if (in.campaign.name.empty()) in.problems.push_back("name: required");
  if (!in.problems.empty()) return problems_response(in.problems);
  if (in.campaign.title.empty()) in.campaign.title = in.campaign.name;
  auto created = api.campaigns().create(std::move(in.campaign), {s.user, r.source}, system_now());
  if (!created.ok()) return error_response(created.status());
  return campaign_response(201, *created);
}

HttpResponse change(ApiContext& api, const HttpRequest& r, const PathParams& p,
                    const auth::SessionInfo& s) {
  auto was = campaign_of(api, p, s);
  if (!was.ok()) return error_response(was.status());
  campaigns::CampaignInput in = campaigns::read_campaign(r.body, *was);
  if (!in.problems.empty()) return problems_response(in.problems);
  auto changed = api.campaigns().change(in.campaign, {s.user, r.source}, system_now());
  if (!changed.ok()) return error_response(changed.status());
  return campaign_response(200, *changed);
}

HttpResponse step(ApiContext& api, const HttpRequest& r, const PathParams& p,
                  const auth::SessionInfo& s, CampaignStatus to) {
  if (!r.body.empty() && r.body.find_first_not_of(" \t\r\n{}") != std::string::npos)
    return error_response(400, "invalid_request", "this request takes no body");
  auto c = campaign_of(api, p, s);
  if (!c.ok()) return error_response(c.status());
  auto changed = api.campaigns().set_status(c->name, to, {s.user, r.source}, system_now());
  if (!changed.ok()) return error_response(changed.status());
  return campaign_response(200, *changed);
}

}  // namespace

void add_campaign_routes(ApiContext& api) {
  api.secured("GET", "/api/v1/campaigns", auth::Permission::kViewCampaigns,
              [&api](const HttpRequest&, const PathParams&, const auth::SessionInfo& s) {
                return list(api, s);
              });
  api.secured("POST", "/api/v1/campaigns", auth::Permission::kManageCampaigns,
              [&api](const HttpRequest& r, const PathParams&, const auth::SessionInfo& s) {
                return create(api, r, s);
              });
  api.secured("GET", "/api/v1/campaigns/{name}", auth::Permission::kViewCampaigns,
              [&api](const HttpRequest&, const PathParams& p, const auth::SessionInfo& s) {
                auto c = campaign_of(api, p, s);
                return c.ok() ? campaign_response(200, *c) : error_response(c.status());
              });
  api.secured("PATCH", "/api/v1/campaigns/{name}", auth::Permission::kManageCampaigns,
              [&api](const HttpRequest& r, const PathParams& p, const auth::SessionInfo& s) {
                return change(api, r, p, s);
              });
  api.secured("POST", "/api/v1/campaigns/{name}/start", auth::Permission::kRunCampaigns,
              [&api](const HttpRequest& r, const PathParams& p, const auth::SessionInfo& s) {
                return step(api, r, p, s, CampaignStatus::kRunning);
              });
  api.secured("POST", "/api/v1/campaigns/{name}/pause", auth::Permission::kRunCampaigns,
              [&api](const HttpRequest& r, const PathParams& p, const auth::SessionInfo& s) {
                return step(api, r, p, s, CampaignStatus::kPaused);
              });
  api.secured("POST", "/api/v1/campaigns/{name}/finish", auth::Permission::kManageCampaigns,
              [&api](const HttpRequest& r, const PathParams& p, const auth::SessionInfo& s) {
                return step(api, r, p, s, CampaignStatus::kFinished);
              });
}

}  // namespace hotline::api
