// An event log read back for replay (`hotline sim --replay LOG`): JSON lines from a file
// anyone may hand over. Errors are fine; a crash, a hang or a run that never ends is not:
// what the reader accepts is simulated.
#include <cstdint>
#include <sstream>
#include <string>

#include "sim/event_log.h"
#include "sim/simulator.h"

namespace {

hotline::sim::Scenario one_queue() {
  using namespace hotline;
  sim::Scenario s;
  s.model.skills = {"any"};
  s.model.teams = {"all"};
  acd::QueueSpec q;
  q.name = "sales";
  q.agents.any_of_skills = {{0, 1}};
  s.model.queues = {q};
  s.model.agents = {{"a1", 0, {{0, 5}}}, {"a2", 0, {{0, 5}}}};
  // A menu: 1 to the queue, anything else ends the call.
  ivr::Node menu;
  menu.id = menu.title = "main";
  menu.type = ivr::NodeType::kMenu;
  menu.options = {{'1', 1}};
  ivr::Node queue;
  queue.id = queue.title = "to-sales";
  queue.type = ivr::NodeType::kQueue;
  queue.queue = "sales";
  s.flow.nodes = {menu, queue};
  s.flow.start = 0;
  s.queue_titles = {"sales"};
  s.talk_time = {sim::Sampler::fixed(60)};
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const hotline::sim::Scenario scenario = one_queue();
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  auto calls = hotline::sim::parse_logged_calls(in, "fuzz.jsonl", scenario);
  if (calls.ok() && calls->size() <= 64) (void)hotline::sim::simulate(scenario, *calls);
  return 0;
}
