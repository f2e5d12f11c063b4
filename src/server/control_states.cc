#include "server/control_states.h"

namespace hotline::server::detail {

const ControlStates::State* ControlStates::find(std::uint64_t call) const {
  auto it = states_.find(call);
  return it == states_.end() ? nullptr : &it->second;
}

bool ControlStates::on_hold(std::uint64_t call) const {
  const State* s = find(call);
  return s && (s->phone_held || s->desk_held);
}

bool ControlStates::held_by(std::uint64_t call, HoldBy by) const {
  const State* s = find(call);
  return s && (by == HoldBy::kPhone ? s->phone_held : s->desk_held);
}

bool ControlStates::set_hold(std::uint64_t call, HoldBy by, bool on) {
  const bool was = on_hold(call);
  State& s = states_[call];
  (by == HoldBy::kPhone ? s.phone_held : s.desk_held) = on;
  return was != on_hold(call);
}

bool ControlStates::end_holds(std::uint64_t call) {
  auto it = states_.find(call);
  if (it == states_.end()) return false;
  const bool desk = it->second.desk_held;
  it->second.phone_held = it->second.desk_held = false;
  return desk;
}

std::optional<bool> ControlStates::agent_key(std::uint64_t call, char key) {
  State& s = states_[call];
  std::optional<bool> pause;
  if (s.last_agent_key == '*' && (key == '7' || key == '8')) {
    if ((key == '7') != s.recording_paused) pause = s.recording_paused = key == '7';
    key = 0;  // "*7*8" needs its second star again
  }
  s.last_agent_key = key;
  return pause;
}

}  // namespace hotline::server::detail
