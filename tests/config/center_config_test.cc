#include "config/center_config.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace hotline::config {
namespace {

const char* kMinimal = R"(
skills: [billing, repair]
teams: [front, reserve]
queues:
  - name: billing
    skills: {billing: 3}
    wrap_up_s: 20
    overflow:
      - after_s: 30
        add_teams: [reserve]
      - queue_length_at_least: 10
        target: repair
      - after_s: 200
        target: partner-site
agents:
  - name: a1
    team: front
    skills: {billing: 5}
  - generate: 3
    prefix: R
    team: reserve
)";

// One KPI definition: a queue's "answered within" is the center's unless it says otherwise,
// and the center's short abandon goes with every queue's calls.
TEST(CenterConfig, QueuesTakeTheCentersServiceLevelThresholdUnlessTheySetTheirOwn) {
  const std::string text = std::string("center: {sl_seconds: 15, short_abandon_s: 5}\n") + R"(
skills: [s]
queues: [{name: a, skills: {s: 1}}, {name: b, skills: {s: 1}, sl_seconds: 30}]
agents: [{name: x, skills: {s: 1}}]
)";
  auto c = parse_center_config(text, "kpi.yaml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->model.queues[0].sl_threshold, seconds(15));
  EXPECT_EQ(c->model.queues[1].sl_threshold, seconds(30));
  EXPECT_EQ(c->kpi_rules.short_abandon, seconds(5));
}

