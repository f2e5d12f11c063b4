#include "campaigns/campaign.h"

#include <algorithm>
#include <set>

#include "common/text.h"

namespace hotline::campaigns {

namespace {

constexpr std::array<const char*, 4> kStatusNames = {"draft", "running", "paused", "finished"};
constexpr std::array<const char*, 6> kOutcomeNames = {
    "sale", "callback", "not_interested", "wrong_number", "do_not_call", "other"};
constexpr std::array<const char*, 3> kModeNames = {"preview", "progressive", "predictive"};
constexpr std::array<const char*, 3> kDayTypeNames = {"workday", "weekend", "holiday"};

template <typename E, std::size_t N>
bool parse_name(const std::array<const char*, N>& names, std::string_view name, E* out) {
  for (std::size_t i = 0; i < N; ++i)
    if (name == names[i]) {
      *out = static_cast<E>(i);
      return true;
    }
  return false;
}

// Letters, digits, '-' and '_', 1 to `max` of them: a key that fits a URL and a file name.
bool is_key(std::string_view s, std::size_t max) {
  if (s.empty() || s.size() > max) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

bool is_text(std::string_view s, std::size_t min, std::size_t max) {
  return s.size() >= min && s.size() <= max && is_utf8(s);
}

std::string two_digits(int n) {
  return std::string(1, static_cast<char>('0' + n / 10)) + static_cast<char>('0' + n % 10);
}

void check_duration(std::vector<std::string>& out, const char* field, Duration d, int min_s,
                    int max_s) {
  if (d < seconds(min_s) || d > seconds(max_s))
    out.push_back(std::string(field) + ": from " + std::to_string(min_s) + " to " +
                  std::to_string(max_s) + " seconds");
}

}  // namespace

const char* status_name(CampaignStatus s) {
  return kStatusNames[static_cast<std::size_t>(s)];
}
bool parse_status(std::string_view name, CampaignStatus* out) {
  return parse_name(kStatusNames, name, out);
}

bool may_become(CampaignStatus from, CampaignStatus to) {
  switch (to) {
    case CampaignStatus::kRunning:
      return from == CampaignStatus::kDraft || from == CampaignStatus::kPaused;
    case CampaignStatus::kPaused:
      return from == CampaignStatus::kRunning;
    case CampaignStatus::kFinished:
      return from != CampaignStatus::kFinished;
    case CampaignStatus::kDraft:
      return false;
  }
  return false;
}

const char* outcome_class_name(OutcomeClass c) {
  return kOutcomeNames[static_cast<std::size_t>(c)];
}
bool parse_outcome_class(std::string_view name, OutcomeClass* out) {
  return parse_name(kOutcomeNames, name, out);
}

const char* mode_name(dialer::Mode m) {
  return kModeNames[static_cast<std::size_t>(m)];
}
bool parse_mode(std::string_view name, dialer::Mode* out) {
  return parse_name(kModeNames, name, out);
}

std::string window_text(Window w) {
  return two_digits(w.from / 60) + ":" + two_digits(w.from % 60) + "-" + two_digits(w.to / 60) +
         ":" + two_digits(w.to % 60);
}

bool parse_window(std::string_view t, Window* out) {
  // HH:MM-HH:MM, 24:00 allowed as an end.
  if (t.size() != 11 || t[2] != ':' || t[5] != '-' || t[8] != ':') return false;
  const auto minutes = [&](std::size_t at, int* m) {
    for (std::size_t i : {at, at + 1, at + 3, at + 4})
      if (t[i] < '0' || t[i] > '9') return false;
    const int h = (t[at] - '0') * 10 + (t[at + 1] - '0');
    const int mm = (t[at + 3] - '0') * 10 + (t[at + 4] - '0');
    if (h > 24 || mm > 59 || (h == 24 && mm != 0)) return false;
    *m = h * 60 + mm;
    return true;
  };
  return minutes(0, &out->from) && minutes(6, &out->to);
}

Campaign default_campaign(std::string name) {
  Campaign c;
  c.name = std::move(name);
  c.title = c.name;
  c.windows[kWorkday] = {{9 * 60, 12 * 60}, {14 * 60, 20 * 60}};
  c.windows[kWeekend] = {{10 * 60, 12 * 60}, {14 * 60, 18 * 60}};
  c.dispositions = {{"sale", "成交", OutcomeClass::kSale},
                    {"callback", "约定回拨", OutcomeClass::kCallback},
                    {"not_interested", "无意向", OutcomeClass::kNotInterested},
                    {"wrong_number", "号码错误", OutcomeClass::kWrongNumber},
                    {"do_not_call", "拒绝再拨", OutcomeClass::kDoNotCall}};
  return c;
}

std::vector<std::string> problems(const Campaign& c) {
  std::vector<std::string> out;
  if (!is_key(c.name, 40)) out.push_back("name: 1 to 40 letters, digits, '-' or '_'");
  if (!is_text(c.title, 1, 200)) out.push_back("title: 1 to 200 bytes of UTF-8");
  if (!is_text(c.project, 0, 100)) out.push_back("project: at most 100 bytes of UTF-8");
  if (c.preview_auto_dial != 0)
    check_duration(out, "preview_auto_dial_s", c.preview_auto_dial, 1, 600);
  if (c.lists.size() > 100) out.push_back("lists: at most 100");
  std::set<std::int64_t> lists;
  for (const ListShare& l : c.lists) {
    if (l.list <= 0) out.push_back("lists: a list is named by its id, a positive number");
    if (l.weight < 1 || l.weight > 100) out.push_back("lists: a weight is from 1 to 100");
    if (!lists.insert(l.list).second)
      out.push_back("lists: list " + std::to_string(l.list) + " is there twice");
  }
  for (const auto* names : {&c.teams, &c.skills}) {
    const char* field = names == &c.teams ? "teams" : "skills";
    if (names->size() > 100) out.push_back(std::string(field) + ": at most 100");
    std::set<std::string> seen;
    for (const std::string& n : *names)
      if (!is_text(n, 1, 100) || !seen.insert(n).second)
        out.push_back(std::string(field) + ": names of 1 to 100 bytes of UTF-8, each once");
  }
  bool opens = false;
  for (std::size_t d = 0; d < c.windows.size(); ++d) {
    std::vector<Window> w = c.windows[d];
    const std::string field = std::string("windows.") + kDayTypeNames[d];
    if (w.size() > 8) out.push_back(field + ": at most 8 windows a day");
    std::sort(w.begin(), w.end(), [](Window a, Window b) { return a.from < b.from; });
    for (std::size_t i = 0; i < w.size(); ++i) {
      if (w[i].from >= w[i].to)
        out.push_back(field + ": " + window_text(w[i]) + " ends before it starts");
      else if (w[i].from < kEarliestMinute || w[i].to > kLatestMinute)
        out.push_back(field + ": " + window_text(w[i]) +
                      " reaches into rest hours (no calls before 08:00 or after 21:00)");
      if (i > 0 && w[i].from < w[i - 1].to)
        out.push_back(field + ": " + window_text(w[i - 1]) + " and " + window_text(w[i]) +
                      " overlap");
      opens = opens || w[i].from < w[i].to;
    }
  }
  if (!opens) out.push_back("windows: no window opens on any day: the campaign would never call");
  if (c.max_attempts < 1 || c.max_attempts > 20) out.push_back("max_attempts: from 1 to 20");
  check_duration(out, "retry_after_s.busy", c.retry_busy, 60, 30 * 86400);
  check_duration(out, "retry_after_s.no_answer", c.retry_no_answer, 60, 30 * 86400);
  check_duration(out, "retry_after_s.failed", c.retry_failed, 60, 30 * 86400);
  check_duration(out, "retry_after_s.machine", c.retry_machine, 60, 30 * 86400);
  if (c.daily_cap_per_number < 1 || c.daily_cap_per_number > 10)
    out.push_back("daily_cap_per_number: from 1 to 10");
  const bool digits = std::all_of(c.caller_id.begin(), c.caller_id.end(),
                                  [](char ch) { return (ch >= '0' && ch <= '9') || ch == '+'; });
  if (!digits || c.caller_id.size() > 32)
    out.push_back("caller_id: the center's number, digits and '+' only");
  check_duration(out, "ring_time_s", c.ring_time, 15, 120);
  check_duration(out, "connect_deadline_s", c.connect_deadline, 1, 2);
  if (!(c.abandon_limit > 0 && c.abandon_limit <= 0.05))
    out.push_back("abandon_limit: a share of answered calls, above 0 and at most 0.05");
  if (!is_text(c.script, 0, 100)) out.push_back("script: at most 100 bytes of UTF-8");
  if (c.dispositions.empty() || c.dispositions.size() > 50)
    out.push_back("dispositions: from 1 to 50");
  std::set<std::string> codes;
  for (const Disposition& d : c.dispositions) {
    if (!is_key(d.code, 40))
      out.push_back("dispositions: a code is 1 to 40 letters, digits, '-' or '_'");
    else if (!codes.insert(d.code).second)
      out.push_back("dispositions: code '" + d.code + "' is there twice");
    if (!is_text(d.title, 1, 100))
      out.push_back("dispositions: a title is 1 to 100 bytes of UTF-8");
  }
  return out;
}

std::vector<std::string> start_problems(const Campaign& c) {
  std::vector<std::string> out;
  if (c.teams.empty() && c.skills.empty())
    out.push_back("teams, skills: the campaign has no agents (name a team or a skill)");
  if (c.lists.empty()) out.push_back("lists: the campaign has no lead list");
  return out;
}

dialer::CampaignRules dialer_rules(const Campaign& c, Duration utc_offset) {
  dialer::CampaignRules r;
  r.mode = c.mode;
  r.ring_time = c.ring_time;
  r.connect_deadline = c.connect_deadline;
  r.abandon_limit = c.abandon_limit;
  r.preview_auto_dial = c.preview_auto_dial;
  r.retry.max_attempts = c.max_attempts;
  r.retry.after_busy = c.retry_busy;
  r.retry.after_no_answer = c.retry_no_answer;
  r.retry.after_failed = c.retry_failed;
  r.retry.after_machine = c.retry_machine;
  r.utc_offset = utc_offset;
  return r;
}

bool in_window(const Campaign& c, DayTypeIndex day_type, int minute_of_day) {
  for (const Window& w : c.windows[day_type])
    if (minute_of_day >= w.from && minute_of_day < w.to) return true;
  return false;
}

}  // namespace hotline::campaigns
