#include "api/event_hub.h"

#include <algorithm>

namespace hotline::api {

bool EventHub::may_receive(const auth::SessionInfo& s, const ApiEvent& e) {
  if (!e.user.empty() && e.user == s.user) return true;
  if (!e.agent.empty() && e.agent == s.agent) return true;
  if (e.customer_data && !auth::allowed(s.role, auth::Permission::kReadCustomers)) return false;
  if (e.agent.empty() && e.team.empty() && e.user.empty()) return true;  // queues
  return auth::reaches_agent(s, auth::Permission::kViewCenter, e.agent, e.team);
}

bool EventHub::subscribe(const std::string& token, const auth::SessionInfo& session,
                         std::shared_ptr<WebSocketPeer> peer) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (open_sockets_locked(session.user) >= kMaxPerUser) {
    peer->close();
    return false;
  }
  subscribers_.push_back({token, session, std::move(peer)});
  count_ = subscribers_.size();
  return true;
}

void EventHub::close_session(const std::string& token) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::erase_if(subscribers_, [&](const Subscriber& s) {
    if (s.token != token) return false;
    if (auto peer = s.peer.lock()) peer->close();
    return true;
  });
  count_ = subscribers_.size();
}

std::size_t EventHub::sockets_of(const std::string& user) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return open_sockets_locked(user);
}

std::size_t EventHub::open_sockets_locked(const std::string& user) const {
  std::size_t held = 0;
  for (const Subscriber& s : subscribers_)
    if (s.session.user == user) {
      auto peer = s.peer.lock();
      held += peer && peer->is_open();
    }
  return held;
}

void EventHub::publish(const ApiEvent& event, Time now) {
  std::lock_guard<std::mutex> lock(mutex_);
  // Gone subscribers leave; an expired session's socket is closed.
  std::erase_if(subscribers_, [now](const Subscriber& s) {
    auto peer = s.peer.lock();
    if (peer && peer->is_open() && s.session.expires <= now) peer->close();
    return !peer || !peer->is_open() || s.session.expires <= now;
  });
  count_ = subscribers_.size();
  for (const Subscriber& s : subscribers_)
    if (may_receive(s.session, event))
      if (auto peer = s.peer.lock()) peer->send(event.json);
}

void EventHub::clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  subscribers_.clear();
  count_ = 0;
}

}  // namespace hotline::api
