#pragma once
// CampaignStore: the center's outbound campaigns in hotline.db. A campaign is created as
// a draft, changed while it is a draft, running or paused (the dialer takes the change
// at once), started, paused and finished; finished is for good. Starting asks for what
// dialling needs: agents (a team or a skill) and lead lists that exist and still have
// their leads. Every step writes the audit log in its own transaction: who, what changed.
//
// Thread-safety: every method from any thread (a connection per thread).

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "campaigns/campaign.h"
#include "common/status.h"
#include "store/audit.h"

namespace hotline::store {
class ThreadConnections;
}

namespace hotline::campaigns {

class CampaignStore {
 public:
  static Result<std::unique_ptr<CampaignStore>> open(const std::string& path);
  ~CampaignStore();

  // A new draft; invalid_argument lists every problem (campaigns::problems), conflict when
  // the name is taken.
  Result<Campaign> create(Campaign c, const store::Actor& who, Time now);
  // New settings for the campaign of c.name (its status stays); not_found, or conflict
  // once finished.
  Result<Campaign> change(const Campaign& c, const store::Actor& who, Time now);
  // Start, pause or finish; conflict for a step its status does not allow; starting
  // without agents or live lists is invalid_argument, naming what is missing.
  Result<Campaign> set_status(const std::string& name, CampaignStatus to, const store::Actor& who,
                              Time now);

  Result<std::optional<Campaign>> find(const std::string& name);
  Result<std::vector<Campaign>> all();

 private:
  explicit CampaignStore(std::unique_ptr<store::ThreadConnections> connections);
  std::unique_ptr<store::ThreadConnections> connections_;
};

}  // namespace hotline::campaigns
