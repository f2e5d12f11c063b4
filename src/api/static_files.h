#pragma once
// StaticFiles: the web desktop's built files (web/dist), served from the API's port so
// the pages and the API share one origin (no CORS, the session token stays on one site).
// Paths that name no file get index.html: the pages route themselves (/desk, /wallboard).

#include <optional>
#include <string>

#include "api/http_server.h"

namespace hotline::api {

class StaticFiles {
 public:
  // `root`: the folder with index.html; "" serves nothing.
  explicit StaticFiles(std::string root) : root_(std::move(root)) {}

  // The answer for a GET outside /api/ and /metrics; nullopt for other requests.
  // A path that climbs out of the root ("..") or is not valid percent-encoding is 400.
  std::optional<HttpResponse> serve(const HttpRequest& request) const;

 private:
  std::string root_;
};

// The Content-Type for a file name ("app.js": "text/javascript; charset=utf-8").
std::string content_type_of(const std::string& file_name);

}  // namespace hotline::api
