// hotline staff: agents needed for a service-level target (Erlang C / Erlang A), per
// interval from a forecast, and the seats-to-staff rule.

#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/commands.h"
#include "common/json_out.h"
#include "wfm/staffing.h"

namespace hotline::app {

namespace {

struct StaffOptions {
  wfm::StaffingRequest request;
  double asa_target = 0, max_occupancy = 0, patience = 0;
  bool json = false;
  std::string forecast_file;
  double seat_hours = 14, working_days = 30, legal_hours = 168;
  int seats = 0;
};

nlohmann::json to_json(const wfm::StaffingAnswer& a) {
  nlohmann::json j{{"model", a.erlang_a ? "erlang_a" : "erlang_c"},
                   {"traffic_erlangs", a.figures.traffic_erlangs},
                   {"agents", a.figures.agents},
                   {"service_level", a.figures.service_level},
                   {"prob_wait", a.figures.prob_wait},
                   {"asa_s", a.figures.asa_s},
                   {"occupancy", a.figures.occupancy},
                   {"staff", a.staff}};
  if (a.erlang_a) j["abandon_rate"] = a.figures.abandon_rate;
  return j;
}

// Copies the optional targets given on the command line into the request.
Status finish_request(StaffOptions& o, const CLI::App& cmd) {
  if (cmd.count("--asa-target-s")) o.request.asa_target_s = o.asa_target;
  if (cmd.count("--max-occupancy")) o.request.max_occupancy = o.max_occupancy;
  if (cmd.count("--patience-s")) o.request.patience_s = o.patience;
  return wfm::validate(o.request);
}

void print_single(const StaffOptions& o, const wfm::StaffingAnswer& a) {
  if (o.json) {
    std::printf("%s\n", json_out(to_json(a), 2).c_str());
    return;
  }
  const auto& f = a.figures;
  std::printf("Traffic                 %10.2f Erlangs (%.0f calls in %.0f s, AHT %.0f s)\n",
              f.traffic_erlangs, o.request.calls, o.request.interval_s, o.request.aht_s);
  std::printf("Model                   %10s\n", a.erlang_a ? "Erlang A" : "Erlang C");
  std::printf("Agents needed           %10d\n", f.agents);
  std::printf("Service level           %9.1f%% answered within %.0f s (target %.0f%%)\n",
              100 * f.service_level, o.request.sl_seconds, 100 * o.request.sl_target);
  std::printf("Probability of waiting  %9.1f%%\n", 100 * f.prob_wait);
  std::printf("ASA                     %10.1f s\n", f.asa_s);
  std::printf("Occupancy               %9.1f%%\n", 100 * f.occupancy);
  if (a.erlang_a) std::printf("Abandon rate            %9.1f%%\n", 100 * f.abandon_rate);
  std::printf("Staff with %2.0f%% reserve  %10d\n", 100 * o.request.shrinkage, a.staff);
}

int run_single(StaffOptions& o, const CLI::App& cmd) {
  if (!cmd.count("--calls") || !cmd.count("--aht-s")) {
    std::fprintf(
        stderr, "hotline staff: --calls and --aht-s are required (or use 'forecast' or 'seats')\n");
    return kExitUsage;
  }
  if (Status s = finish_request(o, cmd); !s.ok()) {
    std::fprintf(stderr, "hotline staff: %s\n", s.message().c_str());
    return kExitUsage;
  }
  print_single(o, wfm::required_agents(o.request));
  return kExitOk;
}

int run_forecast(StaffOptions& o, const CLI::App& staff) {
  std::ifstream in(o.forecast_file);
  if (!in) {
    std::fprintf(stderr, "hotline staff forecast: %s: cannot open the file\n",
                 o.forecast_file.c_str());
    return kExitUsage;
  }
  std::ostringstream text;
  text << in.rdbuf();
  auto rows = wfm::parse_forecast_csv(text.str(), o.forecast_file);
  if (!rows.ok()) {
    std::fprintf(stderr, "hotline staff forecast: %s\n", rows.status().message().c_str());
    return kExitUsage;
  }
  o.request.calls = 0;
  o.request.aht_s = 1;
  if (Status s = finish_request(o, staff); !s.ok()) {
    std::fprintf(stderr, "hotline staff forecast: %s\n", s.message().c_str());
    return kExitUsage;
  }
  nlohmann::json out = nlohmann::json::array();
  if (!o.json)
    std::printf("%-10s %7s %7s %9s %7s %7s %7s %7s %6s\n", "interval", "calls", "AHT s", "Erlangs",
                "agents", "SL", "ASA s", "occ.", "staff");
  int peak_agents = 0, peak_staff = 0;
  double agent_hours = 0;
  for (const wfm::ForecastInterval& row : *rows) {
    wfm::StaffingRequest r = o.request;
    r.calls = row.calls;
    r.aht_s = row.aht_s;
    const wfm::StaffingAnswer a = wfm::required_agents(r);
    peak_agents = std::max(peak_agents, a.figures.agents);
    peak_staff = std::max(peak_staff, a.staff);
    agent_hours += a.figures.agents * r.interval_s / 3600.0;
    if (o.json) {
      nlohmann::json j = to_json(a);
      j["interval"] = row.label;
      j["calls"] = row.calls;
      j["aht_s"] = row.aht_s;
      out.push_back(j);
    } else {
      std::printf("%-10s %7.0f %7.0f %9.2f %7d %6.1f%% %7.1f %6.1f%% %6d\n", row.label.c_str(),
                  row.calls, row.aht_s, a.figures.traffic_erlangs, a.figures.agents,
                  100 * a.figures.service_level, a.figures.asa_s, 100 * a.figures.occupancy,
                  a.staff);
    }
  }
  if (o.json) {
    std::printf("%s\n", nlohmann::json{{"intervals", out},
                                       {"peak_agents", peak_agents},
                                       {"peak_staff", peak_staff},
                                       {"agent_hours", agent_hours}}
                            .dump(2)
                            .c_str());
  } else {
    std::printf("Peak: %d agents (%d staff with reserve); %.1f agent-hours over the day\n",
                peak_agents, peak_staff, agent_hours);
  }
  return kExitOk;
}

int run_seats(const StaffOptions& o) {
  if (!(o.seat_hours > 0 && o.seat_hours <= 24) || !(o.working_days > 0 && o.working_days <= 31) ||
      !(o.legal_hours > 0) || o.seats < 0) {
    std::fprintf(stderr,
                 "hotline staff seats: seat hours must be in (0, 24], working days in (0, 31], "
                 "legal hours > 0, seats >= 0\n");
    return kExitUsage;
  }
  const double per_seat = wfm::staff_per_seat(o.seat_hours, o.working_days, o.legal_hours);
  const int staff = static_cast<int>(std::ceil(o.seats * per_seat - 1e-9));
  if (o.json) {
    std::printf("%s\n",
                nlohmann::json{{"staff_per_seat", per_seat}, {"seats", o.seats}, {"staff", staff}}
                    .dump(2)
                    .c_str());
  } else {
    std::printf("Staff per seat = %.1f h x %.0f days / %.0f legal hours = %.2f\n", o.seat_hours,
                o.working_days, o.legal_hours, per_seat);
    if (o.seats > 0) std::printf("%d seats need %d staff\n", o.seats, staff);
  }
  return kExitOk;
}

}  // namespace

void add_staff_command(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<StaffOptions>();
  auto* cmd = app.add_subcommand("staff", "Agents and staff needed for a service-level target");
  cmd->add_option("--calls", o->request.calls, "Calls offered in the interval");
  cmd->add_option("--interval-s", o->request.interval_s, "Interval length in seconds")
      ->capture_default_str();
  cmd->add_option("--aht-s", o->request.aht_s, "Average handle time in seconds");
  cmd->add_option("--sl-target", o->request.sl_target, "Service-level target, e.g. 0.8")
      ->capture_default_str();
  cmd->add_option("--sl-seconds", o->request.sl_seconds, "Service-level threshold in seconds")
      ->capture_default_str();
  cmd->add_option("--asa-target-s", o->asa_target, "Also keep the ASA at most this");
  cmd->add_option("--patience-s", o->patience,
                  "Mean caller patience: use Erlang A (abandonment) instead of Erlang C");
  cmd->add_option("--max-occupancy", o->max_occupancy, "Keep occupancy at most this, e.g. 0.85");
  cmd->add_option("--shrinkage", o->request.shrinkage,
                  "Reserve for breaks, training, leave: staff = agents x (1 + shrinkage)")
      ->capture_default_str();
  cmd->add_flag("--json", o->json, "Print JSON");
  cmd->require_subcommand(0, 1);

  auto* forecast = cmd->add_subcommand(
      "forecast", "Agents per interval for a forecast CSV (interval,calls,aht)");
  forecast->add_option("FILE", o->forecast_file, "Forecast CSV")->required();
  forecast->fallthrough();
  auto* seats = cmd->add_subcommand("seats", "Staff per seat (seat hours x days / legal hours)");
  seats->add_option("--seat-hours-per-day", o->seat_hours, "Hours a seat is staffed per day")
      ->capture_default_str();
  seats->add_option("--working-days", o->working_days, "Service days per month")
      ->capture_default_str();
  seats->add_option("--legal-hours", o->legal_hours, "Legal working hours per person per month")
      ->capture_default_str();
  seats->add_option("--seats", o->seats, "Seats to staff");
  seats->fallthrough();

  cmd->callback([o, cmd, forecast, seats, exit_code] {
    if (forecast->parsed())
      *exit_code = run_forecast(*o, *cmd);
    else if (seats->parsed())
      *exit_code = run_seats(*o);
    else
      *exit_code = run_single(*o, *cmd);
  });
}

}  // namespace hotline::app
