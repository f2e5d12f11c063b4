#pragma once
// CallRecord: the call-detail record (CDR) of one call as stored — milestones, route,
// outcome, the agent legs that rang, and the recording. Times are microseconds since
// the Unix epoch (UTC); 0 means "never happened".

#include <cstdint>
#include <string>
#include <vector>

#include "common/time.h"

namespace hotline::store {

// One leg the center placed for the call: an attempt to reach an agent (at its phone,
// or a remote seat's number), or an outside number (an IVR transfer, an agent's call out).
struct LegRecord {
  std::string agent;  // "" for an outside number
  Time offered = 0;
  Time answered = 0;
  Time ended = 0;
  std::string result;  // answered, no_answer, busy, failed, cancelled (caller gave up)
  int sip_status = 0;  // the final response to our INVITE
  std::string number;  // the outside number dialled through the trunk, if any
};

struct CallRecord {
  std::string uid;  // unique across restarts: the server's start time and a counter
  std::string direction = "inbound";
  std::string caller, called;
  std::string caller_e164;  // the caller's number in E.164 ("" when not a number)
  Time arrived = 0, ivr_exit = 0, queued = 0, offered = 0, answered = 0, ended = 0;
  Time wrapup_ended = 0;  // the agent's after-call work, filled in later
  std::string ivr_path, queue, agent;
  std::string disposition;     // answered, abandoned, abandoned_ivr, ivr_completed, ...
  std::string hangup_side;     // caller, agent, center
  std::string hangup_cause;    // bye, cancel, rtp_timeout, queue_full, a transfer target ...
  Duration sl_threshold = 0;   // the queue's "answered within" when the call came
  Duration short_abandon = 0;  // the center's short abandon then (docs/kpis.md)
  std::string recording;       // file name under the recordings directory
  Duration recording_length = 0;
  Duration hold = 0;             // the caller waited on hold (the agent's phone or desktop)
  std::string disposition_code;  // the agent's code for the call (config `dispositions`)
  std::string transferred_from;  // uid of the part of the call an agent transferred here
  std::vector<LegRecord> legs;
};

}  // namespace hotline::store
