#pragma once
// Agents and queues as the API shows them, in answers (GET /agents, /queues) and in the
// events the server pushes (queue.stats): one writer, so the two never differ.

#include <nlohmann/json.hpp>
#include <string>

#include "api/api_service.h"

namespace hotline::api {

nlohmann::json agent_json(const AgentSnapshot& a, Time now);
// `with_intervals`: today's intervals and the forecast too (answers); events carry the
// current interval only.
nlohmann::json queue_json(const QueueSnapshot& q, Time now, bool with_intervals);
// The `queue.stats` event for a queue whose figures changed.
std::string queue_stats_event(const QueueSnapshot& q, Time now);

}  // namespace hotline::api
