#include "api/json_util.h"

#include <cstdio>
#include <ctime>

#include "common/time_text.h"

namespace hotline::api {

HttpResponse json_response(int status, const nlohmann::json& body) {
  HttpResponse r;
  r.status = status;
  r.body = body.dump();
  return r;
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
