#pragma once
// HttpServer: HTTP/1.1 on a TCP port, served by a few threads of its own (Boost.Beast,
// kept inside http_server.cc). Every request is handed to one handler as plain strings;
// the handler's answer goes back on the same connection, which stays open for the next
// request (keep-alive).
//
// What never reaches the handler: a malformed request (400), a body over `max_body`
// (413), and headers over 8 KiB (431). Those get a JSON error and the connection closes.
// A connection idle for 30 s is closed.

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"

namespace hotline::api {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // without the query, as sent (percent-encoded)
  std::string query;   // after '?', as sent
  std::string body;
  std::string authorization;  // the Authorization header
  std::string content_type;
  std::string source;  // the client's IP address
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// Runs on the server's threads, possibly several requests at once.
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

// A WebSocket client. send() may be called from any thread: messages are queued and sent
// in order. A client that falls more than `kMaxQueued` messages behind is disconnected
// (a stalled browser must not make the server hold its events forever).
class WebSocketPeer {
 public:
  static constexpr std::size_t kMaxQueued = 4096;
  virtual ~WebSocketPeer() = default;
  virtual void send(std::string text) = 0;
  virtual bool is_open() const = 0;
  // Closes the connection (any thread); messages still queued are dropped.
  virtual void close() = 0;
};

// Where WebSocket upgrades are accepted. `accept` sees the upgrade request: it returns a
// response to refuse it (401, 403...) or nothing to accept; once the handshake is done,
// `attached` gets the peer, with the same request.
struct WebSocketRoute {
  std::string path;
  std::function<std::optional<HttpResponse>(const HttpRequest&)> accept;
  std::function<void(const HttpRequest&, std::shared_ptr<WebSocketPeer>)> attached;
};

// A request of `method` to `path` may carry a body up to `max_body` (a file upload) when
// `allowed` says yes to its Authorization header — asked before the body is read, so that
// nobody but who may upload can make the server hold a large body.
struct LargeBody {
  std::string method;
  std::string path;
  std::size_t max_body = 0;
  std::function<bool(std::string_view authorization)> allowed;
};

struct HttpSettings {
  std::string address = "127.0.0.1";
  int port = 8080;  // 0: any free port (see HttpServer::port)
  int threads = 2;
  std::size_t max_body = 1 << 20;
  std::vector<LargeBody> large_bodies;
};

class HttpServer {
 public:
  static Result<std::unique_ptr<HttpServer>> start(const HttpSettings& settings,
                                                   HttpHandler handler,
                                                   std::vector<WebSocketRoute> sockets = {});
  virtual ~HttpServer() = default;
  virtual int port() const = 0;
  // Runs `work` on one of the server's threads (work that must not hold up its caller).
  virtual void post(std::function<void()> work) = 0;
  // Closes the listening socket and every connection, and joins the threads.
  virtual void stop() = 0;
};

// {"error": {"code": CODE, "message": MESSAGE}} with `status`.
HttpResponse error_response(int status, const std::string& code, const std::string& message);

// A failed Status as the API answers it, the one place each kind of failure gets its HTTP
// status and error code: invalid argument 400 invalid_request, not found 404 not_found,
// already exists 409 exists, conflict 409 conflict, unavailable 503 busy, I/O 500 store,
// internal 500 internal. REQUIRES: !status.ok()
HttpResponse error_response(const Status& status);

}  // namespace hotline::api
