// hotline: the call-center platform's command.

#include <CLI/CLI.hpp>
#include <cstdio>

#include "app/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"hotline: an open-source call center platform (呼叫中心)", "hotline"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "hotline 0.1.0");
  int exit_code = hotline::app::kExitOk;
  hotline::app::add_check_config_command(app, &exit_code);
  hotline::app::add_staff_command(app, &exit_code);
  hotline::app::add_sim_command(app, &exit_code);
  hotline::app::add_serve_command(app, &exit_code);
  hotline::app::add_report_command(app, &exit_code);
  hotline::app::add_user_command(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "hotline: %s\nRun with --help for usage.\n", e.what());
    return hotline::app::kExitUsage;
  }
  return exit_code;
}
