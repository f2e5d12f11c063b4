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

}  // namespace
}  // namespace hotline::kpi
