// The wallboard's figures: today's from local midnight, the last half hour's, and per
// interval by arrival.

#include "kpi/queue_board.h"

#include <gtest/gtest.h>

namespace hotline::kpi {
namespace {

constexpr Duration kHour = seconds(3600);
constexpr Duration kBeijing = 8 * kHour;
// 2026-11-25 00:00 in Beijing, as a UTC time.
constexpr Time kMidnight = seconds(1795564800) - kBeijing;

CallOutcome answered(Duration wait) {
  CallOutcome c;
  c.end = CallEnd::kAnswered;
  c.wait = wait;
  c.talk = seconds(120);
  return c;
}

CallOutcome abandoned(Duration wait) {
  CallOutcome c;
  c.end = CallEnd::kAbandoned;
  c.wait = wait;
  return c;
}

TEST(QueueBoardTest, TodayAndIntervalsCountCallsWhereTheyArrived) {
  QueueBoard board({seconds(20), 0}, kBeijing);
  const Time nine = kMidnight + 9 * kHour;
  board.add(nine + seconds(10), nine + seconds(200), answered(seconds(5)));
  board.add(nine + seconds(1790), nine + seconds(1900), answered(seconds(40)));  // 9:00 arrival
  board.add(nine + seconds(1850), nine + seconds(1900), abandoned(seconds(50)));
  const Time now = nine + kHour;
  const Kpis day = board.today(now);
  EXPECT_EQ(day.offered, 3);
  EXPECT_EQ(day.answered, 2);
  EXPECT_EQ(day.answered_in_sl, 1);
  EXPECT_NEAR(day.service_level, 1.0 / 3, 1e-9);
  const std::vector<Kpis> intervals = board.intervals(now);
  ASSERT_EQ(intervals.size(), 21u);     // 00:00 ... 10:00
  EXPECT_EQ(intervals[18].offered, 2);  // 09:00-09:30
  EXPECT_EQ(intervals[18].answered, 2);
  EXPECT_EQ(intervals[19].offered, 1);  // 09:30-10:00
  EXPECT_EQ(intervals[19].abandoned, 1);
  EXPECT_EQ(intervals[20].offered, 0);
  EXPECT_EQ(board.day_start(now), kMidnight);
}

TEST(QueueBoardTest, TheRecentWindowSlides) {
  QueueBoard board({seconds(20), 0}, kBeijing);
  const Time ten = kMidnight + 10 * kHour;
  board.add(ten, ten + seconds(60), answered(seconds(30)));   // ends 10:01
  board.add(ten, ten + seconds(1500), answered(seconds(5)));  // ends 10:25
  EXPECT_EQ(board.recent(ten + seconds(1600)).offered, 2);
  const Kpis later = board.recent(ten + seconds(60) + seconds(1800));  // 10:31: the first is out
  EXPECT_EQ(later.offered, 1);
  EXPECT_DOUBLE_EQ(later.service_level, 1.0);
  EXPECT_EQ(board.recent(ten + 2 * kHour).offered, 0);
  EXPECT_EQ(board.today(ten + 2 * kHour).offered, 2);  // still today
}

TEST(QueueBoardTest, ANewDayStartsFromZero) {
  QueueBoard board({seconds(20), 0}, kBeijing);
  const Time late = kMidnight + 23 * kHour + seconds(3500);  // 23:58:20
  board.add(late, late + seconds(30), answered(seconds(3)));
  EXPECT_EQ(board.today(late + seconds(60)).offered, 1);
  const Time next_day = kMidnight + 24 * kHour + seconds(60);  // 00:01
  // A caller who arrived yesterday and is answered after midnight: the window has it,
  // today does not.
  board.add(late + seconds(10), next_day, answered(seconds(90)));
  EXPECT_EQ(board.today(next_day).offered, 0);
  EXPECT_EQ(board.recent(next_day).offered, 2);
  EXPECT_EQ(board.intervals(next_day).size(), 1u);
  EXPECT_EQ(board.day_start(next_day), kMidnight + 24 * kHour);
}

// At a peak the board shows the calls waiting and talking, not only those that ended;
// rates count only what is decided.
TEST(QueueBoardTest, CallsGoingOnAreOfferedAndTalkingOnesAnswered) {
  QueueBoard board({seconds(20), 0}, kBeijing);
  const Time nine = kMidnight + 9 * kHour;
  board.add(nine, nine + seconds(100), abandoned(seconds(60)));
  board.arrive(2, nine + seconds(10));
  board.arrive(3, nine + seconds(20));
  board.arrive(4, nine + seconds(30));
  board.answer(3, seconds(5));
  EXPECT_EQ(board.in_progress(), 3u);
  Kpis k = board.today(nine + seconds(200));
  EXPECT_EQ(k.offered, 4);
  EXPECT_EQ(k.in_queue, 2);
  EXPECT_EQ(k.answered, 1);
  EXPECT_EQ(k.answered_in_sl, 1);
  EXPECT_DOUBLE_EQ(k.answer_rate, 0.5);  // one answered, one abandoned: the waiting undecided
  EXPECT_DOUBLE_EQ(k.service_level, 0.5);
  EXPECT_DOUBLE_EQ(k.aht_s, 0.0);  // nobody has finished a call yet
  EXPECT_EQ(board.intervals(nine + seconds(200))[18].offered, 4);
  // Call 3 ends: counted once, as answered, with its handle time.
  board.forget(3, nine + seconds(20));
  board.add(nine + seconds(20), nine + seconds(300), answered(seconds(5)));
  k = board.today(nine + seconds(300));
  EXPECT_EQ(k.offered, 4);
  EXPECT_EQ(k.answered, 1);
  EXPECT_DOUBLE_EQ(k.aht_s, 120.0);
  // Call 4 leaves without an outcome here; call 2 left and came back (a transfer back
  // into the queue): the end of its first part does not take the second away.
  board.forget(4, nine + seconds(30));
  board.arrive(2, nine + seconds(400));
  board.forget(2, nine + seconds(10));
  EXPECT_EQ(board.in_progress(), 1u);
  EXPECT_EQ(board.today(nine + seconds(500)).offered, 3);
}

// Once every call is over, the figures are those of ended calls alone.
TEST(QueueBoardTest, FiguresOfEndedCallsAreUnchangedByTheirHavingBeenInProgress) {
  QueueBoard live({seconds(20), seconds(5)}, kBeijing), ended({seconds(20), seconds(5)}, kBeijing);
  const Time nine = kMidnight + 9 * kHour;
  for (std::uint64_t id = 1; id <= 6; ++id) {
    const Time at = nine + seconds(static_cast<std::int64_t>(id) * 10);
    const CallOutcome outcome =
        id % 3 == 0 ? abandoned(seconds(static_cast<std::int64_t>(id))) : answered(seconds(30));
    live.arrive(id, at);
    if (outcome.end == CallEnd::kAnswered) live.answer(id, outcome.wait);
    live.forget(id, at);
    live.add(at, at + seconds(200), outcome);
    ended.add(at, at + seconds(200), outcome);
  }
  const Kpis a = live.today(nine + kHour), b = ended.today(nine + kHour);
  EXPECT_EQ(a.offered, b.offered);
  EXPECT_EQ(a.short_abandoned, 1);
  EXPECT_EQ(a.answered, b.answered);
  EXPECT_DOUBLE_EQ(a.answer_rate, b.answer_rate);
  EXPECT_DOUBLE_EQ(a.answer_rate, 4.0 / 5.0);
  EXPECT_DOUBLE_EQ(a.aht_s, b.aht_s);
}

}  // namespace
}  // namespace hotline::kpi
