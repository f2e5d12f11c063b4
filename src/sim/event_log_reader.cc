// Reading an event log back for replay (kept apart: it is the only user of nlohmann here).

#include <algorithm>
#include <fstream>
#include <istream>
#include <nlohmann/json.hpp>

#include "common/text.h"
#include "sim/event_log.h"

namespace hotline::sim {

namespace {

constexpr double kMaxLogSeconds = 366.0 * 86400;

// A field's text; "" when it is missing or not text (json::value would throw).
std::string text_of(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

Result<std::vector<CallInput>> read_logged_calls(const std::string& path,
                                                 const Scenario& scenario) {
  std::ifstream in(path);
  if (!in) return Status::invalid_argument(path + ": cannot open the event log");
  return parse_logged_calls(in, path, scenario);
}

Result<std::vector<CallInput>> parse_logged_calls(std::istream& in, const std::string& path,
                                                  const Scenario& scenario) {
  std::vector<CallInput> calls;
  std::string line;
  int line_no = 0;
  for (; std::getline(in, line); ++line_no) {
    const auto where = [&] { return path + ":" + std::to_string(line_no + 1) + ": "; };
    if (line.empty()) continue;
    if (json_nesting(line) > kMaxNesting)
      return Status::invalid_argument(where() + "nests deeper than " + std::to_string(kMaxNesting) +
                                      " levels");
    nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object())
      return Status::invalid_argument(where() + "not a JSON object");
    if (line_no == 0) {
      if (text_of(j, "log") != "hotline-events")
        return Status::invalid_argument(where() + "not a hotline event log (no header line)");
      continue;
    }
    if (text_of(j, "event") != "call_arrived") continue;
    const auto number = [&](const char* key) -> const nlohmann::json* {
      auto it = j.find(key);
      return it != j.end() && it->is_number() ? &*it : nullptr;
    };
    const auto* t = number("t_s");
    const auto* talk = number("talk_s");
    const bool queued = j.contains("queue") && j["queue"].is_string();
    const bool through_ivr = !j.contains("queue") && j.contains("keys") && j["keys"].is_string();
    if (!t || !talk || !(talk->get<double>() > 0) || !(queued || through_ivr))
      return Status::invalid_argument(
          where() + "a call_arrived line needs t_s, talk_s > 0 and a queue (or the IVR's keys)");
    // A log covers at most a year of calls, each at most a day long.
    const auto* patience = number("patience_s");
    if (!(t->get<double>() >= 0 && t->get<double>() <= kMaxLogSeconds) ||
        !(talk->get<double>() <= 86400) ||
        (patience && !(patience->get<double>() >= 0 && patience->get<double>() <= kMaxLogSeconds)))
      return Status::invalid_argument(where() +
                                      "t_s and patience_s must lie within a year, talk_s a day");
    CallInput c;
    c.arrival = seconds_f(t->get<double>());
    if (queued) {
      const std::string queue = j["queue"].get<std::string>();
      const auto& queues = scenario.model.queues;
      auto q = std::find_if(queues.begin(), queues.end(),
                            [&](const auto& x) { return x.name == queue; });
      if (q == queues.end())
        return Status::invalid_argument(where() + "queue '" + queue +
                                        "' is not in the new configuration");
      c.queue = static_cast<acd::QueueId>(q - queues.begin());
    } else {
      c.queue = acd::kNoQueue;
      const std::string keys = j["keys"].get<std::string>();
      if (keys.size() > KeyPresses::kMax)
        return Status::invalid_argument(where() + "more than " + std::to_string(KeyPresses::kMax) +
                                        " keys");
      c.keys = KeyPresses(keys);
    }
    if (auto p = j.find("priority"); p != j.end()) {
      if (!p->is_number_integer() || p->get<std::int64_t>() < -1000 ||
          p->get<std::int64_t>() > 1000)
        return Status::invalid_argument(where() +
                                        "priority must be a whole number from -1000 to 1000");
      c.priority = static_cast<int>(p->get<std::int64_t>());
    }
    c.talk = seconds_f(talk->get<double>());
    if (patience) c.patience = seconds_f(patience->get<double>());
    calls.push_back(c);
  }
  if (line_no == 0) return Status::invalid_argument(path + ": empty event log");
  std::stable_sort(calls.begin(), calls.end(),
                   [](const CallInput& a, const CallInput& b) { return a.arrival < b.arrival; });
  return calls;
}

}  // namespace hotline::sim
