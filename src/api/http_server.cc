#include "api/http_server.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/json_out.h"

namespace hotline::api {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

HttpResponse error_response(int status, const std::string& code, const std::string& message) {
  HttpResponse r;
  r.status = status;
  r.body = json_out(nlohmann::json{{"error", {{"code", code}, {"message", message}}}});
  return r;
}

HttpResponse error_response(const Status& status) {
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
      return error_response(400, "invalid_request", status.message());
    case StatusCode::kNotFound:
      return error_response(404, "not_found", status.message());
    case StatusCode::kAlreadyExists:
      return error_response(409, "exists", status.message());
    case StatusCode::kConflict:
      return error_response(409, "conflict", status.message());
    case StatusCode::kUnavailable:
      return error_response(503, "busy", status.message());
    case StatusCode::kIoError:
      return error_response(500, "store", status.message());
    case StatusCode::kOk:
    case StatusCode::kInternal:
      break;
  }
  return error_response(500, "internal", status.message());
}

namespace {

constexpr auto kIdleTimeout = std::chrono::seconds(30);

// A WebSocket client after the handshake: writes one queued message at a time, and keeps
// a read pending so that pings, pongs and the close handshake are handled.
class WsPeer final : public WebSocketPeer, public std::enable_shared_from_this<WsPeer> {
 public:
  explicit WsPeer(beast::tcp_stream stream) : ws_(std::move(stream)) {}

  template <typename Request, typename Then>
  void start(Request request, Then then) {
    beast::get_lowest_layer(ws_).expires_never();  // the websocket's own timeouts rule now
    websocket::stream_base::timeout t;
    t.handshake_timeout = std::chrono::seconds(30);
    t.idle_timeout = std::chrono::seconds(60);  // pinged at 30 s; silent for 60 s: gone
    t.keep_alive_pings = true;
    ws_.set_option(t);
    ws_.async_accept(request, [self = shared_from_this(), then](beast::error_code ec) {
      if (ec) return;
      self->open_ = true;
      then(self);
      self->read();
    });
  }

  void send(std::string text) override {
    if (!open_) return;
    asio::post(ws_.get_executor(), [self = shared_from_this(), text = std::move(text)]() mutable {
      self->enqueue(std::move(text));
    });
  }
  bool is_open() const override { return open_; }
  void close() override {
    asio::post(ws_.get_executor(), [self = shared_from_this()] { self->shut(); });
  }

 private:
  void enqueue(std::string text) {
    if (!open_) return;
    if (queue_.size() >= kMaxQueued) return shut();
    queue_.push_back(std::move(text));
    if (queue_.size() == 1) write();
  }
  void write() {
    ws_.text(true);
    ws_.async_write(asio::buffer(queue_.front()),
                    [self = shared_from_this()](beast::error_code ec, std::size_t) {
                      if (ec) return self->shut();
                      self->queue_.pop_front();
                      if (!self->queue_.empty()) self->write();
                    });
  }
  void read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) {
        self->open_ = false;
        return;
      }
      self->buffer_.clear();  // clients have nothing to say yet: read and forget
      self->read();
    });
  }
  void shut() {
    open_ = false;
    beast::error_code ec;
    beast::get_lowest_layer(ws_).socket().shutdown(tcp::socket::shutdown_both, ec);
    beast::get_lowest_layer(ws_).close();
  }

  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  std::deque<std::string> queue_;
  std::atomic<bool> open_{false};
};

