// /api/v1/settings: the center's settings — skills, teams, agents' levels and teams,
// queues' parameters, reason and disposition codes, holidays and opening hours — changed
// while calls go on.
// A change is checked against the configuration's rules, kept in hotline.db with its audit
// entry, then put in force; DELETE goes back to the configuration file's value.

#include <mutex>
#include <nlohmann/json.hpp>

#include "api/api_context.h"
#include "api/json_input.h"
#include "api/json_util.h"
#include "common/json_out.h"
#include "store/service_store.h"

namespace hotline::api {

namespace {

using nlohmann::json;

HttpResponse current(ApiContext& api) {
  auto stored = api.service().center_settings();
  if (!stored.ok()) return error_response(stored.status());
  json body = json::parse(api.center().center_settings(), nullptr, false);
  if (body.is_discarded()) return error_response(500, "internal", "the settings did not read");
  json changed = json::array();
  for (const auto& [key, value] : *stored)
    changed.push_back(key);
  body["changed"] = changed;  // what differs from the configuration file
  return json_response(200, body);
}

// `key` set to `value` (empty: back to the file's), checked, kept, then put in force.
HttpResponse change(ApiContext& api, const HttpRequest& r, const auth::SessionInfo& s,
                    const std::string& key, const std::string& value) {
  // One change at a time: each is laid over the ones kept before it.
  static std::mutex one_at_a_time;
  std::lock_guard<std::mutex> lock(one_at_a_time);
  auto stored = api.service().center_settings();
  if (!stored.ok()) return error_response(stored.status());
  std::map<std::string, std::string> settings = *stored;
  const std::string before = settings.count(key) ? settings[key] : "";
  if (value.empty())
    settings.erase(key);
  else
    settings[key] = value;
  if (Status ok = api.center().apply_settings(settings, true); !ok.ok())
    return error_response(400, "invalid", ok.message());
  const store::AuditEntry entry{system_now(),
                                s.user,
                                value.empty() ? "settings.reset" : "settings.change",
                                key,
                                before.empty() ? value : before + " -> " + value,
                                r.source};
  if (Status kept = api.service().set_center_setting(key, value, entry); !kept.ok())
    return error_response(kept);
  if (Status live = api.center().apply_settings(settings, false); !live.ok())
    return error_response(503, "busy",
                          "kept, but not yet in force (" + live.message() +
                              "): it is taken at the next change or start");
  api.push(ApiEvent{"", "", "", json_out(json{{"type", "settings.changed"}, {"key", key}})});
  return current(api);
}

// The body is the setting's value: a list for codes and skills, an object otherwise.
HttpResponse put(ApiContext& api, const HttpRequest& r, const auth::SessionInfo& s,
                 const std::string& key, bool list) {
  auto parsed = parse_untrusted_json(r.body);
  if (!parsed.ok()) return error_response(400, "bad_json", parsed.status().message());
  const json& value = *parsed;
  if (list ? !value.is_array() : !value.is_object())
    return error_response(400, "bad_request",
                          std::string("the body must be a JSON ") + (list ? "list" : "object"));
  return change(api, r, s, key, json_out(value));
}

}  // namespace

void add_settings_routes(ApiContext& api) {
  const auto perm = auth::Permission::kConfigureCenter;
  // Handlers setting a key named by the path (`prefix` + {name}) or fixed (`key`).
  const auto set = [&api](std::string key, bool list) -> SecuredHandler {
    return [&api, key, list](const HttpRequest& r, const PathParams&, const auth::SessionInfo& s) {
      return put(api, r, s, key, list);
    };
  };
  const auto reset = [&api](std::string key) -> SecuredHandler {
    return [&api, key](const HttpRequest& r, const PathParams&, const auth::SessionInfo& s) {
      return change(api, r, s, key, "");
    };
  };
  const auto set_named = [&api](std::string prefix) -> SecuredHandler {
    return [&api, prefix](const HttpRequest& r, const PathParams& p, const auth::SessionInfo& s) {
      return put(api, r, s, prefix + p.at("name"), false);
    };
  };
  const auto reset_named = [&api](std::string prefix) -> SecuredHandler {
    return [&api, prefix](const HttpRequest& r, const PathParams& p, const auth::SessionInfo& s) {
      return change(api, r, s, prefix + p.at("name"), "");
    };
  };
  api.secured("GET", "/api/v1/settings", perm,
              [&api](const HttpRequest&, const PathParams&, const auth::SessionInfo&) {
                return current(api);
              });
  api.secured("PUT", "/api/v1/settings/skills", perm, set("skills", true));
  api.secured("DELETE", "/api/v1/settings/skills", perm, reset("skills"));
  api.secured("PUT", "/api/v1/settings/teams", perm, set("teams", true));
  api.secured("DELETE", "/api/v1/settings/teams", perm, reset("teams"));
  api.secured("PUT", "/api/v1/settings/reasons", perm, set("reasons", true));
  api.secured("DELETE", "/api/v1/settings/reasons", perm, reset("reasons"));
  api.secured("PUT", "/api/v1/settings/dispositions", perm, set("dispositions", true));
  api.secured("DELETE", "/api/v1/settings/dispositions", perm, reset("dispositions"));
  api.secured("PUT", "/api/v1/settings/calendar", perm, set("calendar", false));
  api.secured("DELETE", "/api/v1/settings/calendar", perm, reset("calendar"));
  api.secured("PUT", "/api/v1/settings/queues/{name}", perm, set_named("queue:"));
  api.secured("DELETE", "/api/v1/settings/queues/{name}", perm, reset_named("queue:"));
  api.secured("PUT", "/api/v1/settings/agents/{name}", perm, set_named("agent:"));
  api.secured("DELETE", "/api/v1/settings/agents/{name}", perm, reset_named("agent:"));
}

}  // namespace hotline::api
