#include "campaigns/campaign_json.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "common/text.h"
#include "common/time_text.h"

namespace hotline::campaigns {

namespace {

using nlohmann::json;

constexpr std::array<const char*, 3> kDayTypes = {"workday", "weekend", "holiday"};

// 'TEXT' for a message: its first 40 bytes, as valid UTF-8. Built piece by piece: GCC 12
// at -O3 warns wrongly (-Wrestrict) on "'" + std::string.
std::string in_quotes(const std::string& text) {
  std::string q(1, '\'');
  q.append(to_valid_utf8(text.substr(0, 40)));
  q.push_back('\'');
  return q;
}

class Reader {
 public:
  explicit Reader(std::vector<std::string>& problems) : problems_(problems) {}

  void problem(const std::string& field, const std::string& what) {
    problems_.push_back(field + ": " + what);
  }
  bool text(const json& v, const std::string& field, std::string* out) {
    if (!v.is_string()) {
      problem(field, "a string");
      return false;
    }
    *out = v.get<std::string>();
    return true;
  }
  // Whole numbers only, within what an int holds; the range is campaigns::problems()'s.
  bool whole(const json& v, const std::string& field, std::int64_t* out) {
    if (!v.is_number_integer()) {
      problem(field, "a whole number");
      return false;
    }
    *out = v.get<std::int64_t>();
    if (*out < -1'000'000'000 || *out > 1'000'000'000) {
      problem(field, "out of range");
      return false;
    }
    return true;
  }
  void count(const json& v, const std::string& field, int* out) {
    std::int64_t n = 0;
    if (whole(v, field, &n)) *out = static_cast<int>(n);
  }
  void duration(const json& v, const std::string& field, Duration* out) {
    std::int64_t n = 0;
    if (whole(v, field, &n)) *out = seconds(n);
  }
  void names(const json& v, const std::string& field, std::vector<std::string>* out) {
    if (!v.is_array() || v.size() > 1000) return problem(field, "an array of names");
    std::vector<std::string> read;
    for (const json& n : v) {
      std::string s;
      if (!text(n, field, &s)) return;
      read.push_back(std::move(s));
    }
    *out = std::move(read);
  }
  void lists(const json& v, std::vector<ListShare>* out) {
    if (!v.is_array() || v.size() > 1000) return problem("lists", "an array");
    std::vector<ListShare> read;
    for (const json& l : v) {
      if (!l.is_object()) return problem("lists", "items like {\"list\": 3, \"weight\": 1}");
      ListShare share;
      std::int64_t n = 0;
      for (const auto& [key, value] : l.items()) {
        if (key == "list" && whole(value, "lists.list", &n))
          share.list = n;
        else if (key == "weight" && whole(value, "lists.weight", &n))
          share.weight = static_cast<int>(n);
        else if (key != "list" && key != "weight")
          problem("lists", "unknown field " + in_quotes(key));
      }
      if (!l.contains("list")) problem("lists", "each item names its 'list'");
      read.push_back(share);
    }
    *out = std::move(read);
  }
  void windows(const json& v, std::array<std::vector<Window>, 3>* out) {
    if (!v.is_object()) return problem("windows", "an object by day type");
    for (const auto& [key, value] : v.items()) {
      std::size_t d = 0;
      while (d < kDayTypes.size() && key != kDayTypes[d])
        ++d;
      const std::string field = "windows." + to_valid_utf8(key.substr(0, 40));
      if (d == kDayTypes.size()) {
        problem("windows", "unknown day type " + in_quotes(key) + " (workday, weekend, holiday)");
        continue;
      }
      if (!value.is_array() || value.size() > 100) {
        problem(field, "an array like [\"09:00-12:00\"]");
        continue;
      }
      std::vector<Window> read;
      for (const json& w : value) {
        Window window;
        std::string s;
        if (!text(w, field, &s)) break;
        if (!parse_window(s, &window)) {
          problem(field, in_quotes(s).append(" is not HH:MM-HH:MM"));
          break;
        }
        read.push_back(window);
      }
      (*out)[d] = std::move(read);
    }
  }
  void retries(const json& v, Campaign* c) {
    if (!v.is_object()) return problem("retry_after_s", "an object by outcome");
    for (const auto& [key, value] : v.items()) {
      const std::string field = "retry_after_s." + to_valid_utf8(key.substr(0, 40));
      if (key == "busy")
        duration(value, field, &c->retry_busy);
      else if (key == "no_answer")
        duration(value, field, &c->retry_no_answer);
      else if (key == "failed")
        duration(value, field, &c->retry_failed);
      else if (key == "machine")
        duration(value, field, &c->retry_machine);
      else
        problem(field, "unknown outcome (busy, no_answer, failed, machine)");
    }
  }
  void dispositions(const json& v, std::vector<Disposition>* out) {
    if (!v.is_array() || v.size() > 1000) return problem("dispositions", "an array");
    std::vector<Disposition> read;
    for (const json& d : v) {
      if (!d.is_object())
        return problem("dispositions", "items like {\"code\", \"title\", \"outcome\"}");
      Disposition disposition;
      for (const auto& [key, value] : d.items()) {
        std::string s;
        if (key == "code")
          text(value, "dispositions.code", &disposition.code);
        else if (key == "title")
          text(value, "dispositions.title", &disposition.title);
        else if (key == "outcome") {
          if (text(value, "dispositions.outcome", &s) &&
              !parse_outcome_class(s, &disposition.outcome))
            problem("dispositions.outcome",
                    in_quotes(s).append(" is none of sale, callback, not_interested, "
                                        "wrong_number, do_not_call, other"));
        } else {
          problem("dispositions", "unknown field " + in_quotes(key));
        }
      }
      if (disposition.title.empty()) disposition.title = disposition.code;
      read.push_back(std::move(disposition));
    }
    *out = std::move(read);
  }

