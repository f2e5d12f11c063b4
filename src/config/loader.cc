// Center configuration: skills, teams, reasons, queues, agents, IVR.

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "common/text.h"
#include "config/center_config.h"
#include "config/sections.h"
#include "config/yaml_reader.h"
#include "wfm/staffing.h"

namespace hotline::config {

std::vector<std::string> read_name_list(YamlReader& r, const YAML::Node& list,
                                        const std::string& what) {
  std::vector<std::string> names;
  if (!list || !r.is_list(list, what)) return names;
  std::set<std::string> seen;
  for (const YAML::Node& n : list) {
    if (!n.IsScalar() || n.Scalar().empty()) {
      r.error(n, "each of " + what + " must be a name");
      continue;
    }
    if (!seen.insert(n.Scalar()).second) r.error(n, "duplicate name '" + n.Scalar() + "'");
    names.push_back(n.Scalar());
  }
  return names;
}

namespace {

std::vector<std::string> read_names(YamlReader& r, const YAML::Node& root, const char* key) {
  return read_name_list(r, root[key], std::string("'") + key + "'");
}

std::optional<acd::Strategy> parse_strategy(const std::string& s) {
  static const std::map<std::string, acd::Strategy> kNames = {
      {"longest_idle", acd::Strategy::kLongestIdle},
      {"fewest_calls", acd::Strategy::kFewestCalls},
      {"least_talk_time", acd::Strategy::kLeastTalkTime},
      {"best_skill", acd::Strategy::kBestSkill},
      {"round_robin", acd::Strategy::kRoundRobin},
      {"random", acd::Strategy::kRandom},
      {"ring_all", acd::Strategy::kRingAll}};
  auto it = kNames.find(s);
  if (it == kNames.end()) return std::nullopt;
  return it->second;
}

}  // namespace

std::optional<std::uint32_t> Names::find(const std::vector<std::string>& names,
                                         const std::string& name) {
  auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) return std::nullopt;
  return static_cast<std::uint32_t>(it - names.begin());
}

// "{skill: min_level, ...}" -> requirements; unknown skills are errors.
std::vector<acd::SkillRequirement> parse_skill_levels(YamlReader& r, const YAML::Node& map,
                                                      const acd::CenterModel& m,
                                                      const std::string& what) {
  std::vector<acd::SkillRequirement> out;
  if (!r.is_map(map, what)) return out;
  for (const auto& kv : map) {
    const std::string skill = kv.first.Scalar();
    auto id = Names::find(m.skills, skill);
    if (!id) {
      r.error(kv.first, "unknown skill '" + skill + "' (not in 'skills')");
      continue;
    }
    int level = 0;
    if (!kv.second.IsScalar() || !YAML::convert<int>::decode(kv.second, level) || level < 1 ||
        level > acd::kMaxSkillLevel) {
      r.error(kv.second, "skill level of '" + skill + "' must be a whole number from 1 to 10");
      continue;
    }
    out.push_back({static_cast<acd::SkillId>(*id), level});
  }
  return out;
}

std::vector<acd::TeamId> parse_teams(YamlReader& r, const YAML::Node& list,
                                     const acd::CenterModel& m) {
  std::vector<acd::TeamId> out;
  if (!r.is_list(list, "teams")) return out;
  for (const YAML::Node& n : list) {
    auto id = Names::find(m.teams, n.IsScalar() ? n.Scalar() : "");
    if (!id)
      r.error(n, "unknown team '" + (n.IsScalar() ? n.Scalar() : "") + "'");
    else
      out.push_back(static_cast<acd::TeamId>(*id));
  }
  return out;
}

