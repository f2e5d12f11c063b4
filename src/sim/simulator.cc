#include "sim/simulator.h"

#include <algorithm>
#include <queue>
#include <string>
#include <unordered_map>

#include "center/call_center.h"

namespace hotline::sim {

namespace {

using acd::AgentId;
using acd::AgentState;
using acd::EventType;
using center::CenterCommand;

enum class Phase : std::uint8_t { kIvr, kWaiting, kTalking, kDone };

struct SimCall {
  Phase phase = Phase::kIvr;
  bool voicemail = false;  // left a message: counted as sent away, like an overflow
  bool callback = false;   // left its number: waits in line, its caller gone
  Time queued = 0;
  acd::QueueId queue = acd::kNoQueue;
  std::uint32_t next_key = 0;  // of CallInput::keys
  AgentId answering_agent = acd::kNoAgent;
};

// A timed happening of the simulation itself (the core keeps its own timers).
enum class Happening : std::uint8_t { kAbandon, kHangUp, kAnswer, kPromptDone };
struct Pending {
  Time at;
  std::uint64_t seq;  // keeps equal times in scheduling order: determinism
  Happening what;
  std::uint32_t call;
  bool operator>(const Pending& o) const { return at != o.at ? at > o.at : seq > o.seq; }
};

struct AgentAction {
  Time at;
  EventType type;
  AgentId agent;
};

// What is handed to the core at one instant. Reactions to the core's commands are queued
// as steps too, never fed from inside the loop over its commands.
struct Step {
  enum class Kind : std::uint8_t {
    kArrive,
    kAgent,  // type, agent
    kAnswer,
    kKey,
    kPromptDone,
    kLookupDone,
    kAcceptCallback,
    kAbandon,
    kTalkOver,
    kTick,
  };
  Kind kind;
  std::uint32_t call = 0;  // index into the calls
  EventType type = EventType::kTick;
  AgentId agent = acd::kNoAgent;
};

class Run {
 public:
  Run(const Scenario& s, const std::vector<CallInput>& calls, EventSink* log)
      : s_(s),
        model_(with_break_reason(s.model)),
        center_(model_, s.flow, s.calendar),
        calls_(calls),
        log_(log) {
    stats_.days = s.days;
    stats_.intervals = s.intervals;
    stats_.queues = static_cast<int>(s.model.queues.size());
    // Each queue's calls judged by its own rules, as on the wallboard and in the reports.
    stats_.cells.reserve(static_cast<std::size_t>(s.days) * s.intervals * stats_.queues);
    for (int cell = 0; cell < s.days * s.intervals; ++cell)
      for (const acd::QueueSpec& q : s.model.queues)
        stats_.cells.emplace_back(kpi::rules_for_queue(q.sl_threshold, s.kpi_rules.short_abandon));
    stats_.agent_time.assign(static_cast<std::size_t>(s.days) * s.intervals, {});
    stats_.calls = calls.size();
    horizon_ = static_cast<Time>(s.days - 1) * seconds(86400) + s.intervals * s.interval;
    sim_calls_.resize(calls.size());
    agent_state_.assign(model_.agents.size(), AgentState::kLoggedOut);
    agent_since_.assign(model_.agents.size(), 0);
    for (acd::QueueId q = 0; q < model_.queues.size(); ++q) {
      queue_by_name_[model_.queues[q].name] = q;
      for (const acd::OverflowRule& rule : model_.queues[q].overflow)
        offers_callbacks_ |= rule.action == acd::OverflowAction::kCallback;
    }
    plan_shifts();
  }

  RunStats run() {
    for (;;) {
      const Time arrival = next_call_ < calls_.size() ? calls_[next_call_].arrival : kNever;
      const Time action = next_action_ < actions_.size() ? actions_[next_action_].at : kNever;
      const Time pending = pending_.empty() ? kNever : pending_.top().at;
      const Time core_timer = center_.next_timer();
      const Time timer = core_timer == kNever ? kNever : core_timer - s_.epoch;
      const Time next = std::min({arrival, action, pending, timer});
      if (next == kNever) break;
      // Only the core's own timers left (announcements to callers nobody will serve): stop.
      if (next == timer && arrival == kNever && action == kNever && pending == kNever &&
          timer > horizon_ + seconds(6 * 3600))
        break;
      now_ = next;
      if (timer == next) {
        handle({Step::Kind::kTick});
      } else if (pending == next) {
        const Pending p = pending_.top();
        pending_.pop();
        ++stats_.sim_events;
        happen(p);
      } else if (action == next) {
        const AgentAction& a = actions_[next_action_++];
        ++stats_.sim_events;
        handle({Step::Kind::kAgent, 0, a.type, a.agent});
      } else {
        handle({Step::Kind::kArrive, static_cast<std::uint32_t>(next_call_++)});
      }
    }
    // Callers still waiting when nothing more can happen gave up at the end.
    for (std::uint32_t i = 0; i < calls_.size(); ++i)
      if (sim_calls_[i].phase == Phase::kWaiting) record_unserved(i);
    for (AgentId a = 0; a < agent_state_.size(); ++a)
      account(a, std::max(now_, horizon_));
    return std::move(stats_);
  }

