// IVR flows and calendars from the configuration, run through the IVR interpreter.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "center/ivr/ivr_engine.h"
#include "config/center_config.h"

namespace hotline::config {
namespace {

Time beijing(int yyyymmdd, int hour, int minute) {
  return (ivr::days_from_civil(yyyymmdd) * 86400 + (hour - 8) * 3600 + minute * 60) *
         kMicrosPerSecond;
}

class ReferenceIvr : public ::testing::Test {
 protected:
  void SetUp() override {
    auto c =
        load_center_config(std::string(HOTLINE_SOURCE_DIR) + "/examples/reference-center.yaml");
    ASSERT_TRUE(c.ok()) << c.status().message();
    config_ = *c;
    engine_ = std::make_unique<ivr::IvrEngine>(config_.ivr, config_.calendar);
  }
  // Starts a call at `t` and returns the id of the node it waits in.
  std::string start_at(ivr::CallId call, Time t) {
    out_.clear();
    engine_->start(call, t, {{"ani", "13800138000"}}, out_);
    return config_.ivr.nodes[engine_->path(call).back().node].id;
  }

  CenterConfig config_;
  std::unique_ptr<ivr::IvrEngine> engine_;
  std::vector<ivr::IvrCommand> out_;
};

TEST_F(ReferenceIvr, CalendarComesFromTheFile) {
  const ivr::Calendar& cal = config_.calendar;
  EXPECT_EQ(cal.day_type(cal.local(beijing(20261001, 10, 0))), ivr::DayType::kHoliday);
  EXPECT_EQ(cal.day_type(cal.local(beijing(20261010, 10, 0))), ivr::DayType::kWorkday);
  EXPECT_EQ(cal.day_type(cal.local(beijing(20260216, 10, 0))), ivr::DayType::kHoliday);
  EXPECT_EQ(cal.day_type(cal.local(beijing(20261128, 10, 0))), ivr::DayType::kWeekend);
}

TEST_F(ReferenceIvr, RoutesByHoursHolidaysAndMonthStart) {
  EXPECT_EQ(start_at(1, beijing(20261001, 10, 0)), "welcome");
  engine_->prompt_finished(1, beijing(20261001, 10, 0), out_);
  EXPECT_EQ(engine_->path_header(1), "welcome>hours>holiday");
  EXPECT_EQ(engine_->outcome(1), ivr::IvrOutcome::kSelfServed);
  EXPECT_EQ(start_at(2, beijing(20261102, 9, 0)), "welcome");
  out_.clear();
  engine_->prompt_finished(2, beijing(20261102, 9, 0), out_);
  EXPECT_EQ(engine_->path_header(2), "welcome>hours>month-start");
  EXPECT_EQ(start_at(3, beijing(20261125, 10, 0)), "welcome");
  out_.clear();
  engine_->prompt_finished(3, beijing(20261125, 10, 0), out_);
  EXPECT_EQ(engine_->path_header(3), "welcome>hours>main");
  out_.clear();
  engine_->prompt_finished(4, beijing(20261125, 22, 0), out_);  // unknown call: ignored
  EXPECT_EQ(start_at(4, beijing(20261125, 22, 0)), "welcome");
  engine_->prompt_finished(4, beijing(20261125, 22, 0), out_);
  EXPECT_EQ(engine_->path_header(4), "welcome>hours>closed");
}

TEST_F(ReferenceIvr, SelfServiceBillThenAgent) {
  const Time t = beijing(20261125, 10, 0);
  start_at(9, t);
  engine_->prompt_finished(9, t, out_);
  for (char k : std::string("11"))
    engine_->key(9, k, t, out_);
  for (char k : std::string("20261125#"))
    engine_->key(9, k, t, out_);
  out_.clear();
  engine_->lookup_result(9, true, {{"amount", "88.00"}}, t, out_);
  ASSERT_FALSE(out_.empty());
  EXPECT_EQ(out_[0].text, "您本月的賬單金額是88.00元。Your bill this month is 88.00 yuan.");
  engine_->prompt_finished(9, t, out_);
  out_.clear();
  engine_->key(9, '0', t, out_);
  ASSERT_FALSE(out_.empty());
  EXPECT_EQ(out_.back().type, ivr::IvrCommandType::kEnterQueue);
  EXPECT_EQ(out_.back().text, "billing");
  ivr::PathSummary s = engine_->summary(9);
  EXPECT_EQ(s.first_choice, "主選單 Main menu: 1");
  EXPECT_EQ(s.second_choice, "賬單 Billing: 1");
  EXPECT_EQ(s.last_node, "是否轉人工 Agent?");
  EXPECT_EQ(engine_->variable(9, "account"), "20261125");
}

std::string errors_of(const std::string& text, const std::string& name = "bad.yaml") {
  const auto dir =
      std::filesystem::temp_directory_path() / ("hotline-ivr-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / name) << text;
  auto c = load_center_config((dir / name).string());
  EXPECT_FALSE(c.ok());
  return c.ok() ? "" : c.status().message();
}

TEST(IvrConfig, MistakesInFlowsAndCalendars) {
  const std::string e = errors_of(R"(skills: [s]
queues: [{name: q, skills: {s: 1}}]
calendar:
  file: nosuch.yaml
  holidays: [2026-02-30, "2026-10-01..2026-10-07", 2001016-2-01, -5-1-1]
ivr:
  - {id: b, title: B, type: branch, rules: [{when: {time: "25:00-26:00"}, next: q}]}
  - {id: c, title: C, type: collect, variable: v, min_digits: 5, max_digits: 3, next: q}
  - {id: d, title: D, type: branch, otherwise: q, rules: [{when: {day_type: [sunday]}, next: q}]}
  - {id: q, title: Q, type: queue, queue: q}
)");
  for (const char* expected :
       {"cannot read the calendar file", "'2026-02-30' is not a date", "time must be a range",
        // Found by settings_fuzz: a year this large overflowed the YYYYMMDD number.
        "'2001016-2-01' is not a date", "'-5-1-1' is not a date", "branch 'b' needs 'otherwise'",
        "max_digits is below min_digits",
        "day_type must be workday, weekend or holiday, not 'sunday'"}) {
    EXPECT_NE(e.find(expected), std::string::npos) << "missing: " << expected << "\n" << e;
  }
}

TEST(IvrConfig, ErrorsInTheCalendarFileNameThatFile) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("hotline-ivr-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "days.yaml") << "holidays:\n  - 2026-13-01\n";
  const std::string e =
      errors_of("calendar: {file: days.yaml}\nskills: [s]\nqueues: [{name: q, skills: {s: 1}}]\n");
  EXPECT_NE(e.find("days.yaml:2:5: '2026-13-01' is not a date"), std::string::npos) << e;
}

}  // namespace
}  // namespace hotline::config
