#pragma once
// The center configuration: one YAML file describes a center (skills, teams, queues,
// agents, IVR) and, optionally, a simulation scenario (arrival profiles, handle times,
// patience, shifts). See docs/configuration.md and examples/reference-center.yaml.
//
// load_center_config() validates everything and reports every problem found, each
// with file, line and column, so that a broken file is fixed in one pass.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "center/acd/model.h"
#include "center/dialer/dialer.h"
#include "center/ivr/calendar.h"
#include "center/ivr/flow.h"
#include "common/status.h"
#include "common/time.h"
#include "kpi/kpis.h"
#include "lookup/service.h"
#include "tickets/rules.h"

namespace hotline::config {

// A random quantity of the simulation, in seconds.
struct Distribution {
  enum class Kind { kExponential, kLogNormal, kFixed, kEmpirical };
  Kind kind = Kind::kExponential;
  double mean_s = 0;
  double sd_s = 0;                // log-normal
  std::vector<double> samples_s;  // empirical
};

struct ArrivalProfile {
  acd::QueueId queue = 0;
  std::vector<double> calls_per_interval;  // expected calls in each interval of the day
  int priority = 0;
};

struct ShiftBreak {
  Duration start = 0;  // from midnight
  Duration length = 0;
};

struct Shift {
  std::vector<acd::AgentId> agents;
  Duration start = 0;  // from midnight
  Duration end = 0;
  std::vector<ShiftBreak> breaks;
};

// Calls that come in through the IVR, and what their callers press.
struct SimulatedIvr {
  std::vector<double> calls_per_interval;
  struct Path {
    std::string keys;  // at most 15 of 0-9 * #; empty: the caller presses nothing
    double share = 1;
  };
  std::vector<Path> paths;
  Duration prompt = seconds(4);  // how long each prompt plays
  Distribution handle_time{Distribution::Kind::kExponential, 180, 0, {}};
  int date = 20260105;  // yyyymmdd of day 1, for the IVR's calendar (a Monday)
};

// An outbound campaign, simulated on agents of its own: what becomes of the numbers it
// dials (shares; the rest are answering machines), when people answer, how long they talk.
struct SimulatedCampaign {
  std::string name;
  int agents = 48;
  dialer::Mode mode = dialer::Mode::kPredictive;
  dialer::PacerKind pacer = dialer::PacerKind::kBinomial;
  Duration window_start = seconds(9 * 3600);  // from midnight
  Duration window_end = seconds(17 * 3600);
  Duration ring_time = seconds(25);
  double abandon_limit = 0.03;
  Duration wrap_up = seconds(30);
  int max_attempts = 3;
  double person = 0.30, busy = 0.10, no_answer = 0.50, failed = 0.10;
  Distribution answer_delay{Distribution::Kind::kFixed, 10, 0, {}};
  Distribution talk{Distribution::Kind::kLogNormal, 240, 120, {}};
  double sale = 0;  // the share of connected calls that end in a sale
};

struct SimulationScenario {
  Duration day_start = seconds(8 * 3600);  // from midnight
  Duration interval = seconds(1800);
  int intervals = 28;
  int days = 1;
  std::vector<ArrivalProfile> arrivals;
  std::vector<Distribution> handle_time;  // per queue
  std::optional<Distribution> patience;   // none: callers never abandon
  std::vector<Shift> shifts;              // none: every agent works all day
  std::optional<SimulatedIvr> ivr;        // none: every call is for a queue (arrivals)
  std::vector<SimulatedCampaign> campaigns;
};

// The HTTP API (the `api` section); turned into api::ApiSettings by `hotline serve`.
struct ApiSection {
  std::string address = "127.0.0.1";
  int port = 8080;
  Duration session_lifetime = seconds(12 * 3600);  // a 10-hour shift and its overtime
  std::size_t max_body = 1 << 20;
  int max_failed_logins = 5;
  Duration lockout = seconds(15 * 60);
  int login_attempts_per_minute = 120;  // from one client address
  std::string web_root;  // the built web desktop; "": the one built beside the program
};

// Telephony settings (the `sip` section); turned into sip::SipSettings by `hotline serve`.
struct SipSection {
  struct Trunk {
    std::string name;
    std::vector<std::string> addresses;
    std::string outbound;   // where calls to outside numbers go ("sip:host:port"); "": none
    std::string number;     // the center's number, shown on calls placed through the trunk
    std::string user, ha1;  // digest credentials the carrier authenticates with, if any
    // What we answer when the carrier challenges our calls out (its password, in clear:
    // a digest answer needs it).
    std::string outbound_user, outbound_password;
  };
  struct Account {
    std::string user, ha1, agent;
  };
  // An agent reached at an outside number through the trunk (a home worker's mobile).
  struct RemoteSeat {
    std::string agent, number;
  };
  // A named place outside the center that overflow rules and IVR transfers send calls
  // to: a SIP URI reached directly (a partner site's own server, "sip:overflow@IP:PORT"),
  // or a number called through a named trunk.
  struct Destination {
    std::string name;
    std::string uri;            // or
    std::string number, trunk;  // a number through this trunk (one with 'outbound')
  };
  std::string listen = "sip:127.0.0.1:5060";
  std::string realm = "hotline";
  std::string rtp_address = "127.0.0.1";  // put in SDP: must be reachable by the phones
  int rtp_port_min = 30000, rtp_port_max = 39999;
  int rtp_threads = 0;                 // relay worker threads; 0: one per core
  Duration rtp_timeout = seconds(30);  // a call leg silent this long is hung up; 0: never
  Duration phone_check = seconds(30);  // registered phones are sent OPTIONS this often; 0: never
  Duration outbound_ring_timeout = seconds(60);  // an outside number rings this long; 0: no limit
  std::string user_agent = "hotline";            // User-Agent and Server of our SIP messages
  std::vector<Trunk> trunks;
  std::vector<Account> accounts;
  std::vector<RemoteSeat> remote_seats;
  std::vector<Destination> destinations;
  const Destination* destination(const std::string& name) const {
    for (const Destination& d : destinations)
      if (d.name == name) return &d;
    return nullptr;
  }
};

struct CenterConfig {
  std::string name;
  std::string file;
  std::string text;  // the file as read: read again with changed settings, not re-read
  acd::CenterModel model;
  std::vector<std::string> queue_titles;
  Duration aht_target = 0;  // center.aht_target_s: agents' average handle time goal (0: none)
  // What a queue's wallboard compares it with, per queue (same order as model.queues).
  struct QueueBoard {
    double answer_rate_alarm = 0.93;  // 接通率 below this is a problem (SPEC: 93 %)
    // Calls forecast per half hour of the day from 00:00 (48 values), from the queue's
    // `forecast` file; empty when none.
    std::vector<double> forecast;
  };
  std::vector<QueueBoard> queue_boards;
  // Disposition codes (小結) an agent gives a call it took: what the call was about and
  // how it ended ("resolved", "repair_order" ...). Stored with the call's record.
  std::vector<std::string> dispositions;
  // How the pages show codes (reasons, dispositions, skills, teams): code -> title, from
  // the `titles` section ("lunch: 午餐"). Codes without one are shown as they are.
  std::map<std::string, std::string> code_titles;
  kpi::KpiRules kpi_rules;
  ivr::Flow ivr;           // empty when the center has no IVR
  ivr::Calendar calendar;  // local time and holidays (the `calendar` section)
  std::optional<SimulationScenario> simulation;
  std::optional<SipSection> sip;
  std::optional<ApiSection> api;
  tickets::TicketRules tickets;  // the `tickets` section (defaults without it)
  // The back-ends IVR `lookup` nodes ask (the `services` section).
  std::vector<lookup::LookupService> services;
};

// Settings changed in the administration pages (kept in hotline.db), laid over the file
// before it is validated, so that they meet the same rules. Key -> a JSON value:
//   "skills", "teams", "reasons", "dispositions"  a list that replaces the file's;
//   "calendar"      {"holidays", "workdays": lists of dates, "hours": opening hours}:
//                   the lists replace the file's (its calendar file included);
//   "queue:NAME"    a queue's keys (every key but name, forecast), each replacing the file's;
//   "agent:NAME"    {"skills": {skill: level}, "team": NAME}: the agent's skills, team.
// Errors in them name "center settings 'KEY'" and the place in the value's text.
using CenterSettings = std::map<std::string, std::string>;

// Parses and validates `path`. Errors are "file:line:col: message" lines.
Result<CenterConfig> load_center_config(const std::string& path,
                                        const CenterSettings& settings = {});
Result<CenterConfig> parse_center_config(const std::string& yaml_text, const std::string& file,
                                         const CenterSettings& settings = {});

}  // namespace hotline::config