// Codes keep their names; the pages show their titles.
TEST(CenterConfig, CodesHaveTitlesForThePages) {
  const std::string base = std::string(kMinimal) + "reasons: [lunch, training]\n";
  auto c = parse_center_config(base + "titles: {lunch: 午餐, training: 培訓}\n", "titles.yaml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->model.reasons[0], "lunch");
  EXPECT_EQ(c->code_titles.at("lunch"), "午餐");
  auto bad = parse_center_config(base + "titles: {lunch: [x], training: \"\"}\n", "titles.yaml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("titles.yaml:"), std::string::npos);
  EXPECT_NE(bad.status().message().find("a title is text of 1 to 100 bytes"), std::string::npos);
}

TEST(CenterConfig, TargetsOutsideTheCenterAreKept) {
  auto c = parse_center_config(kMinimal, "mini.yaml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  const acd::QueueSpec& billing = c->model.queues[0];
  EXPECT_EQ(billing.overflow[1].target, "repair");  // no queue of that name: outside
  EXPECT_EQ(billing.overflow[1].target_queue, acd::kNoQueue);
  EXPECT_EQ(billing.overflow[1].queue_length_at_least, 10);
  EXPECT_EQ(billing.overflow[0].after_wait, seconds(30));
  EXPECT_FALSE(c->simulation.has_value());
}

TEST(CenterConfig, ResolvesQueuesAgentsAndTargets) {
  const std::string text = std::string(kMinimal) + R"(
  - name: b1
    skills: {repair: 2}
)";
  auto with_repair_queue = std::string(text);
  with_repair_queue.replace(with_repair_queue.find("queues:"), 7, R"(queues:
  - name: repair
    skills: {repair: 1})");
  auto c = parse_center_config(with_repair_queue, "mini.yaml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  ASSERT_EQ(c->model.queues.size(), 2u);
  const acd::QueueSpec& billing = c->model.queues[1];
  EXPECT_EQ(billing.wrap_up, seconds(20));
  ASSERT_EQ(billing.overflow.size(), 3u);
  EXPECT_EQ(billing.overflow[1].target_queue, 0u);             // repair, inside
  EXPECT_EQ(billing.overflow[2].target_queue, acd::kNoQueue);  // partner-site, outside
  EXPECT_EQ(billing.overflow[2].target, "partner-site");
  ASSERT_EQ(c->model.agents.size(), 5u);
  EXPECT_EQ(c->model.agents[1].name, "R01");
  EXPECT_EQ(c->model.agents[3].team, 1);
}

std::string errors_of(const std::string& text) {
  auto c = parse_center_config(text, "bad.yaml");
  EXPECT_FALSE(c.ok());
  return c.ok() ? "" : c.status().message();
}

TEST(CenterConfig, ErrorsNameFileLineAndProblem) {
  const std::string e = errors_of(R"(skills: [billing]
queues:
  - name: billing
    skills: {billling: 3}
    wrap_up_s: -5
)");
  EXPECT_NE(e.find("bad.yaml:4:14: unknown skill 'billling'"), std::string::npos) << e;
  EXPECT_LT(e.find("bad.yaml:4:"), e.find("bad.yaml:5:"));  // in file order
  EXPECT_NE(e.find("bad.yaml:5:16: 'wrap_up_s' must be between 0 and 3600, not -5"),
            std::string::npos)
      << e;
}

TEST(CenterConfig, MenuWithEightOptionsIsRejected) {
  const std::string e = errors_of(R"(skills: [s]
queues: [{name: q, skills: {s: 1}}]
ivr:
  - id: main
    title: Main
    type: menu
    options: {"1": q, "2": q, "3": q, "4": q, "5": q, "6": q, "7": q, "8": q}
  - {id: q, title: Queue, type: queue, queue: q}
)");
  EXPECT_NE(e.find("bad.yaml:7:14: menu 'main' has 8 options; at most 7"), std::string::npos) << e;
}

TEST(CenterConfig, ManyKindsOfMistakes) {
  const std::string e = errors_of(R"(skills: [s, s]
teams: [t]
queues:
  - name: q
    strategy: fastest
    sl_target: 1.5
    skills: {s: 11}
    overflow:
      - after_s: 10
      - after_s: 5
        offer: pizza
  - name: q
    teams: [nobody]
  - name: lonely
agents:
  - name: a
    team: ghosts
    colour: blue
ivr:
  - {id: m, title: M, type: menu, options: {"x": nowhere}}
  - {id: m, type: dance}
simulation:
  arrivals: [{queue: nothere, calls_per_day: -3}]
)");
  for (const char* expected :
       {"duplicate name 's'", "unknown strategy 'fastest'", "'sl_target' must be between",
        "skill level of 's' must be a whole number from 1 to 10", "needs exactly one action",
        "offer must be 'voicemail' or 'callback'", "duplicate queue 'q'", "unknown team 'nobody'",
        "queue 'lonely' needs 'skills' or 'teams'", "unknown team 'ghosts'", "unknown key 'colour'",
        "menu key 'x' must be one of", "unknown node 'nowhere'", "duplicate IVR node id 'm'",
        "missing 'title'", "unknown IVR node type 'dance'", "unknown queue 'nothere'",
        "'calls_per_day' must be between 0"}) {
    EXPECT_NE(e.find(expected), std::string::npos) << "missing: " << expected << "\n" << e;
  }
}

TEST(CenterConfig, BrokenYamlAndMissingFile) {
  EXPECT_NE(errors_of("queues: [\n  {name: q\n").find("bad.yaml:"), std::string::npos);
  EXPECT_NE(errors_of("- just\n- a list\n").find("must be a YAML mapping"), std::string::npos);
  auto missing = load_center_config("/nonexistent/center.yaml");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(), "/nonexistent/center.yaml: cannot open the file");
}

TEST(CenterConfig, ReferenceCenterExampleIsValid) {
  auto c = load_center_config(std::string(HOTLINE_SOURCE_DIR) + "/examples/reference-center.yaml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->model.queues.size(), 5u);
  EXPECT_EQ(c->aht_target, seconds(240));
  EXPECT_EQ(c->model.agents.size(), 9u + 9u + 4u + 6u + 3u);
  ASSERT_TRUE(c->simulation.has_value());
  EXPECT_EQ(c->simulation->intervals, 28);
  double calls = 0;
  for (const auto& a : c->simulation->arrivals)
    for (double x : a.calls_per_interval)
      calls += x;
  EXPECT_NEAR(calls, 1775, 1e-6);
  EXPECT_EQ(c->simulation->shifts.size(), 4u);
}

}  // namespace
}  // namespace hotline::config

namespace hotline::config {
namespace {

TEST(SipConfig, AccountsAndTrunksAreChecked) {
  auto ok = parse_center_config(R"(skills: [s]
queues: [{name: q, skills: {s: 1}}]
agents: [{name: a1, skills: {s: 1}}]
sip:
  listen: sip:0.0.0.0:5070
  rtp_threads: 4
  trunks: [{name: carrier, addresses: [10.0.0.1, "::1"]}]
  accounts: [{user: "1001", agent: a1, ha1: 9825b4c9c75afc481a419b95f9c54647}]
)",
                                "sip.yaml");
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  ASSERT_TRUE(ok->sip.has_value());
  EXPECT_EQ(ok->sip->listen, "sip:0.0.0.0:5070");
  EXPECT_EQ(ok->sip->trunks[0].addresses.size(), 2u);
  EXPECT_EQ(ok->sip->accounts[0].agent, "a1");
  EXPECT_EQ(ok->sip->rtp_threads, 4);

  auto bad = parse_center_config(R"(skills: [s]
queues: [{name: q, skills: {s: 1}}]
agents: [{name: a1, skills: {s: 1}}]
sip:
  listen: http://example
  rtp_threads: 1000
  trunks: [{name: carrier, addresses: [carrier.example.com]}, {name: nowhere}]
  accounts:
    - {user: "1001", agent: ghost, ha1: secret}
    - {user: "1001", agent: a1, ha1: 9825b4c9c75afc481a419b95f9c54647}
)",
                                 "sip.yaml");
  ASSERT_FALSE(bad.ok());
  const std::string e = bad.status().message();
  for (const char* expected :
       {"listen must be a SIP URL", "'carrier.example.com' is not an IP address",
        "a trunk needs 'addresses'", "unknown agent 'ghost'", "ha1 must be 32 hex digits",
        "duplicate account '1001'", "rtp_threads"}) {
    EXPECT_NE(e.find(expected), std::string::npos) << "missing: " << expected << "\n" << e;
  }
}

// Overflow targets and IVR transfers outside the center are named destinations: a SIP URI
// reached without DNS, or a number through a named trunk that calls out.
TEST(SipConfig, DestinationsAreNamedAndChecked) {
  const std::string head = R"(skills: [s]
queues:
  - {name: q, skills: {s: 1}, overflow: [{when_no_agents: true, target: partner}]}
agents: [{name: a1, skills: {s: 1}}]
ivr:
  - {id: office, title: Office, type: transfer, number: head-office}
sip:
  trunks:
    - {name: carrier, addresses: [10.0.0.1], outbound: "sip:10.0.0.1:5060", number: "4008001234"}
    - {name: inbound-only, addresses: [10.0.0.2]}
)";
  auto ok = parse_center_config(head + R"(  destinations:
    - {name: partner, uri: "sip:overflow@192.0.2.50:5070"}
    - {name: head-office, number: "4008005678", trunk: carrier}
)",
                                "sip.yaml");
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  ASSERT_EQ(ok->sip->destinations.size(), 2u);
  EXPECT_EQ(ok->sip->destination("partner")->uri, "sip:overflow@192.0.2.50:5070");
  EXPECT_EQ(ok->sip->destination("head-office")->trunk, "carrier");

  auto missing = parse_center_config(head, "sip.yaml");
  ASSERT_FALSE(missing.ok());
  for (const char* expected : {"overflows to 'partner': neither a queue nor one of 'destinations'",
                               "transfers to 'head-office': neither a number nor one of"})
    EXPECT_NE(missing.status().message().find(expected), std::string::npos)
        << "missing: " << expected << "\n"
        << missing.status().message();

  auto bad = parse_center_config(head + R"(  destinations:
    - {name: partner, uri: "sip:overflow@partner.example.com"}
    - {name: head-office, number: "4008005678", trunk: inbound-only}
    - {name: q, number: "95588", trunk: carrier}
    - {name: both, uri: "sip:10.0.0.9", number: "95588", trunk: carrier}
    - {name: partner, uri: "sip:10.0.0.9"}
)",
                                 "sip.yaml");
  ASSERT_FALSE(bad.ok());
  for (const char* expected :
       {"uri must be sip:[user@]IPv4[:port]", "trunk 'inbound-only' has no 'outbound'",
        "destination 'q' has the name of a queue", "exactly one of 'uri' or 'number'",
        "destination 'partner' is defined twice"})
    EXPECT_NE(bad.status().message().find(expected), std::string::npos)
        << "missing: " << expected << "\n"
        << bad.status().message();
}

