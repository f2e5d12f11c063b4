#include "center/ivr/ivr_engine.h"

#include <algorithm>
#include <queue>
#include <unordered_map>

namespace hotline::ivr {

namespace {

constexpr int kMaxStepsPerEvent = 64;  // a branch/set cycle in a bad flow ends the call

enum class Waiting : std::uint8_t { kNothing, kPromptEnd, kInput, kLookup };

struct Session {
  NodeIndex node = kNoNode;
  Waiting waiting = Waiting::kNothing;
  bool prompt_playing = false;
  int failures = 0;
  std::string digits;
  std::map<std::string, std::string> variables;
  std::vector<PathStep> path;
  IvrOutcome outcome = IvrOutcome::kInProgress;
  std::uint32_t timer_gen = 0;
};

struct Timer {
  Time at;
  CallId call;
  std::uint32_t gen;
  bool operator>(const Timer& o) const { return at > o.at; }
};

}  // namespace

struct IvrEngine::State {
  Flow flow;
  Calendar calendar;
  std::unordered_map<CallId, Session> sessions;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> timers;
  std::vector<NodeStats> stats;
  std::uint64_t outcome_counts[6] = {};
  std::uint64_t ignored = 0;
  Time now = 0;
  std::vector<IvrCommand>* out = nullptr;

  Session* find(CallId call) {
    auto it = sessions.find(call);
    if (it == sessions.end() || it->second.outcome != IvrOutcome::kInProgress) {
      ++ignored;
      return nullptr;
    }
    return &it->second;
  }

  void emit(IvrCommandType type, CallId call, NodeIndex node, std::string text = {},
            std::string key = {}, int priority = 0) {
    out->push_back(IvrCommand{type, call, node, std::move(text), std::move(key), priority});
  }

  std::string substitute(const Session& s, const std::string& text) const {
    std::string result;
    for (std::size_t i = 0; i < text.size();) {
      const std::size_t close = text[i] == '{' ? text.find('}', i) : std::string::npos;
      if (close == std::string::npos) {
        result += text[i++];
        continue;
      }
      auto it = s.variables.find(text.substr(i + 1, close - i - 1));
      if (it != s.variables.end()) result += it->second;
      i = close + 1;
    }
    return result;
  }

  void arm(CallId call, Session& s, Duration after) {
    timers.push(Timer{now + after, call, ++s.timer_gen});
  }
  void disarm(Session& s) { ++s.timer_gen; }

  void finish(Session& s, IvrOutcome outcome) {
    s.outcome = outcome;
    s.waiting = Waiting::kNothing;
    disarm(s);
    ++outcome_counts[static_cast<int>(outcome)];
  }

  bool holds(const Condition& c, const Session& s) const {
    const LocalTime l = calendar.local(now);
    if (c.minutes_of_day) {
      const auto [from, to] = *c.minutes_of_day;
      const bool inside = from <= to ? (l.minute_of_day >= from && l.minute_of_day < to)
                                     : (l.minute_of_day >= from || l.minute_of_day < to);
      if (!inside) return false;
    }
    if (!c.day_types.empty() && std::find(c.day_types.begin(), c.day_types.end(),
                                          calendar.day_type(l)) == c.day_types.end())
      return false;
    if (c.open && calendar.open(l) != *c.open) return false;
    if (c.dates && (l.date < c.dates->first || l.date > c.dates->second)) return false;
    if (c.days_of_month &&
        (l.day_of_month < c.days_of_month->first || l.day_of_month > c.days_of_month->second))
      return false;
    if (!c.variable.empty()) {
      auto it = s.variables.find(c.variable);
      if ((it == s.variables.end() ? std::string() : it->second) != c.equals) return false;
    }
    return true;
  }

