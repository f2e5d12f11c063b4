#include "center/dialer/dialer.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <queue>

#include "center/dialer/pacing.h"
#include "common/id_map.h"

namespace hotline::dialer {

const char* outcome_name(Outcome o) {
  switch (o) {
    case Outcome::kHuman:
      return "human";
    case Outcome::kMachine:
      return "machine";
    case Outcome::kBusy:
      return "busy";
    case Outcome::kNoAnswer:
      return "no_answer";
    case Outcome::kFailed:
      return "failed";
    case Outcome::kSkipped:
      return "skipped";
    case Outcome::kAbandoned:
      return "abandoned";
  }
  return "unknown";
}

namespace {

using Type = Command::Type;
constexpr Duration kDay = seconds(86400);
constexpr Duration kVicidialEvery = seconds(15);

enum class AgentState : std::uint8_t { kAway, kReady, kPreviewing, kDialing, kTalking, kWrapUp };

struct AgentSlot {
  AgentState state = AgentState::kAway;
  Time since = 0;         // in this state since
  Time wrap_until = 0;    // kWrapUp
  CallId call = 0;        // kDialing, kTalking
  Lead lead;              // kPreviewing
  Time auto_dial_at = 0;  // kPreviewing with preview_auto_dial
  bool away_after = false;
};

enum class CallState : std::uint8_t { kRinging, kWaiting, kTalking };

struct OutCall {
  Lead lead;
  CallState state = CallState::kRinging;
  Time dialled = 0;
  Time deadline = 0;  // kWaiting: abandoned after
  AgentId agent = 0;  // kTalking; kRinging for an agent (progressive, preview)
  bool for_agent = false;
};

struct Retry {
  Time due;
  std::uint64_t seq;
  Lead lead;
  bool operator>(const Retry& o) const { return due != o.due ? due > o.due : seq > o.seq; }
};

// Answered by a person and abandoned, per day of the center, for the last 30 days.
struct DayCounts {
  std::int64_t day = -1;
  std::uint64_t answered = 0, abandoned = 0;
};

}  // namespace

struct Dialer::State {
  explicit State(CampaignRules r)
      : rules(std::move(r)),
        talk(512, seconds(180)),
        answer_delay(512, seconds(10)),
        vicidial(rules.max_dial_level, 0, DropResponse::kHard) {}

  CampaignRules rules;
  std::vector<AgentSlot> agents;
  std::deque<Lead> fresh;
  std::priority_queue<Retry, std::vector<Retry>, std::greater<Retry>> retries;
  std::uint64_t retry_seq = 0;
  IdMap<OutCall> calls;
  std::deque<CallId> waiting;  // answered, no agent yet, in answer order
  CallId next_call = 1;
  int ringing = 0;
  DialerStats stats;
  std::array<DayCounts, 30> days{};
  // What dials bring, counted with a prior of 20 dials at a third answered by a person.
  double dials_seen = 20, humans_seen = 20.0 / 3, slow_seen = 20.0 / 2;
  DurationSample talk, answer_delay;
  BinomialPacer binomial;
  VicidialPacer vicidial;
  Time next_adjust = 0;
  Time next_look = kNever;  // predictive: when the pacer looks again with no event
  bool leads_asked = false;
  bool running = true;
  // The pacer's timeline is cut in slots of kSlot.
  static constexpr Duration kSlot = seconds(1) / 4;
  PacingView view;  // scratch, kept for its vectors' room
  std::vector<Command>* out = nullptr;
  Time now = 0;

  AgentSlot& agent(AgentId a) {
    if (a >= agents.size()) agents.resize(a + 1);
    return agents[a];
  }
  std::int64_t day_of(Time t) const { return (t + rules.utc_offset) / kDay; }
  DayCounts& today() {
    const std::int64_t d = day_of(now);
    DayCounts& c = days[static_cast<std::size_t>(((d % 30) + 30) % 30)];
    if (c.day != d) c = DayCounts{d, 0, 0};
    return c;
  }
  void emit(Command c) { out->push_back(std::move(c)); }

