// Settings changed in the administration pages, laid over the configuration file before it
// is read, so that they meet the same rules and errors as the file (see CenterSettings).

#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "common/text.h"
#include "config/sections.h"

namespace hotline::config {

namespace {

// Finds the queue map named `name` in the document's queue list.
YAML::Node queue_named(YAML::Node& root, const std::string& name) {
  YAML::Node queues = root["queues"];
  if (queues.IsSequence())
    for (YAML::Node q : queues)
      if (q.IsMap() && q["name"] && q["name"].IsScalar() && q["name"].Scalar() == name) return q;
  return YAML::Node(YAML::NodeType::Undefined);
}

void lay_calendar(YamlReader& r, YAML::Node& root, const YAML::Node& value) {
  if (!r.is_map(value, "calendar settings")) return;
  r.only_keys(value, {"holidays", "workdays", "hours"});
  if (!root["calendar"] || !root["calendar"].IsMap())
    root["calendar"] = YAML::Node(YAML::NodeType::Map);
  YAML::Node calendar = root["calendar"];
  if (value["holidays"] || value["workdays"]) {
    // The lists replace every date the file gave, its calendar file's too.
    calendar.remove("file");
    calendar["holidays"] =
        value["holidays"] ? value["holidays"] : YAML::Node(YAML::NodeType::Sequence);
    calendar["workdays"] =
        value["workdays"] ? value["workdays"] : YAML::Node(YAML::NodeType::Sequence);
  }
  if (value["hours"]) calendar["hours"] = value["hours"];
}

}  // namespace

void lay_settings_over(YamlReader& r, YAML::Node& root, const CenterSettings& settings,
                       std::map<std::string, YAML::Node>& agent_settings) {
  for (const auto& [key, json] : settings) {
    const std::string source = "center settings '" + key + "'";
    YAML::Node value;
    if (json_nesting(json) > kMaxNesting) {
      r.error_at(YAML::Mark::null_mark(),
                 source + " nests deeper than " + std::to_string(kMaxNesting) + " levels");
      continue;
    }
    try {
      value = YAML::Load(json);
    } catch (const YAML::Exception& e) {
      r.error_at(YAML::Mark::null_mark(), source + " is not valid JSON: " + e.msg);
      continue;
    }
    r.add_source(value, source);
    if (key == "skills" || key == "teams" || key == "reasons" || key == "dispositions") {
      root[key] = value;
    } else if (key == "calendar") {
      lay_calendar(r, root, value);
    } else if (key.rfind("queue:", 0) == 0) {
      YAML::Node queue = queue_named(root, key.substr(6));
      if (!queue) {
        r.error(value, "no queue '" + key.substr(6) + "' in the configuration");
        continue;
      }
      if (!r.is_map(value, source)) continue;
      // A queue's name and its forecast file stay the file's business.
      r.only_keys(value, {"title", "priority", "strategy", "sl_target", "sl_seconds", "max_wait_s",
                          "max_length", "wrap_up_s", "ring_timeout_s", "max_no_answer",
                          "aging_per_minute", "announce_every_s", "expected_handle_s",
                          "ring_all_limit", "skills", "teams", "overflow", "answer_rate_alarm"});
      for (const auto& kv : value) {
        const std::string field = kv.first.Scalar();
        if (field != "name" && field != "forecast") queue[field] = kv.second;
      }
    } else if (key.rfind("agent:", 0) == 0) {
      if (!r.is_map(value, source)) continue;
      r.only_keys(value, {"skills", "team"});
      agent_settings[key.substr(6)] = value;
    } else {
      r.error_at(YAML::Mark::null_mark(), source + ": no such setting");
    }
  }
}

void apply_agent_settings(YamlReader& r, const std::map<std::string, YAML::Node>& agent_settings,
                          CenterConfig& c) {
  for (const auto& [name, value] : agent_settings) {
    acd::AgentSpec* agent = nullptr;
    for (acd::AgentSpec& a : c.model.agents)
      if (a.name == name) agent = &a;
    if (!agent) {
      r.error(value, "no agent '" + name + "' in the configuration");
      continue;
    }
    if (const YAML::Node skills = value["skills"]) {
      agent->skills.clear();
      for (const auto& req : parse_skill_levels(r, skills, c.model, "skills"))
        agent->skills.push_back({req.skill, req.min_level});
    }
    if (const YAML::Node team = value["team"]) {
      const std::string wanted = team.IsScalar() ? team.Scalar() : std::string();
      auto it = std::find(c.model.teams.begin(), c.model.teams.end(), wanted);
      if (it == c.model.teams.end())
        r.error(team, "no team '" + wanted + "' (teams: the center's 'teams')");
      else
        agent->team = static_cast<acd::TeamId>(it - c.model.teams.begin());
    }
  }
}

}  // namespace hotline::config
