#pragma once
// Wallboard: what the running center shows of itself. Each queue's figures (today from
// local midnight, the last 30 minutes, the day's intervals, since the start), the core's
// gauges for /metrics, and the body of every event the API's subscribers get
// (docs/api.md, "Events"): agents' states, calls offered, answered and ended, queues'
// figures and lengths. The event protocol has this one home; the rest of the server
// tells the wallboard what happened.
//
// Thread: the core thread only (it reads CallCenter).

#include <map>
#include <set>
#include <string>
#include <vector>

#include "api/api_service.h"
#include "center/call_center.h"
#include "config/center_config.h"
#include "kpi/kpis.h"
#include "kpi/queue_board.h"
#include "store/call_record.h"

namespace hotline::server {

// How the API names an agent's state ("ready", "wrap_up" ...).
const char* agent_state_name(acd::AgentState state);

// What the event of a call offered to or answered by an agent tells its desk.
struct CallOnDesk {
  std::string uid;  // the call's record
  std::string caller;
  std::string queue;
  bool callback = false;  // the caller left this number: call it back
};

class Wallboard {
 public:
  struct Settings {
    kpi::KpiRules rules;                                   // the center's
    std::vector<config::CenterConfig::QueueBoard> boards;  // per queue: alarm, forecast
    std::vector<std::string> queue_titles;
    Duration utc_offset = 0;  // the center's local time
  };
  // `center` and `clock` must outlive the wallboard.
  Wallboard(const center::CallCenter& center, const Clock& clock, Settings settings);

  // Where events go (null: nowhere); set before the core thread runs.
  void set_events(api::ApiService* api) { api_ = api; }
  // Events are built only when someone listens.
  bool has_subscribers() const { return api_ && api_->has_subscribers(); }

  // The figures follow what happens to calls in queues.
  Time today_start(Time now) const { return kpi::local_midnight(now, settings_.utc_offset); }
  void restore_call(const store::CallRecord& r);  // a finished call of today, at start
  void call_queued(const std::string& queue, std::uint64_t call, Time at);
  void call_answered(const std::string& queue, std::uint64_t call, Duration waited);
  // The core is done with the call's part in its queue: no longer counted as going on.
  void call_left_queue(const std::string& queue, std::uint64_t call, Time queued);
  void call_finished(const store::CallRecord& r);
  // An agent's state changed: the tiles of the queues it serves show agents by state.
  void agent_changed(acd::AgentId agent);
  // The settings changed (titles, alarms): every tile is sent again.
  void reconfigure(const config::CenterConfig& config);

  api::QueueSnapshot queue_snapshot(acd::QueueId queue);
  // The core's figures in Prometheus text: queues' calls and agents by state.
  std::string metrics() const;

  // Events.
  void agent_state_event(acd::AgentId agent, acd::AgentState state, const std::string& reason);
  // `answered`: call.answered, else call.offered (with a screen pop).
  void call_event(bool answered, acd::AgentId agent, std::uint64_t call, const CallOnDesk& desk);
  void call_ended_event(const center::CallTrace& trace, const std::string& uid);
  // queue.stats for every queue whose figures changed, queue.waiting for those whose
  // length did, since the last call.
  void publish_queue_changes();

 private:
  kpi::QueueBoard& board_of(const std::string& queue);
  // The agent's name and team decide who gets the event (no agent: everyone).
  void publish_for_agent(acd::AgentId agent, const std::string& json, bool screen_pop = false);

  const center::CallCenter& center_;
  const Clock& clock_;
  Settings settings_;
  api::ApiService* api_ = nullptr;
  std::map<std::string, kpi::QueueBoard> boards_;
  std::map<std::string, kpi::KpiCounter> since_start_;  // queue calls finished, per queue
  std::set<std::string> changed_;                       // boards changed since the last event
  std::vector<std::size_t> published_waiting_;          // queue lengths last told
};

}  // namespace hotline::server
