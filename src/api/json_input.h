#pragma once
// Reading a JSON request body strictly: it must be an object, every field must have the
// expected type, and a field the endpoint does not know is an error (a typo must not be
// silently ignored). Problems are collected, then reported together as one 400.
// Internal to src/api: includes nlohmann/json.

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "api/http_server.h"
#include "common/status.h"

namespace hotline::api {

// JSON from outside, parsed: an error message for text that is not JSON or nests deeper
// than kMaxNesting (checked first, so that no recursive step sees a hostile document).
Result<nlohmann::json> parse_untrusted_json(std::string_view text);

class JsonInput {
 public:
  // Parses `body`; an empty body reads as {}.
  explicit JsonInput(const std::string& body);
  // Every field allowed in this body; others are reported by error().
  void allow(std::initializer_list<const char*> fields);

  std::optional<std::string> text(const char* field, bool required, std::size_t max_size = 1000);
  std::optional<bool> flag(const char* field);
  // An array of at most `max_items` (its items are the caller's to check).
  std::optional<nlohmann::json> list(const char* field, std::size_t max_items);
  std::optional<std::int64_t> integer(const char* field, std::int64_t min, std::int64_t max);
  void problem(const std::string& message) { problems_.push_back(message); }

  // A 400 response listing every problem, or nothing when the body was fine.
  std::optional<HttpResponse> error() const;

 private:
  nlohmann::json value_;
  std::vector<std::string> problems_;
};

}  // namespace hotline::api