TEST(SipConfig, OutboundTrunksAndRemoteSeatsAreChecked) {
  auto ok = parse_center_config(R"(skills: [s]
queues: [{name: q, skills: {s: 1}}]
agents: [{name: a1, skills: {s: 1}}, {name: home, skills: {s: 1}}]
sip:
  trunks:
    - {name: carrier, addresses: [10.0.0.1], outbound: "sip:10.0.0.1:5060", number: "+864008001234"}
    - {name: roaming, user: carrier7, ha1: 3a7252b781191a7bcd1018a6210eed9d}
  remote_seats: [{agent: home, number: "13900001111"}]
)",
                                "sip.yaml");
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(ok->sip->trunks[1].user, "carrier7");
  EXPECT_TRUE(ok->sip->trunks[1].addresses.empty());
  EXPECT_EQ(ok->sip->trunks[0].outbound, "sip:10.0.0.1:5060");
  EXPECT_EQ(ok->sip->trunks[0].number, "+864008001234");
  ASSERT_EQ(ok->sip->remote_seats.size(), 1u);
  EXPECT_EQ(ok->sip->remote_seats[0].number, "13900001111");

  auto bad = parse_center_config(R"(skills: [s]
queues: [{name: q, skills: {s: 1}}]
agents: [{name: a1, skills: {s: 1}}]
sip:
  trunks:
    - {name: a, addresses: [10.0.0.1], outbound: "sip:user@10.0.0.1"}
    - {name: b, addresses: [10.0.0.2], outbound: "sip:10.0.0.2", number: "400-800"}
    - {name: c, user: carrier}
    - {name: d, addresses: [10.0.0.4], outbound_user: us}
  remote_seats: [{agent: ghost, number: "139"}, {agent: a1, number: "1390000x"}]
)",
                                 "sip.yaml");
  ASSERT_FALSE(bad.ok());
  const std::string e = bad.status().message();
  for (const char* expected :
       {"outbound must be the carrier's SIP address", "number must be a phone number",
        "unknown agent 'ghost'", "need both 'user' and 'ha1'",
        "need both 'outbound_user' and 'outbound_password'"})
    EXPECT_NE(e.find(expected), std::string::npos) << "missing: " << expected << "\n" << e;

  auto no_trunk = parse_center_config(R"(skills: [s]
queues: [{name: q, skills: {s: 1}}]
agents: [{name: a1, skills: {s: 1}}]
sip:
  trunks: [{name: a, addresses: [10.0.0.1]}]
  remote_seats: [{agent: a1, number: "13900001111"}]
)",
                                      "sip.yaml");
  ASSERT_FALSE(no_trunk.ok());
  EXPECT_NE(no_trunk.status().message().find("give a trunk 'outbound'"), std::string::npos);

  auto transfer = parse_center_config(R"(skills: [s]
queues: [{name: q, skills: {s: 1}}]
agents: [{name: a1, skills: {s: 1}}]
ivr:
  - {id: bank, title: Bank, type: transfer, number: "95588"}
sip:
  trunks: [{name: a, addresses: [10.0.0.1]}]
)",
                                      "sip.yaml");
  ASSERT_FALSE(transfer.ok());
  EXPECT_NE(transfer.status().message().find("IVR node 'bank' transfers to a number"),
            std::string::npos)
      << transfer.status().message();
}

}  // namespace
}  // namespace hotline::config

