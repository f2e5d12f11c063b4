#include "lookup/service.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "common/text.h"

namespace hotline::lookup {

namespace {

// Calls `each(name)` for every {name} in the template; returns the text between them via
// `literal`.
template <typename Literal, typename Each>
void walk_template(const std::string& t, Literal literal, Each each) {
  std::size_t at = 0;
  while (at < t.size()) {
    const std::size_t open = t.find('{', at);
    const std::size_t close = open == std::string::npos ? open : t.find('}', open);
    if (close == std::string::npos) {
      literal(t.substr(at));
      return;
    }
    literal(t.substr(at, open - at));
    each(t.substr(open + 1, close - open - 1));
    at = close + 1;
  }
}

std::string percent_encoded(const std::string& value) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> template_variables(const std::string& url_template) {
  std::vector<std::string> names;
  walk_template(
      url_template, [](const std::string&) {},
      [&](const std::string& name) {
        if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
      });
  return names;
}

std::string expand_url(const std::string& url_template,
                       const std::function<std::string(const std::string&)>& value) {
  std::string url;
  walk_template(
      url_template, [&](const std::string& text) { url += text; },
      [&](const std::string& name) { url += percent_encoded(value(name)); });
  return url;
}

Result<std::map<std::string, std::string>> read_fields(
    const std::string& body, const std::map<std::string, std::string>& fields) {
  if (json_nesting(body) > kMaxNesting)
    return Status::invalid_argument("the answer nests deeper than " + std::to_string(kMaxNesting) +
                                    " levels");
  const nlohmann::json answer = nlohmann::json::parse(body, nullptr, false);
  if (answer.is_discarded()) return Status::invalid_argument("the answer is not JSON");
  std::map<std::string, std::string> values;
  for (const auto& [variable, pointer] : fields) {
    const nlohmann::json* v = nullptr;
    try {
      v = &answer.at(nlohmann::json::json_pointer(pointer));
    } catch (const nlohmann::json::exception&) {
      return Status::invalid_argument("the answer has no " + pointer);
    }
    if (v->is_string())
      values[variable] = to_valid_utf8(v->get<std::string>());
    else if (v->is_number() || v->is_boolean())
      values[variable] = v->dump();
    else
      return Status::invalid_argument(pointer +
                                      " in the answer is not a string, number or boolean");
  }
  return values;
}

}  // namespace hotline::lookup
