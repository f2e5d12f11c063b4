#pragma once
// One call record as JSON, the same for `hotline report calls --json` and the API's
// /api/v1/calls: milestones, waits, route, outcome, hold, disposition code, legs.

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "common/time.h"
#include "store/call_record.h"

namespace hotline::report {

// `time_text` writes a time (the CLI: local time; the API: UTC), "" or null for 0 as it
// likes.
nlohmann::json call_json(const store::CallRecord& c, nlohmann::json (*time_text)(Time));

}  // namespace hotline::report