namespace {

void parse_overflow(YamlReader& r, const YAML::Node& list, const acd::CenterModel& m,
                    acd::QueueSpec& q) {
  if (!r.is_list(list, "overflow")) return;
  for (const YAML::Node& n : list) {
    if (!r.is_map(n, "an overflow rule")) continue;
    r.only_keys(n, {"after_s", "queue_length_at_least", "when_no_agents", "add_skills", "add_teams",
                    "target", "offer"});
    acd::OverflowRule rule;
    if (auto s = r.number(n, "after_s", 0, 86400)) rule.after_wait = seconds_f(*s);
    if (auto len = r.integer(n, "queue_length_at_least", 1, 1000000))
      rule.queue_length_at_least = *len;
    if (const YAML::Node w = n["when_no_agents"]) {
      if (!w.IsScalar() || !YAML::convert<bool>::decode(w, rule.when_no_agents))
        r.error(w, "when_no_agents must be true or false");
    }
    const int conditions =
        (rule.after_wait >= 0) + (rule.queue_length_at_least > 0) + rule.when_no_agents;
    if (conditions != 1)
      r.error(n,
              "an overflow rule needs exactly one of after_s, queue_length_at_least, "
              "when_no_agents");
    const int actions = (n["add_skills"] || n["add_teams"]) + !!n["target"] + !!n["offer"];
    if (actions != 1)
      r.error(n,
              "an overflow rule needs exactly one action: add_skills/add_teams, target or offer");
    if (n["add_skills"] || n["add_teams"]) {
      rule.action = acd::OverflowAction::kAddAgents;
      if (n["add_skills"])
        rule.agents.any_of_skills = parse_skill_levels(r, n["add_skills"], m, "add_skills");
      if (n["add_teams"]) rule.agents.teams = parse_teams(r, n["add_teams"], m);
    } else if (auto target = r.text(n, "target", false)) {
      rule.action = acd::OverflowAction::kTarget;
      rule.target = *target;
    } else if (auto offer = r.text(n, "offer", false)) {
      if (*offer == "voicemail")
        rule.action = acd::OverflowAction::kVoicemail;
      else if (*offer == "callback")
        rule.action = acd::OverflowAction::kCallback;
      else
        r.error(n["offer"], "offer must be 'voicemail' or 'callback'");
    }
    q.overflow.push_back(rule);
  }
}

// A queue's forecast file (interval,calls,aht; the format `hotline staff forecast` reads),
// relative to the configuration: calls per half hour from 00:00, for its wallboard.
std::vector<double> read_queue_forecast(YamlReader& r, const YAML::Node& n,
                                        const std::string& file) {
  const std::filesystem::path path = std::filesystem::path(r.file()).parent_path() / file;
  const auto text = read_text_file(path);
  if (!text) {
    r.error(n["forecast"], "cannot read the forecast file " + path.string());
    return {};
  }
  auto rows = wfm::parse_forecast_csv(*text, path.string());
  if (!rows.ok()) {
    r.error(n["forecast"], rows.status().message());
    return {};
  }
  std::vector<double> calls(48, 0.0);
  for (const wfm::ForecastInterval& row : *rows) {
    unsigned hour = 0, minute = 0;
    char tail = 0;
    if (std::sscanf(row.label.c_str(), "%u:%u%c", &hour, &minute, &tail) != 2 || hour > 23 ||
        (minute != 0 && minute != 30)) {
      r.error(n["forecast"], path.string() + ": interval '" + row.label +
                                 "' is not a half hour of the day (HH:00 or HH:30)");
      return {};
    }
    calls[hour * 2 + minute / 30] = row.calls;
  }
  return calls;
}

void parse_queues(YamlReader& r, const YAML::Node& list, CenterConfig& c) {
  acd::CenterModel& m = c.model;
  if (!list) {
    r.error(list, "missing 'queues'");
    return;
  }
  if (!r.is_list(list, "'queues'")) return;
  std::vector<YAML::Node> nodes;
  std::set<std::string> queue_names;
  for (const YAML::Node& n : list) {
    if (!r.is_map(n, "a queue")) continue;
    r.only_keys(n, {"name",
                    "title",
                    "priority",
                    "strategy",
                    "sl_target",
                    "sl_seconds",
                    "max_wait_s",
                    "max_length",
                    "wrap_up_s",
                    "ring_timeout_s",
                    "max_no_answer",
                    "aging_per_minute",
                    "announce_every_s",
                    "expected_handle_s",
                    "ring_all_limit",
                    "skills",
                    "teams",
                    "overflow",
                    "answer_rate_alarm",
                    "forecast"});
    acd::QueueSpec q;
    q.name = r.text(n, "name", true).value_or("");
    if (!q.name.empty() && !queue_names.insert(q.name).second)
      r.error(n["name"], "duplicate queue '" + q.name + "'");
    c.queue_titles.push_back(r.text(n, "title", false).value_or(q.name));
    CenterConfig::QueueBoard board;
    board.answer_rate_alarm = r.number(n, "answer_rate_alarm", 0, 1).value_or(0.93);
    if (auto file = r.text(n, "forecast", false)) board.forecast = read_queue_forecast(r, n, *file);
    c.queue_boards.push_back(std::move(board));
    q.priority = r.integer(n, "priority", -1000, 1000).value_or(0);
    if (auto s = r.text(n, "strategy", false)) {
      if (auto st = parse_strategy(*s))
        q.strategy = *st;
      else
        r.error(n["strategy"], "unknown strategy '" + *s +
                                   "' (longest_idle, fewest_calls, least_talk_time, best_skill, "
                                   "round_robin, random, ring_all)");
    }
    q.sl_target = r.number(n, "sl_target", 0.01, 1.0).value_or(0.8);
    // A queue's "answered within" is the center's unless it says otherwise (docs/kpis.md).
    q.sl_threshold = seconds_f(
        r.number(n, "sl_seconds", 0, 3600).value_or(to_seconds(c.kpi_rules.sl_threshold)));
    q.max_wait = seconds_f(r.number(n, "max_wait_s", 0, 86400).value_or(0));
    q.max_length = r.integer(n, "max_length", 0, 1000000).value_or(0);
    q.wrap_up = seconds_f(r.number(n, "wrap_up_s", 0, 3600).value_or(0));
    q.ring_timeout = seconds_f(r.number(n, "ring_timeout_s", 1, 600).value_or(15));
    q.max_no_answer = r.integer(n, "max_no_answer", 1, 100).value_or(3);
    q.aging_per_second = r.number(n, "aging_per_minute", 0, 1000).value_or(0) / 60.0;
    q.announce_every = seconds_f(r.number(n, "announce_every_s", 0, 3600).value_or(0));
    q.expected_handle = seconds_f(r.number(n, "expected_handle_s", 1, 86400).value_or(180));
    q.ring_all_limit = r.integer(n, "ring_all_limit", 1, 1000).value_or(20);
    if (n["skills"]) q.agents.any_of_skills = parse_skill_levels(r, n["skills"], m, "skills");
    if (n["teams"]) q.agents.teams = parse_teams(r, n["teams"], m);
    if (!n["skills"] && !n["teams"])
      r.error(n, "queue '" + q.name + "' needs 'skills' or 'teams' to say who takes its calls");
    if (n["overflow"]) parse_overflow(r, n["overflow"], m, q);
    m.queues.push_back(std::move(q));
    nodes.push_back(n);
  }
  // Targets that name a queue stay inside the center.
  for (std::size_t i = 0; i < m.queues.size(); ++i) {
    for (acd::OverflowRule& rule : m.queues[i].overflow) {
      if (rule.action != acd::OverflowAction::kTarget) continue;
      for (acd::QueueId t = 0; t < m.queues.size(); ++t)
        if (m.queues[t].name == rule.target) rule.target_queue = t;
      if (rule.target_queue == i)
        r.error(nodes[i], "queue '" + m.queues[i].name + "' overflows to itself");
    }
  }
}

void add_agent(YamlReader& r, const YAML::Node& n, const std::string& name, CenterConfig& c,
               std::set<std::string>& seen) {
  acd::AgentSpec a;
  a.name = name;
  if (!seen.insert(name).second) r.error(n, "duplicate agent '" + name + "'");
  if (auto team = r.text(n, "team", false)) {
    if (auto id = Names::find(c.model.teams, *team))
      a.team = static_cast<acd::TeamId>(*id);
    else
      r.error(n["team"], "unknown team '" + *team + "'");
  }
  if (n["skills"]) {
    for (const auto& req : parse_skill_levels(r, n["skills"], c.model, "skills"))
      a.skills.push_back({req.skill, req.min_level});
  }
  c.model.agents.push_back(std::move(a));
}

void parse_agents(YamlReader& r, const YAML::Node& list, CenterConfig& c) {
  if (!list) return;
  if (!r.is_list(list, "'agents'")) return;
  std::set<std::string> seen;
  for (const YAML::Node& n : list) {
    if (!r.is_map(n, "an agent")) continue;
    r.only_keys(n, {"name", "team", "skills", "generate", "prefix"});
    if (n["generate"]) {
      // "generate: 48, prefix: A" makes A01..A48 with the same team and skills.
      const int count = r.integer(n, "generate", 1, 100000).value_or(0);
      const std::string prefix = r.text(n, "prefix", true).value_or("agent");
      const int digits = count >= 100 ? (count >= 1000 ? 4 : 3) : 2;
      for (int i = 1; i <= count; ++i) {
        std::string num = std::to_string(i);
        num.insert(0, static_cast<std::size_t>(std::max(0, digits - static_cast<int>(num.size()))),
                   '0');
        add_agent(r, n, prefix + num, c, seen);
      }
    } else if (auto name = r.text(n, "name", true)) {
      add_agent(r, n, *name, c, seen);
    }
  }
}

}  // namespace

