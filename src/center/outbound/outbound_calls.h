#pragma once
// OutboundCalls: the center's outbound campaigns inside the pure core — one Dialer per
// campaign (center/dialer), the calls they place, and their agents, who are the routing
// core's agents too. Internal to CallCenter, which owns it and routes for it.
//
// Blending: an agent works one campaign at a time and is the dialer's only while the
// routing core has it ready; an inbound call offered to it, a break or a logout takes it
// from the dialer at once (the dialer's call connects to another agent or is abandoned),
// and while inbound calls wait that a campaign's agents could take, the campaign dials no
// new numbers: inbound first. A call the dialer connects makes the agent busy in the
// routing core (kOutboundStarted); when it ends, the agent wraps up for the campaign's
// wrap-up time in both (kOutboundEnded with wrap_up), so the pacer knows when it is free.
//
// Outbound calls get ids of their own (kOutboundCallBit set), apart from the adapter's.
//
// Thread-safety: none; the core thread owns it.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "center/acd/events.h"
#include "center/dialer/dialer.h"
#include "common/id_map.h"
#include "common/time.h"

namespace hotline::acd {
class RoutingEngine;
}

namespace hotline::center {

struct CenterCommand;
using CallId = std::uint64_t;

constexpr CallId kOutboundCallBit = CallId{1} << 62;
inline bool is_outbound_call(CallId call) {
  return (call & kOutboundCallBit) != 0;
}

class OutboundCalls {
 public:
  explicit OutboundCalls(const acd::RoutingEngine& routing);
  ~OutboundCalls();
  OutboundCalls(const OutboundCalls&) = delete;
  OutboundCalls& operator=(const OutboundCalls&) = delete;

  // Campaigns, numbered from 0 as added; a new one is paused and has no agents.
  std::uint32_t add(std::string name, const dialer::CampaignRules& rules, Duration wrap_up);
  std::optional<std::uint32_t> find(const std::string& name) const;
  std::size_t size() const;
  const std::string& name(std::uint32_t campaign) const;
  const dialer::Dialer& dialer(std::uint32_t campaign) const;
  void set_rules(std::uint32_t campaign, const dialer::CampaignRules& rules, Duration wrap_up);
  // Its agents; an agent given to it leaves the campaign it worked.
  void set_agents(std::uint32_t campaign, const std::vector<acd::AgentId>& agents, Time now);
  void set_running(std::uint32_t campaign, bool running, Time now);
  void add_leads(std::uint32_t campaign, std::vector<dialer::Lead> leads, Time now);

  // The adapter's news about calls out (unknown or finished calls: ignored).
  void answered(CallId call, bool person, Time now);
  void failed(CallId call, dialer::Outcome why, Time now);
  // The talk of a connected call ended; false if `call` is not one.
  bool talk_ended(CallId call, Time now);
  void preview_dial(acd::AgentId agent, Time now);
  void preview_skip(acd::AgentId agent, Time now);
  void tick(Time now);
  Time next_timer() const;

  // The routing core changed the agent's state.
  void agent_changed(acd::AgentId agent);
  // Carries out what the dialers decided: commands for the adapter into `out`, events for
  // the routing core into `to_route` (the caller routes them, then calls again). False
  // when nothing was left to do.
  bool settle(Time now, std::vector<CenterCommand>& out, std::vector<acd::Event>& to_route);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace hotline::center
