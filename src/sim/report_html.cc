// A self-contained HTML page: inline SVG charts (no script, no network) and tables.

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "sim/format.h"
#include "sim/report.h"
#include "wfm/staffing.h"

namespace hotline::sim {

namespace {

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

struct Series {
  std::string name;
  std::vector<double> values;
  std::string color;
  bool bars = false;
};

// A chart of series over the intervals; `percent` formats the axis as %.
std::string chart(const std::string& title, const std::vector<std::string>& labels,
                  const std::vector<Series>& series, double y_max, bool percent, double target = -1,
                  const std::string& target_label = "") {
  const double width = 900, height = 280, left = 50, right = 20, top = 50, bottom = 40;
  const double plot_w = width - left - right, plot_h = height - top - bottom;
  const std::size_t n = std::max<std::size_t>(1, labels.size());
  const double step = plot_w / n;
  if (!(y_max > 0)) y_max = 1;
  const auto x = [&](std::size_t i) { return left + step * (i + 0.5); };
  const auto y = [&](double v) { return top + plot_h * (1 - std::clamp(v / y_max, 0.0, 1.05)); };

  std::string svg = format(
      "<svg viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"%s\">"
      "<text x=\"%.0f\" y=\"18\" class=\"title\">%s</text>",
      width, height, escape(title).c_str(), left, escape(title).c_str());
  for (int g = 0; g <= 4; ++g) {
    const double v = y_max * g / 4;
    svg += format("<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>", left,
                  width - right, y(v), y(v));
    svg +=
        format("<text x=\"%.0f\" y=\"%.1f\" class=\"axis\" text-anchor=\"end\">%s</text>", left - 6,
               y(v) + 4, percent ? format("%.0f%%", 100 * v).c_str() : format("%.0f", v).c_str());
  }
  for (std::size_t i = 0; i < labels.size(); i += std::max<std::size_t>(1, labels.size() / 14))
    svg += format("<text x=\"%.1f\" y=\"%.0f\" class=\"axis\" text-anchor=\"middle\">%s</text>",
                  x(i), height - bottom + 16, labels[i].c_str());
  const std::size_t bar_series =
      std::count_if(series.begin(), series.end(), [](const Series& s) { return s.bars; });
  std::size_t bar_index = 0;
  for (const Series& s : series) {
    if (s.bars) {
      const double bw = step * 0.8 / std::max<std::size_t>(1, bar_series);
      for (std::size_t i = 0; i < s.values.size(); ++i) {
        const double bx = x(i) - step * 0.4 + bw * bar_index;
        svg += format(
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
            "<title>%s %s: %.1f</title></rect>",
            bx, y(s.values[i]), bw, top + plot_h - y(s.values[i]), s.color.c_str(),
            escape(s.name).c_str(), labels[i].c_str(), s.values[i]);
      }
      ++bar_index;
    } else {
      std::string points;
      for (std::size_t i = 0; i < s.values.size(); ++i)
        points += format("%.1f,%.1f ", x(i), y(s.values[i]));
      svg += format("<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\"/>",
                    points.c_str(), s.color.c_str());
      for (std::size_t i = 0; i < s.values.size(); ++i)
        svg += format(
            "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s %s: %s</title></circle>",
            x(i), y(s.values[i]), s.color.c_str(), escape(s.name).c_str(), labels[i].c_str(),
            percent ? format("%.1f%%", 100 * s.values[i]).c_str()
                    : format("%.1f", s.values[i]).c_str());
    }
  }
  if (target >= 0) {
    svg += format(
        "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" class=\"target\"/>"
        "<text x=\"%.0f\" y=\"%.1f\" class=\"axis\" text-anchor=\"end\">%s</text>",
        left, width - right, y(target), y(target), width - right - 4, y(target) - 4,
        escape(target_label).c_str());
  }
  // Legend, on its own line under the title.
  double lx = left;
  for (const Series& s : series) {
    svg += format(
        "<rect x=\"%.0f\" y=\"27\" width=\"12\" height=\"12\" fill=\"%s\"/>"
        "<text x=\"%.0f\" y=\"37\" class=\"axis\">%s</text>",
        lx, s.color.c_str(), lx + 16, escape(s.name).c_str());
    lx += 30 + 7.5 * s.name.size();
  }
  return svg + "</svg>\n";
}

std::vector<double> column(const std::vector<KpiEstimates>& rows, Estimate KpiEstimates::*field) {
  std::vector<double> v;
  for (const KpiEstimates& k : rows)
    v.push_back((k.*field).mean);
  return v;
}

std::string table_row(const std::string& label, const KpiEstimates& k) {
  return format(
      "<tr><td>%s</td><td>%.0f</td><td>%.0f</td><td>%.0f</td><td>%.1f%%</td><td "
      "class=\"%s\">%.1f%%</td>"
      "<td>%.1f%%</td><td>%.1f</td><td>%.1f</td><td>%.1f%%</td><td>%.1f</td><td>%.0f</td></tr>\n",
      escape(label).c_str(), k.offered.mean, k.answered.mean, k.abandoned.mean,
      100 * k.service_level.mean, k.offered.mean > 0 && k.answer_rate.mean < 0.93 ? "alarm" : "",
      100 * k.answer_rate.mean, 100 * k.abandon_rate.mean, k.asa_s.mean, k.aht_s.mean,
      100 * k.occupancy.mean, k.staffed_agents.mean, k.longest_wait_s.mean);
}

const char* kTableHead =
    "<tr><th></th><th>offered</th><th>answered</th><th>abandoned</th><th>SL</th><th>answer "
    "rate</th><th>abandon rate</th><th>ASA s</th><th>AHT s</th><th>occupancy</th><th>staffed</th>"
    "<th>longest wait s</th></tr>\n";

}  // namespace

std::string report_html(const SimReport& r, const std::string& title) {
  std::string html =
      "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" + escape(title) +
      "</title><style>"
      "body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:24px;color:#222}"
      "svg{width:100%;max-width:960px;display:block;margin:12px 0 28px}"
      ".title{font-size:15px;font-weight:600}.axis{font-size:11px;fill:#555}"
      ".grid{stroke:#e3e3e3}.target{stroke:#c0392b;stroke-dasharray:6 4}"
      "table{border-collapse:collapse;font-size:13px;margin-bottom:24px}"
      "td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}"
      "td:first-child{text-align:left}.alarm{background:#fde2e0;color:#a00}"
      ".kpi{display:inline-block;margin:0 24px 12px 0}.kpi b{font-size:26px;display:block}"
      "</style></head><body>\n";
  html += "<h1>" + escape(title) + "</h1>\n";
  html += format(
      "<p>%d day(s), %d replication(s), seed %llu. Service level: answered within %.0f s. "
      "Means over replications; 95%% confidence intervals in brackets.</p>\n",
      r.days, r.replications, static_cast<unsigned long long>(r.seed), r.sl_seconds);
  const KpiEstimates& o = r.overall;
  const auto kpi = [&](const char* name, const Estimate& e, bool pct) {
    return format("<div class=\"kpi\">%s<b>%s</b>[%s .. %s]</div>", name,
                  pct ? format("%.1f%%", 100 * e.mean).c_str() : format("%.1f", e.mean).c_str(),
                  pct ? format("%.1f%%", 100 * e.low).c_str() : format("%.1f", e.low).c_str(),
                  pct ? format("%.1f%%", 100 * e.high).c_str() : format("%.1f", e.high).c_str());
  };
  html += "<div>" + kpi("Service level", o.service_level, true) +
          kpi("Answer rate 接通率", o.answer_rate, true) +
          kpi("Abandon rate", o.abandon_rate, true) + kpi("ASA (s)", o.asa_s, false) +
          kpi("AHT (s)", o.aht_s, false) + kpi("Occupancy", o.occupancy, true) + "</div>\n";

  html += chart("Service level and answer rate per interval", r.interval_labels,
                {{"service level", column(r.interval, &KpiEstimates::service_level), "#2e86de"},
                 {"answer rate", column(r.interval, &KpiEstimates::answer_rate), "#27ae60"}},
                1.0, true, 0.93, "93% answer-rate alarm");
  const std::vector<double> offered = column(r.interval, &KpiEstimates::offered);
  html += chart("Calls per interval", r.interval_labels,
                {{"offered", offered, "#95a5a6", true},
                 {"answered", column(r.interval, &KpiEstimates::answered), "#2e86de", true},
                 {"abandoned", column(r.interval, &KpiEstimates::abandoned), "#e67e22", true}},
                *std::max_element(offered.begin(), offered.end()) * 1.1, false);
  // Staffing: who was there, who was not on a break, and what Erlang C says the simulated
  // traffic of each interval needed for the service-level target.
  const std::vector<double> staffed = column(r.interval, &KpiEstimates::staffed_agents);
  std::vector<double> required;
  for (const KpiEstimates& k : r.interval) {
    wfm::StaffingRequest need;
    need.calls = k.offered.mean;
    need.interval_s = r.interval_s;
    need.aht_s = k.aht_s.mean > 0 ? k.aht_s.mean : 1;
    need.sl_target = std::clamp(r.sl_target, 0.01, 0.99);
    need.sl_seconds = r.sl_seconds;
    required.push_back(wfm::validate(need).ok() ? wfm::required_agents(need).figures.agents : 0);
  }
  html += chart("Agents per interval: staffed, available, required (Erlang C)", r.interval_labels,
                {{"logged in", staffed, "#c39bd3", true},
                 {"available (not on break)", column(r.interval, &KpiEstimates::available_agents),
                  "#8e44ad", true},
                 {"required", required, "#e67e22"}},
                std::max(*std::max_element(staffed.begin(), staffed.end()),
                         *std::max_element(required.begin(), required.end())) *
                        1.15 +
                    1,
                false);
  html += chart("Occupancy per interval", r.interval_labels,
                {{"occupancy", column(r.interval, &KpiEstimates::occupancy), "#c0392b"}}, 1.0, true,
                0.85, "85%");

  html += "<h2>Per queue</h2><table>" + std::string(kTableHead);
  for (std::size_t q = 0; q < r.queues.size(); ++q)
    html += table_row(r.queues[q], r.queue[q]);
  html += table_row("all", o) + "</table>\n<h2>Per interval</h2><table>" + kTableHead;
  for (std::size_t i = 0; i < r.interval.size(); ++i)
    html += table_row(r.interval_labels[i], r.interval[i]);
  html += "</table>\n</body></html>\n";
  return html;
}

}  // namespace hotline::sim
