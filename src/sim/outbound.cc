#include "sim/outbound.h"

#include <algorithm>
#include <queue>

namespace hotline::sim {

namespace {

using dialer::Command;
using dialer::Outcome;
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
  dialer::CallId call = 0;
  Outcome outcome = Outcome::kFailed;
  bool operator>(const Event& o) const { return at != o.at ? at > o.at : seq > o.seq; }
};

class OutboundRun {
 public:
  OutboundRun(const OutboundScenario& s, std::uint64_t seed) : s_(s), rng_(seed), dialer_(s.rules) {
    report_.days.resize(static_cast<std::size_t>(s.days));
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
      const Time timer = dialer_.next_timer();
      const Time next = std::min(event, timer);
      if (next == kNever || next > end) break;
      now_ = next;
      if (event == next) {
        const Event e = queue_.top();
        queue_.pop();
        happen(e);
      } else {
        dialer_.tick(now_, out_);
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
  OutboundDay& today() {
    const auto d = static_cast<std::size_t>(
        std::clamp<std::int64_t>((now_ + s_.rules.utc_offset) / kDay, 0, s_.days - 1));
    return report_.days[d];
  }

  void happen(const Event& e) {
    switch (e.what) {
      case What::kDayStart:
        for (dialer::AgentId a = 0; a < static_cast<dialer::AgentId>(s_.agents); ++a)
          dialer_.agent_ready(a, now_, out_);
        dialer_.set_running(true, now_, out_);
        today().agent_s += static_cast<double>(s_.agents) * to_seconds(s_.day_length + kWindDown);
        return;
      case What::kWindowCloses:
        // No more numbers; the agents take the calls still out, then leave.
        dialer_.set_running(false, now_, out_);
        schedule({now_ + kWindDown, 0, What::kDayEnd});
        return;
      case What::kDayEnd:
        for (dialer::AgentId a = 0; a < static_cast<dialer::AgentId>(s_.agents); ++a)
          dialer_.agent_away(a, now_, out_);
        return;
      case What::kAnswered:
        ++today().human;
        dialer_.call_answered(e.call, Outcome::kHuman, now_, out_);
        return;
      case What::kMachine:
        dialer_.call_answered(e.call, Outcome::kMachine, now_, out_);
        return;
      case What::kEnded:
        dialer_.call_failed(e.call, e.outcome, now_, out_);
        return;
      case What::kTalkOver:
        dialer_.talk_ended(e.call, seconds_f(s_.wrap_up.sample(rng_)), now_, out_);
        return;
    }
  }

  // What the carrier does with a number dialled.
  void dial(dialer::CallId call) {
    ++today().dialled;
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
      std::vector<Command> commands;
      commands.swap(out_);
      for (const Command& c : commands) {
        switch (c.type) {
          case Command::Type::kDial:
            dial(c.call);
            break;
          case Command::Type::kConnect: {
            ++today().connected;
            const double talk = s_.talk.sample(rng_);
            today().talk_s += talk;
            schedule({now_ + seconds_f(talk), 0, What::kTalkOver, c.call});
            break;
          }
          case Command::Type::kAbandon:
            ++today().abandoned;
            break;
          case Command::Type::kNeedLeads: {
            std::vector<dialer::Lead> leads;
            leads.reserve(static_cast<std::size_t>(c.count));
            for (int i = 0; i < c.count; ++i)
              leads.push_back({next_lead_++, "n", 0});
            dialer_.add_leads(std::move(leads), now_, out_);
            break;
          }
          default:
            break;
        }
      }
    }
  }

  void finish() {
    double talk = 0, agent = 0;
    for (const OutboundDay& d : report_.days) {
      report_.dialled += d.dialled;
      report_.human += d.human;
      report_.connected += d.connected;
      report_.abandoned += d.abandoned;
      talk += d.talk_s;
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
    report_.contact_rate =
        report_.dialled ? static_cast<double>(report_.human) / static_cast<double>(report_.dialled)
                        : 0;
  }

  const OutboundScenario& s_;
  Rng rng_;
  dialer::Dialer dialer_;
  OutboundReport report_;
  std::priority_queue<Event, std::vector<Event>, std::greater<Event>> queue_;
  std::uint64_t seq_ = 0;
  std::vector<Command> out_;
  Time now_ = 0;
  dialer::LeadId next_lead_ = 1;
};

}  // namespace

OutboundReport simulate_outbound(const OutboundScenario& scenario, std::uint64_t seed) {
  return OutboundRun(scenario, seed).run();
}

}  // namespace hotline::sim
