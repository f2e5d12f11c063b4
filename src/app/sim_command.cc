// hotline sim: simulate a center configuration, a single queue, or a replay of a log.

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>

#include "app/commands.h"
#include "app/records_file.h"
#include "config/center_config.h"
#include "sim/event_log.h"
#include "sim/outbound_report.h"
#include "sim/recorded_calls.h"
#include "sim/report.h"

namespace hotline::app {

namespace {

struct SimOptions {
  std::string config_file, replay_file, csv_file, html_file, event_log_file;
  std::string records_dir, date;  // --replay-records: the calls of that day
  sim::QuickQueue quick;
  double patience = 0;
  int replications = 5;
  std::uint64_t seed = 1;
  int days = 0;
  bool json = false;
};

bool write_file(const std::string& path, const std::string& text) {
  if (path == "-") {
    std::fputs(text.c_str(), stdout);
    return true;
  }
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return false;
  const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  return std::fclose(f) == 0 && ok;
}

int fail(const std::string& message) {
  std::fprintf(stderr, "hotline sim: %s\n", message.c_str());
  return kExitUsage;
}

// The calls `hotline serve` recorded on the day --date names (today by default), in the
// hours the scenario simulates.
Result<std::vector<sim::CallInput>> recorded_day(const SimOptions& o,
                                                 const sim::Scenario& scenario) {
  Time day = static_cast<Time>(std::time(nullptr)) * kMicrosPerSecond;
  if (!o.date.empty()) {
    auto t = parse_local_time(o.date);
    if (!t.ok()) return t.status().in("--date ");
    day = *t;
  }
  const Time begin = local_day_start(day) + scenario.day_start;
  auto records =
      read_call_records(o.records_dir, begin, begin + scenario.intervals * scenario.interval);
  if (!records.ok()) return records.status();
  return sim::calls_from_records(*records, begin, scenario);
}

int run(SimOptions& o, const CLI::App& cmd) {
  if (o.replications < 1 || o.replications > 10000) return fail("--replications must be 1..10000");
  const bool quick =
      cmd.count("--arrival-rate-per-hour") || cmd.count("--agents") || cmd.count("--aht-s");
  sim::Scenario scenario;
  std::string title;
  std::vector<sim::OutboundScenario> campaigns;
  bool inbound = true;
  if (quick) {
    if (!o.config_file.empty() || !o.replay_file.empty() || !o.records_dir.empty())
      return fail("the one-queue flags do not combine with --config or a replay");
    if (cmd.count("--patience-s")) o.quick.patience_s = o.patience;
    if (Status s = sim::validate(o.quick); !s.ok()) return fail(s.message());
    scenario = sim::quick_scenario(o.quick);
    title = "One queue: " + std::to_string(o.quick.agents) + " agents";
  } else {
    if (o.config_file.empty())
      return fail("give --config FILE, or --arrival-rate-per-hour, --aht-s and --agents");
    Result<config::CenterConfig> c = config::load_center_config(o.config_file);
    if (!c.ok()) {
      std::fprintf(stderr, "%s\n", c.status().message().c_str());
      return kExitUsage;
    }
    if (!o.replay_file.empty() && !o.records_dir.empty())
      return fail("give --replay or --replay-records, not both");
    if (!o.date.empty() && o.records_dir.empty()) return fail("--date goes with --replay-records");
    if (!c->simulation && o.records_dir.empty())
      return fail(o.config_file + ": no 'simulation' section (arrivals, handle times, shifts)");
    if (!c->simulation) {  // recorded calls need no workload: simulate the whole day
      c->simulation.emplace();
      c->simulation->day_start = 0;
      c->simulation->intervals = static_cast<int>(seconds(86400) / c->simulation->interval);
    }
    if (o.days > 0) c->simulation->days = o.days;
    if (!o.records_dir.empty()) c->simulation->days = 1;
    if (!cmd.count("--seed")) o.seed = c->model.random_seed;
    scenario = sim::scenario_from_config(*c);
    for (const config::SimulatedCampaign& campaign : c->simulation->campaigns)
      campaigns.push_back(sim::outbound_scenario(campaign, c->simulation->days));
    // A simulation of campaigns alone has no calls coming in.
    inbound = c->simulation->ivr || !c->simulation->arrivals.empty() || !o.replay_file.empty() ||
              !o.records_dir.empty();
    title = c->name.empty() ? o.config_file : c->name;
    if (!o.replay_file.empty() || !o.records_dir.empty()) {
      auto calls = o.replay_file.empty() ? recorded_day(o, scenario)
                                         : sim::read_logged_calls(o.replay_file, scenario);
      if (!calls.ok()) return fail(calls.status().message());
      scenario.recorded_calls = std::move(*calls);
      o.replications = 1;  // the same calls every time: one replication says it all
      title += o.replay_file.empty()
                   ? " — the recorded calls of " + (o.date.empty() ? std::string("today") : o.date)
                   : " — replay of " + o.replay_file;
    }
  }

  if (!inbound) {
    if (!o.event_log_file.empty() || !o.csv_file.empty() || !o.html_file.empty())
      return fail(
          "--event-log, --csv and --html are for calls coming in; this simulation has "
          "campaigns only");
    const auto runs = sim::run_campaigns(campaigns, o.replications, o.seed);
    std::fputs(
        (o.json ? sim::outbound_json(runs) : title + "\n" + sim::outbound_text(runs)).c_str(),
        stdout);
    return kExitOk;
  }
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> log_file(nullptr, std::fclose);
  std::unique_ptr<sim::EventLogWriter> log;
  if (!o.event_log_file.empty()) {
    log_file.reset(std::fopen(o.event_log_file.c_str(), "wb"));
    if (!log_file) return fail(o.event_log_file + ": cannot write the event log");
    log = std::make_unique<sim::EventLogWriter>(log_file.get(), scenario);
  }

  const auto started = std::chrono::steady_clock::now();
  const sim::SimReport report = sim::run_replications(scenario, o.replications, o.seed, log.get());
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  const auto runs = sim::run_campaigns(campaigns, o.replications, o.seed);
  if (o.json && runs.empty()) {
    std::fputs(sim::report_json(report, title).c_str(), stdout);
  } else if (o.json) {  // calls in and campaigns out: both, under their names
    std::string both = "{\"inbound\": " + sim::report_json(report, title) +
                       ", \"campaigns\": " + sim::outbound_json(runs) + "}\n";
    std::fputs(both.c_str(), stdout);
  } else {
    std::fputs(sim::report_text(report, title).c_str(), stdout);
    std::fputs(sim::outbound_text(runs).c_str(), stdout);
  }
  if (!o.csv_file.empty() && !write_file(o.csv_file, sim::report_csv(report)))
    return fail(o.csv_file + ": cannot write");
  if (!o.html_file.empty() && !write_file(o.html_file, sim::report_html(report, title)))
    return fail(o.html_file + ": cannot write");
  if (!o.json) {
    const double events = static_cast<double>(report.core_events + report.sim_events);
    std::printf("\nSimulated %llu calls, %.0f events in %.3f s (%.2f million events/s)\n",
                static_cast<unsigned long long>(report.calls), events, wall_s,
                wall_s > 0 ? events / wall_s / 1e6 : 0.0);
  }
  return kExitOk;
}

}  // namespace

void add_sim_command(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<SimOptions>();
  auto* cmd = app.add_subcommand(
      "sim", "Simulate a center (or one queue) through the routing core, with KPIs per interval");
  cmd->add_option("--config", o->config_file, "Center configuration with a 'simulation' section");
  cmd->add_option("--replay", o->replay_file,
                  "Re-simulate the calls of an event log under --config (what-if)");
  cmd->add_option("--replay-records", o->records_dir,
                  "Re-simulate the calls recorded by serve --data DIR on one day under --config");
  cmd->add_option("--date", o->date, "The day of --replay-records, YYYY-MM-DD (today)");
  cmd->add_option("--arrival-rate-per-hour", o->quick.arrivals_per_hour,
                  "One queue: calls per hour");
  cmd->add_option("--aht-s", o->quick.aht_s, "One queue: mean handle time (exponential)");
  cmd->add_option("--agents", o->quick.agents, "One queue: agents working throughout");
  cmd->add_option("--patience-s", o->patience, "One queue: mean caller patience (exponential)");
  cmd->add_option("--hours", o->quick.hours, "One queue: hours simulated")->capture_default_str();
  cmd->add_option("--sl-seconds", o->quick.sl_seconds, "One queue: service-level threshold")
      ->capture_default_str();
  cmd->add_option("--replications", o->replications, "Independent replications")
      ->capture_default_str();
  cmd->add_option("--seed", o->seed, "Random seed (a run is reproducible)");
  cmd->add_option("--days", o->days, "Days to simulate (overrides the configuration)");
  cmd->add_flag("--json", o->json, "Print JSON instead of tables");
  cmd->add_option("--csv", o->csv_file, "Write KPIs per interval and queue as CSV ('-': stdout)");
  cmd->add_option("--html", o->html_file, "Write an HTML report with charts");
  cmd->add_option("--event-log", o->event_log_file,
                  "Write the core's events of the first replication as JSON lines");
  cmd->callback([o, cmd, exit_code] { *exit_code = run(*o, *cmd); });
}

}  // namespace hotline::app
