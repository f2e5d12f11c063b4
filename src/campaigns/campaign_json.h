#pragma once
// A campaign as JSON: what the API takes and answers, and what the store keeps.
//
//   {"name": "tickets-2027", "title": "...", "project": "...", "mode": "predictive",
//    "preview_auto_dial_s": 0, "lists": [{"list": 3, "weight": 2}], "teams": ["sales-1"],
//    "skills": [], "windows": {"workday": ["09:00-12:00", "14:00-20:00"], "weekend": [],
//    "holiday": []}, "max_attempts": 3, "retry_after_s": {"busy": 600, "no_answer": 7200,
//    "failed": 1800, "machine": 14400}, "daily_cap_per_number": 2, "caller_id": "",
//    "ring_time_s": 25, "connect_deadline_s": 2, "abandon_limit": 0.03, "script": "",
//    "dispositions": [{"code": "sale", "title": "成交", "outcome": "sale"}]}
//
// Reading is strict: a field it does not know, or of the wrong type, is a problem named
// by its field; fields left out keep the base's value, so that one reader serves both a
// new campaign (over the defaults) and a change (over the campaign as it is).

#include <string>
#include <string_view>
#include <vector>

#include "campaigns/campaign.h"

namespace hotline::campaigns {

struct CampaignInput {
  Campaign campaign;
  std::vector<std::string> problems;  // none: read (campaigns::problems() is still to ask)
};

// `text` over `base`. The name is read only when `base` has none (a new campaign); the
// status and bookkeeping are not read: the status changes by requests of its own.
CampaignInput read_campaign(std::string_view text, Campaign base);
// The campaign as a JSON object: its settings, and its status and bookkeeping unless
// `settings_only` (what the store keeps beside them).
std::string campaign_json(const Campaign& c, bool settings_only = false);

}  // namespace hotline::campaigns
