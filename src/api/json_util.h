#pragma once
// JSON helpers shared by the API's route files. Internal to src/api (nlohmann/json).

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/http_server.h"
#include "common/time.h"

namespace hotline::store {
struct User;
}

namespace hotline::api {

// A user as the API shows it (never its password hash); `locked_until` 0: not locked.
nlohmann::json user_json(const store::User& u, Time locked_until);

HttpResponse json_response(int status, const nlohmann::json& body);
// A 400 "invalid_request" whose message lists every problem found in a request.
HttpResponse problems_response(const std::vector<std::string>& problems);
// "2026-11-25T10:40:00Z"; null for 0 (never).
nlohmann::json iso_time(Time t);
// "2026-11-25T10:40:00Z" or "2026-11-25" (UTC midnight); false for anything else.
bool parse_iso_time(const std::string& text, Time* out);
// "YYYY-MM-DD" that is a real date.
bool is_date(const std::string& text);

}  // namespace hotline::api
