#include "center/outbound/outbound_calls.h"

#include <algorithm>

#include "center/acd/routing_engine.h"
#include "center/call_center.h"

namespace hotline::center {

namespace {

using DType = dialer::Command::Type;
using Type = CenterCommand::Type;

// An outbound call's id: the bit, its campaign, the dialer's number of it.
constexpr int kCampaignShift = 40;
constexpr CallId kDialerCallMask = (CallId{1} << kCampaignShift) - 1;

CallId center_id(std::uint32_t campaign, dialer::CallId call) {
  return kOutboundCallBit | (CallId{campaign} << kCampaignShift) | (call & kDialerCallMask);
}

struct Campaign {
  std::string name;
  std::unique_ptr<dialer::Dialer> dialer;
  dialer::Mode mode = dialer::Mode::kProgressive;
  Duration wrap_up = 0;
  bool running = false;
  std::vector<acd::AgentId> agents;
  std::vector<dialer::Command> out;  // the dialer's decisions, not yet carried out
};

struct AgentLink {
  std::int64_t campaign = -1;  // the campaign it works, if any
  bool on_call = false;        // in the campaign's call or its wrap-up
};

}  // namespace

struct OutboundCalls::State {
  explicit State(const acd::RoutingEngine& r) : routing(r) {}

  const acd::RoutingEngine& routing;
  std::vector<Campaign> campaigns;
  std::vector<AgentLink> links;           // by agent
  std::vector<acd::AgentId> changed;      // agents whose routing state changed
  IdMap<acd::AgentId> connected;          // calls talking, by center id: their agents
  std::vector<dialer::Command> batch;     // scratch
  std::vector<acd::Event> pending_route;  // for the routing core, out with the next settle

  // The campaign of an outbound call id, if it names one.
  Campaign* campaign_of(CallId call, dialer::CallId* dcall) {
    if (!is_outbound_call(call)) return nullptr;
    const std::uint64_t index = (call & ~kOutboundCallBit) >> kCampaignShift;
    if (index >= campaigns.size()) return nullptr;
    *dcall = call & kDialerCallMask;
    return &campaigns[index];
  }
  Campaign* campaign_of_agent(acd::AgentId a) {
    const std::int64_t c = link(a).campaign;
    return c < 0 ? nullptr : &campaigns[static_cast<std::size_t>(c)];
  }
  AgentLink& link(acd::AgentId a) {
    if (a >= links.size()) links.resize(a + 1);
    return links[a];
  }

  // The dialer follows the routing core: the agent is the campaign's while it is ready.
  void sync(acd::AgentId a, Time now) {
    AgentLink& l = link(a);
    if (l.campaign < 0) return;
    Campaign& c = campaigns[static_cast<std::size_t>(l.campaign)];
    const acd::AgentState state = routing.agent(a).state;
    if (l.on_call) {
      if (state == acd::AgentState::kTalking || state == acd::AgentState::kWrapUp) return;
      l.on_call = false;
    }
    if (state == acd::AgentState::kReady)
      c.dialer->agent_ready(a, now, c.out);
    else
      c.dialer->agent_away(a, now, c.out);
  }

  // Inbound first: no new numbers while calls wait that the campaign's agents could take.
  bool inbound_waiting(const Campaign& c) const {
    for (acd::QueueId q = 0; q < routing.model().queues.size(); ++q) {
      if (routing.waiting_calls(q) == 0) continue;
      for (acd::AgentId a : c.agents)
        if (routing.serves(a, q)) return true;
    }
    return false;
  }

