// A campaign's settings: the defaults, every problem named by its field, the status steps,
// and the JSON read strictly over a base and written back.

#include "campaigns/campaign.h"

#include <gtest/gtest.h>

#include <string>

#include "campaigns/campaign_json.h"

namespace hotline::campaigns {
namespace {

bool mentions(const std::vector<std::string>& problems, const std::string& text) {
  for (const std::string& p : problems)
    if (p.find(text) != std::string::npos) return true;
  return false;
}

TEST(Campaign, TheDefaultsAreFineAndRespectRestHours) {
  const Campaign c = default_campaign("tickets-2027");
  EXPECT_TRUE(problems(c).empty());
  EXPECT_EQ(c.status, CampaignStatus::kDraft);
  EXPECT_EQ(c.ring_time, seconds(25));
  EXPECT_EQ(c.connect_deadline, seconds(2));
  EXPECT_DOUBLE_EQ(c.abandon_limit, 0.03);
  EXPECT_TRUE(c.windows[kHoliday].empty());  // holidays closed
  EXPECT_TRUE(in_window(c, kWorkday, 9 * 60));
  EXPECT_FALSE(in_window(c, kWorkday, 12 * 60 + 30));  // lunch
  EXPECT_FALSE(in_window(c, kWorkday, 20 * 60));
  EXPECT_FALSE(in_window(c, kHoliday, 10 * 60));
  // A do-not-call disposition is there from the start.
  bool dnc = false;
  for (const Disposition& d : c.dispositions)
    dnc = dnc || d.outcome == OutcomeClass::kDoNotCall;
  EXPECT_TRUE(dnc);
  // No agents and no lists: fine to keep, not to start.
  const auto missing = start_problems(c);
  EXPECT_TRUE(mentions(missing, "no agents"));
  EXPECT_TRUE(mentions(missing, "no lead list"));
}

TEST(Campaign, EveryProblemNamesItsField) {
  Campaign c = default_campaign("bad name!");
  c.ring_time = seconds(10);
  c.connect_deadline = seconds(5);
  c.abandon_limit = 0.2;
  c.max_attempts = 0;
  c.lists = {{3, 1}, {3, 2}};
  c.windows[kWorkday] = {{9 * 60, 12 * 60}, {11 * 60, 13 * 60}, {20 * 60, 22 * 60}};
  c.windows[kWeekend] = {{15 * 60, 14 * 60}};
  c.dispositions = {{"sale", "a", OutcomeClass::kSale}, {"sale", "b", OutcomeClass::kOther}};
  c.caller_id = "call me";
  const auto p = problems(c);
  for (const char* field :
       {"name:", "ring_time_s:", "connect_deadline_s:", "abandon_limit:", "max_attempts:",
        "lists: list 3 is there twice", "overlap", "rest hours", "ends before it starts",
        "code 'sale' is there twice", "caller_id:"})
    EXPECT_TRUE(mentions(p, field)) << field;
}

TEST(Campaign, AWindowThatNeverOpensIsAProblem) {
  Campaign c = default_campaign("x");
  for (auto& day : c.windows)
    day.clear();
  EXPECT_TRUE(mentions(problems(c), "would never call"));
}

TEST(Campaign, StatusSteps) {
  EXPECT_TRUE(may_become(CampaignStatus::kDraft, CampaignStatus::kRunning));
  EXPECT_TRUE(may_become(CampaignStatus::kRunning, CampaignStatus::kPaused));
  EXPECT_TRUE(may_become(CampaignStatus::kPaused, CampaignStatus::kRunning));
  EXPECT_TRUE(may_become(CampaignStatus::kDraft, CampaignStatus::kFinished));
  EXPECT_FALSE(may_become(CampaignStatus::kDraft, CampaignStatus::kPaused));
  EXPECT_FALSE(may_become(CampaignStatus::kFinished, CampaignStatus::kRunning));
  EXPECT_FALSE(may_become(CampaignStatus::kRunning, CampaignStatus::kDraft));
  EXPECT_FALSE(may_become(CampaignStatus::kRunning, CampaignStatus::kRunning));
}

TEST(Campaign, WindowsReadAndWrite) {
  Window w;
  ASSERT_TRUE(parse_window("09:05-24:00", &w));
  EXPECT_EQ(w.from, 9 * 60 + 5);
  EXPECT_EQ(w.to, 24 * 60);
  EXPECT_EQ(window_text(w), "09:05-24:00");
  for (const char* bad : {"9:00-12:00", "09:60-10:00", "25:00-26:00", "09:00 12:00", "",
                          "24:01-24:02", "aa:bb-cc:dd"})
    EXPECT_FALSE(parse_window(bad, &w)) << bad;
}

TEST(CampaignJson, ReadsOverTheBaseAndWritesBack) {
  const Campaign base = default_campaign("tickets");
  const CampaignInput in = read_campaign(R"({"title": "会议门票", "mode": "predictive",
      "lists": [{"list": 7, "weight": 3}], "teams": ["sales-1"],
      "windows": {"weekend": []}, "retry_after_s": {"busy": 900},
      "ring_time_s": 30, "abandon_limit": 0.025,
      "dispositions": [{"code": "sale", "title": "成交", "outcome": "sale"},
                       {"code": "dnc", "outcome": "do_not_call"}]})",
                                         base);
  ASSERT_TRUE(in.problems.empty()) << in.problems.front();
  const Campaign& c = in.campaign;
  EXPECT_EQ(c.name, "tickets");
  EXPECT_EQ(c.title, "会议门票");
  EXPECT_EQ(c.mode, dialer::Mode::kPredictive);
  ASSERT_EQ(c.lists.size(), 1u);
  EXPECT_EQ(c.lists[0].list, 7);
  EXPECT_EQ(c.lists[0].weight, 3);
  EXPECT_TRUE(c.windows[kWeekend].empty());
  EXPECT_EQ(c.windows[kWorkday].size(), 2u);  // left as the base had it
  EXPECT_EQ(c.retry_busy, seconds(900));
  EXPECT_EQ(c.retry_no_answer, base.retry_no_answer);
  EXPECT_EQ(c.ring_time, seconds(30));
  EXPECT_DOUBLE_EQ(c.abandon_limit, 0.025);
  ASSERT_EQ(c.dispositions.size(), 2u);
  EXPECT_EQ(c.dispositions[1].title, "dnc");  // a title defaults to the code
  EXPECT_EQ(c.dispositions[1].outcome, OutcomeClass::kDoNotCall);
  // Written and read again: the same settings.
  const CampaignInput again = read_campaign(campaign_json(c, true), default_campaign("tickets"));
  ASSERT_TRUE(again.problems.empty()) << again.problems.front();
  EXPECT_EQ(campaign_json(again.campaign), campaign_json(c));
  // The full form carries the status and who changed it last.
  EXPECT_NE(campaign_json(c).find("\"status\":\"draft\""), std::string::npos);
  EXPECT_EQ(campaign_json(c, true).find("\"status\""), std::string::npos);
}

