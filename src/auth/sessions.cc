#include "auth/sessions.h"

#include <sys/random.h>

#include <cstdint>

namespace hotline::auth {

bool reaches_agent(const SessionInfo& s, Permission permission, const std::string& agent,
                   const std::string& team) {
  if (!s.agent.empty() && s.agent == agent) return true;
  if (!allowed(s.role, permission)) return false;
  return s.role != Role::kTeamLead || (!s.team.empty() && s.team == team);
}

Result<std::string> SessionTable::create(SessionInfo info, Time now) {
  std::uint8_t random[32];
  if (getrandom(random, sizeof random, 0) != static_cast<ssize_t>(sizeof random))
    return Status::internal("no randomness for a session token");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string token;
  token.reserve(2 * sizeof random);
  for (std::uint8_t b : random) {
    token += kHex[b >> 4];
    token += kHex[b & 15];
  }
  info.expires = now + lifetime_;
  std::vector<std::string> ended;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    // Expired sessions are swept when new ones start, so the table never grows unbounded.
    std::erase_if(sessions_, [now](const auto& s) { return s.second.expires <= now; });
    for (;;) {
      std::size_t held = 0;
      auto oldest = sessions_.end();
      for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
        if (it->second.user != info.user) continue;
        ++held;
        if (oldest == sessions_.end() || it->second.expires < oldest->second.expires) oldest = it;
      }
      if (held < kMaxPerUser) break;
      ended.push_back(oldest->first);
      sessions_.erase(oldest);
    }
    sessions_[token] = std::move(info);
  }
  tell_ended(ended);
  return token;
}

void SessionTable::tell_ended(const std::vector<std::string>& tokens) const {
  if (ended_)
    for (const std::string& t : tokens)
      ended_(t);
}

std::optional<SessionInfo> SessionTable::find(const std::string& token, Time now) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = sessions_.find(token);
  if (it == sessions_.end()) return std::nullopt;
  if (it->second.expires <= now) {
    sessions_.erase(it);
    return std::nullopt;
  }
  return it->second;
}

void SessionTable::revoke(const std::string& token) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    sessions_.erase(token);
  }
  tell_ended({token});
}

void SessionTable::revoke_user(const std::string& user) {
  std::vector<std::string> ended;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    std::erase_if(sessions_, [&](const auto& s) {
      if (s.second.user != user) return false;
      ended.push_back(s.first);
      return true;
    });
  }
  tell_ended(ended);
}

std::size_t SessionTable::size(Time now) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::size_t live = 0;
  for (const auto& [token, s] : sessions_)
    live += s.expires > now;
  return live;
}

bool LoginThrottle::admit(const std::string& source, Time now) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (recent_.size() > 10'000)  // forget quiet sources now and then
    std::erase_if(recent_, [&](const auto& r) {
      return r.second.empty() || r.second.back() <= now - window_;
    });
  std::deque<Time>& times = recent_[source];
  while (!times.empty() && times.front() <= now - window_)
    times.pop_front();
  if (static_cast<int>(times.size()) >= attempts_) return false;
  times.push_back(now);
  return true;
}

}  // namespace hotline::auth
