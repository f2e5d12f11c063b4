#include "sim/outbound.h"

#include <algorithm>
#include <queue>

#include "center/call_center.h"
#include "config/center_config.h"
#include "sim/scenario.h"

namespace hotline::sim {

namespace {

using center::CenterCommand;
using dialer::Outcome;
using CallId = center::CallId;
constexpr Duration kDay = seconds(86400);

enum class What : std::uint8_t {
  kAnswered,
  kMachine,
  kEnded,
  kTalkOver,
  kDayStart,
  kWindowCloses,
  kDayEnd,
};
// After the calling window closes, the calls still ringing end within the ring time.
constexpr Duration kWindDown = seconds(30);

struct Event {
  Time at;
  std::uint64_t seq;
  What what;
  CallId call = 0;
  Outcome outcome = Outcome::kFailed;
  bool operator>(const Event& o) const { return at != o.at ? at > o.at : seq > o.seq; }
};

class OutboundRun {
 public:
  OutboundRun(const OutboundScenario& s, std::uint64_t seed)
      : s_(s), rng_(seed), center_(model_of(s), ivr::Flow{}, ivr::Calendar{}) {
    report_.days.resize(static_cast<std::size_t>(s.days));
    report_.intervals.resize(static_cast<std::size_t>(
        std::max<Duration>(1, (s.day_length + kWindDown + s.interval - 1) / s.interval)));
    campaign_ = center_.add_campaign("campaign", s.rules, s.wrap_up);
    std::vector<acd::AgentId> agents;
    for (acd::AgentId a = 0; a < static_cast<acd::AgentId>(s.agents); ++a)
      agents.push_back(a);
    center_.set_campaign_agents(campaign_, agents, 0, out_);
  }

  OutboundReport run() {
    for (int d = 0; d < s_.days; ++d) {
      const Time start = d * kDay + s_.day_start - s_.rules.utc_offset;
      schedule({start, 0, What::kDayStart});
      schedule({start + s_.day_length, 0, What::kWindowCloses});
    }
    const Time end = (s_.days + 1) * kDay;
    for (;;) {
      const Time event = queue_.empty() ? kNever : queue_.top().at;
      const Time timer = center_.next_timer();
      const Time next = std::min(event, timer);
      if (next == kNever || next > end) break;
      now_ = next;
      if (event == next) {
        const Event e = queue_.top();
        queue_.pop();
        happen(e);
      } else {
        center_.tick(now_, out_);
      }
      carry_out();
    }
    finish();
    return std::move(report_);
  }

 private:
  void schedule(Event e) {
    e.seq = seq_++;
    queue_.push(e);
  }
  Time after(const Sampler& sampler) { return now_ + seconds_f(sampler.sample(rng_)); }
  OutboundCounts& today() {
    const auto d = static_cast<std::size_t>(
        std::clamp<std::int64_t>((now_ + s_.rules.utc_offset) / kDay, 0, s_.days - 1));
    return report_.days[d];
  }
  OutboundCounts& interval() {
    const Duration into = (now_ + s_.rules.utc_offset) % kDay - s_.day_start;
    const auto i = std::clamp<std::int64_t>(
        into / s_.interval, 0, static_cast<std::int64_t>(report_.intervals.size()) - 1);
    return report_.intervals[static_cast<std::size_t>(i)];
  }
  // Counts `field` in the day and in the interval of now.
  template <typename T>
  void count(T OutboundCounts::*field, T by) {
    today().*field += by;
    interval().*field += by;
  }

  void happen(const Event& e) {
    switch (e.what) {
      case What::kDayStart:
        for (acd::AgentId a = 0; a < static_cast<acd::AgentId>(s_.agents); ++a)
          center_.agent_event(acd::EventType::kAgentLogin, a, 0, now_, out_);
        center_.set_campaign_running(campaign_, true, now_, out_);
        today().agent_s += static_cast<double>(s_.agents) * to_seconds(s_.day_length + kWindDown);
        for (std::size_t i = 0; i < report_.intervals.size(); ++i) {
          // Each interval's share of the logged-in time.
          const Duration from = static_cast<Duration>(i) * s_.interval;
          const Duration to = std::min(from + s_.interval, s_.day_length + kWindDown);
          report_.intervals[i].agent_s += static_cast<double>(s_.agents) * to_seconds(to - from);
        }
        return;
      case What::kWindowCloses:
        // No more numbers; the agents take the calls still out, then leave.
        center_.set_campaign_running(campaign_, false, now_, out_);
        schedule({now_ + kWindDown, 0, What::kDayEnd});
        return;
      case What::kDayEnd:
        today().abandon_rate_30_days =
            center_.campaign_dialer(campaign_).abandon_rate_30_days(now_);
        for (acd::AgentId a = 0; a < static_cast<acd::AgentId>(s_.agents); ++a)
          center_.agent_event(acd::EventType::kAgentLogout, a, 0, now_, out_);
        return;
      case What::kAnswered:
        count(&OutboundCounts::human, std::uint64_t{1});
        center_.outbound_answered(e.call, true, now_, out_);
        return;
      case What::kMachine:
        center_.outbound_answered(e.call, false, now_, out_);
        return;
      case What::kEnded:
        center_.outbound_failed(e.call, e.outcome, now_, out_);
        return;
      case What::kTalkOver:
        center_.call_ended(e.call, now_, out_);
        return;
    }
  }

