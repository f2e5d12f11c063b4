#pragma once
// WrapUps: the call each agent is wrapping up (after-call work): its record's uid and
// disposition code, from the core's end of the call until the agent's state leaves
// wrap-up, when the record learns when the work ended.
//
// Thread: the core thread only.

#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "center/acd/events.h"

namespace hotline::server {

class WrapUps {
 public:
  // The core finished the agent's part of a call: its record, and the code given so far.
  void call_finished(acd::AgentId agent, std::string uid, std::string code) {
    calls_[agent] = {std::move(uid), std::move(code)};
  }
  // The agent's state changed: the uid of the call whose wrap-up this ended, if any.
  std::optional<std::string> state_changed(acd::AgentId agent, acd::AgentState state) {
    if (state == acd::AgentState::kWrapUp) {
      in_wrap_up_.insert(agent);
      return std::nullopt;
    }
    if (!in_wrap_up_.erase(agent)) return std::nullopt;
    auto it = calls_.find(agent);
    if (it == calls_.end()) return std::nullopt;
    std::string uid = std::move(it->second.uid);
    calls_.erase(it);
    return uid;
  }
  // The call the agent wraps up (or has last finished, until its state changes), and its
  // disposition code; null when none.
  const std::string* last_call(acd::AgentId agent) const {
    auto it = calls_.find(agent);
    return it == calls_.end() ? nullptr : &it->second.uid;
  }
  const std::string* code(acd::AgentId agent) const {
    auto it = calls_.find(agent);
    return it == calls_.end() ? nullptr : &it->second.code;
  }
  // The agent gave the call it wraps up a code (last_call() is not null).
  void set_code(acd::AgentId agent, std::string code) { calls_[agent].code = std::move(code); }

 private:
  struct LastCall {
    std::string uid, code;
  };
  std::unordered_map<acd::AgentId, LastCall> calls_;
  std::unordered_set<acd::AgentId> in_wrap_up_;
};

}  // namespace hotline::server