TEST(CampaignJson, BadInputIsNamedAndNothingIsTaken) {
  const Campaign base = default_campaign("x");
  const auto problems_of = [&](const std::string& text) {
    return read_campaign(text, base).problems;
  };
  EXPECT_TRUE(mentions(problems_of(R"({"dial_mode": "fast"})"), "dial_mode: not a campaign field"));
  EXPECT_TRUE(mentions(problems_of(R"({"mode": "turbo"})"), "mode: 'turbo'"));
  EXPECT_TRUE(mentions(problems_of(R"({"ring_time_s": 25.5})"), "ring_time_s: a whole number"));
  EXPECT_TRUE(mentions(problems_of(R"({"ring_time_s": "25"})"), "ring_time_s: a whole number"));
  EXPECT_TRUE(mentions(problems_of(R"({"max_attempts": 1e30})"), "max_attempts"));
  EXPECT_TRUE(mentions(problems_of(R"({"windows": {"monday": []}})"), "unknown day type"));
  EXPECT_TRUE(
      mentions(problems_of(R"({"windows": {"workday": ["9-12"]}})"), "'9-12' is not HH:MM-HH:MM"));
  EXPECT_TRUE(
      mentions(problems_of(R"({"retry_after_s": {"busy": 60, "late": 5}})"), "retry_after_s.late"));
  EXPECT_TRUE(mentions(problems_of(R"({"lists": [{"weight": 2}]})"), "names its 'list'"));
  EXPECT_TRUE(mentions(problems_of(R"({"dispositions": [{"code": "a", "outcome": "maybe"}]})"),
                       "'maybe' is none of"));
  EXPECT_TRUE(mentions(problems_of("[1, 2]"), "not a JSON object"));
  EXPECT_TRUE(mentions(problems_of("{\"title\": \"\xff\"}"), "not UTF-8"));
  EXPECT_TRUE(mentions(problems_of(std::string(100000, '[')), "nests too deep"));
  EXPECT_TRUE(mentions(problems_of("{\"title\": "), "not a JSON object"));
  // The base's values stay where a field was refused.
  const CampaignInput in = read_campaign(R"({"ring_time_s": "x", "title": 5})", base);
  EXPECT_EQ(in.campaign.ring_time, base.ring_time);
  EXPECT_EQ(in.campaign.title, base.title);
}

}  // namespace
}  // namespace hotline::campaigns
