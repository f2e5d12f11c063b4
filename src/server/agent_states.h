#pragma once
// AgentStates: agents' states as their phones and desktops change them. A phone's
// registration logs its agent in; the feature codes dialled from a phone (*1, *2N, *0)
// and the desktop's buttons go through one gate (act()) that knows what each state
// allows. It keeps the agents' names, how each is reached (AgentPhones) and the reason
// codes agents may give; the states themselves are the routing core's.
//
// Thread-safety: the core thread only.

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "api/api_service.h"
#include "center/call_center.h"
#include "common/time.h"
#include "config/center_config.h"
#include "server/agent_phones.h"
#include "server/call_hub.h"

namespace hotline::server::detail {

class AgentStates {
 public:
  // `center`, `clock` and `core` must outlive the part; changes of state go through `core`.
  AgentStates(center::CallCenter& center, const Clock& clock, const config::CenterConfig& config,
              CoreSteps& core);

  // The agents' names, by id.
  const std::vector<std::string>& names() const { return names_; }
  const std::string& name(acd::AgentId agent) const { return names_[agent]; }
  std::optional<acd::AgentId> find(const std::string& name) const;
  const AgentPhones& phones() const { return phones_; }

  // A phone's registration (new or refreshed) logs its agent in, unless the agent is
  // already in, or logged out with *0 and has not asked back in.
  void phone_registered(const std::string& agent);
  // A phone gone logs its agent out, unless a remote seat still reaches it.
  void phone_unregistered(const std::string& agent);
  // A remote seat is always reachable, like a phone that never unregisters.
  void log_in_remote_seats();

  // Log in, ready, not ready (with `reason`), wrap-up done, log out, from the phone or the
  // desktop. Logging in and ready need a phone to ring (registered, or a remote seat).
  // The call's controls are not agents' states: kWrongState.
  api::ActionResult act(acd::AgentId agent, api::AgentAction action, acd::ReasonId reason);
  // Feature codes dialled from an agent's phone (docs/telephony.md):
  //   *1 ready (logs in, ends wrap-up), *2 not ready (*2N: reason N), *0 log out.
  // Returns what to say back, or "" for a code that means nothing.
  std::string feature_code(acd::AgentId agent, const std::string& code);

  // The reason codes agents may give: the configuration's, and the core's no_answer.
  // Codes taken out stay known to the core for agents not ready with them.
  const std::vector<std::string>& reasons() const { return reasons_; }
  void set_reasons(const std::vector<std::string>& reasons);
  // The core's id of a reason code agents may give; nothing for others.
  std::optional<acd::ReasonId> reason_id(const std::string& code) const;

 private:
  void send(acd::AgentId agent, acd::EventType type, acd::ReasonId reason = 0);

  center::CallCenter& center_;
  const Clock& clock_;
  CoreSteps& core_;
  std::vector<std::string> names_;
  std::unordered_map<std::string, acd::AgentId> ids_;
  AgentPhones phones_;
  std::vector<std::string> reasons_;
};

}  // namespace hotline::server::detail