namespace hotline::config {
namespace {

TEST(ApiConfig, ListenAndLoginGuardsAreChecked) {
  auto ok = parse_center_config(R"(skills: [s]
queues: [{name: q, skills: {s: 1}}]
agents: [{name: a1, skills: {s: 1}}]
api:
  listen: 0.0.0.0:8443
  session_hours: 12
  max_body_kb: 64
  max_failed_logins: 3
  lockout_minutes: 30
  login_attempts_per_minute: 10
)",
                                "api.yaml");
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  ASSERT_TRUE(ok->api.has_value());
  EXPECT_EQ(ok->api->address, "0.0.0.0");
  EXPECT_EQ(ok->api->port, 8443);
  EXPECT_EQ(ok->api->session_lifetime, seconds(12 * 3600));
  EXPECT_EQ(ok->api->max_body, 64u * 1024);
  EXPECT_EQ(ok->api->max_failed_logins, 3);
  EXPECT_EQ(ok->api->lockout, seconds(30 * 60));
  EXPECT_EQ(ok->api->login_attempts_per_minute, 10);

  auto none = parse_center_config("skills: [s]\nqueues: [{name: q, skills: {s: 1}}]\n", "x.yaml");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->api.has_value());  // no section: no API

  auto bad = parse_center_config(R"(skills: [s]
queues: [{name: q, skills: {s: 1}}]
api:
  listen: localhost:80
  max_body_kb: 0
  max_failed_logins: 1000
  tls: true
)",
                                 "api.yaml");
  ASSERT_FALSE(bad.ok());
  const std::string e = bad.status().message();
  for (const char* expected :
       {"listen must be ADDRESS:PORT", "max_body_kb", "max_failed_logins", "unknown key 'tls'"})
    EXPECT_NE(e.find(expected), std::string::npos) << "missing: " << expected << "\n" << e;
}

