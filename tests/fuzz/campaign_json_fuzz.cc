// A campaign's settings as JSON from outside (the API's POST and PATCH bodies): read over
// the defaults and checked. Errors are fine; a crash, a hang, or a campaign that reads
// without problems yet does not come back the same through its own JSON is not.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "campaigns/campaign.h"
#include "campaigns/campaign_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace hotline::campaigns;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const CampaignInput in = read_campaign(text, default_campaign(""));
  (void)problems(in.campaign);
  (void)start_problems(in.campaign);
  if (in.problems.empty() && problems(in.campaign).empty()) {
    const CampaignInput again = read_campaign(campaign_json(in.campaign, true), in.campaign);
    if (!again.problems.empty() || campaign_json(again.campaign) != campaign_json(in.campaign))
      std::abort();
  }
  return 0;
}
