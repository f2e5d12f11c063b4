#pragma once
// A day's call-detail records as simulator input. Re-simulating the calls that really came
// in, under the configuration they came in under, gives the figures the center reported
// (a check of the model); under another configuration, a what-if on real traffic
// (`hotline sim --config NEW.yaml --replay-records DATA --date DAY`).
//
// Each call that reached a queue (the calls the KPIs count, report/call_kpis.h) arrives
// when it entered its queue, with:
//   talk      its talk time if it was answered; otherwise the mean talk of the day's
//             answered calls in its queue (of all queues if none; 180 s if none at all),
//             for a what-if that answers it;
//   patience  the time it waited if its caller hung up waiting; otherwise unknown, so
//             the caller waits for ever.
// Priority is not recorded: every call has priority 0.

#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "sim/scenario.h"
#include "store/call_record.h"

namespace hotline::sim {

// The calls of `records` that entered a queue at or after `day_begin` (t = 0 of the
// simulated day), sorted by arrival, queues matched by name against `scenario`'s.
// Errors name the first record whose queue the scenario lacks.
Result<std::vector<CallInput>> calls_from_records(const std::vector<store::CallRecord>& records,
                                                  Time day_begin, const Scenario& scenario);

}  // namespace hotline::sim
