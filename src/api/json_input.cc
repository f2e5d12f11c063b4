#include "api/json_input.h"

#include "api/json_util.h"
#include "common/text.h"

namespace hotline::api {

Result<nlohmann::json> parse_untrusted_json(std::string_view text) {
  if (json_nesting(text) > kMaxNesting)
    return Status::invalid_argument("the JSON nests deeper than " + std::to_string(kMaxNesting) +
                                    " levels");
  nlohmann::json value = nlohmann::json::parse(text, nullptr, false);
  if (value.is_discarded()) return Status::invalid_argument("the body is not valid JSON");
  return value;
}

JsonInput::JsonInput(const std::string& body) {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
    value_ = nlohmann::json::object();
    return;
  }
  auto parsed = parse_untrusted_json(body);
  if (!parsed.ok()) {
    problems_.push_back(parsed.status().message());
    value_ = nlohmann::json::object();
    return;
  }
  value_ = std::move(*parsed);
  if (!value_.is_object()) {
    problems_.push_back("the body must be a JSON object");
    value_ = nlohmann::json::object();
  }
}

void JsonInput::allow(std::initializer_list<const char*> fields) {
  const std::set<std::string> known(fields.begin(), fields.end());
  for (const auto& [key, value] : value_.items())
    if (!known.contains(key)) problems_.push_back("unknown field '" + key + "'");
}

std::optional<std::string> JsonInput::text(const char* field, bool required, std::size_t max_size) {
  auto it = value_.find(field);
  if (it == value_.end() || it->is_null()) {
    if (required) problems_.push_back(std::string("'") + field + "' is required");
    return std::nullopt;
  }
  if (!it->is_string()) {
    problems_.push_back(std::string("'") + field + "' must be a string");
    return std::nullopt;
  }
  std::string s = it->get<std::string>();
  if (s.size() > max_size) {
    problems_.push_back(std::string("'") + field + "' is longer than " + std::to_string(max_size) +
                        " bytes");
    return std::nullopt;
  }
  return s;
}

std::optional<bool> JsonInput::flag(const char* field) {
  auto it = value_.find(field);
  if (it == value_.end() || it->is_null()) return std::nullopt;
  if (!it->is_boolean()) {
    problems_.push_back(std::string("'") + field + "' must be true or false");
    return std::nullopt;
  }
  return it->get<bool>();
}

std::optional<nlohmann::json> JsonInput::list(const char* field, std::size_t max_items) {
  auto it = value_.find(field);
  if (it == value_.end() || it->is_null()) return std::nullopt;
  if (!it->is_array()) {
    problems_.push_back(std::string("'") + field + "' must be a list");
    return std::nullopt;
  }
  if (it->size() > max_items) {
    problems_.push_back(std::string("'") + field + "' has more than " + std::to_string(max_items) +
                        " items");
    return std::nullopt;
  }
  return *it;
}

std::optional<std::int64_t> JsonInput::integer(const char* field, std::int64_t min,
                                               std::int64_t max) {
  auto it = value_.find(field);
  if (it == value_.end() || it->is_null()) return std::nullopt;
  if (!it->is_number_integer() || it->get<std::int64_t>() < min || it->get<std::int64_t>() > max) {
    problems_.push_back(std::string("'") + field + "' must be a whole number from " +
                        std::to_string(min) + " to " + std::to_string(max));
    return std::nullopt;
  }
  return it->get<std::int64_t>();
}

std::optional<HttpResponse> JsonInput::error() const {
  if (problems_.empty()) return std::nullopt;
  return problems_response(problems_);
}

}  // namespace hotline::api
