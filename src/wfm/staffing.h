#pragma once
// Staffing: how many agents an interval needs, and how many people that means.
//
// Pure functions; inputs are validated and errors returned as values so that the
// CLI and the API can print them.

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "wfm/erlang.h"

namespace hotline::wfm {

struct StaffingRequest {
  double calls = 0;          // calls offered in the interval
  double interval_s = 1800;  // interval length
  double aht_s = 0;          // average handle time (talk + hold + wrap-up)
  double sl_target = 0.8;    // fraction answered within sl_seconds
  double sl_seconds = 20;
  std::optional<double> asa_target_s;   // mean wait of answered calls at most this
  std::optional<double> max_occupancy;  // e.g. 0.85
  std::optional<double> patience_s;     // set: Erlang A with exponential patience
  double shrinkage = 0.15;              // reserve: staff = agents x (1 + shrinkage)
};

struct StaffingAnswer {
  QueueFigures figures;  // at the required number of agents
  int staff = 0;         // people to schedule, reserve included
  bool erlang_a = false;
};

// Checks ranges: calls >= 0, interval > 0, AHT > 0, 0 < SL target < 1 (1 is unreachable
// with random arrivals), threshold >= 0, occupancy in (0, 1], patience > 0, shrinkage in [0, 1).
Status validate(const StaffingRequest& request);

// The fewest agents meeting every target of the request. REQUIRES: validate(request).ok()
StaffingAnswer required_agents(const StaffingRequest& request);

// People to schedule for `agents` seats busy at once: agents x (1 + reserve), rounded up.
int staff_with_reserve(int agents, double reserve);

// Staff per seat = seat hours per day x working days per month / legal hours per month.
// A 14-hour service day, 30 days a month and 168 legal hours give 2.5.
double staff_per_seat(double seat_hours_per_day, double working_days_per_month,
                      double legal_hours_per_month);

// One line of a forecast: an interval label, calls offered and average handle time.
struct ForecastInterval {
  std::string label;
  double calls = 0;
  double aht_s = 0;
};

// Parses "interval,calls,aht" CSV text (header optional). Errors name the line.
Result<std::vector<ForecastInterval>> parse_forecast_csv(const std::string& text,
                                                         const std::string& file_name);

}  // namespace hotline::wfm
