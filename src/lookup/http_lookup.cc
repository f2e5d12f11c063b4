#include "lookup/http_lookup.h"

#include <curl/curl.h>

#include <mutex>

namespace hotline::lookup {

namespace {

constexpr std::size_t kMaxAnswer = 64 * 1024;

std::size_t append_answer(char* data, std::size_t size, std::size_t count, void* to) {
  std::string& body = *static_cast<std::string*>(to);
  const std::size_t n = size * count;
  if (body.size() + n > kMaxAnswer) return 0;  // too big: curl fails the transfer
  body.append(data, n);
  return n;
}

}  // namespace

HttpLookup::HttpLookup(int workers) {
  static std::once_flag curl_ready;
  std::call_once(curl_ready, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  for (int i = 0; i < std::max(1, workers); ++i)
    threads_.emplace_back([this] { work(); });
}

HttpLookup::~HttpLookup() {
  stop();
}

void HttpLookup::lookup(const LookupService& service, std::string url, Done done) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!stopping_) {
      queue_.push_back(Request{service, std::move(url), std::move(done)});
      cv_.notify_one();
      return;
    }
  }
  ++failed_;
  done(LookupResult{false, {}, "shutting down"});
}

void HttpLookup::stop() {
  std::deque<Request> waiting;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    waiting.swap(queue_);
  }
  cv_.notify_all();
  for (std::thread& t : threads_)
    t.join();
  for (Request& r : waiting) {
    ++failed_;
    r.done(LookupResult{false, {}, "shutting down"});
  }
}

void HttpLookup::work() {
  for (;;) {
    Request r;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      r = std::move(queue_.front());
      queue_.pop_front();
    }
    LookupResult result = fetch(r);
    ++(result.ok ? succeeded_ : failed_);
    r.done(std::move(result));
  }
}

LookupResult HttpLookup::fetch(const Request& r) {
  CURL* curl = curl_easy_init();
  if (!curl) return {false, {}, "cannot start a request"};
  std::string body;
  curl_slist* headers = nullptr;
  for (const auto& [name, value] : r.service.headers)
    headers = curl_slist_append(headers, (name + ": " + value).c_str());
  headers = curl_slist_append(headers, "Accept: application/json");
  const long timeout_ms = static_cast<long>(std::max<Duration>(r.service.timeout / 1000, 1));
  curl_easy_setopt(curl, CURLOPT_URL, r.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM for timeouts
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "hotline");
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append_answer);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  const CURLcode code = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  if (code != CURLE_OK) return {false, {}, curl_easy_strerror(code)};
  if (status < 200 || status > 299) return {false, {}, "HTTP status " + std::to_string(status)};
  auto values = read_fields(body, r.service.fields);
  if (!values.ok()) return {false, {}, values.status().message()};
  return {true, std::move(*values), {}};
}

}  // namespace hotline::lookup
