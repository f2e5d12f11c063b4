#include "center/call_center.h"

#include <algorithm>
#include <cctype>
#include <deque>
#include <unordered_map>
#include <unordered_set>

#include "center/outbound/outbound_calls.h"
#include "common/id_map.h"

namespace hotline::center {

using Type = CenterCommand::Type;

struct CallCenter::State {
  State(acd::CenterModel model, ivr::Flow flow, ivr::Calendar calendar)
      : acd(std::move(model)), ivr(std::move(flow), std::move(calendar)) {
    for (acd::QueueId q = 0; q < acd.model().queues.size(); ++q)
      queue_by_name[acd.model().queues[q].name] = q;
  }

  acd::RoutingEngine acd;
  ivr::IvrEngine ivr;
  OutboundCalls outbound{acd};
  std::vector<acd::Event> outbound_events;  // scratch
  bool settling = false;
  std::unordered_map<std::string, acd::QueueId> queue_by_name;
  // The calls in the core: where each is, and its trace so far (one entry: one lookup).
  struct LiveCall {
    CallPhase phase = CallPhase::kGone;
    CallTrace trace;
  };
  // Live calls sit in a pool (references stay valid while other calls come and go),
  // found through a flat id index: every step of every call looks its call up.
  struct LiveCalls {
    LiveCall* find(CallId call) {
      const std::uint32_t* slot = index.find(call);
      return slot ? &pool[*slot] : nullptr;
    }
    const LiveCall* find(CallId call) const {
      const std::uint32_t* slot = index.find(call);
      return slot ? &pool[*slot] : nullptr;
    }
    bool contains(CallId call) const { return index.contains(call); }
    // The call's entry, made if absent.
    LiveCall& operator[](CallId call) {
      if (LiveCall* found = find(call)) return *found;
      std::uint32_t slot;
      if (!free_slots.empty()) {
        slot = free_slots.back();
        free_slots.pop_back();
      } else {
        slot = static_cast<std::uint32_t>(pool.size());
        pool.emplace_back();
      }
      index.try_emplace(call, slot);
      return pool[slot];
    }
    void erase(CallId call) {
      const std::uint32_t* slot = index.find(call);
      if (!slot) return;
      pool[*slot] = LiveCall{};
      free_slots.push_back(*slot);
      index.erase(call);
    }
    IdMap<std::uint32_t> index;
    std::deque<LiveCall> pool;
    std::vector<std::uint32_t> free_slots;
  };
  LiveCalls calls;
  // Virtual hold: queued callers offered a callback, and calls whose caller accepted
  // (their callers are gone; the calls wait in line to be called back).
  std::unordered_set<CallId> callback_offered;
  std::unordered_set<CallId> callbacks;
  std::vector<CallTrace> finished;
  std::vector<acd::Command> acd_out;
  std::vector<ivr::IvrCommand> ivr_out;
  std::vector<CenterCommand>* out = nullptr;
  Time now = 0;

  void emit(CenterCommand command) { out->push_back(std::move(command)); }
  // The same, made in place: the commands every call causes (queued, ring, connect, the
  // agents' states) skip building a temporary of seven strings and moving it.
  CenterCommand& emit(Type type, CallId call) {
    CenterCommand& c = out->emplace_back();
    c.type = type;
    c.call = call;
    return c;
  }

  // Ends the call in the core: its trace is complete and handed over. A call that goes
  // on (transferred to a queue or an agent) keeps its IVR state for the next trace.
  void finish(CallId call, Disposition disposition, HangupSide side, std::string cause = {},
              bool goes_on = false) {
    if (!callback_offered.empty()) callback_offered.erase(call);
    if (!goes_on && !callbacks.empty()) callbacks.erase(call);
    if (LiveCall* live = calls.find(call)) {
      CallTrace& t = live->trace;
      t.ended = now;
      t.disposition = disposition;
      t.side = side;
      t.cause = std::move(cause);
      if (!ivr.flow().nodes.empty()) t.ivr_path = ivr.path_header(call);
      finished.push_back(std::move(t));
      calls.erase(call);
    }
    if (!goes_on && !ivr.flow().nodes.empty()) ivr.forget(call);
  }

