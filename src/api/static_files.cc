#include "api/static_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/router.h"

namespace hotline::api {

namespace {

std::optional<std::string> read_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::string content_type_of(const std::string& name) {
  static const std::pair<std::string_view, const char*> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"},
  };
  for (const auto& [extension, type] : kTypes)
    if (name.ends_with(extension)) return type;
  return "application/octet-stream";
}

std::optional<HttpResponse> StaticFiles::serve(const HttpRequest& request) const {
  if (request.method != "GET") return std::nullopt;
  if (request.path.rfind("/api/", 0) == 0 || request.path == "/metrics") return std::nullopt;
  if (root_.empty())
    return error_response(404, "not_found", "the web desktop is not served (api.web_root)");
  std::string decoded;
  if (!percent_decode(request.path, &decoded) || decoded.empty() || decoded[0] != '/' ||
      decoded.find('\0') != std::string::npos)
    return error_response(400, "bad_path", "the path is not valid");
  const std::filesystem::path relative =
      std::filesystem::path(decoded.substr(1)).lexically_normal();
  if (!relative.empty() && (*relative.begin() == ".." || relative.is_absolute()))
    return error_response(400, "bad_path", "the path leaves the web folder");
  const std::filesystem::path root(root_);
  std::string name = relative.empty() || relative == "." ? "index.html" : relative.string();
  auto body = read_file(root / name);
  // A page's own path (/desk, /wallboard): the pages route it. A missing asset (a dot in
  // its last part) is a real 404, so a stale page does not get HTML for its script.
  if (!body && relative.filename().string().find('.') == std::string::npos) {
    name = "index.html";
    body = read_file(root / name);
  }
  if (!body)
    return error_response(
        404, "not_found",
        name == "index.html" ? "the web desktop is not built (scripts/build-web)" : "no such file");
  HttpResponse r;
  r.content_type = content_type_of(name);
  r.body = std::move(*body);
  // Vite names assets by their content: they never change. The page itself must be
  // fetched again, so that a new build is seen at the next reload.
  r.headers.emplace_back("Cache-Control", name.rfind("assets/", 0) == 0
                                              ? "public, max-age=31536000, immutable"
                                              : "no-cache");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return r;
}

}  // namespace hotline::api
