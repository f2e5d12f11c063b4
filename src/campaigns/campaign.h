#pragma once
// Campaign: one outbound campaign's settings and status, as a director sets them. Who
// calls (teams, skills), which leads (lists with weights), how (dialling mode, ring time,
// connect deadline, abandon limit), when (calling windows per day type of the center's
// calendar, rest hours never), how often (attempts per lead, retry delays per outcome, a
// daily cap per number), from which number, with which script, and how agents close a
// call (disposition codes, each with its outcome class; a do-not-call one puts the number
// on the campaign's do-not-call list).
//
// The defaults respect the rules for calling out in mainland China: workdays 09:00–12:00
// and 14:00–20:00, weekends 10:00–12:00 and 14:00–18:00, holidays closed; three
// attempts; a 25 s ring time; abandons at most 3 % of answered calls over the campaign's
// rolling 30 days and each day, each one within 2 s.
//
// Pure: checks and conversions only; campaign_store.h keeps campaigns, campaign_json.h
// reads and writes them.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "center/dialer/dialer.h"
#include "common/time.h"

namespace hotline::campaigns {

enum class CampaignStatus : std::uint8_t { kDraft, kRunning, kPaused, kFinished };
const char* status_name(CampaignStatus s);
bool parse_status(std::string_view name, CampaignStatus* out);
// draft → running ↔ paused; any but finished → finished; finished is for good.
bool may_become(CampaignStatus from, CampaignStatus to);

// What a call's disposition means for the campaign's figures and the lead.
enum class OutcomeClass : std::uint8_t {
  kSale,
  kCallback,  // call again at a time agreed
  kNotInterested,
  kWrongNumber,
  kDoNotCall,  // the person asked not to be called: the number joins the list at once
  kOther,
};
const char* outcome_class_name(OutcomeClass c);
bool parse_outcome_class(std::string_view name, OutcomeClass* out);

const char* mode_name(dialer::Mode m);
bool parse_mode(std::string_view name, dialer::Mode* out);

// Local minutes [from, to) of a day.
struct Window {
  int from = 0;
  int to = 0;
};
// "09:00-12:00", and back; false for anything else.
std::string window_text(Window w);
bool parse_window(std::string_view text, Window* out);
// No call before 08:00 or from 21:00 local time: people rest.
constexpr int kEarliestMinute = 8 * 60;
constexpr int kLatestMinute = 21 * 60;

struct Disposition {
  std::string code;   // what the desk and the records carry ("sale")
  std::string title;  // what the agent reads ("成交")
  OutcomeClass outcome = OutcomeClass::kOther;
};

struct ListShare {
  std::int64_t list = 0;  // a lead list
  int weight = 1;         // its share of the numbers dialled, against the other lists'
};

// Day types as the calendar has them (ivr::DayType order).
enum DayTypeIndex : std::size_t { kWorkday = 0, kWeekend = 1, kHoliday = 2 };

struct Campaign {
  std::string name;  // its key: letters, digits, '-' and '_'
  std::string title;
  std::string project;  // the client it is run for; "" none
  dialer::Mode mode = dialer::Mode::kProgressive;
  Duration preview_auto_dial = 0;  // preview: dialled by itself after this; 0: the agent dials
  std::vector<ListShare> lists;
  std::vector<std::string> teams;              // agents of these teams work it
  std::vector<std::string> skills;             // and agents with any of these skills
  std::array<std::vector<Window>, 3> windows;  // by day type
  int max_attempts = 3;
  Duration retry_busy = seconds(600);
  Duration retry_no_answer = seconds(2 * 3600);
  Duration retry_failed = seconds(1800);
  Duration retry_machine = seconds(4 * 3600);
  int daily_cap_per_number = 2;  // dials of one number per day, at most
  std::string caller_id;         // the center's number shown; "" the trunk's
  Duration ring_time = seconds(25);
  Duration connect_deadline = seconds(2);
  double abandon_limit = 0.03;
  std::string script;  // the script agents follow; "" none
  std::vector<Disposition> dispositions;
  CampaignStatus status = CampaignStatus::kDraft;
  // Kept by the store.
  Time created = 0;
  std::string created_by;
  Time updated = 0;
  std::string updated_by;
};

// A new campaign named `name` with the defaults above.
Campaign default_campaign(std::string name);

// Everything wrong with the settings, each naming its field; none: fine to keep.
std::vector<std::string> problems(const Campaign& c);
// What keeps a campaign that is fine to keep from starting: no agents, no lists.
std::vector<std::string> start_problems(const Campaign& c);

// The dialer's rules for this campaign (the center's clock is `utc_offset` from UTC).
dialer::CampaignRules dialer_rules(const Campaign& c, Duration utc_offset);

// Whether local `minute_of_day` of a day of type `day_type` is in a calling window.
bool in_window(const Campaign& c, DayTypeIndex day_type, int minute_of_day);

}  // namespace hotline::campaigns
