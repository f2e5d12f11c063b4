// The `ivr` and `calendar` sections: flows of nodes, and the days they run on.

#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

#include "common/text.h"
#include "config/sections.h"

namespace hotline::config {

std::optional<int> parse_date(YamlReader& r, const YAML::Node& n, const std::string& text) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  // Ranges first: "2001016-2-01" must be refused, not overflow the YYYYMMDD number.
  if (std::sscanf(text.c_str(), "%d-%d-%d%c", &y, &m, &d, &tail) == 3 && y >= 1 && y <= 9999 &&
      m >= 1 && m <= 12 && d >= 1 && d <= 31) {
    const int date = y * 10000 + m * 100 + d;
    if (ivr::days_from_civil(date) >= 0) return date;
  }
  r.error(n, "'" + text + "' is not a date YYYY-MM-DD");
  return std::nullopt;
}

namespace {

using ivr::NodeIndex;
using ivr::NodeType;

// "2026-10-01" or "2026-10-01..2026-10-07" -> every date of it.
std::vector<int> parse_dates(YamlReader& r, const YAML::Node& list, const std::string& what) {
  std::vector<int> dates;
  if (!r.is_list(list, what)) return dates;
  for (const YAML::Node& n : list) {
    const std::string text = n.IsScalar() ? n.Scalar() : "";
    const std::size_t dots = text.find("..");
    auto from = parse_date(r, n, text.substr(0, dots));
    auto to = dots == std::string::npos ? from : parse_date(r, n, text.substr(dots + 2));
    if (!from || !to) continue;
    const std::int64_t last = ivr::days_from_civil(*to);
    if (last - ivr::days_from_civil(*from) > 366) {
      r.error(n, "a date range longer than a year");
      continue;
    }
    for (std::int64_t day = ivr::days_from_civil(*from); day <= last; ++day) {
      int weekday = 0;
      dates.push_back(ivr::civil_date(day, &weekday));
    }
  }
  return dates;
}

std::optional<std::pair<int, int>> parse_minutes(YamlReader& r, const YAML::Node& n) {
  // "21:30-07:30": [from, to) in local minutes; may wrap midnight.
  int h1 = 0, m1 = 0, h2 = 0, m2 = 0;
  char tail = 0;
  if (!n.IsScalar() ||
      std::sscanf(n.Scalar().c_str(), "%d:%d-%d:%d%c", &h1, &m1, &h2, &m2, &tail) != 4 || h1 < 0 ||
      h1 > 24 || h2 < 0 || h2 > 24 || m1 < 0 || m1 > 59 || m2 < 0 || m2 > 59) {
    r.error(n, "time must be a range HH:MM-HH:MM");
    return std::nullopt;
  }
  return std::pair(h1 * 60 + m1, h2 * 60 + m2);
}

ivr::Condition parse_condition(YamlReader& r, const YAML::Node& n) {
  ivr::Condition c;
  if (!r.is_map(n, "'when'")) return c;
  r.only_keys(n, {"time", "day_type", "dates", "days_of_month", "variable", "equals", "open"});
  if (n["time"]) c.minutes_of_day = parse_minutes(r, n["time"]);
  if (const YAML::Node open = n["open"]) {
    bool value = false;
    if (open.IsScalar() && YAML::convert<bool>::decode(open, value))
      c.open = value;
    else
      r.error(open, "'open' must be true or false (the calendar's opening hours)");
  }
  if (const YAML::Node types = n["day_type"]) {
    const YAML::Node list =
        types.IsScalar() ? YAML::Node(std::vector<std::string>{types.Scalar()}) : types;
    if (r.is_list(list, "day_type")) {
      for (const YAML::Node& t : list) {
        const std::string name = t.IsScalar() ? t.Scalar() : "";
        if (name == "workday")
          c.day_types.push_back(ivr::DayType::kWorkday);
        else if (name == "weekend")
          c.day_types.push_back(ivr::DayType::kWeekend);
        else if (name == "holiday")
          c.day_types.push_back(ivr::DayType::kHoliday);
        else
          r.error(types, "day_type must be workday, weekend or holiday, not '" + name + "'");
      }
    }
  }
  if (const YAML::Node dates = n["dates"]) {
    const std::string text = dates.IsScalar() ? dates.Scalar() : "";
    const std::size_t dots = text.find("..");
    auto from = parse_date(r, dates, text.substr(0, dots));
    auto to = dots == std::string::npos ? from : parse_date(r, dates, text.substr(dots + 2));
    if (from && to) c.dates = std::pair(*from, *to);
  }
  if (const YAML::Node days = n["days_of_month"]) {
    int from = 0, to = 0;
    char tail = 0;
    const std::string text = days.IsScalar() ? days.Scalar() : "";
    const int got = std::sscanf(text.c_str(), "%d-%d%c", &from, &to, &tail);
    if (got == 1) to = from;
    if ((got != 1 && got != 2) || from < 1 || to > 31 || from > to)
      r.error(days, "days_of_month must be like 1-5");
    else
      c.days_of_month = std::pair(from, to);
  }
  if (n["variable"]) {
    c.variable = r.text(n, "variable", true).value_or("");
    c.equals = n["equals"] && n["equals"].IsScalar() ? n["equals"].Scalar() : "";
  }
  return c;
}

}  // namespace