  // Moves the call into `index` and through every node that needs no caller input.
  void enter(CallId call, Session& s, NodeIndex index) {
    for (int step = 0; step < kMaxStepsPerEvent; ++step) {
      if (index == kNoNode || index >= flow.nodes.size()) {
        emit(IvrCommandType::kHangup, call, s.node);
        finish(s, IvrOutcome::kSelfServed);
        return;
      }
      const Node& n = flow.nodes[index];
      s.node = index;
      s.path.push_back(PathStep{index, 0});
      ++stats[index].hits;
      s.failures = 0;
      s.digits.clear();
      disarm(s);
      switch (n.type) {
        case NodeType::kPlay:
          emit(IvrCommandType::kPlay, call, index, substitute(s, n.prompt));
          s.waiting = Waiting::kPromptEnd;
          return;
        case NodeType::kMenu:
        case NodeType::kCollect:
          emit(IvrCommandType::kPlay, call, index, substitute(s, n.prompt));
          s.waiting = Waiting::kInput;
          s.prompt_playing = true;
          return;
        case NodeType::kLookup: {
          auto it = s.variables.find(n.variable);
          emit(IvrCommandType::kLookup, call, index, n.service,
               it == s.variables.end() ? std::string() : it->second);
          s.waiting = Waiting::kLookup;
          arm(call, s, n.timeout);
          return;
        }
        case NodeType::kBranch: {
          NodeIndex next = n.next;
          for (const BranchRule& rule : n.rules)
            if (holds(rule.when, s)) {
              next = rule.next;
              break;
            }
          index = next;
          continue;
        }
        case NodeType::kSet:
          s.variables[n.variable] = substitute(s, n.value);
          index = n.next;
          continue;
        case NodeType::kQueue:
          emit(IvrCommandType::kEnterQueue, call, index, n.queue, {}, n.priority);
          finish(s, IvrOutcome::kQueued);
          return;
        case NodeType::kTransfer:  // "connecting you" is said before the number is dialled
          if (!n.prompt.empty()) emit(IvrCommandType::kPlay, call, index, substitute(s, n.prompt));
          emit(IvrCommandType::kTransfer, call, index, substitute(s, n.number));
          finish(s, IvrOutcome::kTransferred);
          return;
        case NodeType::kHangup:
          if (!n.prompt.empty()) emit(IvrCommandType::kPlay, call, index, substitute(s, n.prompt));
          emit(IvrCommandType::kHangup, call, index);
          finish(s, IvrOutcome::kSelfServed);
          return;
      }
    }
    emit(IvrCommandType::kHangup, call, s.node);
    finish(s, IvrOutcome::kFailed);
  }

  // A wrong key or no key: try again with an explanation, or give up on this node.
  void failed_input(CallId call, Session& s, bool no_input) {
    const Node& n = flow.nodes[s.node];
    if (++s.failures > n.retries) {
      if (n.on_failure == kNoNode) {
        emit(IvrCommandType::kHangup, call, s.node);
        finish(s, IvrOutcome::kFailed);
      } else {
        enter(call, s, n.on_failure);
      }
      return;
    }
    s.digits.clear();
    disarm(s);
    emit(IvrCommandType::kPlay, call, s.node, no_input ? n.no_input_prompt : n.invalid_prompt);
    emit(IvrCommandType::kPlay, call, s.node, substitute(s, n.prompt));
    s.prompt_playing = true;
  }

