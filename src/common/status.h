#pragma once
// Status and Result<T>: errors as values on every parse and call path.
//
// A Status is either ok or carries a code and a human-readable message. The code says
// what kind of failure it is, so that the edges answer it alike (the API maps each code
// to one HTTP status, api/http_server.h); the message says what failed, for people.
// Result<T> holds a value or a Status. Neither throws; callers check ok() before value().

#include <optional>
#include <string>
#include <utility>

namespace hotline {

enum class StatusCode {
  kOk,
  kInvalidArgument,  // the input is wrong: a parse error, a bad value, a missing reference
  kNotFound,         // what was asked for does not exist
  kAlreadyExists,    // what was to be created exists
  kConflict,         // it changed meanwhile, or its state does not allow this now
  kUnavailable,      // try again: busy, locked, a timeout, out of a resource for now
  kIoError,          // the storage or the file system failed
  kInternal,         // a bug or a failure of the platform (no randomness, a broken invariant)
};

class Status {
 public:
  Status() = default;
  static Status invalid_argument(std::string m) {
    return {StatusCode::kInvalidArgument, std::move(m)};
  }
  static Status not_found(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status already_exists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
  static Status conflict(std::string m) { return {StatusCode::kConflict, std::move(m)}; }
  static Status unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
  static Status io_error(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
  static Status internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  // REQUIRES: !ok()
  const std::string& message() const { return message_; }
  // The same failure, its message preceded by where it happened ("file.yaml: ").
  Status in(const std::string& where) const { return {code_, where + message_}; }

 private:
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {}  // NOLINT

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  // REQUIRES: ok()
  T& value() { return *value_; }
  const T& value() const { return *value_; }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace hotline
