#pragma once
// KPIs from call-detail records: what a director reads the morning after. Each call that
// reached a queue counts for that queue (and for the whole center) through the one KPI
// module, so the figures mean exactly what they mean in the simulator and on the
// wallboard (docs/kpis.md).

#include <string>
#include <vector>

#include "kpi/kpis.h"
#include "store/call_record.h"

namespace hotline::report {

struct QueueKpis {
  std::string queue;  // "" for the whole center
  kpi::Kpis kpis;
};

// One entry per queue in name order, then the whole center. Calls that never reached a
// queue (ended in the IVR) are not offered to anyone and are left out.
std::vector<QueueKpis> queue_kpis(const std::vector<store::CallRecord>& calls);

// The rules its call is judged by: its queue's "answered within" and the center's short
// abandon, as they were when the call came (kept in the record).
kpi::KpiRules kpi_rules_of(const store::CallRecord& call);

// How a record counts for the KPIs; false for calls that never reached a queue.
bool to_outcome(const store::CallRecord& call, kpi::CallOutcome* outcome);

}  // namespace hotline::report
