#include "api/http_server.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>
#include <thread>

namespace hotline::api {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

HttpResponse error_response(int status, const std::string& code, const std::string& message) {
  HttpResponse r;
  r.status = status;
  r.body = nlohmann::json{{"error", {{"code", code}, {"message", message}}}}.dump();
  return r;
}

namespace {

constexpr auto kIdleTimeout = std::chrono::seconds(30);

// One client connection: read a request, answer it, again, until either side closes.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, const HttpHandler& handler, std::size_t max_body)
      : stream_(std::move(socket)), handler_(handler), max_body_(max_body) {}

  void start() {
    beast::error_code ec;
    const auto peer = stream_.socket().remote_endpoint(ec);
    source_ = ec ? "" : peer.address().to_string();
    read();
  }

 private:
  void read() {
    parser_.emplace();
    parser_->body_limit(max_body_);
    stream_.expires_after(kIdleTimeout);
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
  std::size_t max_body_;
  std::string source_;
};

class BeastServer final : public HttpServer {
 public:
  BeastServer(const HttpSettings& settings, HttpHandler handler)
      : settings_(settings), handler_(std::move(handler)), acceptor_(io_) {}
  ~BeastServer() override { stop(); }

  Status run() {
    beast::error_code ec;
    const auto address = asio::ip::make_address(settings_.address, ec);
    if (ec) return Status::error("API address '" + settings_.address + "' is not an IP address");
    const tcp::endpoint endpoint(address, static_cast<unsigned short>(settings_.port));
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
      return Status::error("API on " + settings_.address + ":" + std::to_string(settings_.port) +
                           ": " + ec.message());
    port_ = acceptor_.local_endpoint().port();
    accept();
    for (int i = 0; i < std::max(1, settings_.threads); ++i)
      threads_.emplace_back([this] { io_.run(); });
    return {};
  }

  int port() const override { return port_; }

  void stop() override {
    if (threads_.empty()) return;
    io_.stop();  // open connections are dropped with the io_context
    for (auto& t : threads_)
      t.join();
    threads_.clear();
  }

 private:
  void accept() {
    acceptor_.async_accept(
        asio::make_strand(io_), [this](beast::error_code ec, tcp::socket socket) {
          if (ec == asio::error::operation_aborted) return;
          if (!ec)
            std::make_shared<Connection>(std::move(socket), handler_, settings_.max_body)->start();
          accept();  // a failed accept (out of descriptors) must not stop the server
        });
  }

  HttpSettings settings_;
  HttpHandler handler_;
  asio::io_context io_;
  tcp::acceptor acceptor_;
  int port_ = 0;
  std::vector<std::thread> threads_;
};

}  // namespace

Result<std::unique_ptr<HttpServer>> HttpServer::start(const HttpSettings& settings,
                                                      HttpHandler handler) {
  auto server = std::make_unique<BeastServer>(settings, std::move(handler));
  if (Status s = server->run(); !s.ok()) return s;
  return std::unique_ptr<HttpServer>(std::move(server));
}

}  // namespace hotline::api
