#pragma once
// The call-detail records `hotline serve --data DIR` keeps, read by the commands that
// report on them (`hotline report`) or re-simulate them (`hotline sim --replay-records`),
// with the local-time arguments those commands take.

#include <string>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "store/call_record.h"

namespace hotline::app {

// "2026-11-25", "2026-11-25 08:30", "2026-11-25T08:30:15", in the machine's local time.
Result<Time> parse_local_time(const std::string& text);

// The local midnight that began the day holding `t`.
Time local_day_start(Time t);

// The records of the calls that arrived in [from, to), from DIR/hotline.db. The error
// says when there is no database there at all (a wrong --data).
Result<std::vector<store::CallRecord>> read_call_records(const std::string& data_dir, Time from,
                                                         Time to);

}  // namespace hotline::app
