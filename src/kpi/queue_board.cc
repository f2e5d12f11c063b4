#include "kpi/queue_board.h"

namespace hotline::kpi {

namespace {
constexpr Duration kDay = seconds(86400);

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}
}  // namespace

Time local_midnight(Time now, Duration utc_offset) {
  return floor_div(now + utc_offset, kDay) * kDay - utc_offset;
}

QueueBoard::QueueBoard(KpiRules rules, Duration utc_offset, Duration interval, Duration recent)
    : rules_(rules), utc_offset_(utc_offset), interval_(interval), recent_(recent) {}

std::int64_t QueueBoard::local_day(Time t) const {
  return floor_div(t + utc_offset_, kDay);
}

Time QueueBoard::day_start(Time now) const {
  return local_midnight(now, utc_offset_);
}

void QueueBoard::roll(Time now) {
  if (const std::int64_t day = local_day(now); day > day_) {
    day_ = day;
    intervals_.clear();
  }
  while (!window_.empty() && window_.front().first <= now - recent_)
    window_.pop_front();
}

void QueueBoard::arrive(std::uint64_t id, Time arrived) {
  open_[id] = OpenCall{arrived, {}};
}

void QueueBoard::answer(std::uint64_t id, Duration wait) {
  if (auto it = open_.find(id); it != open_.end()) it->second.progress = {true, wait};
}

void QueueBoard::forget(std::uint64_t id, Time arrived) {
  // The same id may have arrived again since (a transfer back into this queue).
  if (auto it = open_.find(id); it != open_.end() && it->second.arrived == arrived) open_.erase(it);
}

void QueueBoard::add(Time arrived, Time ended, const CallOutcome& call) {
  roll(ended);
  window_.emplace_back(ended, call);
  if (local_day(arrived) != day_) return;  // yesterday's caller, answered after midnight
  const auto index = static_cast<std::size_t>((arrived - day_start(arrived)) / interval_);
  if (intervals_.size() <= index) intervals_.resize(index + 1, KpiCounter(rules_));
  intervals_[index].add(call);
}

std::vector<KpiCounter> QueueBoard::with_open_calls() const {
  std::vector<KpiCounter> out = intervals_;
  for (const auto& [id, open] : open_) {
    if (local_day(open.arrived) != day_) continue;  // yesterday's caller still waiting
    const auto index =
        static_cast<std::size_t>((open.arrived - day_start(open.arrived)) / interval_);
    if (out.size() <= index) out.resize(index + 1, KpiCounter(rules_));
    out[index].add(open.progress);
  }
  return out;
}

Kpis QueueBoard::today(Time now) {
  roll(now);
  KpiCounter day(rules_);
  for (const KpiCounter& c : with_open_calls())
    day.merge(c);
  return day.figures();
}

Kpis QueueBoard::recent(Time now) {
  roll(now);
  KpiCounter window(rules_);
  for (const auto& [ended, call] : window_)
    window.add(call);
  return window.figures();
}

std::vector<Kpis> QueueBoard::intervals(Time now) {
  roll(now);
  const auto upto = static_cast<std::size_t>((now - day_start(now)) / interval_) + 1;
  const std::vector<KpiCounter> counters = with_open_calls();
  std::vector<Kpis> out;
  out.reserve(upto);
  for (std::size_t i = 0; i < upto; ++i)
    out.push_back(i < counters.size() ? counters[i].figures() : KpiCounter(rules_).figures());
  return out;
}

}  // namespace hotline::kpi
