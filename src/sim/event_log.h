#pragma once
// The event log: every event fed to the routing core, one JSON object per line.
//
//   {"log":"hotline-events","version":1,"day_start":"07:30","interval_s":1800}
//   {"t_s":12.5,"event":"call_arrived","call":1,"queue":"billing","priority":0,
//    "talk_s":181.2,"patience_s":95.0}
//   {"t_s":12.5,"event":"agent_answered","call":1,"agent":"E01"}
//
// Times are seconds from the start of the first simulated day. A call's talk time and
// patience ride on its arrival line, so a log can be replayed under another
// configuration (`hotline sim --replay LOG --config NEW.yaml`).

#include <cstdio>
#include <iosfwd>
#include <string>
#include <vector>

#include "common/status.h"
#include "sim/scenario.h"
#include "sim/simulator.h"

namespace hotline::sim {

class EventLogWriter final : public EventSink {
 public:
  // Writes to `file` (not owned), starting with the header line.
  EventLogWriter(std::FILE* file, const Scenario& scenario);
  void on_event(const acd::Event& event, const CallInput* call) override;
  std::uint64_t lines() const { return lines_; }

 private:
  std::FILE* file_;
  const Scenario& scenario_;
  std::uint64_t lines_ = 0;
};

// The calls of a log, queues matched by name against `scenario`'s queues.
// Errors name the log file and line.
Result<std::vector<CallInput>> read_logged_calls(const std::string& path, const Scenario& scenario);
// The same from a stream; `path` names it in errors.
Result<std::vector<CallInput>> parse_logged_calls(std::istream& in, const std::string& path,
                                                  const Scenario& scenario);

// A JSON string literal for `text` (quotes included).
std::string json_quote(const std::string& text);

}  // namespace hotline::sim
