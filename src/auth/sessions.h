#pragma once
// Who is logged in. A login gets a session token (256 random bits, hex) that the client
// sends as "Authorization: Bearer TOKEN"; it expires a fixed time after login. Tokens
// live in memory only: a restarted server asks everyone to log in again.
//
// LoginThrottle limits how fast one client address may try passwords; the per-user
// lockout after repeated failures is kept with the user (it survives restarts).
//
// Thread-safety: both classes may be used from any thread.

#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "auth/roles.h"
#include "common/status.h"
#include "common/time.h"

namespace hotline::auth {

struct SessionInfo {
  std::string user;
  Role role = Role::kAgent;
  std::string team;
  std::string agent;
  Time expires = 0;
};

// Whether `session` may do what `permission` allows to the agent `agent` of team `team`:
// an agent always to itself; a team lead (with the permission) to its own team; other
// roles with the permission to everyone.
bool reaches_agent(const SessionInfo& session, Permission permission, const std::string& agent,
                   const std::string& team);

class SessionTable {
 public:
  // A user may hold this many sessions (desk, wallboard, a second browser...); a login
  // beyond it ends the user's oldest session.
  static constexpr std::size_t kMaxPerUser = 10;
  // Called with each token that ends before its time (revoked, or the oldest of a user
  // logging in once too often), outside the table's lock: what was opened with it closes.
  using EndedFn = std::function<void(const std::string& token)>;

  explicit SessionTable(Duration lifetime, EndedFn ended = {})
      : lifetime_(lifetime), ended_(std::move(ended)) {}
  // A new token for `info.user`, valid for the table's lifetime from `now`.
  Result<std::string> create(SessionInfo info, Time now);
  // The session of a token; nothing for unknown or expired tokens (which are dropped).
  std::optional<SessionInfo> find(const std::string& token, Time now);
  void revoke(const std::string& token);
  // Every session of a user (password changed, user deactivated or its role changed).
  void revoke_user(const std::string& user);
  std::size_t size(Time now);

 private:
  void tell_ended(const std::vector<std::string>& tokens) const;

  Duration lifetime_;
  EndedFn ended_;
  std::mutex mutex_;
  std::unordered_map<std::string, SessionInfo> sessions_;
};

class LoginThrottle {
 public:
  LoginThrottle(int attempts, Duration window) : attempts_(attempts), window_(window) {}
  // Counts an attempt from `source`; false when it already made `attempts` in the window.
  bool admit(const std::string& source, Time now);

 private:
  int attempts_;
  Duration window_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::deque<Time>> recent_;
};

}  // namespace hotline::auth
