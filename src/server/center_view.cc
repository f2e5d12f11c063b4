// What the API sees of the running center (api::CenterView): metrics and names.

#include <chrono>
#include <future>

#include "server/server_impl.h"

namespace hotline::server::detail {

namespace {

// Prometheus text: a metric's HELP and TYPE lines, then its samples.
class MetricsText {
 public:
  void family(const char* name, const char* type, const char* help) {
    text_ += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
  }
  void sample(const std::string& name, double value, const std::string& labels = "") {
    char number[64];
    std::snprintf(number, sizeof number, "%.15g", value);
    text_ += name;
    if (!labels.empty()) text_ += "{" + labels + "}";
    text_ += " ";
    text_ += number;
    text_ += "\n";
  }
  std::string take() { return std::move(text_); }

 private:
  std::string text_;
};

// A label value with '\', '"' and newlines escaped, in quotes.
std::string label(const char* name, const std::string& value) {
  std::string out = std::string(name) + "=\"";
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

const char* state_name(acd::AgentState s) {
  switch (s) {
    case acd::AgentState::kLoggedOut:
      return "logged_out";
    case acd::AgentState::kReady:
      return "ready";
    case acd::AgentState::kNotReady:
      return "not_ready";
    case acd::AgentState::kRinging:
      return "ringing";
    case acd::AgentState::kTalking:
      return "talking";
    case acd::AgentState::kWrapUp:
      return "wrap_up";
  }
  return "unknown";
}

}  // namespace

std::string ServerImpl::core_metrics() const {
  MetricsText m;
  const acd::RoutingEngine& routing = center_.routing();
  const acd::CenterModel& model = routing.model();
  m.family("hotline_queue_waiting_calls", "gauge", "Calls waiting in the queue now.");
  for (std::size_t q = 0; q < model.queues.size(); ++q)
    m.sample("hotline_queue_waiting_calls",
             static_cast<double>(routing.waiting_calls(static_cast<acd::QueueId>(q))),
             label("queue", model.queues[q].name));
  m.family("hotline_queue_staffed_agents", "gauge", "Agents logged in to the queue's pool.");
  for (std::size_t q = 0; q < model.queues.size(); ++q)
    m.sample("hotline_queue_staffed_agents", routing.staffed_agents(static_cast<acd::QueueId>(q)),
             label("queue", model.queues[q].name));
  std::map<std::string, int> by_state;
  for (const char* s : {"logged_out", "ready", "not_ready", "ringing", "talking", "wrap_up"})
    by_state[s] = 0;
  for (std::size_t a = 0; a < model.agents.size(); ++a)
    ++by_state[state_name(routing.agent(static_cast<acd::AgentId>(a)).state)];
  m.family("hotline_agents", "gauge", "Agents by state.");
  for (const auto& [state, n] : by_state)
    m.sample("hotline_agents", n, label("state", state));
  // Counters since the start: dashboards take service level over any window from them.
  m.family("hotline_queue_calls_total", "counter", "Queue calls finished, by outcome.");
  for (const auto& [queue, counter] : queue_kpis_) {
    const kpi::Kpis k = counter.figures();
    m.sample("hotline_queue_calls_total", static_cast<double>(k.answered),
             label("queue", queue) + "," + label("outcome", "answered"));
    m.sample("hotline_queue_calls_total", static_cast<double>(k.abandoned + k.short_abandoned),
             label("queue", queue) + "," + label("outcome", "abandoned"));
    m.sample("hotline_queue_calls_total", static_cast<double>(k.overflowed),
             label("queue", queue) + "," + label("outcome", "overflowed"));
  }
  m.family("hotline_queue_answered_in_sl_total", "counter",
           "Queue calls answered within the queue's service-level threshold.");
  for (const auto& [queue, counter] : queue_kpis_)
    m.sample("hotline_queue_answered_in_sl_total",
             static_cast<double>(counter.figures().answered_in_sl), label("queue", queue));
  m.family("hotline_queue_service_level", "gauge",
           "Share of queue calls answered within the threshold, since the start (0-1).");
  for (const auto& [queue, counter] : queue_kpis_)
    m.sample("hotline_queue_service_level", counter.figures().service_level, label("queue", queue));
  return m.take();
}

std::string ServerImpl::metrics() {
  // The core's part is read on the core thread; a core too busy to answer within a
  // second leaves it out rather than hold the scrape.
  auto promise = std::make_shared<std::promise<std::string>>();
  std::future<std::string> core_part = promise->get_future();
  core_.post([this, promise] { promise->set_value(core_metrics()); });
  const ServerStats st = stats();
  MetricsText m;
  m.family("hotline_calls_in_progress", "gauge", "Calls in the center now.");
  m.sample("hotline_calls_in_progress", static_cast<double>(st.calls_in_progress));
  m.family("hotline_calls_answered_total", "counter", "Trunk calls answered by the center.");
  m.sample("hotline_calls_answered_total", static_cast<double>(st.calls_answered));
  m.family("hotline_calls_rejected_total", "counter",
           "Trunk calls refused (unusable SDP, no RTP port).");
  m.sample("hotline_calls_rejected_total", static_cast<double>(st.calls_rejected));
  m.family("hotline_sip_requests_total", "counter", "SIP requests received.");
  m.sample("hotline_sip_requests_total", static_cast<double>(st.sip.requests));
  m.family("hotline_sip_auth_failures_total", "counter", "Digest authentications that failed.");
  m.sample("hotline_sip_auth_failures_total", static_cast<double>(st.sip.auth_failures));
  m.family("hotline_sip_unknown_sources_total", "counter", "Calls from unknown sources refused.");
  m.sample("hotline_sip_unknown_sources_total", static_cast<double>(st.sip.rejected_sources));
  m.family("hotline_rtp_packets_total", "counter", "RTP packets by what became of them.");
  m.sample("hotline_rtp_packets_total", static_cast<double>(st.rtp.packets_relayed),
           label("result", "relayed"));
  m.sample("hotline_rtp_packets_total", static_cast<double>(st.rtp.packets_played),
           label("result", "played"));
  m.sample("hotline_rtp_packets_total", static_cast<double>(st.rtp.packets_dropped),
           label("result", "dropped"));
  m.sample("hotline_rtp_packets_total", static_cast<double>(st.rtp.packets_lost),
           label("result", "lost"));
  m.family("hotline_rtp_ports_open", "gauge", "UDP ports held by the relay.");
  m.sample("hotline_rtp_ports_open", static_cast<double>(st.rtp.open_ports));
  m.family("hotline_recordings_active", "gauge", "Calls being recorded now.");
  m.sample("hotline_recordings_active", static_cast<double>(st.rtp.recordings));
  m.family("hotline_recording_errors_total", "counter", "Recordings that failed to write.");
  m.sample("hotline_recording_errors_total", static_cast<double>(st.recordings.errors));
  m.family("hotline_records_waiting", "gauge", "Call records not yet durable.");
  m.sample("hotline_records_waiting", static_cast<double>(st.records_waiting));
  std::string text = m.take();
  if (core_part.wait_for(std::chrono::seconds(1)) == std::future_status::ready)
    text += core_part.get();
  return text;
}

bool ServerImpl::has_agent(const std::string& name) {
  return agent_ids_.contains(name);  // filled before the API starts, never changed
}

}  // namespace hotline::server::detail