  // Retries that fell due join the fresh leads, behind them.
  void promote_due_retries() {
    while (!retries.empty() && retries.top().due <= now) {
      fresh.push_back(retries.top().lead);
      retries.pop();
    }
  }
  bool take_lead(Lead* lead) {
    if (fresh.empty()) return false;
    *lead = std::move(fresh.front());
    fresh.pop_front();
    return true;
  }

  // What became of a dial: done, or dialled again later.
  void lead_done(Lead lead, Outcome outcome) {
    Duration again = 0;
    switch (outcome) {
      case Outcome::kBusy:
        again = rules.retry.after_busy;
        break;
      case Outcome::kNoAnswer:
        again = rules.retry.after_no_answer;
        break;
      case Outcome::kMachine:
        again = rules.retry.after_machine;
        break;
      case Outcome::kFailed:
        again = rules.retry.after_failed;
        break;
      case Outcome::kAbandoned:
        again = rules.no_redial_after_abandon;
        break;
      case Outcome::kHuman:
      case Outcome::kSkipped:
        again = 0;
        break;
    }
    Time retry_at = 0;
    if (again > 0 && lead.attempts < rules.retry.max_attempts) {
      retry_at = now + again;
      retries.push(Retry{retry_at, retry_seq++, lead});
    }
    Command c;
    c.type = Type::kLeadDone;
    c.lead = lead.id;
    c.number = lead.number;
    c.outcome = outcome;
    c.retry_at = retry_at;
    emit(std::move(c));
  }

  CallId dial(Lead lead, bool for_agent, AgentId agent_id) {
    const CallId id = next_call++;
    ++lead.attempts;
    Command c;
    c.type = Type::kDial;
    c.call = id;
    c.lead = lead.id;
    c.number = lead.number;
    c.agent = agent_id;
    emit(std::move(c));
    calls.try_emplace(id,
                      OutCall{std::move(lead), CallState::kRinging, now, 0, agent_id, for_agent});
    ++ringing;
    ++stats.dialled;
    return id;
  }

  void connect(CallId id, OutCall& call, AgentId a) {
    correct(false);
    AgentSlot& slot = agent(a);
    slot.state = AgentState::kTalking;
    slot.since = now;
    slot.call = id;
    call.state = CallState::kTalking;
    call.agent = a;
    ++stats.connected;
    Command c;
    c.type = Type::kConnect;
    c.call = id;
    c.agent = a;
    c.lead = call.lead.id;
    emit(std::move(c));
  }

  // The agent that has waited longest, if any.
  bool longest_ready(AgentId* found) const {
    bool any = false;
    Time since = 0;
    for (AgentId a = 0; a < agents.size(); ++a)
      if (agents[a].state == AgentState::kReady && (!any || agents[a].since < since)) {
        any = true;
        since = agents[a].since;
        *found = a;
      }
    return any;
  }

  void make_ready(AgentId a) {
    AgentSlot& slot = agent(a);
    if (slot.away_after) {
      slot = AgentSlot{};
      return;
    }
    slot.state = AgentState::kReady;
    slot.since = now;
    slot.call = 0;
    // A call answered and waiting takes the agent at once.
    while (!waiting.empty()) {
      const CallId id = waiting.front();
      waiting.pop_front();
      if (OutCall* call = calls.find(id); call && call->state == CallState::kWaiting) {
        connect(id, *call, a);
        return;
      }
    }
  }

  // The call out `id` has stopped ringing (answered, or not): it, or nothing if it was
  // not ringing (a late or repeated event).
  OutCall* stop_ringing(CallId id) {
    OutCall* call = calls.find(id);
    if (!call || call->state != CallState::kRinging) return nullptr;
    --ringing;
    dials_seen += 1;
    return call;
  }

  // A call out that no person took: its lead is done or retried, its agent (progressive,
  // preview) free again.
  void end_unanswered(CallId id, OutCall& call, Outcome outcome) {
    const bool for_agent = call.for_agent;
    const AgentId a = call.agent;
    Lead lead = std::move(call.lead);
    calls.erase(id);
    lead_done(std::move(lead), outcome);
    if (for_agent) make_ready(a);
  }

