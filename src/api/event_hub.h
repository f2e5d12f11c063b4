#pragma once
// EventHub: the real-time events of /api/v1/events, pushed to WebSocket subscribers.
// Each event names the agent it concerns (if any) and that agent's team; a subscriber
// gets what its role may see: an agent its own agent's events, a team lead its team's,
// the wallboard roles everyone's. An event for a user (a ticket's owner) goes to that user
// too. Events about no agent, team or user (queues) go to everyone.
//
// A socket lives no longer than the session it was opened with: it is closed when the
// session ends (logout, the user deactivated or changed, expiry) — a socket must never
// go on carrying events with rights its user no longer has.
//
// Thread-safety: every method from any thread. Subscribers are held weakly: a closed
// connection drops out by itself.

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "api/api_service.h"
#include "api/http_server.h"
#include "auth/sessions.h"

namespace hotline::api {

class EventHub {
 public:
  // Sockets one user may hold open (several pages, a reconnect racing the old socket).
  static constexpr std::size_t kMaxPerUser = 10;

  // False (and the peer closed) when the user holds kMaxPerUser sockets already.
  bool subscribe(const std::string& token, const auth::SessionInfo& session,
                 std::shared_ptr<WebSocketPeer> peer);
  // Closes every socket opened with `token` (its session ended).
  void close_session(const std::string& token);
  // Sockets `user` holds open.
  std::size_t sockets_of(const std::string& user) const;
  void publish(const ApiEvent& event, Time now);
  // Whether anyone listens: publishers skip building events nobody would get.
  bool has_subscribers() const { return count_.load(std::memory_order_relaxed) > 0; }
  std::size_t subscribers() const { return count_.load(std::memory_order_relaxed); }
  // Forgets every subscriber (the server is stopping).
  void clear();

  // Whether `session` may receive `event` (see the class comment).
  static bool may_receive(const auth::SessionInfo& session, const ApiEvent& event);

 private:
  struct Subscriber {
    std::string token;
    auth::SessionInfo session;
    std::weak_ptr<WebSocketPeer> peer;
  };
  // REQUIRES: mutex_ held.
  std::size_t open_sockets_locked(const std::string& user) const;

  mutable std::mutex mutex_;
  std::vector<Subscriber> subscribers_;
  std::atomic<std::size_t> count_{0};
};

}  // namespace hotline::api
