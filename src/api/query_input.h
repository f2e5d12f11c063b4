#pragma once
// Reading a query string strictly, like JsonInput reads bodies: "limit=5abc" or
// "customer=abc" is a 400 naming the parameter, never a default or a silent 5. Problems
// are collected and reported together. Internal to src/api.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api/http_server.h"
#include "common/time.h"

namespace hotline::api {

class QueryInput {
 public:
  explicit QueryInput(std::string query) : query_(std::move(query)) {}
  // Every parameter allowed; others are reported by error() (a misspelt one must not be
  // silently ignored).
  void allow(std::initializer_list<const char*> keys);

  // The decoded value ("" when absent), at most `max_size` bytes.
  std::string text(const char* key, std::size_t max_size = 200);
  // A whole number in [min, max]; nothing when absent.
  std::optional<std::int64_t> integer(const char* key, std::int64_t min, std::int64_t max);
  // "true" or "false"; nothing when absent.
  std::optional<bool> flag(const char* key);
  // "2026-11-25T08:00:00Z" or "2026-11-25"; nothing when absent.
  std::optional<Time> time(const char* key);

  // A 400 listing every problem, or nothing.
  std::optional<HttpResponse> error() const;

 private:
  std::string query_;
  std::vector<std::string> problems_;
};

}  // namespace hotline::api
