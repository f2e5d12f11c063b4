// The outbound acceptance run: the reference telemarketing center (48 agents, talk 240 s
// and wrap-up 30 s on average; of the numbers dialled 30 % answered by a person after
// ~10 s, 10 % busy, 50 % unanswered in the 25 s ring time, 10 % failed) dialled
// progressively, predictively by our pacer and by VICIdial's adaptive method, over
// DAYS days x REPLICATIONS replications (default 30 x 10): per replication, the abandon
// rate over the run, the worst day's, and talk minutes per agent-hour.
//
//   outbound_acceptance [DAYS [REPLICATIONS]]

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "sim/outbound.h"

using hotline::sim::OutboundReport;
using hotline::sim::OutboundScenario;
using hotline::sim::Sampler;
namespace dialer = hotline::dialer;

int main(int argc, char** argv) {
  const int days = argc > 1 ? std::atoi(argv[1]) : 30;
  const int replications = argc > 2 ? std::atoi(argv[2]) : 10;
  if (days <= 0 || replications <= 0) {
    std::fprintf(stderr, "usage: outbound_acceptance [DAYS [REPLICATIONS]]\n");
    return 2;
  }
  struct Way {
    const char* name;
    dialer::Mode mode;
    dialer::PacerKind pacer;
  };
  const Way ways[] = {{"progressive", dialer::Mode::kProgressive, dialer::PacerKind::kBinomial},
                      {"predictive", dialer::Mode::kPredictive, dialer::PacerKind::kBinomial},
                      {"vicidial", dialer::Mode::kPredictive, dialer::PacerKind::kVicidial}};
  std::printf("%-12s %4s %10s %10s %12s %9s %8s\n", "mode", "rep", "abandon", "worst_day",
              "talk_min/h", "contact", "cpu_s");
  for (const Way& way : ways) {
    double talk = 0, worst = 0;
    for (int rep = 0; rep < replications; ++rep) {
      OutboundScenario s;
      s.days = days;
      s.answer_delay = Sampler::fixed(10);
      s.rules.mode = way.mode;
      s.rules.pacer = way.pacer;
      const auto start = std::chrono::steady_clock::now();
      const OutboundReport r = hotline::sim::simulate_outbound(s, 1000 + rep);
      const double cpu =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::printf("%-12s %4d %10.4f %10.4f %12.2f %9.3f %8.2f\n", way.name, rep,
                  r.abandon_rate_30_days, r.worst_day_abandon_rate, r.talk_minutes_per_agent_hour,
                  r.contact_rate, cpu);
      std::fflush(stdout);
      talk += r.talk_minutes_per_agent_hour;
      worst = std::max(worst, r.abandon_rate_30_days);
    }
    std::printf("%-12s mean talk %.2f min per agent-hour, highest abandon rate %.4f\n", way.name,
                talk / replications, worst);
  }
  return 0;
}
