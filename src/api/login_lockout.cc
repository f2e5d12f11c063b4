#include "api/login_lockout.h"

#include "store/service_store.h"

namespace hotline::api {

Result<Time> LoginLockout::begin(const std::string& user, const std::string& source, Time now) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto f = store_.login_failures(user, source);
  if (!f.ok()) return f.status();
  if (f->locked_until > now) return f->locked_until;
  int& flying = in_flight_[{user, source}];
  if (f->failures + flying >= max_failures_) {
    // As many guesses are being checked as may still fail: this one waits its turn.
    if (flying == 0) in_flight_.erase({user, source});
    return now + lockout_;
  }
  ++flying;
  return Time{0};
}

Result<bool> LoginLockout::end(const std::string& user, const std::string& source, bool succeeded,
                               Time now) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto key = std::make_pair(user, source);
  if (auto it = in_flight_.find(key); it != in_flight_.end() && --it->second <= 0)
    in_flight_.erase(it);
  auto f = store_.login_failures(user, source);
  if (!f.ok()) return f.status();
  if (succeeded && f->failures == 0 && f->locked_until <= now) return false;  // nothing kept
  store::LoginFailures next;
  bool locked = false;
  if (!succeeded) {
    next.failures = f->failures + 1;
    if (next.failures >= max_failures_) {
      next = {0, now + lockout_};
      locked = true;
    }
  }
  if (Status s = store_.set_login_failures(user, source, next, now); !s.ok()) return s;
  return locked;
}

}  // namespace hotline::api
