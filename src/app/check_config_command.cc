#include <CLI/CLI.hpp>
#include <cstdio>

#include "app/commands.h"
#include "config/center_config.h"

namespace hotline::app {

void add_check_config_command(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand("check-config", "Validate a center configuration file");
  auto file = std::make_shared<std::string>();
  cmd->add_option("FILE", *file, "The center configuration (YAML)")->required();
  cmd->callback([file, exit_code] {
    Result<config::CenterConfig> c = config::load_center_config(*file);
    if (!c.ok()) {
      std::fprintf(stderr, "%s\n", c.status().message().c_str());
      *exit_code = kExitUsage;
      return;
    }
    std::printf("%s: valid — %zu skills, %zu teams, %zu queues, %zu agents, %zu IVR nodes%s\n",
                file->c_str(), c->model.skills.size(), c->model.teams.size(),
                c->model.queues.size(), c->model.agents.size(), c->ivr.nodes.size(),
                c->simulation ? ", a simulation scenario" : "");
  });
}

}  // namespace hotline::app
