#pragma once
// Outbound campaigns in virtual time: the whole core (center::CallCenter: the routing
// core's agents and the campaign's dialer) driven by a simulated carrier and simulated
// agents. Each number dialled is answered by a person, is busy, rings out unanswered or
// fails, with given shares and delays; a person answered waits for an agent no longer
// than the connect deadline; agents talk for sampled times and wrap up for the campaign's
// wrap-up time, over a working day, day after day, so that the 30-day abandon rate and the
// talk time per agent-hour of each dialling mode can be compared on the same calls.

#include <cstdint>
#include <string>
#include <vector>

#include "center/dialer/dialer.h"
#include "sim/random.h"

namespace hotline::config {
struct SimulatedCampaign;
}

namespace hotline::sim {

struct OutboundScenario {
  std::string name = "campaign";
  int agents = 48;
  int days = 30;
  Duration day_start = seconds(9 * 3600);  // the center's clock
  Duration day_length = seconds(8 * 3600);
  // What becomes of a number dialled.
  double human = 0.30, busy = 0.10, no_answer = 0.50, failed = 0.10;  // the rest: a machine
  Sampler answer_delay = Sampler::log_normal(10, 4);                  // a person picks up after
  Sampler busy_delay = Sampler::fixed(3);
  Sampler failed_delay = Sampler::fixed(1);
  Sampler machine_delay = Sampler::fixed(8);
  Sampler talk = Sampler::log_normal(240, 120);
  Duration wrap_up = seconds(30);  // after each call: the campaign's wrap-up time
  double sale = 0;                 // the share of connected calls that end in a sale
  Duration interval = seconds(1800);
  dialer::CampaignRules rules;
};

// A campaign of the center's configuration (`simulation.campaigns`), for `days` days.
OutboundScenario outbound_scenario(const config::SimulatedCampaign& c, int days);

// What happened in a day, or in an interval of the day (summed over the days).
struct OutboundCounts {
  std::uint64_t dialled = 0;
  std::uint64_t human = 0;  // answered by a person: connected or abandoned
  std::uint64_t connected = 0, abandoned = 0, sales = 0;
  double talk_s = 0;   // agents' talk, counted when it starts
  double wrap_s = 0;   // and their wrap-up
  double agent_s = 0;  // agents logged in
  // Days: the abandon rate over the 30 days up to the day's end, as the dialer counts it.
  double abandon_rate_30_days = 0;
};

struct OutboundReport {
  std::vector<OutboundCounts> days;
  std::vector<OutboundCounts> intervals;  // of the calling window and its wind-down
  double abandon_rate_30_days = 0;        // over the whole run, as the dialer counts it at the end
  double worst_day_abandon_rate = 0;
  double talk_minutes_per_agent_hour = 0;
  double contact_rate = 0;  // human / dialled
  std::uint64_t dialled = 0, human = 0, connected = 0, abandoned = 0, sales = 0;
  double occupancy = 0;  // (talk + wrap-up) / logged in
};

OutboundReport simulate_outbound(const OutboundScenario& scenario, std::uint64_t seed);

}  // namespace hotline::sim
