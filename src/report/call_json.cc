#include "report/call_json.h"

#include <nlohmann/json.hpp>

namespace hotline::report {

namespace {

double span_s(Time from, Time to) {
  return from != 0 && to >= from ? to_seconds(to - from) : 0.0;
}

}  // namespace

nlohmann::json call_json(const store::CallRecord& c, nlohmann::json (*time_text)(Time)) {
  nlohmann::json legs = nlohmann::json::array();
  for (const store::LegRecord& l : c.legs)
    legs.push_back({{"agent", l.agent},
                    {"offered", time_text(l.offered)},
                    {"answered", time_text(l.answered)},
                    {"ended", time_text(l.ended)},
                    {"result", l.result},
                    {"sip_status", l.sip_status},
                    {"number", l.number}});
  return {{"uid", c.uid},
          {"direction", c.direction},
          {"caller", c.caller},
          {"called", c.called},
          {"arrived", time_text(c.arrived)},
          {"ivr_exit", time_text(c.ivr_exit)},
          {"queued", time_text(c.queued)},
          {"offered", time_text(c.offered)},
          {"answered", time_text(c.answered)},
          {"ended", time_text(c.ended)},
          {"wrapup_ended", time_text(c.wrapup_ended)},
          {"wait_s", span_s(c.queued, c.answered != 0 ? c.answered : c.ended)},
          {"talk_s", span_s(c.answered, c.ended)},
          {"ivr_path", c.ivr_path},
          {"queue", c.queue},
          {"agent", c.agent},
          {"disposition", c.disposition},
          {"hangup_side", c.hangup_side},
          {"hangup_cause", c.hangup_cause},
          {"recording", c.recording},
          {"recording_s", to_seconds(c.recording_length)},
          {"hold_s", to_seconds(c.hold)},
          {"disposition_code", c.disposition_code},
          {"transferred_from", c.transferred_from},
          {"legs", legs}};
}

}  // namespace hotline::report