  void abandon(CallId id, OutCall& call) {
    correct(true);
    ++stats.abandoned;
    ++today().abandoned;
    Command c;
    c.type = Type::kAbandon;
    c.call = id;
    c.lead = call.lead.id;
    emit(std::move(c));
    Lead lead = std::move(call.lead);
    calls.erase(id);
    lead_done(std::move(lead), Outcome::kAbandoned);
  }

  double rate(std::uint64_t abandoned, std::uint64_t answered) const {
    return answered ? static_cast<double>(abandoned) / static_cast<double>(answered) : 0.0;
  }
  void counts_30_days(Time t, std::uint64_t* answered, std::uint64_t* abandoned) const {
    const std::int64_t d = day_of(t);
    *answered = *abandoned = 0;
    for (const DayCounts& c : days)
      if (c.day > d - 30 && c.day <= d) {
        *answered += c.answered;
        *abandoned += c.abandoned;
      }
  }

  // λ: the abandons a new number may add, as a share of its answers. It starts at the
  // limit and is corrected by what happens: `correction` moves so that the abandons
  // measured settle at kAimed of the limit. Once today's or the 30 days' rate comes within
  // 5 % of the limit, none at all: the calls already out may still abandon.
  double allowed_abandon() {
    std::uint64_t answered = 0, abandoned = 0;
    counts_30_days(now, &answered, &abandoned);
    const DayCounts& t = today();
    const double limit = rules.abandon_limit;
    if (answered >= 50 && rate(abandoned, answered) >= 0.95 * limit) return 0;
    if (t.answered >= 50 && rate(t.abandoned, t.answered) >= 0.95 * limit) return 0;
    return kAimed * limit * correction;
  }
  // A call a person answered was connected (false) or abandoned (true): the correction
  // grows a little with each connected one and shrinks with each abandoned one, in balance
  // when abandons are kAimed of the limit.
  void correct(bool abandoned_call) {
    const double aimed = kAimed * rules.abandon_limit;
    correction *= std::exp(kCorrectionStep * (aimed - (abandoned_call ? 1.0 : 0.0)));
    correction = std::clamp(correction, 0.02, 50.0);
  }
  static constexpr double kAimed = 0.92;
  static constexpr double kCorrectionStep = 0.1;
  double correction = 1.0;

  int working_agents() const {
    int n = 0;
    for (const AgentSlot& s : agents)
      n += s.state != AgentState::kAway;
    return n;
  }

  void predictive() {
    const int working = working_agents();
    if (working == 0) return;
    const int cap = static_cast<int>(rules.max_dial_level * working) - ringing;
    const int max_new = std::min(cap, static_cast<int>(fresh.size()));
    if (max_new <= 0) return;
    if (rules.pacer == PacerKind::kVicidial) {
      int ready = 0;
      for (const AgentSlot& s : agents)
        ready += s.state == AgentState::kReady;
      dial_many(vicidial.decide(ready, ringing, max_new));
      return;
    }
    const double p = humans_seen / dials_seen;
    const double slow = slow_seen / dials_seen;
    const Duration deadline = rules.connect_deadline;
    PacingView& v = view;
    v.slots = static_cast<int>((rules.ring_time + deadline + kSlot - 1) / kSlot) + 1;
    v.agents.clear();
    v.answers.clear();
    v.marginal_limit = allowed_abandon();
    v.max_new = max_new;
    const Duration span = v.slots * kSlot;
    // An agent free at `free_in` takes the calls answered from deadline earlier on: from
    // the first slot that starts then or later.
    const auto agent_slot = [&](Duration free_in) {
      const Duration from = free_in - deadline;
      return from <= 0 ? 0 : static_cast<int>((from + kSlot - 1) / kSlot);
    };
    for (const AgentSlot& a : agents) {
      switch (a.state) {
        case AgentState::kReady:
          v.agents.push_back({0, 1.0});
          break;
        case AgentState::kWrapUp:
          if (const int slot = agent_slot(a.wrap_until - now); slot < v.slots)
            v.agents.push_back({slot, 1.0});
          break;
        case AgentState::kTalking: {
          // Its talk, then a wrap-up like the last ones, must end in time to count.
          const Duration talk_within = span + deadline - last_wrap_up;
          const Duration elapsed = now - a.since;
          const double p_free = talk.ends_within(elapsed, talk_within);
          if (p_free > 1e-6)
            v.agents.push_back(
                {agent_slot(talk.median_within(elapsed, talk_within) + last_wrap_up), p_free});
          break;
        }
        default:
          break;
      }
    }
    // Calls answered and still waiting need agents first: each is an answer already.
    for (std::size_t i = 0; i < waiting.size(); ++i)
      v.answers.push_back({0, 1.0});
    calls.for_each([&](CallId, const OutCall& c) {
      if (c.state != CallState::kRinging) return;
      // A person still to answer it, given it still rings; then when.
      const Duration elapsed = now - c.dialled;
      const Duration left = rules.ring_time - elapsed;
      const double human = p * (1.0 - answer_delay.ends_within(0, elapsed));
      const double still = human + slow;
      if (still <= 0 || human <= 0 || left <= 0) return;
      const double answer = human / still * answer_delay.ends_within(elapsed, left);
      const Duration in = answer_delay.median_within(elapsed, left);
      if (answer > 1e-6) v.answers.push_back({static_cast<int>(in / kSlot), answer});
    });
    v.new_dial = {static_cast<int>(answer_delay.median_within(0, rules.ring_time) / kSlot),
                  p * answer_delay.ends_within(0, rules.ring_time)};
    dial_many(binomial.decide(view));
    // Agents come into reach as time passes, events or not.
    next_look = now + kSlot;
  }