 private:
  static acd::CenterModel with_break_reason(acd::CenterModel m) {
    if (std::find(m.reasons.begin(), m.reasons.end(), "break") == m.reasons.end())
      m.reasons.push_back("break");
    return m;
  }

  void plan_shifts() {
    break_reason_ = static_cast<acd::ReasonId>(
        std::find(model_.reasons.begin(), model_.reasons.end(), "break") - model_.reasons.begin());
    if (s_.shifts.empty()) {
      for (AgentId a = 0; a < model_.agents.size(); ++a)
        actions_.push_back({0, EventType::kAgentLogin, a});
      return;
    }
    const auto at = [&](int day, Duration clock) {
      return std::max<Time>(0, day * seconds(86400) + clock - s_.day_start);
    };
    for (int day = 0; day < s_.days; ++day) {
      for (const config::Shift& shift : s_.shifts) {
        for (AgentId a : shift.agents) {
          actions_.push_back({at(day, shift.start), EventType::kAgentLogin, a});
          for (const config::ShiftBreak& b : shift.breaks) {
            actions_.push_back({at(day, b.start), EventType::kAgentNotReady, a});
            actions_.push_back({at(day, b.start + b.length), EventType::kAgentReady, a});
          }
          actions_.push_back({at(day, shift.end), EventType::kAgentLogout, a});
        }
      }
    }
    std::stable_sort(actions_.begin(), actions_.end(),
                     [](const AgentAction& x, const AgentAction& y) { return x.at < y.at; });
  }

  void schedule(Time at, Happening what, std::uint32_t call) {
    pending_.push(Pending{at, seq_++, what, call});
  }

  void happen(const Pending& p) {
    const SimCall& call = sim_calls_[p.call];
    switch (p.what) {
      case Happening::kAbandon:
        if (call.phase == Phase::kWaiting && !call.callback) handle({Step::Kind::kAbandon, p.call});
        return;
      case Happening::kHangUp:
        handle({Step::Kind::kTalkOver, p.call});
        return;
      case Happening::kAnswer:
        if (call.phase == Phase::kWaiting && call.answering_agent != acd::kNoAgent)
          handle({Step::Kind::kAnswer, p.call, EventType::kAgentAnswered, call.answering_agent});
        return;
      case Happening::kPromptDone:
        if (call.phase == Phase::kIvr) handle({Step::Kind::kPromptDone, p.call});
        return;
    }
  }

  // Hands one step to the core, then the steps its commands cause at the same instant,
  // in order; then takes the traces of the calls that ended.
  void handle(const Step& step) {
    work_.push_back(step);
    if (draining_) return;
    draining_ = true;
    for (std::size_t next = 0; next < work_.size(); ++next) {
      ++stats_.core_events;
      out_.clear();
      feed(work_[next]);
      for (const CenterCommand& c : out_)
        react(c);
    }
    work_.clear();
    draining_ = false;
    center_.take_finished(finished_);
    for (const center::CallTrace& t : finished_)
      record(t);
    finished_.clear();
  }

  static center::CallId id_of(std::uint32_t i) { return i + 1ULL; }
  // The core's clock: the calendar's time of now.
  Time wall() const { return now_ + s_.epoch; }

