// /api/v1/calls: the call records (CDRs) and their recordings. Recordings are
// confidential: an agent hears its own calls, a team lead its team's, QA, directors and
// admins every call; every recording fetched is written to the audit log.

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <variant>

#include "api/api_context.h"
#include "api/json_util.h"
#include "api/query_input.h"
#include "report/call_json.h"
#include "store/call_store.h"

namespace hotline::api {

namespace {

using nlohmann::json;

json call_json(const store::CallRecord& c) {
  return report::call_json(c, &iso_time);
}

// Whose calls a session may read: nullopt for everyone's; else these agents' (possibly
// none). Roles without recordings get nothing.
std::optional<std::vector<std::string>> readable_agents(ApiContext& api,
                                                        const auth::SessionInfo& s) {
  if (s.role == auth::Role::kAgent || !auth::allowed(s.role, auth::Permission::kReadRecordings))
    return s.agent.empty() ? std::vector<std::string>{} : std::vector<std::string>{s.agent};
  if (s.role != auth::Role::kTeamLead) return std::nullopt;
  std::vector<std::string> team;
  if (auto snap = api.center().snapshot())
    for (const AgentSnapshot& a : snap->agents)
      if (!s.team.empty() && a.team == s.team) team.push_back(a.name);
  if (!s.agent.empty()) team.push_back(s.agent);
  return team;
}

bool may_read(const std::optional<std::vector<std::string>>& agents, const std::string& agent) {
  return !agents ||
         (!agent.empty() && std::find(agents->begin(), agents->end(), agent) != agents->end());
}

// The record of {uid} if the session may read it; else the error to answer.
std::variant<store::CallRecord, HttpResponse> readable_call(ApiContext& api, const PathParams& p,
                                                            const auth::SessionInfo& s) {
  auto found = api.calls().find(p.at("uid"));
  if (!found.ok()) return error_response(found.status());
  if (!*found) return error_response(404, "not_found", "no call '" + p.at("uid") + "'");
  if (!may_read(readable_agents(api, s), (*found)->agent))
    return error_response(403, "forbidden", "not a call of yours or your team's");
  return std::move(**found);
}

HttpResponse list(ApiContext& api, const HttpRequest& r, const auth::SessionInfo& s) {
  store::CallQuery q;
  q.newest_first = true;
  QueryInput in(r.query);
  if (auto from = in.time("from")) q.from = *from;
  if (auto to = in.time("to")) q.to = *to;
  const std::string agent = in.text("agent", 64);
  q.limit = static_cast<std::size_t>(in.integer("limit", 1, 1000).value_or(100));
  if (auto bad = in.error()) return *bad;
  const auto agents = readable_agents(api, s);
  if (!agent.empty()) {
    if (!may_read(agents, agent))
      return error_response(403, "forbidden", "not an agent of yours or your team's");
    q.agents = {agent};
  } else if (agents) {
    if (agents->empty()) return json_response(200, {{"calls", json::array()}});
    q.agents = *agents;
  }
  auto calls = api.calls().calls(q);
  if (!calls.ok()) return error_response(calls.status());
  json out = json::array();
  for (const store::CallRecord& c : *calls)
    out.push_back(call_json(c));
  return json_response(200, {{"calls", out}});
}

HttpResponse recording(ApiContext& api, const HttpRequest& r, const PathParams& p,
                       const auth::SessionInfo& s) {
  auto call = readable_call(api, p, s);
  if (auto* error = std::get_if<HttpResponse>(&call)) return *error;
  const store::CallRecord& c = std::get<store::CallRecord>(call);
  // The name comes from our own record; a path that climbs out is refused all the same.
  if (c.recording.empty() || c.recording.find("..") != std::string::npos)
    return error_response(404, "not_found", "call '" + c.uid + "' has no recording");
  std::ifstream file(std::filesystem::path(api.settings().recordings_dir) / c.recording,
                     std::ios::binary);
  if (!file) return error_response(404, "not_found", "the recording of '" + c.uid + "' is gone");
  std::ostringstream bytes;
  bytes << file.rdbuf();
  api.audit(s.user, "recording.read", c.uid, c.agent, r);
  HttpResponse out;
  out.content_type = "audio/wav";
  out.body = std::move(bytes).str();
  out.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + c.uid + ".wav\"");
  return out;
}

}  // namespace

std::optional<HttpResponse> refuse_call_reference(ApiContext& api, const auth::SessionInfo& s,
                                                  const std::string& uid) {
  const auto agents = readable_agents(api, s);
  auto found = api.calls().find(uid);
  if (!found.ok()) return error_response(found.status());
  if (*found) {
    if (may_read(agents, (*found)->agent)) return std::nullopt;
    return error_response(403, "forbidden", "call '" + uid + "' is not yours or your team's");
  }
  // A call still going on has no record yet: it is the call of an agent the session reads.
  if (auto snap = api.center().snapshot())
    for (const AgentSnapshot& a : snap->agents)
      if (!a.call.empty() && a.call == uid) {
        if (may_read(agents, a.name)) return std::nullopt;
        return error_response(403, "forbidden", "call '" + uid + "' is not yours or your team's");
      }
  return error_response(400, "invalid_request", "no call '" + uid + "'");
}

void add_call_record_routes(ApiContext& api) {
  api.secured("GET", "/api/v1/calls", std::nullopt,
              [&api](const HttpRequest& r, const PathParams&, const auth::SessionInfo& s) {
                return list(api, r, s);
              });
  api.secured("GET", "/api/v1/calls/{uid}", std::nullopt,
              [&api](const HttpRequest&, const PathParams& p, const auth::SessionInfo& s) {
                auto call = readable_call(api, p, s);
                if (auto* error = std::get_if<HttpResponse>(&call)) return *error;
                return json_response(200, call_json(std::get<store::CallRecord>(call)));
              });
  api.secured("GET", "/api/v1/calls/{uid}/recording", std::nullopt,
              [&api](const HttpRequest& r, const PathParams& p, const auth::SessionInfo& s) {
                return recording(api, r, p, s);
              });
}

}  // namespace hotline::api
