#include "sim/event_log.h"

#include <cinttypes>

namespace hotline::sim {

std::string json_quote(const std::string& text) {
  std::string out = "\"";
  for (unsigned char ch : text) {
    switch (ch) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (ch < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", ch);
          out += buf;
        } else {
          out += static_cast<char>(ch);
        }
    }
  }
  return out + "\"";
}

EventLogWriter::EventLogWriter(std::FILE* file, const Scenario& scenario)
    : file_(file), scenario_(scenario) {
  const long minutes = static_cast<long>(scenario.day_start / seconds(60));
  std::fprintf(file_,
               "{\"log\":\"hotline-events\",\"version\":1,\"day_start\":\"%02ld:%02ld\","
               "\"interval_s\":%.0f}\n",
               minutes / 60, minutes % 60, to_seconds(scenario.interval));
}

void EventLogWriter::on_event(const acd::Event& e, const CallInput* call) {
  ++lines_;
  std::fprintf(file_, "{\"t_s\":%.6f,\"event\":\"%s\"", to_seconds(e.at), acd::to_string(e.type));
  if (e.call) std::fprintf(file_, ",\"call\":%" PRIu64, e.call);
  if (e.agent != acd::kNoAgent && e.agent < scenario_.model.agents.size())
    std::fprintf(file_, ",\"agent\":%s", json_quote(scenario_.model.agents[e.agent].name).c_str());
  if (e.type == acd::EventType::kAgentNotReady && e.reason < scenario_.model.reasons.size())
    std::fprintf(file_, ",\"reason\":%s", json_quote(scenario_.model.reasons[e.reason]).c_str());
  if (call) {
    if (call->queue < scenario_.model.queues.size())
      std::fprintf(file_, ",\"queue\":%s",
                   json_quote(scenario_.model.queues[call->queue].name).c_str());
    else  // through the IVR
      std::fprintf(file_, ",\"keys\":%s", json_quote(std::string(call->keys.view())).c_str());
    std::fprintf(file_, ",\"priority\":%d,\"talk_s\":%.6f", call->priority, to_seconds(call->talk));
    if (call->patience != kNever)
      std::fprintf(file_, ",\"patience_s\":%.6f", to_seconds(call->patience));
  }
  std::fputs("}\n", file_);
}

}  // namespace hotline::sim
