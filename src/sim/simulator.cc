#include "sim/simulator.h"

#include <algorithm>
#include <queue>

#include "center/acd/routing_engine.h"

namespace hotline::sim {

namespace {

using acd::AgentId;
using acd::AgentState;
using acd::Command;
using acd::CommandType;
using acd::Event;
using acd::EventType;

enum class Phase : std::uint8_t { kWaiting, kTalking, kDone };

struct SimCall {
  Phase phase = Phase::kWaiting;
  bool callback = false;
  AgentId answering_agent = acd::kNoAgent;
  Time answered_at = 0;
};

// A timed happening of the simulation itself (the core keeps its own timers).
enum class Happening : std::uint8_t { kAbandon, kHangUp, kAnswer };
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

class Run {
 public:
  Run(const Scenario& s, const std::vector<CallInput>& calls, EventSink* log)
      : s_(s), model_(with_break_reason(s.model)), engine_(model_), calls_(calls), log_(log) {
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
    plan_shifts();
  }

  RunStats run() {
    for (;;) {
      const Time arrival = next_call_ < calls_.size() ? calls_[next_call_].arrival : kNever;
      const Time action = next_action_ < actions_.size() ? actions_[next_action_].at : kNever;
      const Time pending = pending_.empty() ? kNever : pending_.top().at;
      const Time timer = engine_.next_timer();
      const Time next = std::min({arrival, action, pending, timer});
      if (next == kNever) break;
      // Only the core's own timers left (announcements to callers nobody will serve): stop.
      if (next == timer && arrival == kNever && action == kNever && pending == kNever &&
          timer > horizon_ + seconds(6 * 3600))
        break;
      now_ = next;
      if (timer == next) {
        feed(Event{EventType::kTick, now_});
      } else if (pending == next) {
        const Pending p = pending_.top();
        pending_.pop();
        ++stats_.sim_events;
        happen(p);
      } else if (action == next) {
        const AgentAction& a = actions_[next_action_++];
        ++stats_.sim_events;
        feed(Event{a.type, now_, 0, a.agent, acd::kNoQueue, 0,
                   a.type == EventType::kAgentNotReady ? break_reason_ : acd::ReasonId{0}});
      } else {
        arrive(next_call_++);
      }
    }
    // Callers still waiting when nothing more can happen gave up at the end.
    for (std::uint32_t i = 0; i < calls_.size(); ++i)
      if (sim_calls_[i].phase == Phase::kWaiting) record(i, kpi::CallEnd::kAbandoned, now_);
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

  void arrive(std::uint32_t i) {
    const CallInput& c = calls_[i];
    if (c.patience != kNever) schedule(c.arrival + c.patience, Happening::kAbandon, i);
    Event e{EventType::kCallArrived, now_, i + 1ULL, acd::kNoAgent, c.queue, c.priority};
    if (log_) log_->on_event(e, &c);
    handle(e);
  }

  void happen(const Pending& p) {
    SimCall& call = sim_calls_[p.call];
    switch (p.what) {
      case Happening::kAbandon:
        if (call.phase != Phase::kWaiting || call.callback) return;
        record(p.call, kpi::CallEnd::kAbandoned, now_);
        feed(Event{EventType::kCallAbandoned, now_, p.call + 1ULL});
        return;
      case Happening::kHangUp:
        record(p.call, kpi::CallEnd::kAnswered, call.answered_at);
        feed(Event{EventType::kCallEnded, now_, p.call + 1ULL});
        return;
      case Happening::kAnswer:
        if (call.phase == Phase::kWaiting)
          feed(Event{EventType::kAgentAnswered, now_, p.call + 1ULL, call.answering_agent});
        return;
    }
  }

  // Feeds one event, then the events its commands cause at the same instant, in order.
  // A work list rather than recursion: reactions never see a half-read command list.
  void feed(const Event& e) {
    if (log_ && e.type != EventType::kTick) log_->on_event(e, nullptr);
    handle(e);
  }

  void handle(const Event& e) {
    work_.push_back(e);
    if (draining_) return;
    draining_ = true;
    for (std::size_t next = 0; next < work_.size(); ++next) {
      ++stats_.core_events;
      out_.clear();
      engine_.handle(work_[next], out_);
      for (const Command& c : out_)
        react(c);
    }
    work_.clear();
    draining_ = false;
  }

  void react(const Command& c) {
    const std::uint32_t i = static_cast<std::uint32_t>(c.call - 1);
    switch (c.type) {
      case CommandType::kOfferCall:
        // The first agent offered answers (after its phone rang answer_delay).
        if (sim_calls_[i].answering_agent != acd::kNoAgent) return;
        if (s_.answer_delay > 0) {
          sim_calls_[i].answering_agent = c.agent;
          schedule(now_ + s_.answer_delay, Happening::kAnswer, i);
        } else {
          feed(Event{EventType::kAgentAnswered, now_, c.call, c.agent});
        }
        return;
      case CommandType::kCancelOffer:
        if (sim_calls_[i].answering_agent == c.agent) sim_calls_[i].answering_agent = acd::kNoAgent;
        return;
      case CommandType::kConnect:
        sim_calls_[i].phase = Phase::kTalking;
        sim_calls_[i].answered_at = now_;
        schedule(now_ + calls_[i].talk, Happening::kHangUp, i);
        return;
      case CommandType::kRejectCall:
      case CommandType::kOverflowToTarget:
        record(i, kpi::CallEnd::kOverflowed, now_);
        return;
      case CommandType::kOfferVoicemail:
        // The caller leaves a message: out of the queue.
        if (sim_calls_[i].phase != Phase::kWaiting) return;
        record(i, kpi::CallEnd::kOverflowed, now_);
        feed(Event{EventType::kCallAbandoned, now_, c.call});
        return;
      case CommandType::kOfferCallback:
        // The caller accepts and hangs up; the call keeps its place and is dialed back.
        sim_calls_[i].callback = true;
        feed(Event{EventType::kCallbackAccepted, now_, c.call});
        return;
      case CommandType::kAgentStateChanged:
        account(c.agent, now_);
        agent_state_[c.agent] = c.agent_state();
        return;
      default:
        return;
    }
  }

  int interval_of(Time t, int* day) const {
    *day = std::clamp(static_cast<int>(t / seconds(86400)), 0, s_.days - 1);
    const Time in_day = t - *day * seconds(86400);
    return std::clamp(static_cast<int>(in_day / s_.interval), 0, s_.intervals - 1);
  }

  void record(std::uint32_t i, kpi::CallEnd end, Time wait_end) {
    SimCall& call = sim_calls_[i];
    call.phase = Phase::kDone;
    const CallInput& in = calls_[i];
    kpi::CallOutcome o;
    o.end = end;
    o.wait = wait_end - in.arrival;
    if (end == kpi::CallEnd::kAnswered) {
      o.talk = in.talk;
      o.wrap_up = model_.queues[in.queue].wrap_up;
    }
    int day = 0;
    const int interval = interval_of(in.arrival, &day);
    stats_.cell(day, interval, static_cast<int>(in.queue)).add(o);
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
  acd::RoutingEngine engine_;
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
  std::vector<Command> out_;
  std::vector<Event> work_;
  bool draining_ = false;
  acd::ReasonId break_reason_ = 0;
};

}  // namespace

RunStats simulate(const Scenario& scenario, const std::vector<CallInput>& calls, EventSink* log) {
  return Run(scenario, calls, log).run();
}

}  // namespace hotline::sim
