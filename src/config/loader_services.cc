// The `services` section: the back-ends IVR `lookup` nodes ask (lookup/service.h).

#include "config/sections.h"

namespace hotline::config {

void parse_services(YamlReader& r, const YAML::Node& list, CenterConfig& c) {
  if (!r.is_list(list, "'services'")) return;
  for (const YAML::Node& n : list) {
    if (!r.is_map(n, "a service")) continue;
    r.only_keys(n, {"name", "url", "headers", "fields", "timeout_s"});
    lookup::LookupService s;
    s.name = r.text(n, "name", true).value_or("");
    for (const lookup::LookupService& other : c.services)
      if (!s.name.empty() && other.name == s.name)
        r.error(n["name"], "service '" + s.name + "' is defined twice");
    s.url = r.text(n, "url", true).value_or("");
    if (!s.url.empty() && s.url.rfind("http://", 0) != 0 && s.url.rfind("https://", 0) != 0)
      r.error(n["url"], "url must start with http:// or https://");
    for (const std::string& name : lookup::template_variables(s.url))
      if (name.empty()) r.error(n["url"], "an empty {} in the url names no variable");
    s.timeout = seconds_f(r.number(n, "timeout_s", 0.1, 60).value_or(3));
    if (const YAML::Node h = n["headers"]; h && r.is_map(h, "'headers'")) {
      for (const auto& item : h) {
        const std::string name = item.first.as<std::string>(""),
                          value = item.second.as<std::string>("");
        if (name.empty() || name.find_first_of(":\r\n ") != std::string::npos ||
            value.find_first_of("\r\n") != std::string::npos)
          r.error(item.first, "a header needs a name without ':' or spaces and a one-line value");
        else
          s.headers.emplace_back(name, value);
      }
    }
    if (const YAML::Node f = n["fields"]; r.is_map(f, "'fields' (variable: /json/pointer)")) {
      for (const auto& item : f) {
        const std::string variable = item.first.as<std::string>(""),
                          pointer = item.second.as<std::string>("");
        if (variable.empty() || (!pointer.empty() && pointer[0] != '/'))
          r.error(item.second, "a field maps a variable to a JSON pointer like /balance/amount");
        else
          s.fields[variable] = pointer;
      }
    }
    c.services.push_back(std::move(s));
  }
}

}  // namespace hotline::config
