// Handing out leads, in the open: the director gives a list's leads to teams in batches
// (POST /api/v1/lead-lists/{id}/give); a team lead gives its team's pool to its agents in
// equal counts, or leaves it as the team's shared pool, and takes back an absent agent's
// (/api/v1/teams/{team}/leads...). Everyone who hands out sees who holds how many; nobody
// sees a lead's number here. kDistributeLeads; a team lead only within its own team.

#include <nlohmann/json.hpp>
#include <set>

#include "api/api_context.h"
#include "api/json_input.h"
#include "api/json_util.h"
#include "common/text.h"
#include "leads/lead_store.h"

namespace hotline::api {

namespace {

using nlohmann::json;

// The agents of `team` in the center, by name.
std::optional<std::set<std::string>> agents_of(ApiContext& api, const std::string& team) {
  auto snap = api.center().snapshot();
  if (!snap) return std::nullopt;
  std::set<std::string> agents;
  for (const AgentSnapshot& a : snap->agents)
    if (a.team == team) agents.insert(a.name);
  return agents;
}

// A team lead acts for its own team only.
std::optional<HttpResponse> refuse_team(const auth::SessionInfo& s, const std::string& team) {
  if (s.role == auth::Role::kTeamLead && s.team != team)
    return error_response(403, "forbidden", "a team lead hands out its own team's leads only");
  return std::nullopt;
}

json holdings_json(const std::vector<leads::Holding>& holdings) {
  json out = json::array();
  for (const leads::Holding& h : holdings)
    out.push_back({{"team", h.team}, {"agent", h.agent}, {"leads", h.leads}});
  return out;
}

HttpResponse give_to_team(ApiContext& api, const HttpRequest& r, const PathParams& p,
                          const auth::SessionInfo& s) {
  if (s.role == auth::Role::kTeamLead)
    return error_response(403, "forbidden", "lists are handed to teams by the director");
  const auto id = path_id(p, "a lead list");
  if (!id.ok()) return error_response(id.status());
  JsonInput in(r.body);
  in.allow({"team", "count"});
  const auto team = in.text("team", true, 200);
  const auto count = in.integer("count", 1, 1'000'000);
  if (!count) in.problem("'count' is required");
  if (auto bad = in.error()) return *bad;
  const auto agents = agents_of(api, *team);
  if (!agents) return busy_response();
  if (agents->empty())
    return error_response(400, "invalid_request",
                          "no agent of the center is in team '" + *team + "'");
  auto given = api.leads().give_to_team(*id, *team, static_cast<int>(*count), {s.user, r.source},
                                        system_now());
  if (!given.ok()) return error_response(given.status());
  return json_response(200, {{"team", *team}, {"given", *given}});
}

HttpResponse give_to_agents(ApiContext& api, const HttpRequest& r, const PathParams& p,
                            const auth::SessionInfo& s) {
  const std::string& team = p.at("team");
  if (auto refused = refuse_team(s, team)) return *refused;
  JsonInput in(r.body);
  in.allow({"agents", "per_agent"});
  const auto listed = in.list("agents", 1000);
  const auto per_agent = in.integer("per_agent", 0, 100'000);
  if (auto bad = in.error()) return *bad;
  const auto members = agents_of(api, team);
  if (!members) return busy_response();
  std::vector<std::string> agents;
  if (listed) {
    std::vector<std::string> problems;
    for (const json& a : *listed) {
      if (!a.is_string() || !members->count(a.get<std::string>())) {
        // Appended piece by piece: GCC 12 at -O3 warns (-Wrestrict, wrongly) on "'" + ...
        std::string problem(1, '\'');
        problem.append(
            to_valid_utf8((a.is_string() ? a.get<std::string>() : a.dump()).substr(0, 40)));
        problem.append("' is not an agent of team ");
        problem.append(team);
        problems.push_back(std::move(problem));
      } else if (std::find(agents.begin(), agents.end(), a.get<std::string>()) == agents.end())
        agents.push_back(a.get<std::string>());
    }
    if (!problems.empty()) return problems_response(problems);
  } else {
    agents.assign(members->begin(), members->end());  // the whole team
  }
  if (agents.empty())
    return error_response(400, "invalid_request", "team '" + team + "' has no agents");
  auto counts = api.leads().give_to_agents(team, agents, static_cast<int>(per_agent.value_or(0)),
                                           {s.user, r.source}, system_now());
  if (!counts.ok()) return error_response(counts.status());
  json given = json::object();
  for (std::size_t i = 0; i < agents.size(); ++i)
    given[agents[i]] = (*counts)[i];
  return json_response(200, {{"team", team}, {"given", given}});
}

}  // namespace

void add_lead_distribution_routes(ApiContext& api) {
  api.secured("POST", "/api/v1/lead-lists/{id}/give", auth::Permission::kDistributeLeads,
              [&api](const HttpRequest& r, const PathParams& p, const auth::SessionInfo& s) {
                return give_to_team(api, r, p, s);
              });
  api.secured("POST", "/api/v1/teams/{team}/leads/give", auth::Permission::kDistributeLeads,
              [&api](const HttpRequest& r, const PathParams& p, const auth::SessionInfo& s) {
                return give_to_agents(api, r, p, s);
              });
  api.secured("POST", "/api/v1/teams/{team}/leads/take-back", auth::Permission::kDistributeLeads,
              [&api](const HttpRequest& r, const PathParams& p, const auth::SessionInfo& s) {
                const std::string& team = p.at("team");
                if (auto refused = refuse_team(s, team)) return *refused;
                JsonInput in(r.body);
                in.allow({"agent"});
                const auto agent = in.text("agent", true, 200);
                if (auto bad = in.error()) return *bad;
                auto taken = api.leads().take_back(team, *agent, {s.user, r.source}, system_now());
                if (!taken.ok()) return error_response(taken.status());
                return json_response(200, {{"team", team}, {"agent", *agent}, {"taken", *taken}});
              });
  api.secured("GET", "/api/v1/teams/{team}/leads", auth::Permission::kDistributeLeads,
              [&api](const HttpRequest&, const PathParams& p, const auth::SessionInfo& s) {
                const std::string& team = p.at("team");
                if (auto refused = refuse_team(s, team)) return *refused;
                auto holdings = api.leads().holdings(team);
                if (!holdings.ok()) return error_response(holdings.status());
                return json_response(200, {{"holdings", holdings_json(*holdings)}});
              });
  api.secured("GET", "/api/v1/lead-holdings", auth::Permission::kManageLeads,
              [&api](const HttpRequest&, const PathParams&, const auth::SessionInfo&) {
                auto holdings = api.leads().holdings("");
                if (!holdings.ok()) return error_response(holdings.status());
                return json_response(200, {{"holdings", holdings_json(*holdings)}});
              });
}

}  // namespace hotline::api
