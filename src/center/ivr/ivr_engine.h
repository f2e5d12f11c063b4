#pragma once
// IvrEngine: runs IVR flows for many calls at once. Pure like the routing core: events in
// (call starts, key pressed, prompt finished, back-end answered, caller hung up, time
// passed), commands out (play, stop playing, look up, enter queue, transfer, hang up).
// It keeps its own timers (no input, inter-digit, back-end) and never reads a clock.
//
// Every node entered is recorded in the call's path, with the key that left it; the
// path goes to the agent's screen, the SIP header X-Hotline-Ivr-Path and the CDR.
// Hits and drop-outs are counted per node, outcomes per flow, for IVR reports.
//
// Thread-safety: none; one owner. Late events for unknown calls are ignored and counted.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "center/ivr/calendar.h"
#include "center/ivr/flow.h"
#include "common/time.h"

namespace hotline::ivr {

using CallId = std::uint64_t;

enum class IvrCommandType : std::uint8_t {
  kPlay,         // text: say it (TTS, or "file:NAME"); keys may interrupt (barge-in)
  kStopPlaying,  // a key interrupted the prompt
  kLookup,       // text: the service; key: the value to look up
  kEnterQueue,   // text: queue name; priority: the routing core takes the call
  kTransfer,     // text: number
  kHangup,       // end the call
};

struct IvrCommand {
  IvrCommandType type;
  CallId call = 0;
  NodeIndex node = kNoNode;
  std::string text;
  std::string key;
  int priority = 0;
};

// How a call left the IVR.
enum class IvrOutcome : std::uint8_t {
  kInProgress,
  kQueued,
  kTransferred,
  kSelfServed,
  kCallerHungUp,
  kFailed
};

struct PathStep {
  NodeIndex node = kNoNode;
  char key = 0;  // the key that left this node (menus), 0 otherwise
};

// What the agent sees: the first two menu choices and the last node before the agent.
struct PathSummary {
  std::string first_choice;  // "主選單 Main menu: 1"
  std::string second_choice;
  std::string last_node;  // title of the last node before queue or transfer
};

struct NodeStats {
  std::uint64_t hits = 0;
  std::uint64_t drop_outs = 0;  // callers who hung up while at this node
};

class IvrEngine {
 public:
  // REQUIRES: flow validated (indices in range, menus with at most 7 options).
  IvrEngine(Flow flow, Calendar calendar);
  ~IvrEngine();
  IvrEngine(const IvrEngine&) = delete;
  IvrEngine& operator=(const IvrEngine&) = delete;

  // A call enters the flow at its start node; `variables` seed it (caller number, ...).
  void start(CallId call, Time now, const std::map<std::string, std::string>& variables,
             std::vector<IvrCommand>& out);
  void key(CallId call, char key, Time now, std::vector<IvrCommand>& out);
  void prompt_finished(CallId call, Time now, std::vector<IvrCommand>& out);
  void lookup_result(CallId call, bool ok, const std::map<std::string, std::string>& values,
                     Time now, std::vector<IvrCommand>& out);
  // A call sent back into the flow by its agent (a knowledge-base page's "back to the
  // IVR"): it goes on at `node` with its variables and its path so far, as if it had
  // just arrived there. REQUIRES: node < flow().nodes.size().
  void reenter(CallId call, NodeIndex node, Time now, std::vector<IvrCommand>& out);
  // The caller hung up: a drop-out if still in the IVR. The path stays until forget().
  void caller_hung_up(CallId call, Time now);
  void forget(CallId call);

  // Fires due timers (no input, inter-digit, back-end timeout).
  void tick(Time now, std::vector<IvrCommand>& out);
  Time next_timer() const;

  const Flow& flow() const;
  // Holidays, make-up workdays and opening hours changed (administration): calls branch by
  // them from now on; calls past their branches go on where they are.
  void set_calendar(Calendar calendar);
  const Calendar& calendar() const;
  // REQUIRES: the call is known. Empty path for an unknown call.
  const std::vector<PathStep>& path(CallId call) const;
  IvrOutcome outcome(CallId call) const;
  std::string variable(CallId call, const std::string& name) const;
  // "welcome>main:1>billing:2>q-billing" for the X-Hotline-Ivr-Path header.
  std::string path_header(CallId call) const;
  PathSummary summary(CallId call) const;
  const std::vector<NodeStats>& node_stats() const;
  std::uint64_t outcomes(IvrOutcome outcome) const;
  std::uint64_t ignored_events() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace hotline::ivr