  void feed(const Step& step) {
    const std::uint32_t i = step.call;
    const center::CallId call = id_of(i);
    switch (step.kind) {
      case Step::Kind::kArrive: {
        const CallInput& c = calls_[i];
        if (log_)
          log_->on_event(
              acd::Event{EventType::kCallArrived, now_, call, acd::kNoAgent, c.queue, c.priority},
              &c);
        sim_calls_[i].queue = c.queue;  // kNoQueue: the IVR decides
        // A dialable number of its own, where a queue may offer callbacks (only to those).
        center_.call_arrived(call, wall(), offers_callbacks_ ? std::to_string(call) : std::string(),
                             out_, {c.queue, c.priority});
        return;
      }
      case Step::Kind::kAgent:
        log({step.type, now_, 0, step.agent, acd::kNoQueue, 0, reason_for(step.type)});
        center_.agent_event(step.type, step.agent, 0, wall(), out_, reason_for(step.type));
        return;
      case Step::Kind::kAnswer:
        log({EventType::kAgentAnswered, now_, call, step.agent});
        center_.agent_event(EventType::kAgentAnswered, step.agent, call, wall(), out_);
        return;
      case Step::Kind::kKey:
        center_.key(call, calls_[i].keys[sim_calls_[i].next_key++], wall(), out_);
        return;
      case Step::Kind::kPromptDone:
        center_.prompt_finished(call, wall(), out_);
        // Nothing more to say: the IVR waits for the caller, who presses its next key.
        if (out_.empty() && sim_calls_[i].phase == Phase::kIvr &&
            sim_calls_[i].next_key < calls_[i].keys.size())
          work_.push_back({Step::Kind::kKey, i});
        return;
      case Step::Kind::kLookupDone:
        center_.lookup_result(call, true, {}, wall(), out_);
        return;
      case Step::Kind::kAcceptCallback:
        log({EventType::kCallbackAccepted, now_, call});
        center_.key(call, '1', wall(), out_);
        return;
      case Step::Kind::kAbandon:
        log({EventType::kCallAbandoned, now_, call});
        center_.caller_hung_up(call, wall(), out_);
        return;
      case Step::Kind::kTalkOver:
        log({EventType::kCallEnded, now_, call});
        center_.call_ended(call, wall(), out_);
        return;
      case Step::Kind::kTick:
        center_.tick(wall(), out_);
        return;
    }
  }

  acd::ReasonId reason_for(EventType type) const {
    return type == EventType::kAgentNotReady ? break_reason_ : acd::ReasonId{0};
  }

  void log(const acd::Event& e) {
    if (log_) log_->on_event(e, nullptr);
  }

  void react(const CenterCommand& c) {
    const std::uint32_t i = static_cast<std::uint32_t>(c.call - 1);
    switch (c.type) {
      case CenterCommand::Type::kPlay:
        // The caller listens to the prompt to its end.
        if (s_.prompt_time > 0)
          schedule(now_ + s_.prompt_time, Happening::kPromptDone, i);
        else
          work_.push_back({Step::Kind::kPromptDone, i});
        return;
      case CenterCommand::Type::kLookup:
        work_.push_back({Step::Kind::kLookupDone, i});
        return;
      case CenterCommand::Type::kQueued: {
        SimCall& call = sim_calls_[i];
        if (call.phase != Phase::kIvr) return;  // a callback keeps its place
        call.phase = Phase::kWaiting;
        call.queued = now_;
        if (call.queue == acd::kNoQueue) call.queue = queue_named(c.queue);
        if (calls_[i].patience != kNever)
          schedule(now_ + calls_[i].patience, Happening::kAbandon, i);
        return;
      }
      case CenterCommand::Type::kRingAgent: {
        // The first agent offered answers (after its phone rang answer_delay).
        SimCall& call = sim_calls_[i];
        if (call.answering_agent != acd::kNoAgent) return;
        call.answering_agent = c.agent;
        if (s_.answer_delay > 0)
          schedule(now_ + s_.answer_delay, Happening::kAnswer, i);
        else
          work_.push_back({Step::Kind::kAnswer, i, EventType::kAgentAnswered, c.agent});
        return;
      }
      case CenterCommand::Type::kStopRinging:
        if (sim_calls_[i].answering_agent == c.agent) sim_calls_[i].answering_agent = acd::kNoAgent;
        return;
      case CenterCommand::Type::kConnect:
        sim_calls_[i].phase = Phase::kTalking;
        schedule(now_ + calls_[i].talk, Happening::kHangUp, i);
        return;
      case CenterCommand::Type::kOfferVoicemail:
        // The caller leaves a message: out of the queue.
        if (sim_calls_[i].phase != Phase::kWaiting) return;
        sim_calls_[i].voicemail = true;
        work_.push_back({Step::Kind::kAbandon, i});
        return;
      case CenterCommand::Type::kOfferCallback:
        // The caller accepts and hangs up; the call keeps its place and is dialled back.
        sim_calls_[i].callback = true;
        work_.push_back({Step::Kind::kAcceptCallback, i});
        return;
      case CenterCommand::Type::kAgentState:
        account(c.agent, now_);
        agent_state_[c.agent] = c.state;
        return;
      default:  // kStopPlaying, kAnnounce, kCallbackAccepted, kTransfer, kHangup: traced
        return;
    }
  }

  acd::QueueId queue_named(const std::string& name) const {
    auto it = queue_by_name_.find(name);
    return it == queue_by_name_.end() ? acd::kNoQueue : it->second;
  }
  int interval_of(Time t, int* day) const {
    *day = std::clamp(static_cast<int>(t / seconds(86400)), 0, s_.days - 1);
    const Time in_day = t - *day * seconds(86400);
    return std::clamp(static_cast<int>(in_day / s_.interval), 0, s_.intervals - 1);
  }