 private:
  std::vector<std::string>& problems_;
};

}  // namespace

CampaignInput read_campaign(std::string_view text, Campaign base) {
  CampaignInput in{std::move(base), {}};
  std::vector<std::string>& problems = in.problems;
  if (!is_utf8(text)) return {in.campaign, {"the body is not UTF-8"}};
  if (json_nesting(text) > kMaxNesting) return {in.campaign, {"the body nests too deep"}};
  json body = json::parse(text.empty() ? std::string_view("{}") : text, nullptr, false);
  if (body.is_discarded() || !body.is_object())
    return {in.campaign, {"the body is not a JSON object"}};
  Reader r(problems);
  Campaign& c = in.campaign;
  for (const auto& [key, v] : body.items()) {
    std::string s;
    if (key == "name") {
      // Taken for a new campaign (no name yet); a campaign's name never changes.
      if (r.text(v, key, &s) && c.name.empty())
        c.name = s;
      else if (!c.name.empty() && s != c.name)
        r.problem(key, "a campaign's name does not change");
    } else if (key == "title")
      r.text(v, key, &c.title);
    else if (key == "project")
      r.text(v, key, &c.project);
    else if (key == "mode") {
      if (r.text(v, key, &s) && !parse_mode(s, &c.mode))
        r.problem(key, in_quotes(s).append(" is none of preview, progressive, predictive"));
    } else if (key == "preview_auto_dial_s")
      r.duration(v, key, &c.preview_auto_dial);
    else if (key == "lists")
      r.lists(v, &c.lists);
    else if (key == "teams")
      r.names(v, key, &c.teams);
    else if (key == "skills")
      r.names(v, key, &c.skills);
    else if (key == "windows")
      r.windows(v, &c.windows);
    else if (key == "max_attempts")
      r.count(v, key, &c.max_attempts);
    else if (key == "retry_after_s")
      r.retries(v, &c);
    else if (key == "daily_cap_per_number")
      r.count(v, key, &c.daily_cap_per_number);
    else if (key == "caller_id")
      r.text(v, key, &c.caller_id);
    else if (key == "ring_time_s")
      r.duration(v, key, &c.ring_time);
    else if (key == "connect_deadline_s")
      r.duration(v, key, &c.connect_deadline);
    else if (key == "abandon_limit") {
      if (!v.is_number())
        r.problem(key, "a number such as 0.03");
      else
        c.abandon_limit = v.get<double>();
    } else if (key == "script")
      r.text(v, key, &c.script);
    else if (key == "dispositions")
      r.dispositions(v, &c.dispositions);
    else
      r.problem(to_valid_utf8(key.substr(0, 40)), "not a campaign field");
  }
  return in;
}

std::string campaign_json(const Campaign& c, bool settings_only) {
  const auto to_s = [](Duration d) { return d / seconds(1); };
  json lists = json::array();
  for (const ListShare& l : c.lists)
    lists.push_back({{"list", l.list}, {"weight", l.weight}});
  json windows = json::object();
  for (std::size_t d = 0; d < kDayTypes.size(); ++d) {
    json day = json::array();
    for (const Window& w : c.windows[d])
      day.push_back(window_text(w));
    windows[kDayTypes[d]] = std::move(day);
  }
  json dispositions = json::array();
  for (const Disposition& d : c.dispositions)
    dispositions.push_back(
        {{"code", d.code}, {"title", d.title}, {"outcome", outcome_class_name(d.outcome)}});
  const auto when = [](Time t) { return t == 0 ? json(nullptr) : json(iso_utc(t)); };
  json out = {{"title", c.title},
              {"project", c.project},
              {"mode", mode_name(c.mode)},
              {"preview_auto_dial_s", to_s(c.preview_auto_dial)},
              {"lists", std::move(lists)},
              {"teams", c.teams},
              {"skills", c.skills},
              {"windows", std::move(windows)},
              {"max_attempts", c.max_attempts},
              {"retry_after_s",
               {{"busy", to_s(c.retry_busy)},
                {"no_answer", to_s(c.retry_no_answer)},
                {"failed", to_s(c.retry_failed)},
                {"machine", to_s(c.retry_machine)}}},
              {"daily_cap_per_number", c.daily_cap_per_number},
              {"caller_id", c.caller_id},
              {"ring_time_s", to_s(c.ring_time)},
              {"connect_deadline_s", to_s(c.connect_deadline)},
              {"abandon_limit", c.abandon_limit},
              {"script", c.script},
              {"dispositions", std::move(dispositions)}};
  if (!settings_only) {
    out["name"] = c.name;
    out["status"] = status_name(c.status);
    out["created"] = when(c.created);
    out["created_by"] = c.created_by;
    out["updated"] = when(c.updated);
    out["updated_by"] = c.updated_by;
  }
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace hotline::campaigns
