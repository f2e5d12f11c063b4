#include "server/call_table.h"

namespace hotline::server::detail {

Call& CallTable::open(std::uint64_t id, const media::RtpRelay::Ports& ports) {
  assert(on_owner());
  auto [it, added] = calls_.try_emplace(id);
  assert(added);
  (void)added;
  Call& c = it->second;
  c.session = ports.session;
  c.caller_port = ports.caller_port;
  c.agent_port = ports.agent_port;
  call_of_session_[ports.session] = id;
  ++open_calls_;
  return c;
}

Call* CallTable::find(std::uint64_t id) {
  assert(on_owner());
  auto it = calls_.find(id);
  return it == calls_.end() ? nullptr : &it->second;
}

const Call* CallTable::find(std::uint64_t id) const {
  assert(on_owner());
  auto it = calls_.find(id);
  return it == calls_.end() ? nullptr : &it->second;
}

std::uint64_t CallTable::call_of_session(media::RtpRelay::SessionId session) const {
  assert(on_owner());
  auto it = call_of_session_.find(session);
  return it == call_of_session_.end() ? 0 : it->second;
}

void CallTable::close(std::uint64_t id) {
  assert(on_owner());
  auto it = calls_.find(id);
  if (it == calls_.end()) return;
  call_of_session_.erase(it->second.session);
  calls_.erase(it);
  --open_calls_;
}

PlacedLeg& CallTable::place(std::uint64_t id, const PlacedLeg& leg) {
  assert(on_owner());
  return legs_[id] = leg;
}

PlacedLeg* CallTable::leg(std::uint64_t id) {
  assert(on_owner());
  auto it = legs_.find(id);
  return it == legs_.end() ? nullptr : &it->second;
}

std::optional<PlacedLeg> CallTable::drop_leg(std::uint64_t id) {
  assert(on_owner());
  auto node = legs_.extract(id);
  if (!node) return std::nullopt;
  return node.mapped();
}

}  // namespace hotline::server::detail