// A queue's wallboard settings: its 接通率 alarm and its forecast per half hour, read
// from a forecast file beside the configuration.
TEST(CenterConfig, QueueForecastsAndAlarms) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("hotline-forecast-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "good.csv")
      << "interval,calls,aht\n08:00,36,230\n08:30,58.5,235\n23:30,2,200\n";
  std::ofstream(dir / "odd.csv") << "08:15,10,200\n";
  const std::string head = "skills: [s]\nagents: [{name: a1, skills: {s: 1}}]\nqueues:\n";
  auto ok = parse_center_config(
      head + R"(  - {name: q1, skills: {s: 1}, forecast: good.csv, answer_rate_alarm: 0.9}
  - {name: q2, skills: {s: 1}}
)",
      (dir / "center.yaml").string());
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  ASSERT_EQ(ok->queue_boards.size(), 2u);
  EXPECT_DOUBLE_EQ(ok->queue_boards[0].answer_rate_alarm, 0.9);
  ASSERT_EQ(ok->queue_boards[0].forecast.size(), 48u);
  EXPECT_DOUBLE_EQ(ok->queue_boards[0].forecast[16], 36);
  EXPECT_DOUBLE_EQ(ok->queue_boards[0].forecast[17], 58.5);
  EXPECT_DOUBLE_EQ(ok->queue_boards[0].forecast[47], 2);
  EXPECT_DOUBLE_EQ(ok->queue_boards[0].forecast[0], 0);
  EXPECT_DOUBLE_EQ(ok->queue_boards[1].answer_rate_alarm, 0.93);  // the SPEC's figure
  EXPECT_EQ(ok->aht_target, 0);  // no target unless the center sets one
  EXPECT_TRUE(ok->queue_boards[1].forecast.empty());

  auto bad = parse_center_config(head + R"(  - {name: q1, skills: {s: 1}, forecast: odd.csv}
  - {name: q2, skills: {s: 1}, forecast: none.csv, answer_rate_alarm: 1.5}
)",
                                 (dir / "center.yaml").string());
  ASSERT_FALSE(bad.ok());
  const std::string e = bad.status().message();
  for (const char* expected : {"interval '08:15' is not a half hour",
                               "cannot read the forecast file", "answer_rate_alarm"})
    EXPECT_NE(e.find(expected), std::string::npos) << "missing: " << expected << "\n" << e;
  std::filesystem::remove_all(dir);
}

TEST(TicketsConfig, DeadlinesProvidersAndCausesAreChecked) {
  auto ok = parse_center_config(R"(skills: [s]
queues: [{name: q, skills: {s: 1}}]
tickets:
  deadlines_h: {repair: 48, serious_complaint: 2}
  departments:
    installation: {repair: 24}
  providers:
    - {name: 海淀服务站, regions: [海淀, 朝阳], phone: "01062345678"}
    - {name: 浦东服务站, regions: [浦东]}
  complaint_causes: [attitude, product_quality]
  escalation_check_s: 5
)",
                                "tickets.yaml");
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  const tickets::TicketRules& t = ok->tickets;
  EXPECT_EQ(t.deadline(tickets::TicketType::kRepair, false), seconds(48 * 3600));
  EXPECT_EQ(t.deadline(tickets::TicketType::kComplaint, true), seconds(2 * 3600));
  EXPECT_EQ(t.deadline(tickets::TicketType::kInquiry, false), seconds(24 * 3600));  // default
  EXPECT_EQ(t.deadline(tickets::TicketType::kRepair, false, "installation"), seconds(24 * 3600));
  EXPECT_EQ(t.deadline(tickets::TicketType::kRepair, false, "billing"), seconds(48 * 3600));
  EXPECT_EQ(t.deadline(tickets::TicketType::kComplaint, true, "installation"), seconds(2 * 3600));
  EXPECT_EQ(t.provider_for("朝阳")->name, "海淀服务站");
  EXPECT_EQ(t.complaint_causes.size(), 2u);
  EXPECT_EQ(t.escalation_check, seconds(5));

  auto bad = parse_center_config(R"(skills: [s]
queues: [{name: q, skills: {s: 1}}]
tickets:
  deadlines_h: {repair: -1, bugs: 3}
  departments: {installation: {repair: 24, weekends: 1}}
  providers:
    - {name: A, regions: [海淀]}
    - {name: A, regions: [海淀]}
    - {name: B}
  complaint_causes: [x, x]
)",
                                 "tickets.yaml");
  ASSERT_FALSE(bad.ok());
  const std::string e = bad.status().message();
  for (const char* expected :
       {"repair", "unknown key 'bugs'", "unknown key 'weekends'", "duplicate provider 'A'",
        "served by two providers", "at least one region", "duplicate name 'x'"})
    EXPECT_NE(e.find(expected), std::string::npos) << "missing: " << expected << "\n" << e;
}

}  // namespace
}  // namespace hotline::config