void parse_ivr(YamlReader& r, const YAML::Node& list, CenterConfig& c) {
  if (!list) return;
  if (!r.is_list(list, "'ivr'")) return;
  std::vector<YAML::Node> nodes;
  std::set<std::string> ids;
  // References are resolved after every node is read: a node may name a later one.
  struct Reference {
    NodeIndex* slot;
    YAML::Node at;
    std::string target;
  };
  std::vector<Reference> refs;
  ivr::Flow& flow = c.ivr;
  flow.nodes.reserve(list.size());  // stable addresses for the reference slots
  for (const YAML::Node& n : list) {
    if (!r.is_map(n, "an IVR node")) continue;
    r.only_keys(n, {"id",
                    "title",
                    "type",
                    "prompt",
                    "options",
                    "next",
                    "queue",
                    "priority",
                    "number",
                    "timeout_s",
                    "retries",
                    "invalid_prompt",
                    "no_input_prompt",
                    "on_failure",
                    "variable",
                    "min_digits",
                    "max_digits",
                    "terminator",
                    "service",
                    "rules",
                    "otherwise",
                    "value"});
    ivr::Node& node = flow.nodes.emplace_back();
    node.id = r.text(n, "id", true).value_or("");
    node.title = r.text(n, "title", true).value_or("");
    if (!node.id.empty() && !ids.insert(node.id).second)
      r.error(n["id"], "duplicate IVR node id '" + node.id + "'");
    // Ids travel in the X-Hotline-Ivr-Path header and the records' paths ("menu:2>queue").
    if (node.id.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                  "0123456789_-.") != std::string::npos)
      r.error(n["id"], "IVR node id '" + node.id + "' may hold only letters, digits, _ - .");
    node.prompt = n["prompt"] && n["prompt"].IsScalar() ? n["prompt"].Scalar() : "";
    const auto ref = [&](const char* key, NodeIndex* slot) {
      if (n[key]) refs.push_back({slot, n[key], n[key].IsScalar() ? n[key].Scalar() : ""});
    };
    ref("next", &node.next);
    ref("on_failure", &node.on_failure);
    node.timeout = seconds_f(r.number(n, "timeout_s", 1, 600).value_or(5));
    node.retries = r.integer(n, "retries", 0, 10).value_or(2);
    if (n["invalid_prompt"]) node.invalid_prompt = r.text(n, "invalid_prompt", false).value_or("");
    if (n["no_input_prompt"])
      node.no_input_prompt = r.text(n, "no_input_prompt", false).value_or("");
    const std::string type = r.text(n, "type", true).value_or("");
    if (type == "play") {
      node.type = NodeType::kPlay;
    } else if (type == "menu") {
      node.type = NodeType::kMenu;
      const YAML::Node options = n["options"];
      if (!options) {
        r.error(n, "menu '" + node.id + "' needs 'options'");
      } else if (r.is_map(options, "menu options")) {
        if (options.size() > ivr::kMaxMenuOptions)
          r.error(options, "menu '" + node.id + "' has " + std::to_string(options.size()) +
                               " options; at most 7 keep callers oriented");
        node.options.reserve(options.size());
        for (const auto& kv : options) {
          const std::string key = kv.first.Scalar();
          if (key.size() != 1 || std::string("0123456789*#").find(key) == std::string::npos)
            r.error(kv.first, "menu key '" + key + "' must be one of 0-9, * or #");
          node.options.emplace_back(key.empty() ? '?' : key[0], ivr::kNoNode);
          refs.push_back({&node.options.back().second, kv.second,
                          kv.second.IsScalar() ? kv.second.Scalar() : ""});
        }
      }
    } else if (type == "collect") {
      node.type = NodeType::kCollect;
      node.variable = r.text(n, "variable", true).value_or("");
      node.min_digits = r.integer(n, "min_digits", 1, 64).value_or(1);
      node.max_digits = r.integer(n, "max_digits", 1, 64).value_or(node.min_digits);
      if (node.max_digits < node.min_digits) r.error(n, "max_digits is below min_digits");
      if (auto t = r.text(n, "terminator", false)) {
        if (t->size() != 1 || (*t != "#" && *t != "*"))
          r.error(n["terminator"], "terminator must be # or *");
        else
          node.terminator = (*t)[0];
      }
    } else if (type == "lookup") {
      node.type = NodeType::kLookup;
      node.service = r.text(n, "service", true).value_or("");
      bool known = false;
      for (const lookup::LookupService& s : c.services)
        known |= s.name == node.service;
      if (!node.service.empty() && !known)
        r.error(n["service"], "no service '" + node.service + "' in 'services'");
      node.variable = r.text(n, "variable", false).value_or("");
    } else if (type == "branch") {
      node.type = NodeType::kBranch;
      ref("otherwise", &node.next);
      if (const YAML::Node rules = n["rules"]; rules && r.is_list(rules, "rules")) {
        node.rules.reserve(rules.size());
        for (const YAML::Node& rule : rules) {
          if (!r.is_map(rule, "a rule")) continue;
          r.only_keys(rule, {"when", "next"});
          ivr::BranchRule& br = node.rules.emplace_back();
          if (rule["when"])
            br.when = parse_condition(r, rule["when"]);
          else
            r.error(rule, "a rule needs 'when'");
          if (rule["next"])
            refs.push_back(
                {&br.next, rule["next"], rule["next"].IsScalar() ? rule["next"].Scalar() : ""});
          else
            r.error(rule, "a rule needs 'next'");
        }
      }
      if (!n["otherwise"]) r.error(n, "branch '" + node.id + "' needs 'otherwise'");
    } else if (type == "set") {
      node.type = NodeType::kSet;
      node.variable = r.text(n, "variable", true).value_or("");
      node.value = n["value"] && n["value"].IsScalar() ? n["value"].Scalar() : "";
    } else if (type == "queue") {
      node.type = NodeType::kQueue;
      node.queue = r.text(n, "queue", true).value_or("");
      node.priority = r.integer(n, "priority", -1000, 1000).value_or(0);
      bool known = false;
      for (const auto& q : c.model.queues)
        known |= q.name == node.queue;
      if (!node.queue.empty() && !known) r.error(n["queue"], "unknown queue '" + node.queue + "'");
    } else if (type == "transfer") {
      node.type = NodeType::kTransfer;
      node.number = r.text(n, "number", true).value_or("");
    } else if (type == "hangup") {
      node.type = NodeType::kHangup;
    } else if (!type.empty()) {
      r.error(n["type"],
              "unknown IVR node type '" + type +
                  "' (play, menu, collect, lookup, branch, set, queue, transfer, hangup)");
    }
    nodes.push_back(n);
  }
  for (const Reference& ref : refs) {
    *ref.slot = flow.find(ref.target);
    if (*ref.slot == ivr::kNoNode) r.error(ref.at, "goes to unknown node '" + ref.target + "'");
  }
  if (!flow.nodes.empty()) flow.start = 0;
}