  // What the carrier does with a number dialled.
  void dial(CallId call) {
    count(&OutboundCounts::dialled, std::uint64_t{1});
    const double u = rng_.uniform();
    if (u <= s_.human) {
      const Time answered = after(s_.answer_delay);
      if (answered - now_ < s_.rules.ring_time) {
        schedule({answered, 0, What::kAnswered, call});
        return;
      }
      schedule({now_ + s_.rules.ring_time, 0, What::kEnded, call, Outcome::kNoAnswer});
    } else if (u <= s_.human + s_.busy) {
      schedule({after(s_.busy_delay), 0, What::kEnded, call, Outcome::kBusy});
    } else if (u <= s_.human + s_.busy + s_.no_answer) {
      schedule({now_ + s_.rules.ring_time, 0, What::kEnded, call, Outcome::kNoAnswer});
    } else if (u <= s_.human + s_.busy + s_.no_answer + s_.failed) {
      schedule({after(s_.failed_delay), 0, What::kEnded, call, Outcome::kFailed});
    } else {
      schedule({after(s_.machine_delay), 0, What::kMachine, call});
    }
  }

  void carry_out() {
    while (!out_.empty()) {
      std::vector<CenterCommand> commands;
      commands.swap(out_);
      for (const CenterCommand& c : commands) {
        switch (c.type) {
          case CenterCommand::Type::kDialOut:
            dial(c.call);
            break;
          case CenterCommand::Type::kConnect: {
            count(&OutboundCounts::connected, std::uint64_t{1});
            const double talk = s_.talk.sample(rng_);
            count(&OutboundCounts::talk_s, talk);
            count(&OutboundCounts::wrap_s, to_seconds(s_.wrap_up));
            if (s_.sale > 0 && rng_.uniform() < s_.sale)
              count(&OutboundCounts::sales, std::uint64_t{1});
            schedule({now_ + seconds_f(talk), 0, What::kTalkOver, c.call});
            break;
          }
          case CenterCommand::Type::kAbandonOutbound:
            count(&OutboundCounts::abandoned, std::uint64_t{1});
            break;
          case CenterCommand::Type::kNeedLeads: {
            std::vector<dialer::Lead> leads;
            leads.reserve(static_cast<std::size_t>(c.count));
            for (int i = 0; i < c.count; ++i)
              leads.push_back({next_lead_++, "n", 0});
            center_.add_campaign_leads(campaign_, std::move(leads), now_, out_);
            break;
          }
          default:
            break;
        }
      }
    }
  }

  // The center of the scenario: its agents, in one team with one skill, and a queue
  // (no inbound call comes to it here).
  static acd::CenterModel model_of(const OutboundScenario& s) {
    acd::CenterModel m;
    m.skills = {"outbound"};
    m.teams = {"outbound"};
    acd::QueueSpec q;
    q.name = "inbound";
    q.agents.any_of_skills = {{0, 1}};
    m.queues = {q};
    for (int a = 0; a < s.agents; ++a)
      m.agents.push_back({"agent" + std::to_string(a), 0, {{0, 5}}});
    return m;
  }

  void finish() {
    double talk = 0, agent = 0, wrap = 0;
    for (const OutboundCounts& d : report_.days) {
      report_.dialled += d.dialled;
      report_.human += d.human;
      report_.connected += d.connected;
      report_.abandoned += d.abandoned;
      report_.sales += d.sales;
      talk += d.talk_s;
      wrap += d.wrap_s;
      agent += d.agent_s;
      if (d.human >= 50)
        report_.worst_day_abandon_rate =
            std::max(report_.worst_day_abandon_rate,
                     static_cast<double>(d.abandoned) / static_cast<double>(d.human));
    }
    report_.abandon_rate_30_days =
        report_.human ? static_cast<double>(report_.abandoned) / static_cast<double>(report_.human)
                      : 0;
    report_.talk_minutes_per_agent_hour = agent > 0 ? (talk / 60) / (agent / 3600) : 0;
    report_.occupancy = agent > 0 ? (talk + wrap) / agent : 0;
    report_.contact_rate =
        report_.dialled ? static_cast<double>(report_.human) / static_cast<double>(report_.dialled)
                        : 0;
  }

  const OutboundScenario& s_;
  Rng rng_;
  center::CallCenter center_;
  std::uint32_t campaign_ = 0;
  OutboundReport report_;
  std::priority_queue<Event, std::vector<Event>, std::greater<Event>> queue_;
  std::uint64_t seq_ = 0;
  std::vector<CenterCommand> out_;
  Time now_ = 0;
  dialer::LeadId next_lead_ = 1;
};

}  // namespace

OutboundScenario outbound_scenario(const config::SimulatedCampaign& c, int days) {
  OutboundScenario s;
  s.name = c.name;
  s.agents = c.agents;
  s.days = days;
  s.day_start = c.window_start;
  s.day_length = c.window_end - c.window_start;
  s.human = c.person;
  s.busy = c.busy;
  s.no_answer = c.no_answer;
  s.failed = c.failed;
  s.answer_delay = to_sampler(c.answer_delay);
  s.talk = to_sampler(c.talk);
  s.wrap_up = c.wrap_up;
  s.sale = c.sale;
  s.rules.mode = c.mode;
  s.rules.pacer = c.pacer;
  s.rules.ring_time = c.ring_time;
  s.rules.abandon_limit = c.abandon_limit;
  s.rules.retry.max_attempts = c.max_attempts;
  return s;
}

OutboundReport simulate_outbound(const OutboundScenario& scenario, std::uint64_t seed) {
  return OutboundRun(scenario, seed).run();
}

}  // namespace hotline::sim