namespace hotline::config {
namespace {

const char* kIvrCenter = R"(skills: [s]
queues: [{name: sales, skills: {s: 1}}]
agents: [{name: a1, skills: {s: 1}}]
ivr:
  - {id: welcome, title: Welcome, type: play, prompt: Welcome., next: main}
  - {id: main, title: Main, type: menu, prompt: One for sales., options: {"1": to-sales, "2": bye}}
  - {id: to-sales, title: Sales, type: queue, queue: sales}
  - {id: bye, title: Bye, type: hangup, prompt: Goodbye.}
)";

TEST(SimulationConfig, CallsThroughTheIvrWithTheKeysTheirCallersPress) {
  auto c = parse_center_config(std::string(kIvrCenter) + R"(simulation:
  day_start: "09:00"
  day_end: "11:00"
  ivr:
    calls_per_day: 400
    date: 2026-10-08
    prompt_s: 3
    handle_time: {distribution: fixed, mean_s: 120}
    paths: [{keys: "1", share: 3}, {keys: "2", share: 1}, {keys: "", share: 1}]
)",
                               "ivr-sim.yaml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  ASSERT_TRUE(c->simulation && c->simulation->ivr);
  const SimulatedIvr& ivr = *c->simulation->ivr;
  EXPECT_TRUE(c->simulation->arrivals.empty());
  ASSERT_EQ(ivr.calls_per_interval.size(), 4u);
  EXPECT_DOUBLE_EQ(ivr.calls_per_interval[0], 100);
  EXPECT_EQ(ivr.date, 20261008);
  EXPECT_EQ(ivr.prompt, seconds(3));
  EXPECT_EQ(ivr.handle_time.kind, Distribution::Kind::kFixed);
  ASSERT_EQ(ivr.paths.size(), 3u);
  EXPECT_EQ(ivr.paths[0].keys, "1");
  EXPECT_EQ(ivr.paths[2].keys, "");
  EXPECT_DOUBLE_EQ(ivr.paths[0].share, 3);
}

TEST(SimulationConfig, BadIvrTrafficIsNamed) {
  auto bad = parse_center_config(std::string(kIvrCenter) + R"(simulation:
  ivr:
    calls_per_day: 10
    date: 2026-02-30
    paths: [{keys: "1x", share: 0}, {keys: "1234567890123456", share: 0}, {share: 0}]
)",
                                 "ivr-sim.yaml");
  ASSERT_FALSE(bad.ok());
  const std::string e = bad.status().message();
  for (const char* expected : {"'2026-02-30' is not a date", "keys: at most 15 of 0-9, * and #",
                               "the paths' shares sum to zero"})
    EXPECT_NE(e.find(expected), std::string::npos) << "missing: " << expected << "\n" << e;

  auto no_flow = parse_center_config(R"(skills: [s]
queues: [{name: q, skills: {s: 1}}]
agents: [{name: a1, skills: {s: 1}}]
simulation:
  ivr: {calls_per_day: 10, paths: [{keys: "1"}]}
)",
                                     "no-flow.yaml");
  ASSERT_FALSE(no_flow.ok());
  EXPECT_NE(no_flow.status().message().find("needs the center's 'ivr' flow"), std::string::npos);
  EXPECT_NE(no_flow.status().message().find("'share'"), std::string::npos);

  auto nothing = parse_center_config(std::string(kIvrCenter) + "simulation: {days: 1}\n", "x.yaml");
  ASSERT_FALSE(nothing.ok());
  EXPECT_NE(nothing.status().message().find(
                "needs 'arrivals' (calls for queues), 'ivr' (calls through it) or 'campaigns'"),
            std::string::npos);
}

}  // namespace
}  // namespace hotline::config
