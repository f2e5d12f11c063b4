#pragma once
// Presenting a simulation: a readable table, JSON for machines, CSV for spreadsheets,
// and a self-contained HTML page with charts of service level and staffing.

#include <string>

#include "sim/replications.h"

namespace hotline::sim {

std::string report_text(const SimReport& report, const std::string& title);
std::string report_json(const SimReport& report, const std::string& title);
std::string report_csv(const SimReport& report);
std::string report_html(const SimReport& report, const std::string& title);

}  // namespace hotline::sim
