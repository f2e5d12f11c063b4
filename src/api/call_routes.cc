// Call controls of the agent desktop: hold and resume the agent's call, transfer it (to a
// queue, a ready colleague, an outside number or back into the IVR), and give it a disposition
// code. Who may act for an agent is the rule of the agent routes (itself, its team lead, a
// director).

#include <nlohmann/json.hpp>

#include "api/api_context.h"
#include "api/json_input.h"
#include "api/json_util.h"
#include "crm/phone_number.h"

namespace hotline::api {

namespace {

HttpResponse transfer(ApiContext& api, const HttpRequest& r, const std::string& agent,
                      const auth::SessionInfo& s) {
  JsonInput in(r.body);
  in.allow({"queue", "agent", "number", "ivr_node"});
  auto queue = in.text("queue", false, 64);
  auto to_agent = in.text("agent", false, 64);
  auto number = in.text("number", false, 32);
  auto ivr_node = in.text("ivr_node", false, 64);
  if (auto bad = in.error()) return *bad;
  if (!!queue + !!to_agent + !!number + !!ivr_node != 1)
    return error_response(400, "invalid_request",
                          "give exactly one of 'queue', 'agent', 'number', 'ivr_node'");
  if (queue) return api.act_on_agent(r, agent, s, AgentAction::kTransferToQueue, *queue);
  if (to_agent) return api.act_on_agent(r, agent, s, AgentAction::kTransferToAgent, *to_agent);
  if (ivr_node) return api.act_on_agent(r, agent, s, AgentAction::kTransferToIvr, *ivr_node);
  return api.act_on_agent(r, agent, s, AgentAction::kTransferToNumber, *number);
}

}  // namespace

HttpResponse dial_for_agent(ApiContext& api, const HttpRequest& r, const std::string& agent,
                            const std::string& number, const auth::SessionInfo& s,
                            const std::string& why, std::string* call) {
  auto snap = api.center().snapshot();
  if (!snap) return busy_response();
  const AgentSnapshot* a = nullptr;
  for (const AgentSnapshot& each : snap->agents)
    if (each.name == agent) a = &each;
  if (!a) return error_response(404, "not_found", "no agent '" + agent + "'");
  if (!auth::reaches_agent(s, auth::Permission::kControlAgents, a->name, a->team))
    return error_response(403, "forbidden", "not your agent nor your team's");
  auto dialable = crm::to_dialable(number);
  if (!dialable)
    return error_response(400, "invalid_request", "'" + number + "' is no phone number");
  const DialResult dialled = api.center().dial(agent, *dialable);
  switch (dialled.result) {
    case ActionResult::kDone:
      break;
    case ActionResult::kUnreachable:
      return error_response(409, "unreachable", "agent '" + agent + "' has no registered phone");
    case ActionResult::kNoTrunk:
      return error_response(409, "no_trunk", "no trunk is configured to call out on");
    case ActionResult::kWrongState:
      return error_response(409, "wrong_state",
                            "agent '" + agent + "' is " + a->state + ": not possible now");
    case ActionResult::kUnknownAgent:
      return error_response(404, "not_found", "no agent '" + agent + "'");
    default:
      return busy_response();
  }
  if (call) *call = dialled.call;
  api.audit(s.user, "call.dial", agent, why.empty() ? *dialable : *dialable + " " + why, r);
  return json_response(201, {{"call", dialled.call}, {"number", *dialable}, {"agent", agent}});
}

void add_call_routes(ApiContext& api) {
  api.secured("POST", "/api/v1/agents/{name}/dial", std::nullopt,
              [&api](const HttpRequest& r, const PathParams& p, const auth::SessionInfo& s) {
                JsonInput in(r.body);
                in.allow({"number"});
                auto number = in.text("number", true, 40);
                if (auto bad = in.error()) return *bad;
                return dial_for_agent(api, r, p.at("name"), *number, s, "");
              });
  api.secured("POST", "/api/v1/agents/{name}/hold", std::nullopt,
              [&api](const HttpRequest& r, const PathParams& p, const auth::SessionInfo& s) {
                return api.act_on_agent(r, p.at("name"), s, AgentAction::kHold, "");
              });
  api.secured("POST", "/api/v1/agents/{name}/resume", std::nullopt,
              [&api](const HttpRequest& r, const PathParams& p, const auth::SessionInfo& s) {
                return api.act_on_agent(r, p.at("name"), s, AgentAction::kResume, "");
              });
  api.secured("POST", "/api/v1/agents/{name}/transfer", std::nullopt,
              [&api](const HttpRequest& r, const PathParams& p, const auth::SessionInfo& s) {
                return transfer(api, r, p.at("name"), s);
              });
  api.secured("POST", "/api/v1/agents/{name}/disposition", std::nullopt,
              [&api](const HttpRequest& r, const PathParams& p, const auth::SessionInfo& s) {
                JsonInput in(r.body);
                in.allow({"code"});
                auto code = in.text("code", true, 64);
                if (auto bad = in.error()) return *bad;
                return api.act_on_agent(r, p.at("name"), s, AgentAction::kSetDisposition, *code);
              });
  api.secured(
      "GET", "/api/v1/dispositions", std::nullopt,
      [&api](const HttpRequest&, const PathParams&, const auth::SessionInfo&) {
        auto snap = api.center().snapshot();
        if (!snap) return busy_response();
        return json_response(200, {{"dispositions", snap->dispositions}, {"titles", snap->titles}});
      });
}

}  // namespace hotline::api