void parse_calendar(YamlReader& r, const YAML::Node& n, CenterConfig& c) {
  if (!r.is_map(n, "'calendar'")) return;
  r.only_keys(n, {"utc_offset_hours", "file", "holidays", "workdays", "hours"});
  const double offset = r.number(n, "utc_offset_hours", -14, 14).value_or(8);
  std::set<int> holidays, workdays;
  const auto add_days = [&](YamlReader& reader, const YAML::Node& from) {
    if (from["holidays"])
      for (int d : parse_dates(reader, from["holidays"], "holidays"))
        holidays.insert(d);
    if (from["workdays"])
      for (int d : parse_dates(reader, from["workdays"], "workdays"))
        workdays.insert(d);
  };
  add_days(r, n);
  if (auto file = r.text(n, "file", false)) {
    // Relative to the configuration file, so that a center's folder can move as a whole.
    const std::filesystem::path path =
        std::filesystem::path(r.file()).parent_path() / std::filesystem::path(*file);
    YamlReader days_reader(path.string());
    const auto text = read_text_file(path);
    try {
      if (!text) {
        r.error(n["file"], "cannot read the calendar file " + path.string());
      } else if (yaml_nesting(*text) > kMaxNesting) {
        r.error(n["file"], path.string() + ": the YAML nests deeper than " +
                               std::to_string(kMaxNesting) + " levels");
      } else {
        const YAML::Node days = YAML::Load(*text);
        if (days_reader.is_map(days, "a calendar file")) {
          days_reader.only_keys(days, {"holidays", "workdays"});
          add_days(days_reader, days);
        }
      }
    } catch (const YAML::Exception& e) {
      days_reader.error_at(e.mark, "not valid YAML: " + e.msg);
    }
    r.merge(days_reader);
  }
  c.calendar = ivr::Calendar(static_cast<int>(offset * 60), holidays, workdays);
  if (const YAML::Node hours = n["hours"]; hours && r.is_map(hours, "'hours'")) {
    r.only_keys(hours, {"workday", "weekend", "holiday"});
    const std::pair<const char*, ivr::DayType> types[] = {{"workday", ivr::DayType::kWorkday},
                                                          {"weekend", ivr::DayType::kWeekend},
                                                          {"holiday", ivr::DayType::kHoliday}};
    for (const auto& [key, type] : types) {
      const YAML::Node h = hours[key];
      if (!h) continue;
      if (h.IsScalar() && h.Scalar() == "closed") {
        c.calendar.set_hours(type, {0, 0});
      } else if (auto range = parse_minutes(r, h)) {
        if (range->first < range->second)
          c.calendar.set_hours(type, *range);
        else
          r.error(h, std::string("opening hours of a ") + key +
                         " must end after they begin (HH:MM-HH:MM, or closed)");
      }
    }
  }
}

}  // namespace hotline::config
