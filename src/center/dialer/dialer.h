#pragma once
// Dialer: one campaign's outbound dialing as a pure machine — events in, commands out, no
// I/O, no clock (each event brings its time). It keeps the campaign's agents (ready,
// previewing, talking, in wrap-up, away), the leads to call (fresh ones, then retries as
// they fall due) and the calls out; it decides when to dial which number, gives a call a
// person answered to a free agent, and abandons one that finds none within the connect
// deadline (the adapter plays the message naming the center and hangs up; the number is
// not dialled again for 72 h).
//
// Modes: preview — the agent sees the lead, then dials it or skips it (or it dials itself
// after `preview_auto_dial`); progressive — one number per ready agent, the call kept for
// that agent; predictive — as many numbers as the agents about to be free can take within
// the abandon limit (pacing.h), with the budget over today and the last 30 days.
//
// Thread-safety: none; one thread owns it.

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "common/time.h"

namespace hotline::dialer {

using CallId = std::uint64_t;  // the dialer's own numbering of its calls
using LeadId = std::int64_t;
using AgentId = std::uint32_t;

enum class Mode : std::uint8_t { kPreview, kProgressive, kPredictive };
enum class PacerKind : std::uint8_t { kBinomial, kVicidial };  // predictive only

// How a dial ended, or was answered.
enum class Outcome : std::uint8_t {
  kHuman,    // a person answered: connected to an agent, or abandoned
  kMachine,  // an answering machine
  kBusy,
  kNoAnswer,   // rang the ring time out
  kFailed,     // network failure, rejected, no such number
  kSkipped,    // preview: the agent passed it by
  kAbandoned,  // a person answered and no agent was free within the deadline
};
const char* outcome_name(Outcome o);

struct RetryRules {
  int max_attempts = 3;  // dials of one lead, at most
  Duration after_busy = seconds(600);
  Duration after_no_answer = seconds(2 * 3600);
  Duration after_machine = seconds(4 * 3600);
  Duration after_failed = seconds(1800);
};

struct CampaignRules {
  Mode mode = Mode::kProgressive;
  PacerKind pacer = PacerKind::kBinomial;
  Duration ring_time = seconds(25);
  Duration connect_deadline = seconds(2);
  double abandon_limit = 0.03;  // abandoned / answered by a person, today and over 30 days
  Duration no_redial_after_abandon = seconds(72 * 3600);
  Duration preview_auto_dial = 0;  // 0: the agent dials
  double max_dial_level = 4.0;     // numbers out per working agent, at most
  RetryRules retry;
  Duration utc_offset = seconds(8 * 3600);  // the center's day, for "today"
};

struct Lead {
  LeadId id = 0;
  std::string number;  // as the trunk dials it
  int attempts = 0;    // dials made before
};

struct Command {
  enum class Type : std::uint8_t {
    kDial,       // call, lead, number (agent: progressive and preview, the agent it is for)
    kConnect,    // call, agent: bridge the call a person answered to the agent
    kAbandon,    // call: nobody free in time: the abandon message, then hang up
    kHangUp,     // call: an answering machine: hang up
    kPreview,    // agent, lead, number: show the lead to the agent
    kLeadDone,   // lead, outcome, retry_at (0: no more dials of it)
    kNeedLeads,  // count: more leads wanted
  };
  Type type = Type::kDial;
  CallId call = 0;
  LeadId lead = 0;
  AgentId agent = 0;
  std::string number = {};
  Outcome outcome = Outcome::kFailed;
  Time retry_at = 0;
  int count = 0;
};

struct DialerStats {
  std::uint64_t dialled = 0, human = 0, machine = 0, busy = 0, no_answer = 0, failed = 0;
  std::uint64_t connected = 0, abandoned = 0, skipped = 0;
};

class Dialer {
 public:
  explicit Dialer(CampaignRules rules);
  ~Dialer();
  Dialer(const Dialer&) = delete;
  Dialer& operator=(const Dialer&) = delete;

  // Running (the default) or paused: a paused campaign dials no more numbers and shows no
  // more leads; the calls already out go on (a calling window closing, a team lead's pause).
  void set_running(bool running, Time now, std::vector<Command>& out);
  bool running() const;
  // New rules, taken from the next decision on (a campaign changed live).
  void set_rules(const CampaignRules& rules);
  // Leads to call, in the order given (the store's batch).
  void add_leads(std::vector<Lead> leads, Time now, std::vector<Command>& out);
  // The campaign's agents: ready for a call (also to end its wrap-up early), or away
  // (logged out, on a break, taken by an inbound call). An agent away while talking stays
  // in its call until talk_ended.
  void agent_ready(AgentId agent, Time now, std::vector<Command>& out);
  void agent_away(AgentId agent, Time now, std::vector<Command>& out);
  // Preview: the agent dials the lead it was shown, or passes it by.
  void preview_dial(AgentId agent, Time now, std::vector<Command>& out);
  void preview_skip(AgentId agent, Time now, std::vector<Command>& out);
  // A call out was answered (kHuman or kMachine), or ended without an answer (kBusy,
  // kNoAnswer, kFailed).
  void call_answered(CallId call, Outcome how, Time now, std::vector<Command>& out);
  void call_failed(CallId call, Outcome why, Time now, std::vector<Command>& out);
  // The agent's talk ended; it wraps up for `wrap_up`, then is ready again by itself.
  void talk_ended(CallId call, Duration wrap_up, Time now, std::vector<Command>& out);
  void tick(Time now, std::vector<Command>& out);
  // When tick() next has something to do (kNever: nothing); predictive with agents
  // working: every 250 ms at least, as agents come into the pacer's reach.
  Time next_timer() const;

  const DialerStats& stats() const;
  // Abandoned / answered by a person, today and over the last 30 days (today included).
  double abandon_rate_today(Time now) const;
  double abandon_rate_30_days(Time now) const;
  // Calls ringing or waiting for an agent; leads waiting to be dialled (fresh and due).
  int calls_out() const;
  std::size_t leads_waiting() const;
  // Numbers ringing now per working agent (the dial level a wallboard shows).
  double dial_level() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace hotline::dialer