  void enter_queue(CallId call, acd::QueueId queue, int priority,
                   acd::AgentId agent = acd::kNoAgent) {
    LiveCall& live = calls[call];
    CallTrace& t = live.trace;
    if (live.phase == CallPhase::kIvr) t.ivr_exit = now;
    t.queued = now;
    t.queue = acd.model().queues[queue].name;
    t.sl_threshold = acd.model().queues[queue].sl_threshold;
    live.phase = CallPhase::kQueued;
    CenterCommand& queued = emit(Type::kQueued, call);
    queued.queue = t.queue;
    queued.since = now;
    route(acd::Event{acd::EventType::kCallArrived, now, call, agent, queue, priority});
  }

  void route(const acd::Event& e) {
    acd_out.clear();
    acd.handle(e, acd_out);
    for (const acd::Command& c : acd_out)
      from_routing(c);
    if (!settling && outbound.size() > 0) settle();
  }

  // The campaigns follow the routing core's agents; what their dialers decide is carried
  // out, and routed, until nothing more comes of it.
  void settle() {
    settling = true;
    for (;;) {
      outbound_events.clear();
      if (!outbound.settle(now, *out, outbound_events)) break;
      const std::vector<acd::Event> events = outbound_events;
      for (const acd::Event& e : events)
        route(e);
    }
    settling = false;
  }

  void from_routing(const acd::Command& c) {
    switch (c.type) {
      case acd::CommandType::kOfferCall: {
        CallTrace& t = calls[c.call].trace;
        if (t.offered == 0) t.offered = now;
        ++t.offers;
        CenterCommand& ring = emit(Type::kRingAgent, c.call);
        ring.agent = c.agent;
        if (c.is_callback()) {  // the number to call and the queue it waited in
          ring.queue = t.queue;
          ring.number = t.caller;
          ring.callback = true;
        }
        break;
      }
      case acd::CommandType::kCancelOffer:
        emit(Type::kStopRinging, c.call).agent = c.agent;
        break;
      case acd::CommandType::kConnect: {
        LiveCall& live = calls[c.call];
        live.phase = CallPhase::kTalking;
        CallTrace& t = live.trace;
        t.answered = now;
        t.agent = c.agent;
        CenterCommand& connect = emit(Type::kConnect, c.call);
        connect.agent = c.agent;
        connect.wait = c.wait;
        break;
      }
      case acd::CommandType::kAnnouncePosition:
        emit({.type = Type::kAnnounce, .call = c.call, .position = c.position(), .wait = c.wait});
        break;
      case acd::CommandType::kOfferVoicemail:
        emit({.type = Type::kOfferVoicemail, .call = c.call});
        break;
      case acd::CommandType::kOfferCallback: {
        // Only a number we can dial back: not an anonymous caller.
        const std::string& number = calls[c.call].trace.caller;
        const bool dialable =
            !number.empty() && std::all_of(number.begin(), number.end(), [](char ch) {
              return std::isdigit(static_cast<unsigned char>(ch)) || ch == '+';
            });
        if (!dialable || callbacks.count(c.call)) break;
        callback_offered.insert(c.call);
        emit({.type = Type::kOfferCallback, .call = c.call, .number = number});
        break;
      }
      case acd::CommandType::kOverflowToTarget: {
        const std::string& target = acd.model().queues[c.queue].overflow[c.overflow_rule()].target;
        emit({.type = Type::kTransfer, .call = c.call, .number = target});
        finish(c.call, Disposition::kOverflowed, HangupSide::kCenter, target);
        break;
      }
      case acd::CommandType::kRejectCall: {
        static const char* kWhy[] = {"queue_full", "max_wait", "unknown_queue"};
        const char* why = kWhy[std::clamp(static_cast<int>(c.reject_reason()), 0, 2)];
        emit({.type = Type::kHangup, .call = c.call, .why = why});
        finish(c.call, Disposition::kRejected, HangupSide::kCenter, why);
        break;
      }
      case acd::CommandType::kAgentStateChanged: {
        outbound.agent_changed(c.agent);
        CenterCommand& state = emit(Type::kAgentState, 0);
        state.agent = c.agent;
        state.state = c.agent_state();
        // The reason code's name when the agent is not ready ("break", "no_answer").
        if (state.state == acd::AgentState::kNotReady && c.reason < acd.model().reasons.size())
          state.reason = acd.model().reasons[c.reason];
        break;
      }
      case acd::CommandType::kCallQueued:
      case acd::CommandType::kMoveToQueue:
        break;
    }
  }

