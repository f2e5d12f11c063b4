#pragma once
// ControlStates: what the agent has done to a call with its controls, kept by the calls'
// ids rather than in Call: who holds the call (the agent's phone by re-INVITE, the
// desktop with music; either is a hold), and the agent's in-call keys — "*7" pauses the
// recording (card numbers), "*8" resumes it. CallFlows carries out what a change means
// (the relay parted, music, the record's hold times).
//
// Thread-safety: the core thread only.

#include <cstdint>
#include <optional>
#include <unordered_map>

namespace hotline::server::detail {

class ControlStates {
 public:
  enum class HoldBy : std::uint8_t { kPhone, kDesk };

  bool on_hold(std::uint64_t call) const;
  bool held_by(std::uint64_t call, HoldBy by) const;
  // One side's hold; returns whether the call as a whole went on or off hold.
  bool set_hold(std::uint64_t call, HoldBy by, bool on);
  // Both holds end with the agent's part of the call (a transfer); returns whether the
  // desktop held it (its music and parted media must end too).
  bool end_holds(std::uint64_t call);

  // A key the agent pressed during the call: the recording's pause it asks for ("*7":
  // true, "*8": false), when that changes it.
  std::optional<bool> agent_key(std::uint64_t call, char key);

  // The call ended.
  void forget(std::uint64_t call) { states_.erase(call); }
  std::size_t calls() const { return states_.size(); }

 private:
  struct State {
    bool phone_held = false;
    bool desk_held = false;
    bool recording_paused = false;
    char last_agent_key = 0;
  };
  const State* find(std::uint64_t call) const;

  std::unordered_map<std::uint64_t, State> states_;
};

}  // namespace hotline::server::detail
