#pragma once
// ApiService: the HTTP JSON API under /api/v1 (documented in /api/v1/openapi.json) and
// /metrics for Prometheus, on its own port and threads.
//
// Every /api/v1 request but login and the OpenAPI document carries a session token
// ("Authorization: Bearer TOKEN", from POST /api/v1/login); each endpoint checks the
// user's role (auth/roles.h). Errors are JSON: {"error": {"code", "message"}}. Logins,
// changes and reads of sensitive data are written to the audit log.

#include <memory>
#include <string>
#include <vector>

#include "api/http_server.h"
#include "common/status.h"
#include "common/time.h"

namespace hotline::store {
class ServiceStore;
}

namespace hotline::api {

struct ApiSettings {
  HttpSettings http;
  Duration session_lifetime = seconds(8 * 3600);  // a shift
  int max_failed_logins = 5;                      // in a row: then the user is locked out
  Duration lockout = seconds(15 * 60);
  int login_attempts_per_minute = 20;  // from one client address, right or wrong
};

// What the API needs of the running center; implemented by the server.
class CenterView {
 public:
  virtual ~CenterView() = default;
  // The center's figures as Prometheus text (lines "# HELP", "# TYPE", samples).
  virtual std::string metrics() = 0;
  // Whether the configuration has an agent of this name (users may be linked to one).
  virtual bool has_agent(const std::string& name) = 0;
};

class ApiService {
 public:
  // `store` and `center` must outlive the service.
  static Result<std::unique_ptr<ApiService>> start(const ApiSettings& settings,
                                                   store::ServiceStore* store, CenterView* center);
  virtual ~ApiService() = default;
  virtual int port() const = 0;
  virtual void stop() = 0;
};

// The OpenAPI 3 document of the API (src/api/openapi.json, built in).
const std::string& openapi_document();

}  // namespace hotline::api