  void dial_many(int n) {
    Lead lead;
    for (int i = 0; i < n && take_lead(&lead); ++i)
      dial(std::move(lead), false, 0);
  }

  void vicidial_adjust() {
    if (rules.mode != Mode::kPredictive || rules.pacer != PacerKind::kVicidial) return;
    if (now < next_adjust) return;
    next_adjust = now + kVicidialEvery;
    int ready = 0;
    for (const AgentSlot& s : agents)
      ready += s.state == AgentState::kReady;
    const DayCounts& t = today();
    const Duration into_day = (now + rules.utc_offset) % kDay;
    vicidial.adjust(working_agents(), ready, static_cast<int>(waiting.size()),
                    rate(t.abandoned, t.answered), static_cast<int>(t.answered),
                    rules.abandon_limit,
                    1.0 - static_cast<double>(into_day) / static_cast<double>(kDay));
  }

  // After every event: dial as the mode says.
  void pace() {
    if (!running) return;
    promote_due_retries();
    vicidial_adjust();
    Lead lead;
    switch (rules.mode) {
      case Mode::kPreview:
        for (AgentId a = 0; a < agents.size(); ++a) {
          if (agents[a].state != AgentState::kReady || !take_lead(&lead)) continue;
          AgentSlot& slot = agents[a];
          slot.state = AgentState::kPreviewing;
          slot.since = now;
          slot.auto_dial_at = rules.preview_auto_dial > 0 ? now + rules.preview_auto_dial : 0;
          Command c;
          c.type = Type::kPreview;
          c.agent = a;
          c.lead = lead.id;
          c.number = lead.number;
          emit(std::move(c));
          slot.lead = std::move(lead);
        }
        break;
      case Mode::kProgressive:
        for (AgentId a = 0; a < agents.size(); ++a) {
          if (agents[a].state != AgentState::kReady || !take_lead(&lead)) continue;
          const CallId id = dial(std::move(lead), true, a);
          agents[a].state = AgentState::kDialing;
          agents[a].call = id;
        }
        break;
      case Mode::kPredictive:
        predictive();
        break;
    }
    ask_for_leads();
  }

  void ask_for_leads() {
    const std::size_t low = static_cast<std::size_t>(
        std::max(10.0, 2 * rules.max_dial_level * std::max(1, working_agents())));
    if (leads_asked || fresh.size() >= low) return;
    leads_asked = true;
    Command c;
    c.type = Type::kNeedLeads;
    c.count = static_cast<int>(4 * low);
    emit(std::move(c));
  }

  void begin(std::vector<Command>& o, Time t) {
    out = &o;
    now = std::max(now, t);
  }