  void from_ivr(CallId call) {
    // A copy: handling a command may run the IVR again (tick) and refill ivr_out.
    const std::vector<ivr::IvrCommand> commands = ivr_out;
    for (const ivr::IvrCommand& c : commands) {
      switch (c.type) {
        case ivr::IvrCommandType::kPlay:
          emit({.type = Type::kPlay, .call = call, .prompt = c.text});
          break;
        case ivr::IvrCommandType::kStopPlaying:
          emit({.type = Type::kStopPlaying, .call = call});
          break;
        case ivr::IvrCommandType::kLookup:
          emit({.type = Type::kLookup, .call = call, .service = c.text, .lookup_key = c.key});
          break;
        case ivr::IvrCommandType::kEnterQueue: {
          auto q = queue_by_name.find(c.text);
          if (q == queue_by_name.end()) {  // config validation prevents this; stay safe
            emit({.type = Type::kHangup, .call = call, .why = "unknown_queue"});
            finish(call, Disposition::kRejected, HangupSide::kCenter, "unknown_queue");
          } else {
            enter_queue(call, q->second, c.priority);
          }
          break;
        }
        case ivr::IvrCommandType::kTransfer:
          emit({.type = Type::kTransfer, .call = call, .number = c.text});
          finish(call, Disposition::kTransferred, HangupSide::kCenter, c.text);
          break;
        case ivr::IvrCommandType::kHangup:
          emit({.type = Type::kHangup, .call = call, .why = "ivr"});
          finish(call, Disposition::kIvrCompleted, HangupSide::kCenter, "ivr");
          break;
      }
    }
  }

  // The caller pressed 1 after a callback offer: its part of the call ends (kCallback)
  // and the rest is the callback, still in line where the caller was.
  void accept_callback(CallId call) {
    route(acd::Event{acd::EventType::kCallbackAccepted, now, call});
    const CallTrace first = calls[call].trace;
    finish(call, Disposition::kCallback, HangupSide::kCaller, "callback", true);
    callbacks.insert(call);
    LiveCall& live = calls[call];
    live.phase = CallPhase::kQueued;
    CallTrace& next = live.trace;
    next.call = call;
    next.caller = first.caller;
    next.arrived = now;
    next.queued = first.queued;
    next.queue = first.queue;
    next.sl_threshold = first.sl_threshold;
    next.callback = true;
    emit({.type = Type::kCallbackAccepted, .call = call, .number = first.caller});
  }

