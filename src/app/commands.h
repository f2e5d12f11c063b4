#pragma once
// The subcommands of the `hotline` command. Each registers itself on the CLI11 app;
// when chosen, it runs and leaves its process exit code in *exit_code.

namespace CLI {
class App;
}

namespace hotline::app {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;  // bad flags, bad parameters, invalid configuration

void add_check_config_command(CLI::App& app, int* exit_code);
void add_staff_command(CLI::App& app, int* exit_code);
void add_sim_command(CLI::App& app, int* exit_code);
void add_serve_command(CLI::App& app, int* exit_code);
void add_report_command(CLI::App& app, int* exit_code);
void add_user_command(CLI::App& app, int* exit_code);

}  // namespace hotline::app
