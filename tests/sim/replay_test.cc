// The event log and replay: a run replayed under its own configuration is the same run;
// under a changed configuration it answers "what if".

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <sstream>

#include "config/center_config.h"
#include "sim/event_log.h"
#include "sim/replications.h"

namespace hotline::sim {
namespace {

class Replay : public ::testing::Test {
 protected:
  void SetUp() override {
    auto c = config::load_center_config(std::string(HOTLINE_SOURCE_DIR) +
                                        "/examples/reference-center.yaml");
    ASSERT_TRUE(c.ok()) << c.status().message();
    config_ = *c;
    log_path_ = (std::filesystem::temp_directory_path() /
                 ("hotline-replay-" + std::to_string(::getpid()) + ".jsonl"))
                    .string();
  }
  void TearDown() override { std::filesystem::remove(log_path_); }

  SimReport run_logged(const Scenario& s) {
    std::FILE* f = std::fopen(log_path_.c_str(), "wb");
    EventLogWriter writer(f, s);
    SimReport r = run_replications(s, 1, 99, &writer);
    std::fclose(f);
    EXPECT_GT(writer.lines(), r.calls);
    return r;
  }

  config::CenterConfig config_;
  std::string log_path_;
};

TEST_F(Replay, SameConfigurationReproducesTheRun) {
  const Scenario original = scenario_from_config(config_);
  const SimReport first = run_logged(original);
  Scenario replay = original;
  auto calls = read_logged_calls(log_path_, replay);
  ASSERT_TRUE(calls.ok()) << calls.status().message();
  EXPECT_EQ(calls->size(), first.calls);
  replay.recorded_calls = *calls;
  const SimReport again = run_replications(replay, 1, 99);
  EXPECT_EQ(again.overall.offered.mean, first.overall.offered.mean);
  EXPECT_EQ(again.overall.answered.mean, first.overall.answered.mean);
  EXPECT_EQ(again.overall.abandoned.mean, first.overall.abandoned.mean);
  EXPECT_EQ(again.overall.service_level.mean, first.overall.service_level.mean);
  EXPECT_EQ(again.core_events, first.core_events);
}

TEST_F(Replay, MoreAgentsWouldHaveAnsweredMore) {
  const Scenario original = scenario_from_config(config_);
  const SimReport first = run_logged(original);
  config::CenterConfig bigger = config_;
  // What if the early team had six more people, with the same skills and shift?
  for (int i = 0; i < 6; ++i) {
    acd::AgentSpec extra = bigger.model.agents[0];
    extra.name = "extra" + std::to_string(i);
    bigger.model.agents.push_back(extra);
    bigger.simulation->shifts[0].agents.push_back(
        static_cast<acd::AgentId>(bigger.model.agents.size() - 1));
  }
  Scenario what_if = scenario_from_config(bigger);
  auto calls = read_logged_calls(log_path_, what_if);
  ASSERT_TRUE(calls.ok());
  what_if.recorded_calls = *calls;
  const SimReport r = run_replications(what_if, 1, 99);
  EXPECT_EQ(r.overall.offered.mean, first.overall.offered.mean);  // the same callers
  EXPECT_GT(r.overall.service_level.mean, first.overall.service_level.mean);
  EXPECT_LT(r.overall.abandoned.mean, first.overall.abandoned.mean);
}

TEST_F(Replay, BadLogsAreReportedWithTheLine) {
  const Scenario s = scenario_from_config(config_);
  std::FILE* f = std::fopen(log_path_.c_str(), "wb");
  std::fputs("{\"log\":\"hotline-events\",\"version\":1}\n", f);
  std::fputs(
      "{\"t_s\":1,\"event\":\"call_arrived\",\"call\":1,\"queue\":\"billing\",\"talk_s\":60}\n", f);
  std::fputs("{\"t_s\":2,\"event\":\"call_arrived\",\"call\":2,\"queue\":\"gone\",\"talk_s\":60}\n",
             f);
  std::fclose(f);
  auto calls = read_logged_calls(log_path_, s);
  ASSERT_FALSE(calls.ok());
  EXPECT_NE(calls.status().message().find(":3: queue 'gone' is not in the new configuration"),
            std::string::npos)
      << calls.status().message();

  f = std::fopen(log_path_.c_str(), "wb");
  std::fputs("not json\n", f);
  std::fclose(f);
  EXPECT_FALSE(read_logged_calls(log_path_, s).ok());
  EXPECT_FALSE(read_logged_calls("/nonexistent.jsonl", s).ok());

  // Times beyond any log's span, and an IVR caller with more keys than anyone presses.
  const std::string head = "{\"log\":\"hotline-events\",\"version\":1}\n";
  for (const char* line :
       {R"({"t_s":1e300,"event":"call_arrived","call":1,"queue":"billing","talk_s":60})",
        R"({"t_s":-1,"event":"call_arrived","call":1,"queue":"billing","talk_s":60})",
        R"({"t_s":1,"event":"call_arrived","call":1,"queue":"billing","talk_s":1e9})",
        R"({"t_s":1,"event":"call_arrived","call":1,"keys":"1234567890123456","talk_s":60})"}) {
    std::istringstream in(head + line + "\n");
    auto bad = parse_logged_calls(in, "log", s);
    ASSERT_FALSE(bad.ok()) << line;
    EXPECT_NE(bad.status().message().find("log:2: "), std::string::npos) << bad.status().message();
  }
  // Fields of the wrong type are errors, not exceptions (found by tests/fuzz/event_log_fuzz).
  std::istringstream numbered_header("{\"log\":1}\n");
  EXPECT_FALSE(parse_logged_calls(numbered_header, "log", s).ok());
  std::istringstream odd_fields(
      head + R"({"t_s":1,"event":7,"call":1,"queue":"billing","talk_s":60})" + "\n" +
      R"({"t_s":1,"event":"call_arrived","call":1,"queue":"billing","talk_s":60,"priority":"high"})" +
      "\n");
  auto odd = parse_logged_calls(odd_fields, "log", s);
  ASSERT_FALSE(odd.ok());
  EXPECT_NE(odd.status().message().find("log:3: priority"), std::string::npos)
      << odd.status().message();

  std::istringstream through_ivr(head +
                                 R"({"t_s":1,"event":"call_arrived","call":1,"keys":"10#",)"
                                 R"("talk_s":60,"patience_s":30})" +
                                 "\n");
  auto ivr_call = parse_logged_calls(through_ivr, "log", s);
  ASSERT_TRUE(ivr_call.ok()) << ivr_call.status().message();
  ASSERT_EQ(ivr_call->size(), 1u);
  EXPECT_EQ((*ivr_call)[0].keys.view(), "10#");
  EXPECT_EQ((*ivr_call)[0].queue, acd::kNoQueue);
  EXPECT_EQ((*ivr_call)[0].patience, seconds(30));
}

}  // namespace
}  // namespace hotline::sim
