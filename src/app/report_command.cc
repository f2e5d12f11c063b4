// hotline report calls: the call-detail records of a period and the per-queue KPIs
// computed from them, as a table, JSON or CSV. hotline report ivr: how callers moved
// through the IVR in the period.

#include <CLI/CLI.hpp>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>
#include <optional>

#include "app/commands.h"
#include "app/records_file.h"
#include "common/json_out.h"
#include "common/text.h"
#include "report/call_json.h"
#include "report/call_kpis.h"
#include "report/ivr_stats.h"

namespace hotline::app {

namespace {

struct ReportOptions {
  std::string data_dir = "hotline-data";
  std::string from, to;
  bool json = false;
  bool csv = false;
  bool queues_only = false;
};

// ISO 8601 in local time with the offset, milliseconds: 2026-11-25T10:01:05.123+08:00.
std::string iso_time(Time t) {
  if (t == 0) return "";
  const std::time_t seconds_part = static_cast<std::time_t>(t / kMicrosPerSecond);
  std::tm tm{};
  localtime_r(&seconds_part, &tm);
  char date[32], zone[8];
  std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
  std::strftime(zone, sizeof zone, "%z", &tm);
  char out[64];
  std::snprintf(out, sizeof out, "%s.%03d%.3s:%.2s", date,
                static_cast<int>((t % kMicrosPerSecond) / 1000), zone, zone + 3);
  return out;
}

double span_s(Time from, Time to) {
  return from != 0 && to >= from ? to_seconds(to - from) : 0.0;
}

nlohmann::json kpis_json(const report::QueueKpis& q) {
  const kpi::Kpis& k = q.kpis;
  return {{"queue", q.queue.empty() ? "all" : q.queue},
          {"offered", k.offered},
          {"answered", k.answered},
          {"abandoned", k.abandoned},
          {"overflowed", k.overflowed},
          {"service_level", k.service_level},
          {"answer_rate", k.answer_rate},
          {"abandon_rate", k.abandon_rate},
          {"asa_s", k.asa_s},
          {"aht_s", k.aht_s},
          {"longest_wait_s", k.longest_wait_s}};
}

void print_csv(const std::vector<store::CallRecord>& calls) {
  std::printf(
      "uid,direction,caller,called,arrived,ivr_exit,queued,offered,answered,ended,wrapup_ended,"
      "wait_s,talk_s,ivr_path,queue,agent,disposition,hangup_side,hangup_cause,recording,"
      "recording_s,agents_rung,hold_s,disposition_code,transferred_from\n");
  for (const store::CallRecord& c : calls) {
    std::string line;
    for (const std::string& f : {c.uid, c.direction, c.caller, c.called, iso_time(c.arrived),
                                 iso_time(c.ivr_exit), iso_time(c.queued), iso_time(c.offered),
                                 iso_time(c.answered), iso_time(c.ended), iso_time(c.wrapup_ended)})
      line += csv_field(f) + ",";
    char spans[64];
    std::snprintf(spans, sizeof spans, "%.3f,%.3f,",
                  span_s(c.queued, c.answered != 0 ? c.answered : c.ended),
                  span_s(c.answered, c.ended));
    line += spans;
    for (const std::string& f :
         {c.ivr_path, c.queue, c.agent, c.disposition, c.hangup_side, c.hangup_cause, c.recording})
      line += csv_field(f) + ",";
    line += std::to_string(to_seconds(c.recording_length)) + "," + std::to_string(c.legs.size());
    for (const std::string& f : {std::to_string(to_seconds(c.hold)), csv_field(c.disposition_code),
                                 csv_field(c.transferred_from)}) {
      line += ',';
      line += f;
    }
    std::printf("%s\n", line.c_str());
  }
}

void print_queues_csv(const std::vector<report::QueueKpis>& queues) {
  std::printf(
      "queue,offered,answered,abandoned,overflowed,service_level,answer_rate,abandon_rate,asa_s,"
      "aht_s,longest_wait_s\n");
  for (const report::QueueKpis& q : queues) {
    const kpi::Kpis& k = q.kpis;
    std::printf("%s,%lld,%lld,%lld,%lld,%.4f,%.4f,%.4f,%.2f,%.2f,%.2f\n",
                csv_field(q.queue.empty() ? "all" : q.queue).c_str(),
                static_cast<long long>(k.offered), static_cast<long long>(k.answered),
                static_cast<long long>(k.abandoned), static_cast<long long>(k.overflowed),
                k.service_level, k.answer_rate, k.abandon_rate, k.asa_s, k.aht_s, k.longest_wait_s);
  }
}

// The calls (unless `queues_only`), then the queues' figures over all of them.
void print_table(const std::vector<store::CallRecord>& calls,
                 const std::vector<report::QueueKpis>& queues, bool queues_only) {
  if (!queues_only) {
    std::printf("%-19s  %-15s  %-12s  %-10s  %-14s  %7s  %7s  %s\n", "arrived", "caller", "queue",
                "agent", "disposition", "wait s", "talk s", "IVR path");
    for (const store::CallRecord& c : calls)
      std::printf("%-19.19s  %-15s  %-12s  %-10s  %-14s  %7.1f  %7.1f  %s\n",
                  iso_time(c.arrived).c_str(), c.caller.c_str(), c.queue.c_str(), c.agent.c_str(),
                  c.disposition.c_str(), span_s(c.queued, c.answered != 0 ? c.answered : c.ended),
                  span_s(c.answered, c.ended), c.ivr_path.c_str());
    std::printf("\n");
  }
  std::printf("%-12s  %7s  %8s  %9s  %6s  %8s  %6s  %6s\n", "queue", "offered", "answered",
              "abandoned", "SL", "接通率", "ASA s", "AHT s");
  for (const report::QueueKpis& q : queues) {
    const kpi::Kpis& k = q.kpis;
    std::printf("%-12s  %7lld  %8lld  %9lld  %5.1f%%  %7.1f%%%s  %6.1f  %6.1f\n",
                q.queue.empty() ? "all" : q.queue.c_str(), static_cast<long long>(k.offered),
                static_cast<long long>(k.answered), static_cast<long long>(k.abandoned),
                100 * k.service_level, 100 * k.answer_rate,
                k.offered > 0 && k.answer_rate < 0.93 ? "!" : " ", k.asa_s, k.aht_s);
  }
  std::printf("%zu calls. ! marks an answer rate under 93 %%.\n", calls.size());
}

// The records that arrived in the period the options name (local time; today by
// default). Errors are printed; the exit code comes back in *code.
std::optional<std::vector<store::CallRecord>> load_period(const ReportOptions& o, Time* from_out,
                                                          Time* to_out, int* code) {
  Time from = 0, to = 0;
  *code = kExitUsage;
  if (!o.from.empty()) {
    auto t = parse_local_time(o.from);
    if (!t.ok()) {
      std::fprintf(stderr, "hotline report: --from %s\n", t.status().message().c_str());
      return std::nullopt;
    }
    from = *t;
  } else {  // today, from midnight
    from = local_day_start(static_cast<Time>(std::time(nullptr)) * kMicrosPerSecond);
  }
  if (!o.to.empty()) {
    auto t = parse_local_time(o.to);
    if (!t.ok()) {
      std::fprintf(stderr, "hotline report: --to %s\n", t.status().message().c_str());
      return std::nullopt;
    }
    to = *t;
  } else {
    to = from + seconds(86400);
  }
  if (to <= from) {
    std::fprintf(stderr, "hotline report: --to must come after --from\n");
    return std::nullopt;
  }
  *code = kExitFailure;
  auto calls = read_call_records(o.data_dir, from, to);
  if (!calls.ok()) {
    std::fprintf(stderr, "hotline report: %s\n", calls.status().message().c_str());
    return std::nullopt;
  }
  *code = kExitOk;
  *from_out = from;
  *to_out = to;
  return std::move(*calls);
}

int report_calls(const ReportOptions& o) {
  Time from = 0, to = 0;
  int code = kExitOk;
  auto calls = load_period(o, &from, &to, &code);
  if (!calls) return code;
  const std::vector<report::QueueKpis> queues = report::queue_kpis(*calls);
  if (o.json) {
    nlohmann::json j{{"from", iso_time(from)}, {"to", iso_time(to)}};
    j["calls"] = nlohmann::json::array();
    if (!o.queues_only)
      for (const store::CallRecord& c : *calls)
        j["calls"].push_back(
            report::call_json(c, [](Time t) { return nlohmann::json(iso_time(t)); }));
    j["queues"] = nlohmann::json::array();
    for (const report::QueueKpis& q : queues)
      j["queues"].push_back(kpis_json(q));
    std::printf("%s\n", json_out(j, 2).c_str());
  } else if (o.csv) {
    if (o.queues_only)
      print_queues_csv(queues);
    else
      print_csv(*calls);
  } else {
    print_table(*calls, queues, o.queues_only);
  }
  return kExitOk;
}

// hotline report ivr: per IVR node, visits, calls, keys pressed and callers who hung up.
int report_ivr(const ReportOptions& o) {
  Time from = 0, to = 0;
  int code = kExitOk;
  auto calls = load_period(o, &from, &to, &code);
  if (!calls) return code;
  const report::IvrStats stats = report::ivr_stats(*calls);
  auto keys_text = [](const report::IvrNodeStats& n) {
    std::string text;
    for (const auto& [key, count] : n.keys)
      text += (text.empty() ? "" : " ") + std::string(1, key) + ":" + std::to_string(count);
    return text;
  };
  if (o.json) {
    nlohmann::json j{{"from", iso_time(from)}, {"to", iso_time(to)}, {"calls", stats.calls}};
    j["nodes"] = nlohmann::json::array();
    for (const report::IvrNodeStats& n : stats.nodes) {
      nlohmann::json keys = nlohmann::json::object();
      for (const auto& [key, count] : n.keys)
        keys[std::string(1, key)] = count;
      j["nodes"].push_back({{"node", n.node},
                            {"visits", n.visits},
                            {"calls", n.calls},
                            {"hung_up_here", n.hung_up_here},
                            {"keys", keys}});
    }
    std::printf("%s\n", json_out(j, 2).c_str());
  } else if (o.csv) {
    std::printf("node,visits,calls,hung_up_here,keys\n");
    for (const report::IvrNodeStats& n : stats.nodes)
      std::printf("%s,%lld,%lld,%lld,%s\n", csv_field(n.node).c_str(),
                  static_cast<long long>(n.visits), static_cast<long long>(n.calls),
                  static_cast<long long>(n.hung_up_here), csv_field(keys_text(n)).c_str());
  } else {
    std::printf("%-20s  %7s  %7s  %7s  %8s  %s\n", "node", "visits", "calls", "% calls", "hung up",
                "keys pressed");
    for (const report::IvrNodeStats& n : stats.nodes)
      std::printf("%-20s  %7lld  %7lld  %6.1f%%  %8lld  %s\n", n.node.c_str(),
                  static_cast<long long>(n.visits), static_cast<long long>(n.calls),
                  stats.calls
                      ? 100.0 * static_cast<double>(n.calls) / static_cast<double>(stats.calls)
                      : 0.0,
                  static_cast<long long>(n.hung_up_here), keys_text(n).c_str());
    std::printf("%lld calls entered the IVR.\n", static_cast<long long>(stats.calls));
  }
  return kExitOk;
}

}  // namespace

void add_report_command(CLI::App& app, int* exit_code) {
  auto* report = app.add_subcommand("report", "Reports from the center's records");
  report->require_subcommand(1);
  auto o = std::make_shared<ReportOptions>();
  auto* calls = report->add_subcommand(
      "calls", "Call-detail records of a period and per-queue KPIs computed from them");
  calls->add_option("--data", o->data_dir, "The directory given to serve --data")
      ->capture_default_str();
  calls->add_option("--from", o->from, "Start, local time: YYYY-MM-DD[ HH:MM[:SS]] (today)");
  calls->add_option("--to", o->to, "End, excluded (a day after --from)");
  auto* json = calls->add_flag("--json", o->json, "JSON: calls with their legs, and queues");
  calls->add_flag("--csv", o->csv, "CSV: one line per call (with --queues: one per queue)")
      ->excludes(json);
  calls->add_flag("--queues", o->queues_only, "Only the per-queue KPIs");
  calls->callback([o, exit_code] { *exit_code = report_calls(*o); });

  auto* ivr = report->add_subcommand(
      "ivr", "Per IVR node: visits, calls, keys pressed and callers who hung up there");
  ivr->add_option("--data", o->data_dir, "The directory given to serve --data")
      ->capture_default_str();
  ivr->add_option("--from", o->from, "Start, local time: YYYY-MM-DD[ HH:MM[:SS]] (today)");
  ivr->add_option("--to", o->to, "End, excluded (a day after --from)");
  auto* ivr_json = ivr->add_flag("--json", o->json, "JSON");
  ivr->add_flag("--csv", o->csv, "CSV: one line per node")->excludes(ivr_json);
  ivr->callback([o, exit_code] { *exit_code = report_ivr(*o); });
}

}  // namespace hotline::app
