#include "api/event_hub.h"

#include <algorithm>

namespace hotline::api {

bool EventHub::may_receive(const auth::SessionInfo& s, const ApiEvent& e) {
  if (!e.user.empty() && e.user == s.user) return true;
  if (e.agent.empty() && e.team.empty() && e.user.empty()) return true;  // queues
  return auth::reaches_agent(s, auth::Permission::kViewCenter, e.agent, e.team);
}

void EventHub::subscribe(const auth::SessionInfo& session, std::weak_ptr<WebSocketPeer> peer) {
  std::lock_guard<std::mutex> lock(mutex_);
  subscribers_.push_back({session, std::move(peer)});
  count_ = subscribers_.size();
}

void EventHub::publish(const ApiEvent& event, Time now) {
  std::lock_guard<std::mutex> lock(mutex_);
  // Gone or expired subscribers leave; an expired session's socket is closed by the
  // client's next login, not kept fed.
  std::erase_if(subscribers_, [now](const Subscriber& s) {
    auto peer = s.peer.lock();
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
