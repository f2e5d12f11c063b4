#include "wfm/staffing.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <utility>

namespace hotline::wfm {

Status validate(const StaffingRequest& r) {
  auto bad = [](const std::string& what) { return Status::invalid_argument(what); };
  if (!(r.calls >= 0) || !std::isfinite(r.calls)) return bad("calls must be a number >= 0");
  if (!(r.interval_s > 0)) return bad("interval must be > 0 seconds");
  if (!(r.aht_s > 0) || !std::isfinite(r.aht_s)) return bad("AHT must be > 0 seconds");
  if (!(r.sl_target > 0 && r.sl_target < 1))
    return bad("service-level target must be between 0 and 1 (e.g. 0.8), exclusive");
  if (!(r.sl_seconds >= 0)) return bad("service-level seconds must be >= 0");
  if (r.asa_target_s && !(*r.asa_target_s > 0)) return bad("ASA target must be > 0 seconds");
  if (r.max_occupancy && !(*r.max_occupancy > 0 && *r.max_occupancy <= 1))
    return bad("maximum occupancy must be in (0, 1]");
  if (r.patience_s && !(*r.patience_s > 0)) return bad("patience must be > 0 seconds");
  if (!(r.shrinkage >= 0 && r.shrinkage < 1)) return bad("shrinkage must be in [0, 1)");
  return {};
}

namespace {

bool meets(const StaffingRequest& r, const QueueFigures& f) {
  if (f.service_level < r.sl_target) return false;
  if (r.asa_target_s && !(f.asa_s <= *r.asa_target_s)) return false;
  if (r.max_occupancy && f.occupancy > *r.max_occupancy + 1e-12) return false;
  return true;
}

}  // namespace

StaffingAnswer required_agents(const StaffingRequest& r) {
  StaffingAnswer answer;
  const double lambda = r.calls / r.interval_s;
  const double traffic = lambda * r.aht_s;
  if (r.calls == 0) {
    answer.figures = erlang_c_figures(0, 0, r.aht_s, r.sl_seconds);
    return answer;
  }
  if (r.patience_s) {
    answer.erlang_a = true;
    // Service level grows with agents: binary search between 1 and a count that surely meets
    // the target (Erlang C's answer, which ignores the relief given by abandonment).
    StaffingRequest c_request = r;
    c_request.patience_s.reset();
    int high = std::max(1, required_agents(c_request).figures.agents);
    while (!meets(r, erlang_a_figures(high, lambda, r.aht_s, *r.patience_s, r.sl_seconds)))
      high *= 2;  // abandonments within the threshold count against the service level
    int low = 0;  // fails by convention
    while (high - low > 1) {
      const int mid = low + (high - low) / 2;
      if (meets(r, erlang_a_figures(mid, lambda, r.aht_s, *r.patience_s, r.sl_seconds)))
        high = mid;
      else
        low = mid;
    }
    answer.figures = erlang_a_figures(high, lambda, r.aht_s, *r.patience_s, r.sl_seconds);
  } else {
    // Walk up from the stability bound: only a few dozen steps even at 20,000 agents.
    int n = static_cast<int>(std::floor(traffic)) + 1;
    if (r.max_occupancy) n = std::max(n, static_cast<int>(std::ceil(traffic / *r.max_occupancy)));
    for (;; ++n) {
      answer.figures = erlang_c_figures(n, lambda, r.aht_s, r.sl_seconds);
      if (meets(r, answer.figures)) break;
    }
  }
  answer.staff = staff_with_reserve(answer.figures.agents, r.shrinkage);
  return answer;
}

int staff_with_reserve(int agents, double reserve) {
  return static_cast<int>(std::ceil(agents * (1.0 + reserve) - 1e-9));
}

double staff_per_seat(double seat_hours_per_day, double working_days_per_month,
                      double legal_hours_per_month) {
  return seat_hours_per_day * working_days_per_month / legal_hours_per_month;
}

Result<std::vector<ForecastInterval>> parse_forecast_csv(const std::string& text,
                                                         const std::string& file_name) {
  std::vector<ForecastInterval> rows;
  std::istringstream in(text);
  std::string line;
  int line_no = 0;
  bool header_allowed = true;  // only the first line may be a header
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cells;
    std::stringstream cells_in(line);
    for (std::string cell; std::getline(cells_in, cell, ',');)
      cells.push_back(cell);
    auto where = [&] { return file_name + ":" + std::to_string(line_no) + ": "; };
    if (cells.size() != 3)
      return Status::invalid_argument(where() + "expected 3 columns (interval,calls,aht), found " +
                                      std::to_string(cells.size()));
    const bool may_be_header = std::exchange(header_allowed, false);
    ForecastInterval row{cells[0], 0, 0};
    try {
      std::size_t used_calls = 0, used_aht = 0;
      row.calls = std::stod(cells[1], &used_calls);
      row.aht_s = std::stod(cells[2], &used_aht);
      if (used_calls != cells[1].size() || used_aht != cells[2].size()) throw std::exception();
    } catch (const std::exception&) {
      if (may_be_header) continue;
      return Status::invalid_argument(where() + "calls and aht must be numbers");
    }
    if (row.calls < 0) return Status::invalid_argument(where() + "calls must be >= 0");
    if (!(row.aht_s > 0)) return Status::invalid_argument(where() + "aht must be > 0 seconds");
    rows.push_back(row);
  }
  if (rows.empty()) return Status::invalid_argument(file_name + ": no forecast rows");
  return rows;
}

}  // namespace hotline::wfm