  void begin(std::vector<CenterCommand>& o, Time t) {
    out = &o;
    now = std::max(now, t);
    ivr_out.clear();
  }
};

CallCenter::CallCenter(acd::CenterModel model, ivr::Flow flow, ivr::Calendar calendar)
    : state_(std::make_unique<State>(std::move(model), std::move(flow), std::move(calendar))) {}
CallCenter::~CallCenter() = default;

void CallCenter::call_arrived(CallId call, Time now, const std::string& caller_number,
                              std::vector<CenterCommand>& out, const CallEntry& entry) {
  State& s = *state_;
  s.begin(out, now);
  if (s.calls.contains(call)) return;
  State::LiveCall& live = s.calls[call];
  CallTrace& t = live.trace;
  t.call = call;
  t.caller = caller_number;
  t.arrived = s.now;
  if (entry.queue != acd::kNoQueue) {
    if (entry.queue >= s.acd.model().queues.size()) {
      s.emit({.type = Type::kHangup, .call = call, .why = "unknown_queue"});
      s.finish(call, Disposition::kRejected, HangupSide::kCenter, "unknown_queue");
      return;
    }
    s.enter_queue(call, entry.queue, entry.priority);
    return;
  }
  if (s.ivr.flow().nodes.empty()) {
    if (s.acd.model().queues.empty()) {
      s.emit({.type = Type::kHangup, .call = call, .why = "no_queue"});
      s.finish(call, Disposition::kRejected, HangupSide::kCenter, "no_queue");
      return;
    }
    s.enter_queue(call, 0, 0);  // no IVR: straight to the first queue
    return;
  }
  live.phase = CallPhase::kIvr;
  s.ivr.start(call, s.now, {{"ani", caller_number}}, s.ivr_out);
  s.from_ivr(call);
}

void CallCenter::key(CallId call, char key, Time now, std::vector<CenterCommand>& out) {
  State& s = *state_;
  s.begin(out, now);
  if (phase(call) == CallPhase::kQueued && key == '1' && s.callback_offered.count(call))
    return s.accept_callback(call);
  if (phase(call) != CallPhase::kIvr) return;
  s.ivr.key(call, key, s.now, s.ivr_out);
  s.from_ivr(call);
}

void CallCenter::prompt_finished(CallId call, Time now, std::vector<CenterCommand>& out) {
  State& s = *state_;
  s.begin(out, now);
  if (phase(call) != CallPhase::kIvr) return;
  s.ivr.prompt_finished(call, s.now, s.ivr_out);
  s.from_ivr(call);
}

void CallCenter::lookup_result(CallId call, bool ok,
                               const std::map<std::string, std::string>& values, Time now,
                               std::vector<CenterCommand>& out) {
  State& s = *state_;
  s.begin(out, now);
  if (phase(call) != CallPhase::kIvr) return;
  s.ivr.lookup_result(call, ok, values, s.now, s.ivr_out);
  s.from_ivr(call);
}

void CallCenter::caller_hung_up(CallId call, Time now, std::vector<CenterCommand>& out) {
  State& s = *state_;
  s.begin(out, now);
  if (s.callbacks.count(call)) return;  // it left its number: the call keeps its place
  Disposition disposition = Disposition::kAbandoned;
  switch (phase(call)) {
    case CallPhase::kIvr:
      s.ivr.caller_hung_up(call, s.now);
      disposition = Disposition::kAbandonedIvr;
      break;
    case CallPhase::kQueued:
      s.route(acd::Event{acd::EventType::kCallAbandoned, s.now, call});
      break;
    case CallPhase::kTalking:
      s.route(acd::Event{acd::EventType::kCallEnded, s.now, call});
      disposition = Disposition::kAnswered;
      break;
    case CallPhase::kGone:
      return;
  }
  s.finish(call, disposition, HangupSide::kCaller);
}

void CallCenter::agent_event(acd::EventType type, acd::AgentId agent, CallId call, Time now,
                             std::vector<CenterCommand>& out, acd::ReasonId reason) {
  State& s = *state_;
  s.begin(out, now);
  s.route(acd::Event{type, s.now, call, agent, acd::kNoQueue, 0, reason});
}

void CallCenter::call_ended(CallId call, Time now, std::vector<CenterCommand>& out,
                            HangupSide side) {
  State& s = *state_;
  s.begin(out, now);
  if (is_outbound_call(call)) {
    if (s.outbound.talk_ended(call, s.now)) s.settle();
    return;
  }
  if (phase(call) == CallPhase::kGone) return;
  s.route(acd::Event{acd::EventType::kCallEnded, s.now, call});
  s.finish(call, Disposition::kAnswered, side);
}

std::uint32_t CallCenter::add_campaign(std::string name, const dialer::CampaignRules& rules,
                                       Duration wrap_up) {
  return state_->outbound.add(std::move(name), rules, wrap_up);
}

std::optional<std::uint32_t> CallCenter::find_campaign(const std::string& name) const {
  return state_->outbound.find(name);
}

const std::string& CallCenter::campaign_name(std::uint32_t campaign) const {
  return state_->outbound.name(campaign);
}

const dialer::Dialer& CallCenter::campaign_dialer(std::uint32_t campaign) const {
  return state_->outbound.dialer(campaign);
}

void CallCenter::set_campaign_rules(std::uint32_t campaign, const dialer::CampaignRules& rules,
                                    Duration wrap_up) {
  state_->outbound.set_rules(campaign, rules, wrap_up);
}

void CallCenter::set_campaign_agents(std::uint32_t campaign,
                                     const std::vector<acd::AgentId>& agents, Time now,
                                     std::vector<CenterCommand>& out) {
  State& s = *state_;
  s.begin(out, now);
  s.outbound.set_agents(campaign, agents, s.now);
  s.settle();
}

void CallCenter::set_campaign_running(std::uint32_t campaign, bool running, Time now,
                                      std::vector<CenterCommand>& out) {
  State& s = *state_;
  s.begin(out, now);
  s.outbound.set_running(campaign, running, s.now);
  s.settle();
}

void CallCenter::add_campaign_leads(std::uint32_t campaign, std::vector<dialer::Lead> leads,
                                    Time now, std::vector<CenterCommand>& out) {
  State& s = *state_;
  s.begin(out, now);
  s.outbound.add_leads(campaign, std::move(leads), s.now);
  s.settle();
}

void CallCenter::outbound_answered(CallId call, bool person, Time now,
                                   std::vector<CenterCommand>& out) {
  State& s = *state_;
  s.begin(out, now);
  s.outbound.answered(call, person, s.now);
  s.settle();
}

void CallCenter::outbound_failed(CallId call, dialer::Outcome why, Time now,
                                 std::vector<CenterCommand>& out) {
  State& s = *state_;
  s.begin(out, now);
  s.outbound.failed(call, why, s.now);
  s.settle();
}

void CallCenter::preview_dial(acd::AgentId agent, Time now, std::vector<CenterCommand>& out) {
  State& s = *state_;
  s.begin(out, now);
  s.outbound.preview_dial(agent, s.now);
  s.settle();
}

void CallCenter::preview_skip(acd::AgentId agent, Time now, std::vector<CenterCommand>& out) {
  State& s = *state_;
  s.begin(out, now);
  s.outbound.preview_skip(agent, s.now);
  s.settle();
}

void CallCenter::callback_failed(CallId call, const std::string& why, Time now,
                                 std::vector<CenterCommand>& out, HangupSide side) {
  State& s = *state_;
  s.begin(out, now);
  if (phase(call) != CallPhase::kTalking || !s.callbacks.count(call)) return;
  s.route(acd::Event{acd::EventType::kCallEnded, s.now, call});
  s.finish(call, Disposition::kCallbackFailed, side, why);
}

TransferResult CallCenter::check_transfer(CallId call, const TransferTarget& to) const {
  const State& s = *state_;
  const State::LiveCall* live = s.calls.find(call);
  if (!live || live->phase != CallPhase::kTalking) return TransferResult::kNotTalking;
  if (to.kind == TransferTarget::Kind::kAgent &&
      (to.agent >= s.acd.model().agents.size() || to.agent == live->trace.agent ||
       s.acd.agent(to.agent).state != acd::AgentState::kReady))
    return TransferResult::kAgentNotReady;
  if (to.kind == TransferTarget::Kind::kIvr)
    return s.ivr.flow().find(to.ivr_node) == ivr::kNoNode ? TransferResult::kUnknownNode
                                                          : TransferResult::kDone;
  if (to.kind != TransferTarget::Kind::kNumber &&
      !s.queue_by_name.count(transfer_queue(live->trace, to)))
    return TransferResult::kUnknownQueue;
  return TransferResult::kDone;
}

const std::string& CallCenter::transfer_queue(const CallTrace& t, const TransferTarget& to) {
  return to.kind == TransferTarget::Kind::kQueue || !to.queue.empty() ? to.queue : t.queue;
}

TransferResult CallCenter::transfer(CallId call, const TransferTarget& to, Time now,
                                    std::vector<CenterCommand>& out) {
  State& s = *state_;
  s.begin(out, now);
  if (TransferResult r = check_transfer(call, to); r != TransferResult::kDone) return r;
  const CallTrace& t = s.calls[call].trace;
  const acd::AgentId by = t.agent;
  const std::string caller = t.caller;
  std::string target = to.number;
  acd::QueueId queue = acd::kNoQueue;
  if (to.kind == TransferTarget::Kind::kIvr) {
    s.route(acd::Event{acd::EventType::kCallEnded, s.now, call});
    s.finish(call, Disposition::kAnswered, HangupSide::kAgent, "transfer:ivr:" + to.ivr_node, true);
    State::LiveCall& live = s.calls[call];
    live.phase = CallPhase::kIvr;
    CallTrace& next = live.trace;
    next.call = call;
    next.caller = caller;
    next.arrived = s.now;
    next.transferred_by = by;
    s.ivr.reenter(call, s.ivr.flow().find(to.ivr_node), s.now, s.ivr_out);
    s.from_ivr(call);
    return TransferResult::kDone;
  }
  if (to.kind != TransferTarget::Kind::kNumber) {
    queue = s.queue_by_name.at(transfer_queue(t, to));
    target =
        to.kind == TransferTarget::Kind::kAgent ? s.acd.model().agents[to.agent].name : to.queue;
  }
  s.route(acd::Event{acd::EventType::kCallEnded, s.now, call});
  if (queue == acd::kNoQueue) {
    s.emit({.type = Type::kTransfer, .call = call, .number = target});
    s.finish(call, Disposition::kAnswered, HangupSide::kAgent, "transfer:" + target);
    return TransferResult::kDone;
  }
  s.finish(call, Disposition::kAnswered, HangupSide::kAgent, "transfer:" + target, true);
  State::LiveCall& live = s.calls[call];
  live.phase = CallPhase::kQueued;  // not the IVR: no IVR exit time for this part
  CallTrace& next = live.trace;
  next.call = call;
  next.caller = caller;
  next.arrived = s.now;
  next.transferred_by = by;
  s.enter_queue(call, queue, 0, to.kind == TransferTarget::Kind::kAgent ? to.agent : acd::kNoAgent);
  return TransferResult::kDone;
}

void CallCenter::take_finished(std::vector<CallTrace>& out) {
  if (out.empty()) {  // the usual case: hand the whole list over
    out.swap(state_->finished);
    return;
  }
  for (CallTrace& t : state_->finished)
    out.push_back(std::move(t));
  state_->finished.clear();
}

const char* disposition_name(Disposition d) {
  switch (d) {
    case Disposition::kAnswered:
      return "answered";
    case Disposition::kAbandoned:
      return "abandoned";
    case Disposition::kAbandonedIvr:
      return "abandoned_ivr";
    case Disposition::kIvrCompleted:
      return "ivr_completed";
    case Disposition::kTransferred:
      return "transferred";
    case Disposition::kOverflowed:
      return "overflowed";
    case Disposition::kRejected:
      return "rejected";
    case Disposition::kCallback:
      return "callback";
    case Disposition::kCallbackFailed:
      return "callback_failed";
  }
  return "unknown";
}

const char* hangup_side_name(HangupSide s) {
  switch (s) {
    case HangupSide::kCaller:
      return "caller";
    case HangupSide::kAgent:
      return "agent";
    case HangupSide::kCenter:
      return "center";
  }
  return "unknown";
}

void CallCenter::tick(Time now, std::vector<CenterCommand>& out) {
  State& s = *state_;
  s.begin(out, now);
  // IVR timers first; each command names its call.
  s.ivr.tick(s.now, s.ivr_out);
  const std::vector<ivr::IvrCommand> fired = s.ivr_out;
  for (const ivr::IvrCommand& c : fired) {
    s.ivr_out = {c};
    s.from_ivr(c.call);
  }
  s.route(acd::Event{acd::EventType::kTick, s.now});
  if (s.outbound.size() > 0) {
    s.outbound.tick(s.now);
    s.settle();
  }
}

Status CallCenter::reconfigure(acd::CenterModel model, ivr::Calendar calendar, Time now,
                               std::vector<CenterCommand>& out) {
  State& s = *state_;
  s.begin(out, now);
  s.acd_out.clear();
  Status done = s.acd.reconfigure(std::move(model), s.now, s.acd_out);
  for (const acd::Command& c : s.acd_out)
    s.from_routing(c);
  if (done.ok()) s.ivr.set_calendar(std::move(calendar));
  return done;
}

Time CallCenter::next_timer() const {
  return std::min(
      {state_->acd.next_timer(), state_->ivr.next_timer(), state_->outbound.next_timer()});
}

CallPhase CallCenter::phase(CallId call) const {
  const State::LiveCall* live = state_->calls.find(call);
  return live ? live->phase : CallPhase::kGone;
}

std::vector<std::string> CallCenter::callback_numbers() const {
  std::vector<std::string> numbers;
  for (CallId call : state_->callbacks)
    if (const State::LiveCall* live = state_->calls.find(call))
      numbers.push_back(live->trace.caller);
  return numbers;
}

void CallCenter::restore_agent_day(acd::AgentId agent, std::uint32_t calls, Duration talk,
                                   Duration wrap_up) {
  state_->acd.restore_daily_counters(agent, calls, talk, wrap_up);
}

const acd::RoutingEngine& CallCenter::routing() const {
  return state_->acd;
}
const ivr::IvrEngine& CallCenter::ivr() const {
  return state_->ivr;
}

}  // namespace hotline::center
