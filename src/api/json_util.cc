#include "api/json_util.h"

#include <cstdio>
#include <ctime>

#include "common/json_out.h"
#include "common/time_text.h"
#include "store/service_store.h"

namespace hotline::api {

HttpResponse json_response(int status, const nlohmann::json& body) {
  HttpResponse r;
  r.status = status;
  r.body = json_out(body);
  return r;
}

nlohmann::json user_json(const store::User& u, Time locked_until) {
  return {{"name", u.name},
          {"display_name", u.display_name},
          {"role", u.role},
          {"team", u.team},
          {"agent", u.agent},
          {"active", u.active},
          {"locked_until", iso_time(locked_until)},
          {"created", iso_time(u.created)},
          {"updated", iso_time(u.updated)}};
}

HttpResponse problems_response(const std::vector<std::string>& problems) {
  std::string message;
  for (const std::string& p : problems)
    message += (message.empty() ? "" : "; ") + p;
  return error_response(400, "invalid_request", message);
}

nlohmann::json iso_time(Time t) {
  if (t == 0) return nullptr;
  return iso_utc(t);
}

bool parse_iso_time(const std::string& text, Time* out) {
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  if (!end || *end) {
    tm = {};
    end = strptime(text.c_str(), "%Y-%m-%d", &tm);
    if (!end || *end) return false;
  }
  *out = static_cast<Time>(timegm(&tm)) * kMicrosPerSecond;
  return true;
}

bool is_date(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%Y-%m-%d", &tm);
  if (!end || *end) return false;
  // strptime accepts 2026-02-31; a round trip through timegm does not.
  std::tm check = tm;
  const std::time_t t = timegm(&check);
  std::tm back{};
  gmtime_r(&t, &back);
  return back.tm_mday == tm.tm_mday && back.tm_mon == tm.tm_mon;
}

}  // namespace hotline::api
