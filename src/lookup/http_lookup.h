#pragma once
// HttpLookup: the requests of IVR lookups (lookup/service.h), made with libcurl by a few
// threads of their own, so a slow back-end never holds up the core or the SIP side.
// Each request has the service's timeout in all (connection, TLS, answer); no redirects
// are followed, only http and https are spoken, answers above 64 kB are cut off as
// failures, and HTTPS certificates are verified against the system's authorities.
//
// Thread-safety: lookup() and counters() from any thread; stop() from the owner.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "lookup/service.h"

namespace hotline::lookup {

struct LookupResult {
  bool ok = false;
  std::map<std::string, std::string> values;  // IVR variable -> value
  std::string error;                          // why it failed: for the log
};

struct LookupCounters {
  std::uint64_t succeeded = 0, failed = 0;
};

class HttpLookup {
 public:
  using Done = std::function<void(LookupResult)>;
  // `workers`: requests under way at once; more wait their turn.
  explicit HttpLookup(int workers = 4);
  ~HttpLookup();
  HttpLookup(const HttpLookup&) = delete;
  HttpLookup& operator=(const HttpLookup&) = delete;

  // GETs `url` (expanded from the service's template) with the service's headers and
  // timeout; `done` runs on a lookup thread with the fields read from the answer.
  void lookup(const LookupService& service, std::string url, Done done);
  // Requests still waiting are answered as failed; those under way finish (each within
  // its timeout).
  void stop();
  LookupCounters counters() const { return {succeeded_, failed_}; }

 private:
  struct Request {
    LookupService service;
    std::string url;
    Done done;
  };
  void work();
  LookupResult fetch(const Request& r);

  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Request> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
  std::atomic<std::uint64_t> succeeded_{0}, failed_{0};
};

}  // namespace hotline::lookup
