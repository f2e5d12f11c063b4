// Settings from the administration pages laid over the configuration file.

#include <gtest/gtest.h>

#include "config/center_config.h"

namespace hotline::config {
namespace {

const char* kCenter = R"(
skills: [billing, repair]
teams: [front]
reasons: [break, lunch]
dispositions: [resolved]
queues:
  - name: billing
    title: Billing
    skills: {billing: 3}
    wrap_up_s: 20
agents:
  - generate: 2
    prefix: E
    team: front
    skills: {billing: 5}
calendar:
  holidays: [2026-10-01]
ivr:
  - id: hours
    title: Opening hours
    type: branch
    rules:
      - when: {open: false}
        next: closed
    otherwise: q
  - id: closed
    title: Closed
    type: hangup
  - id: q
    title: Billing queue
    type: queue
    queue: billing
)";

Result<CenterConfig> with(CenterSettings settings) {
  return parse_center_config(kCenter, "center.yaml", settings);
}

TEST(CenterSettings, NoSettingsReadTheFileAsItIs) {
  auto c = with({});
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->model.queues[0].wrap_up, seconds(20));
  EXPECT_EQ(c->text, kCenter);
  EXPECT_EQ(c->calendar.hours(ivr::DayType::kWorkday), ivr::Calendar::kAllDay);
}

TEST(CenterSettings, AQueuesKeysReplaceTheFilesOneByOne) {
  auto c =
      with({{"queue:billing", R"({"wrap_up_s": 45, "title": "賬單", "skills": {"repair": 2}})"}});
  ASSERT_TRUE(c.ok()) << c.status().message();
  const acd::QueueSpec& q = c->model.queues[0];
  EXPECT_EQ(q.wrap_up, seconds(45));
  EXPECT_EQ(c->queue_titles[0], "賬單");
  ASSERT_EQ(q.agents.any_of_skills.size(), 1u);
  EXPECT_EQ(q.agents.any_of_skills[0].skill, 1);
  EXPECT_EQ(q.agents.any_of_skills[0].min_level, 2);
  EXPECT_EQ(q.ring_timeout, seconds(15));  // untouched keys keep the file's (default) value
}

TEST(CenterSettings, AGeneratedAgentsSkillsCanBeSet) {
  auto c = with({{"agent:E02", R"({"skills": {"billing": 9, "repair": 4}})"}});
  ASSERT_TRUE(c.ok()) << c.status().message();
  ASSERT_EQ(c->model.agents[1].skills.size(), 2u);
  EXPECT_EQ(c->model.agents[1].skills[0].level, 9);
  EXPECT_EQ(c->model.agents[1].skills[1].level, 4);
  EXPECT_EQ(c->model.agents[0].skills.size(), 1u);
}

TEST(CenterSettings, ANewTeamAndAnAgentMovedToIt) {
  auto c = with({{"teams", R"(["front", "back"])"}, {"agent:E01", R"({"team": "back"})"}});
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->model.teams, (std::vector<std::string>{"front", "back"}));
  EXPECT_EQ(c->model.agents[0].team, 1u);
  EXPECT_EQ(c->model.agents[1].team, 0u);           // E02 stays
  EXPECT_EQ(c->model.agents[0].skills.size(), 1u);  // skills not given: the file's

  auto unknown = with({{"agent:E01", R"({"team": "night"})"}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("no team 'night'"), std::string::npos)
      << unknown.status().message();
  // A team its agents still belong to cannot go.
  EXPECT_FALSE(with({{"teams", R"(["back"])"}}).ok());
}

TEST(CenterSettings, ListsReplaceTheFiles) {
  auto c = with({{"reasons", R"(["break", "meeting"])"},
                 {"dispositions", R"(["resolved", "sale"])"},
                 {"skills", R"(["billing", "repair", "vip"])"}});
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->model.reasons, (std::vector<std::string>{"break", "meeting"}));
  EXPECT_EQ(c->dispositions, (std::vector<std::string>{"resolved", "sale"}));
  EXPECT_EQ(c->model.skills.size(), 3u);
}

TEST(CenterSettings, TheCalendarsDatesAndHoursReplaceTheFiles) {
  auto c = with({{"calendar", R"({"holidays": ["2026-12-25"], "workdays": [],
                                  "hours": {"workday": "08:00-20:00", "holiday": "closed"}})"}});
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->calendar.holidays(), (std::set<int>{20261225}));
  EXPECT_EQ(c->calendar.hours(ivr::DayType::kWorkday), (ivr::Calendar::Hours{480, 1200}));
  EXPECT_EQ(c->calendar.hours(ivr::DayType::kHoliday), (ivr::Calendar::Hours{0, 0}));
  EXPECT_EQ(c->calendar.hours(ivr::DayType::kWeekend), ivr::Calendar::kAllDay);
  ivr::LocalTime thursday_night{20261126, 26, 4, 21 * 60};
  EXPECT_FALSE(c->calendar.open(thursday_night));
  ivr::LocalTime thursday_morning{20261126, 26, 4, 9 * 60};
  EXPECT_TRUE(c->calendar.open(thursday_morning));
}

TEST(CenterSettings, ErrorsNameTheSettingAndThePlaceInIt) {
  auto bad_value = with({{"queue:billing", R"({"wrap_up_s": -5})"}});
  ASSERT_FALSE(bad_value.ok());
  EXPECT_NE(bad_value.status().message().find("center settings 'queue:billing':1:"),
            std::string::npos)
      << bad_value.status().message();
  EXPECT_NE(bad_value.status().message().find("wrap_up_s"), std::string::npos);

  auto no_queue = with({{"queue:nothing", R"({"wrap_up_s": 5})"}});
  ASSERT_FALSE(no_queue.ok());
  EXPECT_NE(no_queue.status().message().find("no queue 'nothing'"), std::string::npos);

  auto no_agent = with({{"agent:nobody", R"({"skills": {"billing": 5}})"}});
  ASSERT_FALSE(no_agent.ok());
  EXPECT_NE(no_agent.status().message().find("no agent 'nobody'"), std::string::npos);

  auto renamed = with({{"queue:billing", R"({"name": "other"})"}});
  ASSERT_FALSE(renamed.ok());
  EXPECT_NE(renamed.status().message().find("unknown key 'name'"), std::string::npos);

  auto broken = with({{"reasons", R"(["break")"}});
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.status().message().find("not valid JSON"), std::string::npos);

  auto unknown = with({{"colour", R"("blue")"}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("no such setting"), std::string::npos);

  // A skill still used in the file cannot go: the file's use of it is the error.
  auto in_use = with({{"skills", R"(["repair"])"}});
  ASSERT_FALSE(in_use.ok());
  EXPECT_NE(in_use.status().message().find("center.yaml:"), std::string::npos);
  EXPECT_NE(in_use.status().message().find("unknown skill 'billing'"), std::string::npos);

  auto hours = with({{"calendar", R"({"hours": {"weekend": "20:00-08:00"}})"}});
  ASSERT_FALSE(hours.ok());
  EXPECT_NE(hours.status().message().find("must end after they begin"), std::string::npos);
}

}  // namespace
}  // namespace hotline::config