  Duration last_wrap_up = seconds(30);
};

Dialer::Dialer(CampaignRules rules) : state_(std::make_unique<State>(std::move(rules))) {}
Dialer::~Dialer() = default;

void Dialer::set_running(bool running, Time now, std::vector<Command>& out) {
  State& s = *state_;
  s.begin(out, now);
  s.running = running;
  s.pace();
}

bool Dialer::running() const {
  return state_->running;
}

void Dialer::set_rules(const CampaignRules& rules) {
  state_->rules = rules;
}

void Dialer::add_leads(std::vector<Lead> leads, Time now, std::vector<Command>& out) {
  State& s = *state_;
  s.begin(out, now);
  for (Lead& l : leads)
    s.fresh.push_back(std::move(l));
  s.leads_asked = false;
  s.pace();
}

void Dialer::agent_ready(AgentId agent, Time now, std::vector<Command>& out) {
  State& s = *state_;
  s.begin(out, now);
  AgentSlot& slot = s.agent(agent);
  slot.away_after = false;
  if (slot.state == AgentState::kAway || slot.state == AgentState::kWrapUp) s.make_ready(agent);
  s.pace();
}

void Dialer::agent_away(AgentId agent, Time now, std::vector<Command>& out) {
  State& s = *state_;
  s.begin(out, now);
  AgentSlot& slot = s.agent(agent);
  switch (slot.state) {
    case AgentState::kReady:
      slot = AgentSlot{};
      break;
    case AgentState::kPreviewing: {
      Lead lead = std::move(slot.lead);
      slot = AgentSlot{};
      s.fresh.push_front(std::move(lead));  // not dialled: the next agent gets it
      break;
    }
    case AgentState::kWrapUp:
      slot = AgentSlot{};
      break;
    case AgentState::kDialing:
    case AgentState::kTalking:
      slot.away_after = true;  // goes when its call is over
      break;
    case AgentState::kAway:
      break;
  }
  s.pace();
}

void Dialer::preview_dial(AgentId agent, Time now, std::vector<Command>& out) {
  State& s = *state_;
  s.begin(out, now);
  AgentSlot& slot = s.agent(agent);
  if (slot.state != AgentState::kPreviewing) return;
  const CallId id = s.dial(std::move(slot.lead), true, agent);
  slot.state = AgentState::kDialing;
  slot.call = id;
  slot.auto_dial_at = 0;
}

void Dialer::preview_skip(AgentId agent, Time now, std::vector<Command>& out) {
  State& s = *state_;
  s.begin(out, now);
  AgentSlot& slot = s.agent(agent);
  if (slot.state != AgentState::kPreviewing) return;
  ++s.stats.skipped;
  Lead lead = std::move(slot.lead);
  s.make_ready(agent);
  s.lead_done(std::move(lead), Outcome::kSkipped);
  s.pace();
}

void Dialer::call_answered(CallId id, Outcome how, Time now, std::vector<Command>& out) {
  State& s = *state_;
  s.begin(out, now);
  OutCall* call = s.stop_ringing(id);
  if (!call) return;
  if (how == Outcome::kMachine) {
    ++s.stats.machine;
    s.slow_seen += 1;
    s.emit({.type = Type::kHangUp, .call = id, .lead = call->lead.id});
    s.end_unanswered(id, *call, Outcome::kMachine);
    s.pace();
    return;
  }
  ++s.stats.human;
  s.humans_seen += 1;
  ++s.today().answered;
  s.answer_delay.add(now - call->dialled);
  AgentId a = 0;
  if (call->for_agent && !s.agent(call->agent).away_after) {
    s.connect(id, *call, call->agent);
  } else if (s.longest_ready(&a)) {
    s.connect(id, *call, a);
  } else {
    call->state = CallState::kWaiting;
    call->deadline = now + s.rules.connect_deadline;
    s.waiting.push_back(id);
  }
  s.pace();
}

void Dialer::call_failed(CallId id, Outcome why, Time now, std::vector<Command>& out) {
  State& s = *state_;
  s.begin(out, now);
  OutCall* call = s.stop_ringing(id);
  if (!call) return;
  switch (why) {
    case Outcome::kBusy:
      ++s.stats.busy;
      break;
    case Outcome::kNoAnswer:
      ++s.stats.no_answer;
      s.slow_seen += 1;
      break;
    default:
      why = Outcome::kFailed;
      ++s.stats.failed;
  }
  s.end_unanswered(id, *call, why);
  s.pace();
}

void Dialer::talk_ended(CallId id, Duration wrap_up, Time now, std::vector<Command>& out) {
  State& s = *state_;
  s.begin(out, now);
  OutCall* call = s.calls.find(id);
  if (!call || call->state != CallState::kTalking) return;
  const AgentId a = call->agent;
  AgentSlot& slot = s.agent(a);
  s.talk.add(now - slot.since);
  s.last_wrap_up = wrap_up;
  Lead lead = std::move(call->lead);
  s.calls.erase(id);
  s.lead_done(std::move(lead), Outcome::kHuman);
  if (wrap_up > 0) {
    slot.state = AgentState::kWrapUp;
    slot.since = now;
    slot.wrap_until = now + wrap_up;
    slot.call = 0;
  } else {
    s.make_ready(a);
  }
  s.pace();
}

void Dialer::tick(Time now, std::vector<Command>& out) {
  State& s = *state_;
  s.begin(out, now);
  // Calls a person answered that found no agent in time.
  while (!s.waiting.empty()) {
    OutCall* call = s.calls.find(s.waiting.front());
    if (call && call->state == CallState::kWaiting && call->deadline > now) break;
    const CallId id = s.waiting.front();
    s.waiting.pop_front();
    if (call && call->state == CallState::kWaiting) s.abandon(id, *call);
  }
  for (AgentId a = 0; a < s.agents.size(); ++a) {
    AgentSlot& slot = s.agents[a];
    if (slot.state == AgentState::kWrapUp && slot.wrap_until <= now) s.make_ready(a);
    if (slot.state == AgentState::kPreviewing && slot.auto_dial_at != 0 && slot.auto_dial_at <= now)
      preview_dial(a, now, out);
  }
  s.pace();
}

Time Dialer::next_timer() const {
  const State& s = *state_;
  Time next = kNever;
  if (!s.waiting.empty())
    if (const OutCall* call = s.calls.find(s.waiting.front()))
      next = std::min(next, call->deadline);
  for (const AgentSlot& slot : s.agents) {
    if (slot.state == AgentState::kWrapUp) next = std::min(next, slot.wrap_until);
    if (slot.state == AgentState::kPreviewing && slot.auto_dial_at != 0)
      next = std::min(next, slot.auto_dial_at);
  }
  if (!s.running) return next;  // paused: nothing is dialled when a retry falls due
  if (!s.retries.empty()) next = std::min(next, s.retries.top().due);
  if (s.rules.mode == Mode::kPredictive && s.rules.pacer == PacerKind::kVicidial &&
      s.working_agents() > 0)
    next = std::min(next, s.next_adjust);
  if (s.rules.mode == Mode::kPredictive && s.working_agents() > 0)
    next = std::min(next, s.next_look);
  return next;
}

const DialerStats& Dialer::stats() const {
  return state_->stats;
}

double Dialer::abandon_rate_today(Time now) const {
  const State& s = *state_;
  const std::int64_t d = s.day_of(now);
  const DayCounts& c = s.days[static_cast<std::size_t>(((d % 30) + 30) % 30)];
  return c.day == d ? s.rate(c.abandoned, c.answered) : 0.0;
}

double Dialer::abandon_rate_30_days(Time now) const {
  std::uint64_t answered = 0, abandoned = 0;
  state_->counts_30_days(now, &answered, &abandoned);
  return state_->rate(abandoned, answered);
}

int Dialer::calls_out() const {
  return static_cast<int>(state_->calls.size());
}

std::size_t Dialer::leads_waiting() const {
  return state_->fresh.size() + state_->retries.size();
}

double Dialer::dial_level() const {
  const State& s = *state_;
  const int working = s.working_agents();
  return working ? static_cast<double>(s.ringing) / working : 0.0;
}

}  // namespace hotline::dialer
