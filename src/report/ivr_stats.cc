#include "report/ivr_stats.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace hotline::report {

IvrStats ivr_stats(const std::vector<store::CallRecord>& calls) {
  IvrStats stats;
  std::unordered_map<std::string, std::size_t> index;
  auto node = [&](const std::string& id) -> IvrNodeStats& {
    auto [it, fresh] = index.emplace(id, stats.nodes.size());
    if (fresh) stats.nodes.push_back(IvrNodeStats{id, 0, 0, 0, {}});
    return stats.nodes[it->second];
  };
  std::unordered_set<std::string> seen;
  for (const store::CallRecord& c : calls) {
    if (c.ivr_path.empty()) continue;
    ++stats.calls;
    seen.clear();
    std::string last;
    std::size_t start = 0;
    while (start <= c.ivr_path.size()) {
      std::size_t end = c.ivr_path.find('>', start);
      if (end == std::string::npos) end = c.ivr_path.size();
      const std::string step = c.ivr_path.substr(start, end - start);
      start = end + 1;
      const std::size_t colon = step.find(':');
      const std::string id = step.substr(0, colon);
      if (id.empty()) continue;
      IvrNodeStats& n = node(id);
      ++n.visits;
      if (seen.insert(id).second) ++n.calls;
      if (colon != std::string::npos && colon + 1 < step.size()) ++n.keys[step[colon + 1]];
      last = id;
    }
    if (c.disposition == "abandoned_ivr" && !last.empty()) ++node(last).hung_up_here;
  }
  std::stable_sort(
      stats.nodes.begin(), stats.nodes.end(),
      [](const IvrNodeStats& a, const IvrNodeStats& b) { return a.visits > b.visits; });
  return stats;
}

}  // namespace hotline::report
