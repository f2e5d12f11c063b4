// The `api` section: where the HTTP API listens and how logins are guarded.

#include <cstdio>
#include <filesystem>

#include "config/sections.h"

namespace hotline::config {

void parse_api(YamlReader& r, const YAML::Node& n, CenterConfig& c) {
  if (!r.is_map(n, "'api'")) return;
  r.only_keys(n, {"listen", "session_hours", "max_body_kb", "max_failed_logins", "lockout_minutes",
                  "login_attempts_per_minute", "web_root"});
  ApiSection api;
  if (auto listen = r.text(n, "listen", false)) {
    // "ADDRESS:PORT"; IPv4 only, like the rest of the configuration's addresses.
    unsigned a = 0, b = 0, cc = 0, d = 0;
    int port = -1;
    char tail = 0;
    if (std::sscanf(listen->c_str(), "%u.%u.%u.%u:%d%c", &a, &b, &cc, &d, &port, &tail) != 5 ||
        a > 255 || b > 255 || cc > 255 || d > 255 || port < 0 || port > 65535) {
      r.error(n["listen"], "listen must be ADDRESS:PORT like 127.0.0.1:8080");
    } else {
      api.address = listen->substr(0, listen->rfind(':'));
      api.port = port;
    }
  }
  if (auto hours = r.number(n, "session_hours", 0.1, 24 * 7))
    api.session_lifetime = seconds_f(*hours * 3600);
  if (auto kb = r.integer(n, "max_body_kb", 1, 64 * 1024))
    api.max_body = static_cast<std::size_t>(*kb) * 1024;
  if (auto failures = r.integer(n, "max_failed_logins", 1, 100)) api.max_failed_logins = *failures;
  if (auto minutes = r.number(n, "lockout_minutes", 0, 24 * 60))
    api.lockout = seconds_f(*minutes * 60);
  if (auto attempts = r.integer(n, "login_attempts_per_minute", 1, 10000))
    api.login_attempts_per_minute = *attempts;
  if (auto root = r.text(n, "web_root", false)) {
    // Relative to the configuration file, like a calendar file.
    api.web_root = (std::filesystem::path(r.file()).parent_path() / *root).lexically_normal();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(std::filesystem::path(api.web_root) / "index.html", ec))
      r.error(n["web_root"], "no index.html in " + api.web_root + " (build it: scripts/build-web)");
  }
  c.api = api;
}

}  // namespace hotline::config
