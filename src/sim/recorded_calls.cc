#include "sim/recorded_calls.h"

#include <algorithm>

#include "report/call_kpis.h"

namespace hotline::sim {

namespace {

constexpr Duration kTalkWithoutAnswers = seconds(180);

struct TalkSum {
  Duration total = 0;
  std::int64_t calls = 0;
  Duration mean_or(Duration fallback) const { return calls > 0 ? total / calls : fallback; }
};

}  // namespace

Result<std::vector<CallInput>> calls_from_records(const std::vector<store::CallRecord>& records,
                                                  Time day_begin, const Scenario& scenario) {
  const auto& queues = scenario.model.queues;
  struct Kept {
    CallInput call;
    bool answered;
  };
  std::vector<Kept> kept;
  std::vector<TalkSum> talk_by_queue(queues.size());
  TalkSum talk_all;
  for (const store::CallRecord& r : records) {
    kpi::CallOutcome outcome;
    if (!report::to_outcome(r, &outcome) || r.queued < day_begin) continue;
    auto q = std::find_if(queues.begin(), queues.end(),
                          [&](const acd::QueueSpec& spec) { return spec.name == r.queue; });
    if (q == queues.end())
      return Status::invalid_argument("call " + r.uid + ": queue '" + r.queue +
                                      "' is not in the configuration");
    CallInput c;
    c.arrival = r.queued - day_begin;
    c.queue = static_cast<acd::QueueId>(q - queues.begin());
    const bool answered = outcome.end == kpi::CallEnd::kAnswered;
    if (answered) {
      c.talk = std::max<Duration>(1, outcome.talk);
      talk_by_queue[c.queue].total += c.talk;
      ++talk_by_queue[c.queue].calls;
      talk_all.total += c.talk;
      ++talk_all.calls;
    } else if (outcome.end == kpi::CallEnd::kAbandoned) {
      c.patience = std::max<Duration>(0, outcome.wait);
    }
    kept.push_back({c, answered});
  }
  std::vector<CallInput> calls;
  calls.reserve(kept.size());
  for (Kept& k : kept) {
    if (!k.answered)
      k.call.talk = talk_by_queue[k.call.queue].mean_or(talk_all.mean_or(kTalkWithoutAnswers));
    calls.push_back(k.call);
  }
  std::stable_sort(calls.begin(), calls.end(),
                   [](const CallInput& a, const CallInput& b) { return a.arrival < b.arrival; });
  return calls;
}

}  // namespace hotline::sim
