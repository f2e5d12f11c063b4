#include "api/query_input.h"

#include <algorithm>
#include <charconv>

#include "api/json_util.h"
#include "api/router.h"

namespace hotline::api {

void QueryInput::allow(std::initializer_list<const char*> keys) {
  std::size_t start = 0;
  while (start < query_.size()) {
    std::size_t end = query_.find('&', start);
    if (end == std::string::npos) end = query_.size();
    const std::string key = query_.substr(start, std::min(query_.find('=', start), end) - start);
    const bool known =
        std::any_of(keys.begin(), keys.end(), [&](const char* k) { return key == k; });
    if (!key.empty() && !known)
      problems_.push_back("unknown parameter '" + key.substr(0, 40) + "'");
    start = end + 1;
  }
}

std::string QueryInput::text(const char* key, std::size_t max_size) {
  std::string value = query_value(query_, key);
  if (value.size() > max_size) {
    problems_.push_back(std::string("'") + key + "' is longer than " + std::to_string(max_size) +
                        " bytes");
    return {};
  }
  return value;
}

std::optional<std::int64_t> QueryInput::integer(const char* key, std::int64_t min,
                                                std::int64_t max) {
  const std::string value = query_value(query_, key);
  if (value.empty()) return std::nullopt;
  std::int64_t n = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc() || end != value.data() + value.size() || n < min || n > max) {
    problems_.push_back(std::string("'") + key + "' must be a whole number from " +
                        std::to_string(min) + " to " + std::to_string(max));
    return std::nullopt;
  }
  return n;
}

std::optional<bool> QueryInput::flag(const char* key) {
  const std::string value = query_value(query_, key);
  if (value.empty()) return std::nullopt;
  if (value == "true") return true;
  if (value == "false") return false;
  problems_.push_back(std::string("'") + key + "' must be true or false");
  return std::nullopt;
}

std::optional<Time> QueryInput::time(const char* key) {
  const std::string value = query_value(query_, key);
  if (value.empty()) return std::nullopt;
  Time t = 0;
  if (!parse_iso_time(value, &t)) {
    problems_.push_back(std::string("'") + key +
                        "' must be a time like 2026-11-25T08:00:00Z or a date like 2026-11-25");
    return std::nullopt;
  }
  return t;
}

std::optional<HttpResponse> QueryInput::error() const {
  if (problems_.empty()) return std::nullopt;
  return problems_response(problems_);
}

}  // namespace hotline::api