  void collected(CallId call, Session& s) {
    const Node& n = flow.nodes[s.node];
    if (static_cast<int>(s.digits.size()) < n.min_digits) {
      failed_input(call, s, s.digits.empty());
      return;
    }
    s.variables[n.variable] = s.digits;
    enter(call, s, n.next);
  }
};

IvrEngine::IvrEngine(Flow flow, Calendar calendar) : state_(std::make_unique<State>()) {
  state_->flow = std::move(flow);
  state_->calendar = std::move(calendar);
  state_->stats.assign(state_->flow.nodes.size(), {});
}
IvrEngine::~IvrEngine() = default;

void IvrEngine::set_calendar(Calendar calendar) {
  state_->calendar = std::move(calendar);
}
const Calendar& IvrEngine::calendar() const {
  return state_->calendar;
}

void IvrEngine::start(CallId call, Time now, const std::map<std::string, std::string>& variables,
                      std::vector<IvrCommand>& out) {
  State& st = *state_;
  st.out = &out;
  st.now = std::max(st.now, now);
  if (st.sessions.count(call)) {
    ++st.ignored;
    return;
  }
  Session& s = st.sessions[call];
  s.variables = variables;
  st.enter(call, s, st.flow.start);
}

void IvrEngine::reenter(CallId call, NodeIndex node, Time now, std::vector<IvrCommand>& out) {
  State& st = *state_;
  st.out = &out;
  st.now = std::max(st.now, now);
  Session& s = st.sessions[call];
  s.waiting = Waiting::kNothing;
  s.prompt_playing = false;
  s.failures = 0;
  s.digits.clear();
  s.outcome = IvrOutcome::kInProgress;
  ++s.timer_gen;  // timers of its earlier visit are stale
  st.enter(call, s, node);
}

void IvrEngine::key(CallId call, char key, Time now, std::vector<IvrCommand>& out) {
  State& st = *state_;
  st.out = &out;
  st.now = std::max(st.now, now);
  Session* s = st.find(call);
  if (!s || s->waiting != Waiting::kInput) {
    if (s) ++st.ignored;  // a key during a plain announcement
    return;
  }
  if (s->prompt_playing) {
    st.emit(IvrCommandType::kStopPlaying, call, s->node);
    s->prompt_playing = false;
  }
  const Node& n = st.flow.nodes[s->node];
  if (n.type == NodeType::kMenu) {
    for (const auto& [option, next] : n.options) {
      if (option == key) {
        s->path.back().key = key;
        st.enter(call, *s, next);
        return;
      }
    }
    st.failed_input(call, *s, false);
    return;
  }
  // Collect: the terminator or the last digit ends input; otherwise wait for the next.
  if (key == n.terminator) {
    st.collected(call, *s);
    return;
  }
  s->digits += key;
  if (static_cast<int>(s->digits.size()) >= n.max_digits) {
    st.collected(call, *s);
    return;
  }
  st.arm(call, *s, n.timeout);
}

void IvrEngine::prompt_finished(CallId call, Time now, std::vector<IvrCommand>& out) {
  State& st = *state_;
  st.out = &out;
  st.now = std::max(st.now, now);
  Session* s = st.find(call);
  if (!s) return;
  if (s->waiting == Waiting::kPromptEnd) {
    st.enter(call, *s, st.flow.nodes[s->node].next);
  } else if (s->waiting == Waiting::kInput && s->prompt_playing) {
    s->prompt_playing = false;
    st.arm(call, *s, st.flow.nodes[s->node].timeout);
  }
}

void IvrEngine::lookup_result(CallId call, bool ok,
                              const std::map<std::string, std::string>& values, Time now,
                              std::vector<IvrCommand>& out) {
  State& st = *state_;
  st.out = &out;
  st.now = std::max(st.now, now);
  Session* s = st.find(call);
  if (!s || s->waiting != Waiting::kLookup) {
    if (s) ++st.ignored;
    return;
  }
  const Node& n = st.flow.nodes[s->node];
  if (!ok) {
    st.enter(call, *s, n.on_failure);
    return;
  }
  for (const auto& [name, value] : values)
    s->variables[name] = value;
  st.enter(call, *s, n.next);
}

void IvrEngine::caller_hung_up(CallId call, Time now) {
  State& st = *state_;
  st.now = std::max(st.now, now);
  Session* s = st.find(call);
  if (!s) return;
  if (s->node != kNoNode) ++st.stats[s->node].drop_outs;
  st.finish(*s, IvrOutcome::kCallerHungUp);
}

void IvrEngine::forget(CallId call) {
  state_->sessions.erase(call);
}

void IvrEngine::tick(Time now, std::vector<IvrCommand>& out) {
  State& st = *state_;
  st.out = &out;
  while (!st.timers.empty() && st.timers.top().at <= now) {
    const Timer t = st.timers.top();
    st.timers.pop();
    auto it = st.sessions.find(t.call);
    if (it == st.sessions.end() || it->second.timer_gen != t.gen ||
        it->second.outcome != IvrOutcome::kInProgress)
      continue;
    st.now = std::max(st.now, t.at);
    Session& s = it->second;
    const Node& n = st.flow.nodes[s.node];
    if (s.waiting == Waiting::kLookup) {
      st.enter(t.call, s, n.on_failure);  // the back-end did not answer in time
    } else if (s.waiting == Waiting::kInput) {
      if (n.type == NodeType::kCollect && !s.digits.empty())
        st.collected(t.call, s);
      else
        st.failed_input(t.call, s, true);
    }
  }
  st.now = std::max(st.now, now);
  // Keep next_timer() exact: drop cancelled timers at the top.
  while (!st.timers.empty()) {
    const Timer& t = st.timers.top();
    auto it = st.sessions.find(t.call);
    if (it != st.sessions.end() && it->second.timer_gen == t.gen &&
        it->second.outcome == IvrOutcome::kInProgress)
      break;
    st.timers.pop();
  }
}

Time IvrEngine::next_timer() const {
  return state_->timers.empty() ? kNever : state_->timers.top().at;
}

const Flow& IvrEngine::flow() const {
  return state_->flow;
}

const std::vector<PathStep>& IvrEngine::path(CallId call) const {
  static const std::vector<PathStep> kEmpty;
  auto it = state_->sessions.find(call);
  return it == state_->sessions.end() ? kEmpty : it->second.path;
}

IvrOutcome IvrEngine::outcome(CallId call) const {
  auto it = state_->sessions.find(call);
  return it == state_->sessions.end() ? IvrOutcome::kInProgress : it->second.outcome;
}

std::string IvrEngine::variable(CallId call, const std::string& name) const {
  auto it = state_->sessions.find(call);
  if (it == state_->sessions.end()) return {};
  auto v = it->second.variables.find(name);
  return v == it->second.variables.end() ? std::string() : v->second;
}

std::string IvrEngine::path_header(CallId call) const {
  std::string header;
  for (const PathStep& step : path(call)) {
    if (!header.empty()) header += '>';
    header += state_->flow.nodes[step.node].id;
    if (step.key) (header += ':') += step.key;
  }
  return header;
}

PathSummary IvrEngine::summary(CallId call) const {
  PathSummary summary;
  int menus = 0;
  const std::vector<PathStep>& steps = path(call);
  for (const PathStep& step : steps) {
    const Node& n = state_->flow.nodes[step.node];
    if (n.type != NodeType::kMenu || !step.key) continue;
    const std::string choice = n.title + ": " + step.key;
    if (menus == 0)
      summary.first_choice = choice;
    else if (menus == 1)
      summary.second_choice = choice;
    ++menus;
  }
  // The last node before the hand-over (the queue or transfer node itself is last).
  if (steps.size() >= 2)
    summary.last_node = state_->flow.nodes[steps[steps.size() - 2].node].title;
  else if (!steps.empty())
    summary.last_node = state_->flow.nodes[steps.back().node].title;
  return summary;
}

const std::vector<NodeStats>& IvrEngine::node_stats() const {
  return state_->stats;
}
std::uint64_t IvrEngine::outcomes(IvrOutcome outcome) const {
  return state_->outcome_counts[static_cast<int>(outcome)];
}
std::uint64_t IvrEngine::ignored_events() const {
  return state_->ignored;
}

}  // namespace hotline::ivr
