#include "sip/auth_guard.h"

namespace hotline::sip {

bool AuthGuard::banned(const std::string& user, const std::string& source, Time now) const {
  auto pair = pairs_.find({user, source});
  if (pair != pairs_.end() && pair->second.banned_until > now) return true;
  auto from = sources_.find(source);
  return from != sources_.end() && from->second.banned_until > now;
}

bool AuthGuard::count(Tally& t, int limit, Time now) {
  if (t.failures == 0 || now - t.first > window_) {
    t.failures = 0;
    t.first = now;
  }
  if (++t.failures < limit) return false;
  t.failures = 0;
  t.banned_until = now + ban_;
  return true;
}

bool AuthGuard::failed(const std::string& user, const std::string& source, Time now) {
  if (pairs_.size() + sources_.size() > 100'000) sweep(now);  // a spray of names or addresses
  const bool pair_banned = count(pairs_[{user, source}], max_failures_, now);
  const bool source_banned = count(sources_[source], 4 * max_failures_, now);
  return pair_banned || source_banned;
}

void AuthGuard::succeeded(const std::string& user, const std::string& source) {
  pairs_.erase({user, source});
}

std::size_t AuthGuard::bans(Time now) const {
  std::size_t n = 0;
  for (const auto& [key, t] : pairs_)
    n += t.banned_until > now;
  for (const auto& [key, t] : sources_)
    n += t.banned_until > now;
  return n;
}

void AuthGuard::sweep(Time now) {
  const auto idle = [&](const Tally& t) {
    return t.banned_until <= now && now - t.first > window_;
  };
  std::erase_if(pairs_, [&](const auto& kv) { return idle(kv.second); });
  std::erase_if(sources_, [&](const auto& kv) { return idle(kv.second); });
}

}  // namespace hotline::sip
