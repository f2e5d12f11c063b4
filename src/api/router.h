#pragma once
// Router: finds the handler for a method and path among routes like
// "GET /api/v1/users/{name}". A path that matches no route is 404; a path that matches
// only under other methods is 405 (with Allow). Parameters are percent-decoded.

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "api/http_server.h"

namespace hotline::api {

using PathParams = std::map<std::string, std::string>;
using RouteHandler = std::function<HttpResponse(const HttpRequest&, const PathParams&)>;

class Router {
 public:
  // `pattern`: segments separated by '/', a segment "{name}" matching any one segment.
  void add(const std::string& method, const std::string& pattern, RouteHandler handler);
  HttpResponse handle(const HttpRequest& request) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;
    RouteHandler handler;
  };
  std::vector<Route> routes_;
};

// The positive integer id of a path parameter ("/customers/{id}"), or an error naming
// `what` ("a customer").
Result<std::int64_t> path_id(const PathParams& params, const char* what,
                             const std::string& name = "id");

// "%E5%BC%A0" -> UTF-8 bytes; '+' stays '+'. False for a broken escape.
bool percent_decode(const std::string& in, std::string* out);
// Every byte but letters, digits and "-._~" as %XX (RFC 3986; file names in headers).
std::string percent_encode(const std::string& in);
// The value of `key` in a query string ("a=1&b=2"), decoded ('+' is a space); "" if absent.
std::string query_value(const std::string& query, const std::string& key);

}  // namespace hotline::api
