#include "server/callbacks.h"

namespace hotline::server::detail {

namespace {

// Digits read one by one, as people say phone numbers ("1 3 8 ...").
std::string spoken_digits(const std::string& number) {
  std::string out;
  for (char ch : number) {
    if (!out.empty()) out += ' ';
    out += ch;
  }
  return out;
}

}  // namespace

std::uint64_t Callbacks::customer_leg(std::uint64_t call) const {
  auto it = callbacks_.find(call);
  return it == callbacks_.end() ? 0 : it->second.customer_leg;
}

void Callbacks::offer(std::uint64_t call, Call& c, const std::string& number) {
  const std::string digits = spoken_digits(number);
  hub_.say_now(call, c,
               "座席正忙。如需保留排队位置并由我们回电至 " + digits + "，请按1。 " +
                   "All our agents are busy. To keep your place in line and be called back at " +
                   digits + ", press 1.");
}

void Callbacks::accepted(std::uint64_t call, Call& c, const std::string& number) {
  telephony_.stop_music(c);
  c.prompts_pending = 0;  // what was still being prepared (the offer) is not wanted
  c.hang_up_after_prompt = true;
  const std::string digits = spoken_digits(number);
  hub_.say_now(call, c,
               "好的，我们将回电至 " + digits +
                   "，您的排队位置已保留。再见。 We will call you back at " + digits +
                   ", and your place in line is kept. Goodbye.");
}

bool Callbacks::open(std::uint64_t call, const std::string& number, const std::string& queue) {
  if (calls_.find(call)) {
    if (is_callback(call)) return true;
    hub_.finish(call);  // still saying goodbye to the caller when an agent came free
  }
  Call* opened = telephony_.open_placed(call);
  if (!opened) return false;
  Call& c = *opened;
  c.caller = number;
  c.queue = queue;
  c.caller_line = false;
  callbacks_[call] = {};
  log_.begin(call, c, clock_.now());  // its own record, kept if rung before
  return true;
}

void Callbacks::dial(std::uint64_t call, Call& c, acd::AgentId agent) {
  const std::uint64_t leg = hub_.add_outside_leg(call, c, c.caller, agent, LegKind::kCallback);
  telephony_.dial(leg, c, media::Leg::kCaller, c.caller, {}, center_.ivr().path_header(call));
}

void Callbacks::answered(std::uint64_t leg, std::uint64_t call, Call& c) {
  callbacks_[call].customer_leg = leg;
  hub_.start_recording(call, c);
  const PlacedLeg* agent_leg = calls_.leg(c.agent_leg);
  hub_.record_in_progress(call, agent_leg ? agent_leg->agent : acd::kNoAgent, clock_.now());
}

void Callbacks::failed(const PlacedLeg& l, const char* why) {
  hub_.step_center([&](std::vector<center::CenterCommand>& out) {
    center_.callback_failed(l.call, why, clock_.now(), out);
  });
  hub_.finish(l.call);  // BYE to the agent's phone
}

void Callbacks::customer_hung_up(std::uint64_t call) {
  if (auto it = callbacks_.find(call); it != callbacks_.end()) it->second.customer_leg = 0;
}

}  // namespace hotline::server::detail
