// The simulation section: day, arrival profiles, calls through the IVR, handle times,
// patience, shifts.

#include <cmath>
#include <numeric>

#include "config/sections.h"

namespace hotline::config {

namespace {

std::optional<Distribution> parse_distribution(YamlReader& r, const YAML::Node& n,
                                               const std::string& what) {
  if (!r.is_map(n, what)) return std::nullopt;
  r.only_keys(n, {"distribution", "mean_s", "sd_s", "samples_s"});
  Distribution d;
  const std::string kind = r.text(n, "distribution", false).value_or("exponential");
  if (kind == "exponential")
    d.kind = Distribution::Kind::kExponential;
  else if (kind == "lognormal")
    d.kind = Distribution::Kind::kLogNormal;
  else if (kind == "fixed")
    d.kind = Distribution::Kind::kFixed;
  else if (kind == "empirical")
    d.kind = Distribution::Kind::kEmpirical;
  else {
    r.error(n["distribution"], what + ": unknown distribution '" + kind +
                                   "' (exponential, lognormal, fixed, empirical)");
    return std::nullopt;
  }
  if (d.kind == Distribution::Kind::kEmpirical) {
    const YAML::Node samples = n["samples_s"];
    if (!samples || !r.is_list(samples, what + " samples_s")) {
      if (!samples) r.error(n, what + ": an empirical distribution needs 'samples_s'");
      return std::nullopt;
    }
    for (const YAML::Node& s : samples) {
      double v = 0;
      if (!s.IsScalar() || !YAML::convert<double>::decode(s, v) || !(v > 0) || !std::isfinite(v)) {
        r.error(s, what + ": samples must be numbers > 0");
        return std::nullopt;
      }
      d.samples_s.push_back(v);
    }
    if (d.samples_s.empty()) {
      r.error(samples, what + ": no samples");
      return std::nullopt;
    }
    d.mean_s = std::accumulate(d.samples_s.begin(), d.samples_s.end(), 0.0) / d.samples_s.size();
    return d;
  }
  auto mean = r.number(n, "mean_s", 0.001, 1e7, true);
  if (!mean) return std::nullopt;
  d.mean_s = *mean;
  if (d.kind == Distribution::Kind::kLogNormal) {
    auto sd = r.number(n, "sd_s", 0.001, 1e7, true);
    if (!sd) return std::nullopt;
    d.sd_s = *sd;
  }
  return d;
}

// Expected calls per interval of the day: `calls_per_interval`, or `calls_per_day` spread
// by the weights of `profile` (evenly without one).
std::vector<double> parse_counts(YamlReader& r, const YAML::Node& n, const SimulationScenario& s) {
  const auto read_list = [&](const char* key) {
    std::vector<double> values;
    const YAML::Node l = n[key];
    if (!r.is_list(l, key)) return values;
    for (const YAML::Node& v : l) {
      double x = 0;
      if (!v.IsScalar() || !YAML::convert<double>::decode(v, x) || !(x >= 0) || !std::isfinite(x)) {
        r.error(v, std::string(key) + " values must be numbers >= 0");
        return std::vector<double>{};
      }
      values.push_back(x);
    }
    if (static_cast<int>(values.size()) != s.intervals)
      r.error(l, std::string(key) + " has " + std::to_string(values.size()) +
                     " values; the day has " + std::to_string(s.intervals) + " intervals");
    return values;
  };
  if (n["calls_per_interval"]) return read_list("calls_per_interval");
  const double per_day = r.number(n, "calls_per_day", 0, 1e8, true).value_or(0);
  std::vector<double> weights(static_cast<std::size_t>(s.intervals), 1.0);
  if (n["profile"]) weights = read_list("profile");
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  if (n["profile"] && !(total > 0)) r.error(n["profile"], "profile weights sum to zero");
  std::vector<double> counts;
  for (double w : weights)
    counts.push_back(total > 0 ? per_day * w / total : 0);
  return counts;
}

void parse_arrivals(YamlReader& r, const YAML::Node& list, CenterConfig& c, SimulationScenario& s) {
  if (!r.is_list(list, "'arrivals'")) return;
  for (const YAML::Node& n : list) {
    if (!r.is_map(n, "an arrival profile")) continue;
    r.only_keys(n, {"queue", "calls_per_day", "profile", "calls_per_interval", "priority"});
    ArrivalProfile a;
    const std::string queue = r.text(n, "queue", true).value_or("");
    bool found = false;
    for (acd::QueueId q = 0; q < c.model.queues.size(); ++q)
      if (c.model.queues[q].name == queue) {
        a.queue = q;
        found = true;
      }
    if (!queue.empty() && !found) r.error(n["queue"], "unknown queue '" + queue + "'");
    a.priority = r.integer(n, "priority", -1000, 1000).value_or(0);
    a.calls_per_interval = parse_counts(r, n, s);
    s.arrivals.push_back(std::move(a));
  }
}

// Calls through the IVR: how many, the keys their callers press, how long prompts play.
void parse_simulated_ivr(YamlReader& r, const YAML::Node& n, const CenterConfig& c,
                         SimulationScenario& s) {
  if (!r.is_map(n, "'simulation.ivr'")) return;
  r.only_keys(n, {"calls_per_day", "profile", "calls_per_interval", "paths", "prompt_s",
                  "handle_time", "date"});
  if (c.ivr.nodes.empty()) r.error(n, "simulation.ivr needs the center's 'ivr' flow");
  SimulatedIvr ivr;
  ivr.calls_per_interval = parse_counts(r, n, s);
  ivr.prompt = seconds_f(r.number(n, "prompt_s", 0, 600, false).value_or(4));
  if (n["handle_time"])
    if (auto d = parse_distribution(r, n["handle_time"], "simulation.ivr.handle_time"))
      ivr.handle_time = *d;
  if (auto date = r.text(n, "date", false))
    ivr.date = parse_date(r, n["date"], *date).value_or(ivr.date);
  const YAML::Node paths = n["paths"];
  if (!paths) r.error(n, "simulation.ivr needs 'paths': the keys callers press, with shares");
  if (paths && r.is_list(paths, "simulation.ivr.paths")) {
    for (const YAML::Node& p : paths) {
      if (!r.is_map(p, "a path")) continue;
      r.only_keys(p, {"keys", "share"});
      SimulatedIvr::Path path;
      // Empty keys are a caller who presses nothing.
      if (const YAML::Node keys = p["keys"]; keys && keys.IsScalar())
        path.keys = keys.Scalar();
      else if (keys)
        r.error(keys, "keys must be text");
      if (path.keys.size() > 15 || path.keys.find_first_not_of("0123456789*#") != std::string::npos)
        r.error(p["keys"], "keys: at most 15 of 0-9, * and #");
      path.share = r.number(p, "share", 0, 1e6, true).value_or(0);
      ivr.paths.push_back(std::move(path));
    }
    double total = 0;
    for (const SimulatedIvr::Path& p : ivr.paths)
      total += p.share;
    if (!(total > 0)) r.error(paths, "the paths' shares sum to zero");
  }
  s.ivr = std::move(ivr);
}

void parse_shifts(YamlReader& r, const YAML::Node& list, CenterConfig& c, SimulationScenario& s) {
  if (!r.is_list(list, "'shifts'")) return;
  for (const YAML::Node& n : list) {
    if (!r.is_map(n, "a shift")) continue;
    r.only_keys(n, {"agents", "team", "all", "start", "end", "breaks"});
    Shift shift;
    if (const YAML::Node agents = n["agents"]; agents && r.is_list(agents, "agents")) {
      for (const YAML::Node& a : agents) {
        bool found = false;
        for (acd::AgentId id = 0; id < c.model.agents.size(); ++id)
          if (a.IsScalar() && c.model.agents[id].name == a.Scalar()) {
            shift.agents.push_back(id);
            found = true;
          }
        if (!found) r.error(a, "unknown agent '" + (a.IsScalar() ? a.Scalar() : "") + "'");
      }
    } else if (auto team = r.text(n, "team", false)) {
      auto id = Names::find(c.model.teams, *team);
      if (!id) r.error(n["team"], "unknown team '" + *team + "'");
      for (acd::AgentId a = 0; a < c.model.agents.size(); ++a)
        if (id && c.model.agents[a].team == *id) shift.agents.push_back(a);
    } else if (n["all"]) {
      for (acd::AgentId a = 0; a < c.model.agents.size(); ++a)
        shift.agents.push_back(a);
    } else {
      r.error(n, "a shift needs 'agents', 'team' or 'all: true'");
    }
    auto start = n["start"] ? r.clock_time(n["start"], "start") : std::nullopt;
    auto end = n["end"] ? r.clock_time(n["end"], "end") : std::nullopt;
    if (!start || !end) {
      if (!n["start"] || !n["end"]) r.error(n, "a shift needs 'start' and 'end'");
      continue;
    }
    shift.start = seconds_f(*start);
    shift.end = seconds_f(*end);
    if (shift.end <= shift.start) r.error(n["end"], "a shift must end after it starts");
    if (const YAML::Node breaks = n["breaks"]; breaks && r.is_list(breaks, "breaks")) {
      for (const YAML::Node& b : breaks) {
        if (!r.is_map(b, "a break")) continue;
        r.only_keys(b, {"at", "minutes"});
        auto at = b["at"] ? r.clock_time(b["at"], "break 'at'") : std::nullopt;
        auto minutes = r.number(b, "minutes", 1, 480, true);
        if (!at || !minutes) continue;
        ShiftBreak br{seconds_f(*at), seconds_f(*minutes * 60)};
        if (br.start < shift.start || br.start + br.length > shift.end)
          r.error(b, "a break must lie within its shift");
        shift.breaks.push_back(br);
      }
    }
    s.shifts.push_back(std::move(shift));
  }
}

// Outbound campaigns, each on agents of its own.
void parse_campaigns(YamlReader& r, const YAML::Node& list, SimulationScenario& s) {
  if (!r.is_list(list, "'simulation.campaigns'")) return;
  for (const YAML::Node& n : list) {
    if (!r.is_map(n, "a campaign")) continue;
    r.only_keys(n, {"name", "agents", "mode", "pacer", "window", "ring_time_s", "abandon_limit",
                    "wrap_up_s", "max_attempts", "numbers", "answer_delay", "talk", "sale"});
    SimulatedCampaign c;
    c.name = r.text(n, "name", true).value_or("");
    for (const SimulatedCampaign& other : s.campaigns)
      if (!c.name.empty() && other.name == c.name)
        r.error(n["name"], "campaign '" + c.name + "' is there twice");
    c.agents = r.integer(n, "agents", 1, 10000, true).value_or(1);
    if (auto mode = r.text(n, "mode", false)) {
      if (*mode == "preview")
        c.mode = dialer::Mode::kPreview;
      else if (*mode == "progressive")
        c.mode = dialer::Mode::kProgressive;
      else if (*mode == "predictive")
        c.mode = dialer::Mode::kPredictive;
      else
        r.error(n["mode"], "unknown mode '" + *mode + "' (preview, progressive, predictive)");
    }
    if (auto pacer = r.text(n, "pacer", false)) {
      if (*pacer == "hotline")
        c.pacer = dialer::PacerKind::kBinomial;
      else if (*pacer == "vicidial")
        c.pacer = dialer::PacerKind::kVicidial;
      else
        r.error(n["pacer"], "unknown pacer '" + *pacer + "' (hotline, vicidial)");
    }
    if (const YAML::Node w = n["window"]; w && r.is_map(w, "window")) {
      r.only_keys(w, {"start", "end"});
      auto start = w["start"] ? r.clock_time(w["start"], "window start") : std::nullopt;
      auto end = w["end"] ? r.clock_time(w["end"], "window end") : std::nullopt;
      if (!w["start"] || !w["end"]) r.error(w, "a window needs 'start' and 'end'");
      if (start && end) {
        c.window_start = seconds_f(*start);
        c.window_end = seconds_f(*end);
        if (c.window_end <= c.window_start)
          r.error(w, "the window never opens: it must end after it starts");
      }
    }
    c.ring_time = seconds_f(r.number(n, "ring_time_s", 15, 120).value_or(25));
    c.abandon_limit = r.number(n, "abandon_limit", 0.001, 0.05).value_or(0.03);
    c.wrap_up = seconds_f(r.number(n, "wrap_up_s", 0, 3600).value_or(30));
    c.max_attempts = r.integer(n, "max_attempts", 1, 20).value_or(3);
    if (const YAML::Node shares = n["numbers"]; shares && r.is_map(shares, "numbers")) {
      r.only_keys(shares, {"person", "busy", "no_answer", "failed"});
      c.person = r.number(shares, "person", 0, 1).value_or(c.person);
      c.busy = r.number(shares, "busy", 0, 1).value_or(c.busy);
      c.no_answer = r.number(shares, "no_answer", 0, 1).value_or(c.no_answer);
      c.failed = r.number(shares, "failed", 0, 1).value_or(c.failed);
      if (c.person + c.busy + c.no_answer + c.failed > 1 + 1e-9)
        r.error(shares, "the shares of numbers add up to more than 1 (the rest: machines)");
    }
    if (n["answer_delay"])
      if (auto d = parse_distribution(r, n["answer_delay"], "answer_delay")) c.answer_delay = *d;
    if (n["talk"])
      if (auto d = parse_distribution(r, n["talk"], "talk")) c.talk = *d;
    c.sale = r.number(n, "sale", 0, 1).value_or(0);
    s.campaigns.push_back(std::move(c));
  }
}

}  // namespace

void parse_simulation(YamlReader& r, const YAML::Node& n, CenterConfig& c) {
  if (!r.is_map(n, "'simulation'")) return;
  r.only_keys(n, {"day_start", "day_end", "interval_min", "days", "arrivals", "handle_time",
                  "patience", "shifts", "ivr", "campaigns"});
  SimulationScenario s;
  double start = 8 * 3600, end = 22 * 3600;
  if (n["day_start"]) start = r.clock_time(n["day_start"], "day_start").value_or(start);
  if (n["day_end"]) end = r.clock_time(n["day_end"], "day_end").value_or(end);
  const int interval_min = r.integer(n, "interval_min", 5, 60).value_or(30);
  if (60 % interval_min != 0)
    r.error(n["interval_min"], "interval_min must divide an hour (15, 30, 60)");
  if (end <= start) r.error(n, "day_end must be after day_start");
  s.day_start = seconds_f(start);
  s.interval = seconds(interval_min * 60);
  s.intervals = std::max(1, static_cast<int>(std::ceil((end - start) / (interval_min * 60.0))));
  s.days = r.integer(n, "days", 1, 366).value_or(1);
  if (n["arrivals"]) parse_arrivals(r, n["arrivals"], c, s);
  if (n["ivr"]) parse_simulated_ivr(r, n["ivr"], c, s);
  if (n["campaigns"]) parse_campaigns(r, n["campaigns"], s);
  if (!n["arrivals"] && !n["ivr"] && !n["campaigns"])
    r.error(n,
            "the simulation needs 'arrivals' (calls for queues), 'ivr' (calls through it) "
            "or 'campaigns' (calls out)");

  // Handle time: a 'default' and optional per-queue entries.
  const Distribution fallback{Distribution::Kind::kExponential, 180, 0, {}};
  std::optional<Distribution> default_handle;
  const YAML::Node handle = n["handle_time"];
  if (handle && r.is_map(handle, "'handle_time'") && handle["default"])
    default_handle = parse_distribution(r, handle["default"], "handle_time.default");
  s.handle_time.assign(c.model.queues.size(), default_handle.value_or(fallback));
  if (handle && handle.IsMap()) {
    for (const auto& kv : handle) {
      const std::string name = kv.first.Scalar();
      if (name == "default") continue;
      bool found = false;
      for (acd::QueueId q = 0; q < c.model.queues.size(); ++q)
        if (c.model.queues[q].name == name) {
          found = true;
          if (auto d = parse_distribution(r, kv.second, "handle_time." + name))
            s.handle_time[q] = *d;
        }
      if (!found) r.error(kv.first, "unknown queue '" + name + "' in handle_time");
    }
  }
  if (n["patience"]) s.patience = parse_distribution(r, n["patience"], "patience");
  if (n["shifts"]) parse_shifts(r, n["shifts"], c, s);
  c.simulation = std::move(s);
}

}  // namespace hotline::config