  // A call's part ended in the core: counted as the live center counts its record
  // (report::to_outcome), in the interval it was queued in.
  void record(const center::CallTrace& t) {
    const std::uint32_t i = static_cast<std::uint32_t>(t.call - 1);
    SimCall& call = sim_calls_[i];
    using center::Disposition;
    if (t.disposition == Disposition::kCallback) return;  // counted by its call back
    call.phase = Phase::kDone;
    if (call.queue == acd::kNoQueue) {  // never queued: counted by how it left the IVR
      switch (t.disposition) {
        case Disposition::kIvrCompleted:
          ++stats_.ivr.self_served;
          break;
        case Disposition::kTransferred:
          ++stats_.ivr.transferred;
          break;
        case Disposition::kAbandonedIvr:
          ++stats_.ivr.abandoned;
          break;
        default:
          ++stats_.ivr.failed;
      }
      return;
    }
    kpi::CallOutcome o;
    if (t.disposition == Disposition::kAnswered && t.answered != 0) {
      o.end = kpi::CallEnd::kAnswered;
      o.wait = t.answered - t.queued;
      o.talk = t.ended - t.answered;
      o.wrap_up = model_.queues[call.queue].wrap_up;
    } else if ((t.disposition == Disposition::kAbandoned ||
                t.disposition == Disposition::kCallbackFailed) &&
               !call.voicemail) {
      o.end = kpi::CallEnd::kAbandoned;
      o.wait = t.ended - t.queued;
    } else {  // rejected, overflowed, a message left: the queue sent it away
      o.end = kpi::CallEnd::kOverflowed;
      o.wait = t.ended - t.queued;
    }
    add(t.queued - s_.epoch, call.queue, o);
  }

  // A caller still in line when nothing more can happen gave up then.
  void record_unserved(std::uint32_t i) {
    SimCall& call = sim_calls_[i];
    call.phase = Phase::kDone;
    kpi::CallOutcome o;
    o.end = kpi::CallEnd::kAbandoned;
    o.wait = now_ - call.queued;
    add(call.queued, call.queue, o);
  }

  void add(Time queued, acd::QueueId queue, const kpi::CallOutcome& o) {
    int day = 0;
    const int interval = interval_of(queued, &day);
    stats_.cell(day, interval, static_cast<int>(queue)).add(o);
  }

  // Adds the agent's time in its current state since the last change, up to `until`,
  // split over the intervals it spans; time past the horizon is not counted.
  void account(AgentId a, Time until) {
    Time from = agent_since_[a];
    agent_since_[a] = until;
    const AgentState st = agent_state_[a];
    if (st == AgentState::kLoggedOut) return;
    while (from < until) {
      int day = 0;
      const int interval = interval_of(from, &day);
      const Time interval_end = day * seconds(86400) + (interval + 1) * s_.interval;
      if (from >= day * seconds(86400) + s_.intervals * s_.interval) {
        // Outside the service day (before the next day starts): not reported.
        from = std::min(until, (day + 1) * seconds(86400));
        if (day == s_.days - 1) break;
        continue;
      }
      const Time to = std::min(until, interval_end);
      kpi::AgentTime& t =
          stats_.agent_time[static_cast<std::size_t>(day) * s_.intervals + interval];
      const Duration d = to - from;
      switch (st) {
        case AgentState::kTalking:
          t.talk += d;
          break;
        case AgentState::kWrapUp:
          t.wrap_up += d;
          break;
        case AgentState::kRinging:
          t.ringing += d;
          break;
        case AgentState::kReady:
          t.ready += d;
          break;
        case AgentState::kNotReady:
          t.not_ready += d;
          break;
        case AgentState::kLoggedOut:
          break;
      }
      from = to;
    }
  }

  const Scenario& s_;
  acd::CenterModel model_;
  center::CallCenter center_;
  const std::vector<CallInput>& calls_;
  EventSink* log_;
  RunStats stats_;
  Time now_ = 0, horizon_ = 0;
  std::vector<SimCall> sim_calls_;
  std::vector<AgentAction> actions_;
  std::size_t next_call_ = 0, next_action_ = 0;
  std::priority_queue<Pending, std::vector<Pending>, std::greater<Pending>> pending_;
  std::uint64_t seq_ = 0;
  std::vector<AgentState> agent_state_;
  std::vector<Time> agent_since_;
  std::unordered_map<std::string, acd::QueueId> queue_by_name_;
  std::vector<CenterCommand> out_;
  std::vector<Step> work_;
  std::vector<center::CallTrace> finished_;
  bool draining_ = false;
  bool offers_callbacks_ = false;
  acd::ReasonId break_reason_ = 0;
};

}  // namespace

RunStats simulate(const Scenario& scenario, const std::vector<CallInput>& calls, EventSink* log) {
  return Run(scenario, calls, log).run();
}

}  // namespace hotline::sim
