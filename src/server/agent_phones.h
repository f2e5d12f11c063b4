#pragma once
// AgentPhones: how each agent is reached. A registered phone, or a remote seat (an
// outside number from the configuration, always reachable: rung when no phone is
// registered); and whether the agent logged out by choice (*0, the desk), so that its
// phone's next registration does not log it back in.
//
// Thread: the core thread only.

#include <string>
#include <unordered_map>
#include <unordered_set>

#include "center/acd/model.h"

namespace hotline::server {

class AgentPhones {
 public:
  void add_remote_seat(acd::AgentId agent, std::string number) {
    remote_seats_[agent] = std::move(number);
  }
  const std::unordered_map<acd::AgentId, std::string>& remote_seats() const {
    return remote_seats_;
  }

  // A phone registered (or refreshed): whether that logs its agent in, which it does
  // unless the agent logged out by choice.
  bool phone_registered(acd::AgentId agent) {
    phones_.insert(agent);
    return !logged_out_by_choice_.count(agent);
  }
  // The phone is gone (unregistered, lapsed, stopped answering OPTIONS): whether its
  // agent is logged out for it, which it is unless a remote seat still reaches it.
  bool phone_gone(acd::AgentId agent) {
    phones_.erase(agent);
    if (remote_seats_.count(agent)) return false;
    logged_out_by_choice_.erase(agent);
    return true;
  }
  bool has_phone(acd::AgentId agent) const { return phones_.count(agent) > 0; }
  bool reachable(acd::AgentId agent) const {
    return has_phone(agent) || remote_seats_.count(agent) > 0;
  }
  // The number to dial for the agent when it has no phone but a remote seat; null when
  // its phone is rung.
  const std::string* seat_to_dial(acd::AgentId agent) const {
    if (has_phone(agent)) return nullptr;
    auto seat = remote_seats_.find(agent);
    return seat == remote_seats_.end() ? nullptr : &seat->second;
  }
  void logged_out_by_choice(acd::AgentId agent) { logged_out_by_choice_.insert(agent); }
  void logged_in_by_choice(acd::AgentId agent) { logged_out_by_choice_.erase(agent); }

 private:
  std::unordered_set<acd::AgentId> phones_;                // agents with a registered phone
  std::unordered_set<acd::AgentId> logged_out_by_choice_;  // *0 or the desk
  std::unordered_map<acd::AgentId, std::string> remote_seats_;
};

}  // namespace hotline::server
