#pragma once
// What `hotline sim` prints for simulated outbound campaigns: per campaign, each
// replication's figures (the abandon rate over the run and its worst day, talk minutes per
// agent-hour, contact rate, occupancy, sales), then per day and per interval of the
// calling window, averaged over the replications: dialled, connected, contact rate,
// abandoned and the abandon rate (that day's and over the 30 days to its end), occupancy,
// talk minutes per agent-hour, sales.

#include <string>
#include <vector>

#include "sim/outbound.h"

namespace hotline::sim {

struct CampaignRuns {
  OutboundScenario scenario;
  std::vector<OutboundReport> runs;  // one per replication
};

// Runs each campaign `replications` times from `seed` on.
std::vector<CampaignRuns> run_campaigns(const std::vector<OutboundScenario>& campaigns,
                                        int replications, std::uint64_t seed);

std::string outbound_text(const std::vector<CampaignRuns>& campaigns);
// A JSON array, one object per campaign.
std::string outbound_json(const std::vector<CampaignRuns>& campaigns);

}  // namespace hotline::sim