namespace {
void parse_sections(YamlReader& r, YAML::Node& root, CenterConfig& c,
                    const CenterSettings& settings);
}  // namespace

Result<CenterConfig> parse_center_config(const std::string& text, const std::string& file,
                                         const CenterSettings& settings) {
  YamlReader r(file);
  YAML::Node root;
  if (yaml_nesting(text) > kMaxNesting)
    return Status::invalid_argument(file + ": the YAML nests deeper than " +
                                    std::to_string(kMaxNesting) + " levels");
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    YAML::Mark mark = e.mark;
    r.error_at(mark, "not valid YAML: " + e.msg);
    return Status::invalid_argument(r.errors().front());
  }
  if (!root.IsMap())
    return Status::invalid_argument(file + ": the configuration must be a YAML mapping");
  CenterConfig c;
  c.file = file;
  c.text = text;
  try {
    parse_sections(r, root, c, settings);
  } catch (const YAML::Exception& e) {  // a shape the readers did not expect: still an error
    r.error_at(e.mark, e.msg);
  }
  if (!r.errors().empty()) return Status::invalid_argument(r.report());
  return c;
}

namespace {

void parse_sections(YamlReader& r, YAML::Node& root, CenterConfig& c,
                    const CenterSettings& settings) {
  std::map<std::string, YAML::Node> agent_settings;
  if (!settings.empty()) lay_settings_over(r, root, settings, agent_settings);
  r.only_keys(root,
              {"center", "skills", "teams", "reasons", "dispositions", "queues", "agents", "ivr",
               "calendar", "sip", "api", "tickets", "services", "titles", "simulation"});
  if (const YAML::Node center = root["center"]; center && r.is_map(center, "'center'")) {
    r.only_keys(center, {"name", "sl_seconds", "short_abandon_s", "seed", "aht_target_s"});
    c.aht_target = seconds_f(r.number(center, "aht_target_s", 0, 86400).value_or(0));
    c.name = r.text(center, "name", false).value_or("");
    c.kpi_rules.sl_threshold = seconds_f(r.number(center, "sl_seconds", 0, 3600).value_or(20));
    c.kpi_rules.short_abandon = seconds_f(r.number(center, "short_abandon_s", 0, 600).value_or(0));
    c.model.random_seed = static_cast<std::uint64_t>(r.number(center, "seed", 0, 1e15).value_or(1));
  }
  c.model.skills = read_names(r, root, "skills");
  c.model.teams = read_names(r, root, "teams");
  if (c.model.teams.empty()) c.model.teams.push_back("default");
  c.model.reasons = read_names(r, root, "reasons");
  c.dispositions = read_names(r, root, "dispositions");
  if (const YAML::Node titles = root["titles"];
      titles && r.is_map(titles, "'titles' (code: title)")) {
    for (const auto& item : titles) {
      const std::string code = item.first.as<std::string>(""),
                        title = item.second.IsScalar() ? item.second.Scalar() : "";
      if (code.empty() || title.empty() || title.size() > 100)
        r.error(item.second, "a title is text of 1 to 100 bytes for a code");
      else
        c.code_titles[code] = title;
    }
  }
  parse_queues(r, root["queues"], c);
  parse_agents(r, root["agents"], c);
  apply_agent_settings(r, agent_settings, c);
  if (root["calendar"]) parse_calendar(r, root["calendar"], c);
  if (root["services"]) parse_services(r, root["services"], c);
  parse_ivr(r, root["ivr"], c);
  if (root["simulation"]) parse_simulation(r, root["simulation"], c);
  if (root["sip"]) parse_sip(r, root["sip"], c);
  if (root["tickets"]) parse_tickets(r, root["tickets"], c);
  if (root["api"]) parse_api(r, root["api"], c);
}

}  // namespace

std::optional<std::string> read_text_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Result<CenterConfig> load_center_config(const std::string& path, const CenterSettings& settings) {
  const auto text = read_text_file(path);
  if (!text) return Status::invalid_argument(path + ": cannot open the file");
  return parse_center_config(*text, path, settings);
}

}  // namespace hotline::config
