#include "api/router.h"

#include <cctype>
#include <cstdlib>
#include <optional>

#include "common/text.h"

namespace hotline::api {

namespace {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 1;  // paths begin with '/'
  while (start <= path.size()) {
    const std::size_t end = path.find('/', start);
    const std::size_t stop = end == std::string::npos ? path.size() : end;
    out.push_back(path.substr(start, stop - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool percent_decode(const std::string& in, std::string* out) {
  out->clear();
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      *out += in[i];
      continue;
    }
    if (i + 2 >= in.size()) return false;
    const int high = hex_value(in[i + 1]), low = hex_value(in[i + 2]);
    if (high < 0 || low < 0) return false;
    *out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return true;
}

Result<std::int64_t> path_id(const PathParams& params, const char* what, const std::string& name) {
  const std::string& text = params.at(name);
  char* end = nullptr;
  const long long id = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end || id <= 0)
    return Status::invalid_argument("'" + text + "' is not " + what + " id");
  return static_cast<std::int64_t>(id);
}

std::string percent_encode(const std::string& in) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : in) {
    if (std::isalnum(ch) || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
      out += static_cast<char>(ch);
    } else {
      out += '%';
      out += kHex[ch >> 4];
      out += kHex[ch & 15];
    }
  }
  return out;
}

std::string query_value(const std::string& query, const std::string& key) {
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t end = query.find('&', start);
    if (end == std::string::npos) end = query.size();
    const std::string pair = query.substr(start, end - start);
    const std::size_t eq = pair.find('=');
    if (pair.substr(0, eq) == key) {
      std::string value = eq == std::string::npos ? "" : pair.substr(eq + 1);
      for (char& c : value)
        if (c == '+') c = ' ';
      std::string decoded;
      return percent_decode(value, &decoded) ? decoded : "";
    }
    start = end + 1;
  }
  return {};
}

void Router::add(const std::string& method, const std::string& pattern, RouteHandler handler) {
  routes_.push_back({method, split_path(pattern), std::move(handler)});
}

namespace {

// Whether the path and every query parameter decode to UTF-8: handlers store what they
// are given and echo it into JSON.
std::optional<HttpResponse> bad_encoding(const HttpRequest& request) {
  std::string decoded;
  if (!percent_decode(request.path, &decoded) || !is_utf8(decoded))
    return error_response(400, "bad_encoding",
                          "the path must be UTF-8 with well-formed %XX escapes");
  std::size_t start = 0;
  while (start < request.query.size()) {
    std::size_t end = request.query.find('&', start);
    if (end == std::string::npos) end = request.query.size();
    if (!percent_decode(request.query.substr(start, end - start), &decoded) || !is_utf8(decoded))
      return error_response(400, "bad_encoding",
                            "the query must be UTF-8 with well-formed %XX escapes");
    start = end + 1;
  }
  return std::nullopt;
}

}  // namespace

HttpResponse Router::handle(const HttpRequest& request) const {
  if (request.path.empty() || request.path[0] != '/')
    return error_response(400, "bad_path", "the path must start with '/'");
  if (auto bad = bad_encoding(request)) return *bad;
  const std::vector<std::string> segments = split_path(request.path);
  std::string allow;
  for (const Route& route : routes_) {
    if (route.segments.size() != segments.size()) continue;
    PathParams params;
    bool match = true;
    for (std::size_t i = 0; i < segments.size() && match; ++i) {
      const std::string& want = route.segments[i];
      if (want.size() > 2 && want.front() == '{' && want.back() == '}') {
        std::string decoded;
        match = !segments[i].empty() && percent_decode(segments[i], &decoded);
        params[want.substr(1, want.size() - 2)] = decoded;
      } else {
        match = want == segments[i];
      }
    }
    if (!match) continue;
    if (route.method == request.method) return route.handler(request, params);
    allow += allow.empty() ? route.method : ", " + route.method;
  }
  if (!allow.empty()) {
    HttpResponse r = error_response(405, "method_not_allowed",
                                    request.method + " is not allowed on " + request.path);
    r.headers.emplace_back("Allow", allow);
    return r;
  }
  return error_response(404, "not_found", "no such resource: " + request.path);
}

}  // namespace hotline::api
