#pragma once
// How callers move through the IVR, from the call-detail records: for every node, how
// often it was reached, the keys pressed there, and how many callers hung up there. The
// records keep each call's path ("menu:2>billing_menu:1>queue_billing"), so the counts
// survive restarts and cover any period, unlike the live engine's counters.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "store/call_record.h"

namespace hotline::report {

struct IvrNodeStats {
  std::string node;                   // the node's id
  std::int64_t visits = 0;            // a retried menu counts each time
  std::int64_t calls = 0;             // calls that reached it at least once
  std::int64_t hung_up_here = 0;      // the caller left the IVR here (abandoned_ivr)
  std::map<char, std::int64_t> keys;  // keys pressed here (menus, collect)
};

struct IvrStats {
  std::int64_t calls = 0;           // calls that entered the IVR (a non-empty path)
  std::vector<IvrNodeStats> nodes;  // most visited first
};

IvrStats ivr_stats(const std::vector<store::CallRecord>& calls);

}  // namespace hotline::report
