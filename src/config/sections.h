#pragma once
// Internal to src/config: parsers shared between the center and simulation sections.

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "config/center_config.h"
#include "config/yaml_reader.h"

namespace hotline::config {

struct Names {
  static std::optional<std::uint32_t> find(const std::vector<std::string>& names,
                                           const std::string& name);
};

// A list of unique, non-empty names (`what` names it in errors, e.g. "'skills'"); absent:
// empty.
std::vector<std::string> read_name_list(YamlReader& r, const YAML::Node& list,
                                        const std::string& what);
std::vector<acd::SkillRequirement> parse_skill_levels(YamlReader& r, const YAML::Node& map,
                                                      const acd::CenterModel& m,
                                                      const std::string& what);
std::vector<acd::TeamId> parse_teams(YamlReader& r, const YAML::Node& list,
                                     const acd::CenterModel& m);
// The whole text of a file (the configuration, a calendar or forecast file next to it);
// nothing when it cannot be read.
std::optional<std::string> read_text_file(const std::filesystem::path& path);

// "2026-10-01" -> 20261001, or nullopt (with an error at `n`) if it is not a real date.
std::optional<int> parse_date(YamlReader& r, const YAML::Node& n, const std::string& text);

void parse_simulation(YamlReader& r, const YAML::Node& node, CenterConfig& c);
void parse_ivr(YamlReader& r, const YAML::Node& list, CenterConfig& c);
void parse_sip(YamlReader& r, const YAML::Node& node, CenterConfig& c);
void parse_api(YamlReader& r, const YAML::Node& node, CenterConfig& c);
void parse_tickets(YamlReader& r, const YAML::Node& node, CenterConfig& c);
void parse_services(YamlReader& r, const YAML::Node& list, CenterConfig& c);
// The `calendar` section; a calendar `file` is read relative to the configuration.
void parse_calendar(YamlReader& r, const YAML::Node& node, CenterConfig& c);

// Lays `settings` over the document (see CenterSettings). Agents' settings (skills,
// team) are kept in `agent_settings` (name -> {skills, team}) for apply_agent_settings
// once agents are read: an agent may come from a group (`generate`) of the file.
void lay_settings_over(YamlReader& r, YAML::Node& root, const CenterSettings& settings,
                       std::map<std::string, YAML::Node>& agent_settings);
void apply_agent_settings(YamlReader& r, const std::map<std::string, YAML::Node>& agent_settings,
                          CenterConfig& c);

}  // namespace hotline::config
