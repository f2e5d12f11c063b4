#include "wfm/staffing.h"

#include <gtest/gtest.h>

namespace hotline::wfm {
namespace {

StaffingRequest textbook() {
  StaffingRequest r;
  r.calls = 100;
  r.interval_s = 1800;
  r.aht_s = 180;
  return r;
}

TEST(Staffing, TextbookExampleNeedsFourteenAgents) {
  StaffingAnswer a = required_agents(textbook());
  EXPECT_EQ(a.figures.agents, 14);
  EXPECT_GE(a.figures.service_level, 0.8);
  EXPECT_LT(erlang_c_figures(13, 100.0 / 1800, 180, 20).service_level, 0.8);
  EXPECT_EQ(a.staff, 17);  // 14 x 1.15 = 16.1 -> 17
  EXPECT_FALSE(a.erlang_a);
}

TEST(Staffing, AsaTargetAndOccupancyCapAddAgents) {
  StaffingRequest r = textbook();
  r.asa_target_s = 5;
  StaffingAnswer asa = required_agents(r);
  EXPECT_LE(asa.figures.asa_s, 5);
  EXPECT_GT(erlang_c_figures(asa.figures.agents - 1, 100.0 / 1800, 180, 20).asa_s, 5);
  r = textbook();
  r.max_occupancy = 0.6;
  StaffingAnswer occ = required_agents(r);
  EXPECT_EQ(occ.figures.agents, 17);  // ceil(10 / 0.6)
  EXPECT_LE(occ.figures.occupancy, 0.6);
}

TEST(Staffing, ErlangANeedsNoMoreThanErlangC) {
  StaffingRequest r = textbook();
  r.patience_s = 90;
  StaffingAnswer a = required_agents(r);
  EXPECT_TRUE(a.erlang_a);
  EXPECT_GE(a.figures.service_level, 0.8);
  EXPECT_LE(a.figures.agents, 14);
  EXPECT_LT(erlang_a_figures(a.figures.agents - 1, 100.0 / 1800, 180, 90, 20).service_level, 0.8);
  EXPECT_GT(a.figures.abandon_rate, 0);
}

TEST(Staffing, LargeCenterIsFastAndStable) {
  StaffingRequest r;
  r.calls = 20000 * 1800.0 / 180 * 0.97;  // ~19,400 Erlangs
  r.aht_s = 180;
  StaffingAnswer a = required_agents(r);
  EXPECT_GT(a.figures.agents, 19400);
  EXPECT_LT(a.figures.agents, 19600);
  EXPECT_GE(a.figures.service_level, 0.8);
}

TEST(Staffing, ZeroCallsNeedNoAgents) {
  StaffingRequest r = textbook();
  r.calls = 0;
  EXPECT_EQ(required_agents(r).figures.agents, 0);
}

TEST(Staffing, RejectsImpossibleParameters) {
  StaffingRequest r = textbook();
  r.aht_s = 0;
  EXPECT_FALSE(validate(r).ok());
  r = textbook();
  r.calls = -5;
  EXPECT_FALSE(validate(r).ok());
  r = textbook();
  r.sl_target = 1.2;
  EXPECT_FALSE(validate(r).ok());
  r = textbook();
  r.max_occupancy = 0;
  EXPECT_FALSE(validate(r).ok());
  EXPECT_TRUE(validate(textbook()).ok());
}

TEST(Staffing, SeatRuleOfTheReferencePlan) {
  EXPECT_DOUBLE_EQ(staff_per_seat(14, 30, 168), 2.5);
  EXPECT_EQ(staff_with_reserve(48, 0.15), 56);  // 55.2 -> 56
  EXPECT_EQ(staff_with_reserve(20, 0.15), 23);
}

TEST(ForecastCsv, ParsesWithHeaderAndNamesBadLines) {
  auto rows = parse_forecast_csv("interval,calls,aht\n08:00,120,200\n08:30,150,190\n", "f.csv");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[1].label, "08:30");
  EXPECT_DOUBLE_EQ((*rows)[1].calls, 150);
  auto bad = parse_forecast_csv("08:00,120,200\n08:30,abc,190\n", "f.csv");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "f.csv:2: calls and aht must be numbers");
  auto cols = parse_forecast_csv("08:00,120\n", "f.csv");
  ASSERT_FALSE(cols.ok());
  EXPECT_NE(cols.status().message().find("f.csv:1"), std::string::npos);
  EXPECT_FALSE(parse_forecast_csv("", "f.csv").ok());
  EXPECT_FALSE(parse_forecast_csv("08:00,1,0\n", "f.csv").ok());
}

}  // namespace
}  // namespace hotline::wfm