  void carry_out(std::uint32_t index, const dialer::Command& d, std::vector<CenterCommand>& out,
                 std::vector<acd::Event>& to_route, Time now) {
    const Campaign& c = campaigns[index];
    const CallId id = d.call ? center_id(index, d.call) : 0;
    const auto emit = [&](Type type) -> CenterCommand& {
      CenterCommand& command = out.emplace_back();
      command.type = type;
      command.call = id;
      command.campaign = index;
      command.lead = d.lead;
      return command;
    };
    switch (d.type) {
      case DType::kDial: {
        CenterCommand& dial = emit(Type::kDialOut);
        dial.number = d.number;
        dial.agent = c.mode == dialer::Mode::kPredictive ? acd::kNoAgent : d.agent;
        break;
      }
      case DType::kConnect:
        link(d.agent).on_call = true;
        connected[id] = d.agent;
        to_route.push_back(acd::Event{acd::EventType::kOutboundStarted, now, id, d.agent});
        emit(Type::kConnect).agent = d.agent;
        break;
      case DType::kAbandon:
        emit(Type::kAbandonOutbound);
        break;
      case DType::kHangUp:
        emit(Type::kHangup).why = "machine";
        break;
      case DType::kPreview: {
        CenterCommand& preview = emit(Type::kPreview);
        preview.agent = d.agent;
        preview.number = d.number;
        break;
      }
      case DType::kLeadDone: {
        CenterCommand& done = emit(Type::kLeadDone);
        done.number = d.number;
        done.why = dialer::outcome_name(d.outcome);
        done.retry_at = d.retry_at;
        break;
      }
      case DType::kNeedLeads:
        emit(Type::kNeedLeads).count = d.count;
        break;
    }
  }
};

OutboundCalls::OutboundCalls(const acd::RoutingEngine& routing)
    : state_(std::make_unique<State>(routing)) {}
OutboundCalls::~OutboundCalls() = default;

std::uint32_t OutboundCalls::add(std::string name, const dialer::CampaignRules& rules,
                                 Duration wrap_up) {
  Campaign c;
  c.name = std::move(name);
  c.dialer = std::make_unique<dialer::Dialer>(rules);
  c.mode = rules.mode;
  c.wrap_up = wrap_up;
  std::vector<dialer::Command> none;
  c.dialer->set_running(false, 0, none);
  state_->campaigns.push_back(std::move(c));
  return static_cast<std::uint32_t>(state_->campaigns.size() - 1);
}

std::optional<std::uint32_t> OutboundCalls::find(const std::string& name) const {
  for (std::uint32_t i = 0; i < state_->campaigns.size(); ++i)
    if (state_->campaigns[i].name == name) return i;
  return std::nullopt;
}

std::size_t OutboundCalls::size() const {
  return state_->campaigns.size();
}

const std::string& OutboundCalls::name(std::uint32_t campaign) const {
  return state_->campaigns.at(campaign).name;
}

const dialer::Dialer& OutboundCalls::dialer(std::uint32_t campaign) const {
  return *state_->campaigns.at(campaign).dialer;
}

void OutboundCalls::set_rules(std::uint32_t campaign, const dialer::CampaignRules& rules,
                              Duration wrap_up) {
  Campaign& c = state_->campaigns.at(campaign);
  c.dialer->set_rules(rules);
  c.mode = rules.mode;
  c.wrap_up = wrap_up;
}

void OutboundCalls::set_agents(std::uint32_t campaign, const std::vector<acd::AgentId>& agents,
                               Time now) {
  State& s = *state_;
  Campaign& c = s.campaigns.at(campaign);
  // Those no longer in it leave; those given to it leave any other campaign.
  for (acd::AgentId a : c.agents)
    if (std::find(agents.begin(), agents.end(), a) == agents.end()) {
      c.dialer->agent_away(a, now, c.out);
      s.link(a).campaign = -1;
    }
  for (acd::AgentId a : agents) {
    AgentLink& l = s.link(a);
    if (l.campaign == campaign) continue;
    if (l.campaign >= 0) {
      Campaign& other = s.campaigns[static_cast<std::size_t>(l.campaign)];
      other.dialer->agent_away(a, now, other.out);
      other.agents.erase(std::remove(other.agents.begin(), other.agents.end(), a),
                         other.agents.end());
    }
    l.campaign = campaign;
    l.on_call = false;
    s.changed.push_back(a);
  }
  c.agents = agents;
}

void OutboundCalls::set_running(std::uint32_t campaign, bool running, Time now) {
  Campaign& c = state_->campaigns.at(campaign);
  c.running = running;
  if (!running) c.dialer->set_running(false, now, c.out);
  // Starting waits for settle(), which looks at inbound first.
}

void OutboundCalls::add_leads(std::uint32_t campaign, std::vector<dialer::Lead> leads, Time now) {
  Campaign& c = state_->campaigns.at(campaign);
  c.dialer->add_leads(std::move(leads), now, c.out);
}

void OutboundCalls::answered(CallId call, bool person, Time now) {
  dialer::CallId d = 0;
  if (Campaign* c = state_->campaign_of(call, &d))
    c->dialer->call_answered(d, person ? dialer::Outcome::kHuman : dialer::Outcome::kMachine, now,
                             c->out);
}

void OutboundCalls::failed(CallId call, dialer::Outcome why, Time now) {
  dialer::CallId d = 0;
  if (Campaign* c = state_->campaign_of(call, &d)) c->dialer->call_failed(d, why, now, c->out);
}

bool OutboundCalls::talk_ended(CallId call, Time now) {
  State& s = *state_;
  dialer::CallId d = 0;
  Campaign* c = s.campaign_of(call, &d);
  const acd::AgentId* agent = c ? s.connected.find(call) : nullptr;
  if (!agent) return false;
  const acd::AgentId a = *agent;
  s.connected.erase(call);
  c->dialer->talk_ended(d, c->wrap_up, now, c->out);
  // The routing core wraps up with it.
  acd::Event ended{acd::EventType::kOutboundEnded, now, call, a};
  ended.wrap_up = c->wrap_up;
  s.pending_route.push_back(ended);
  return true;
}

void OutboundCalls::preview_dial(acd::AgentId agent, Time now) {
  if (Campaign* c = state_->campaign_of_agent(agent)) c->dialer->preview_dial(agent, now, c->out);
}

void OutboundCalls::preview_skip(acd::AgentId agent, Time now) {
  if (Campaign* c = state_->campaign_of_agent(agent)) c->dialer->preview_skip(agent, now, c->out);
}

void OutboundCalls::tick(Time now) {
  for (Campaign& c : state_->campaigns)
    if (c.dialer->next_timer() <= now) c.dialer->tick(now, c.out);
}

Time OutboundCalls::next_timer() const {
  Time next = kNever;
  for (const Campaign& c : state_->campaigns)
    next = std::min(next, c.dialer->next_timer());
  return next;
}

void OutboundCalls::agent_changed(acd::AgentId agent) {
  State& s = *state_;
  if (agent < s.links.size() && s.links[agent].campaign >= 0) s.changed.push_back(agent);
}

bool OutboundCalls::settle(Time now, std::vector<CenterCommand>& out,
                           std::vector<acd::Event>& to_route) {
  State& s = *state_;
  to_route.insert(to_route.end(), s.pending_route.begin(), s.pending_route.end());
  s.pending_route.clear();
  for (;;) {
    std::vector<acd::AgentId> changed;
    changed.swap(s.changed);
    for (acd::AgentId a : changed)
      s.sync(a, now);
    for (Campaign& c : s.campaigns) {
      const bool dial = c.running && !s.inbound_waiting(c);
      if (dial != c.dialer->running()) c.dialer->set_running(dial, now, c.out);
    }
    bool any = false;
    for (std::uint32_t i = 0; i < s.campaigns.size(); ++i) {
      if (s.campaigns[i].out.empty()) continue;
      any = true;
      s.batch.clear();
      s.batch.swap(s.campaigns[i].out);
      for (const dialer::Command& d : s.batch)
        s.carry_out(i, d, out, to_route, now);
    }
    if (!any && s.changed.empty()) break;
  }
  return !to_route.empty();
}

}  // namespace hotline::center