// One client connection: read a request, answer it, again, until either side closes.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, const HttpHandler& handler,
             const std::vector<WebSocketRoute>& sockets, const HttpSettings& settings)
      : stream_(std::move(socket)), handler_(handler), sockets_(sockets), settings_(settings) {}

  void start() {
    beast::error_code ec;
    const auto peer = stream_.socket().remote_endpoint(ec);
    source_ = ec ? "" : peer.address().to_string();
    read();
  }

 private:
  void read() {
    parser_.emplace();
    // The parser checks a declared length against its limit as it reads the header: the
    // largest any request may have, until the header says which request this is.
    std::size_t largest = settings_.max_body;
    for (const LargeBody& large : settings_.large_bodies)
      largest = std::max(largest, large.max_body);
    parser_->body_limit(largest);
    stream_.expires_after(kIdleTimeout);
    // The header first: its path decides how large a body may follow.
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec) return self->on_read(ec);
                              self->read_body();
                            });
  }

  void read_body() {
    const auto& header = parser_->get();
    const std::string_view target(header.target().data(), header.target().size());
    const std::string_view path = target.substr(0, target.find('?'));
    const std::string_view method(header.method_string().data(), header.method_string().size());
    const auto authorization = header[http::field::authorization];
    max_body_ = settings_.max_body;
    for (const LargeBody& large : settings_.large_bodies)
      if (method == large.method && path == large.path &&
          (!large.allowed ||
           large.allowed(std::string_view(authorization.data(), authorization.size()))))
        max_body_ = std::max(max_body_, large.max_body);
    if (const auto length = parser_->content_length(); length && *length > max_body_)
      return on_read(http::error::body_limit);  // refused unread
    parser_->body_limit(max_body_);
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
        ec == asio::error::connection_reset || ec == asio::error::operation_aborted)
      return close();
    if (ec == http::error::body_limit)
      return reply(error_response(413, "body_too_large",
                                  "the body is over " + std::to_string(max_body_) + " bytes"),
                   false);
    if (ec == http::error::header_limit)
      return reply(error_response(431, "headers_too_large", "the headers are over 8 KiB"), false);
    if (ec)
      return reply(error_response(400, "bad_request", "malformed HTTP: " + ec.message()), false);
    const auto& m = parser_->get();
    HttpRequest request;
    request.method = std::string(m.method_string());
    const std::string_view target(m.target().data(), m.target().size());
    const std::size_t q = target.find('?');
    request.path = std::string(target.substr(0, q));
    if (q != std::string_view::npos) request.query = std::string(target.substr(q + 1));
    request.body = m.body();
    request.authorization = std::string(m[http::field::authorization]);
    request.content_type = std::string(m[http::field::content_type]);
    request.source = source_;
    if (websocket::is_upgrade(m)) {
      for (const WebSocketRoute& route : sockets_) {
        if (route.path != request.path) continue;
        if (auto refused = route.accept(request)) return reply(std::move(*refused), false);
        auto peer = std::make_shared<WsPeer>(std::move(stream_));
        peer->start(parser_->release(), [route, request](std::shared_ptr<WsPeer> p) {
          route.attached(request, std::move(p));
        });
        return;  // the connection is the peer's now
      }
    }
    HttpResponse response;
    try {
      response = handler_(request);
    } catch (const std::exception& e) {
      response = error_response(500, "internal", e.what());
    }
    reply(std::move(response), m.keep_alive());
  }

  void reply(HttpResponse r, bool keep_alive) {
    auto res = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(r.status), 11);
    res->set(http::field::server, "hotline");
    res->set(http::field::content_type, r.content_type);
    res->set(http::field::cache_control, "no-store");
    for (auto& [name, value] : r.headers)
      res->set(name, value);
    res->body() = std::move(r.body);
    res->keep_alive(keep_alive);
    res->prepare_payload();
    stream_.expires_after(kIdleTimeout);
    http::async_write(
        stream_, *res,
        [self = shared_from_this(), res, keep_alive](beast::error_code ec, std::size_t) {
          if (ec || !keep_alive) return self->close();
          self->read();
        });
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  const HttpHandler& handler_;
  const std::vector<WebSocketRoute>& sockets_;
  const HttpSettings& settings_;
  std::size_t max_body_ = 0;  // this request's
  std::string source_;
};

class BeastServer final : public HttpServer {
 public:
  BeastServer(const HttpSettings& settings, HttpHandler handler,
              std::vector<WebSocketRoute> sockets)
      : settings_(settings),
        handler_(std::move(handler)),
        sockets_(std::move(sockets)),
        ios_(make_contexts(settings.threads)),
        acceptor_(*ios_.front()) {}
  ~BeastServer() override { stop(); }

  Status run() {
    beast::error_code ec;
    const auto address = asio::ip::make_address(settings_.address, ec);
    if (ec)
      return Status::invalid_argument("API address '" + settings_.address +
                                      "' is not an IP address");
    const tcp::endpoint endpoint(address, static_cast<unsigned short>(settings_.port));
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
      return Status::unavailable("API on " + settings_.address + ":" +
                                 std::to_string(settings_.port) + ": " + ec.message());
    port_ = acceptor_.local_endpoint().port();
    accept();
    for (auto& io : ios_) {
      guards_.emplace_back(io->get_executor());  // an idle thread waits for work
      threads_.emplace_back([&io = *io] { io.run(); });
    }
    return {};
  }

  int port() const override { return port_; }
  void post(std::function<void()> work) override {
    asio::post(*ios_[next_post_++ % ios_.size()], std::move(work));
  }

  void stop() override {
    if (threads_.empty()) return;
    for (auto& io : ios_)
      io->stop();  // open connections are dropped with their io_context
    for (auto& t : threads_)
      t.join();
    threads_.clear();
  }

 private:
  // One io_context per thread, each connection on one of them (round robin): a
  // connection's work never crosses threads, and the threads share no scheduler lock.
  static std::vector<std::unique_ptr<asio::io_context>> make_contexts(int threads) {
    std::vector<std::unique_ptr<asio::io_context>> ios;
    for (int i = 0; i < std::max(1, threads); ++i)
      ios.push_back(std::make_unique<asio::io_context>(1));
    return ios;
  }

  void accept() {
    asio::io_context& next = *ios_[next_accept_++ % ios_.size()];
    acceptor_.async_accept(next.get_executor(), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted) return;
      if (!ec)
        std::make_shared<Connection>(std::move(socket), handler_, sockets_, settings_)->start();
      accept();  // a failed accept (out of descriptors) must not stop the server
    });
  }

  HttpSettings settings_;
  HttpHandler handler_;
  std::vector<WebSocketRoute> sockets_;
  std::vector<std::unique_ptr<asio::io_context>> ios_;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards_;
  tcp::acceptor acceptor_;
  std::size_t next_accept_ = 0;  // the acceptor's thread only
  std::atomic<std::size_t> next_post_{0};
  int port_ = 0;
  std::vector<std::thread> threads_;
};

}  // namespace

Result<std::unique_ptr<HttpServer>> HttpServer::start(const HttpSettings& settings,
                                                      HttpHandler handler,
                                                      std::vector<WebSocketRoute> sockets) {
  auto server = std::make_unique<BeastServer>(settings, std::move(handler), std::move(sockets));
  if (Status s = server->run(); !s.ok()) return s;
  return std::unique_ptr<HttpServer>(std::move(server));
}

}  // namespace hotline::api
