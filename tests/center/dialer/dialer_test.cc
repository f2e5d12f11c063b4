// The campaign dialer as a machine: events in, commands out, in microseconds.

#include "center/dialer/dialer.h"

#include <gtest/gtest.h>

namespace hotline::dialer {
namespace {

using Type = Command::Type;

std::vector<Lead> leads(int n, LeadId first = 1) {
  std::vector<Lead> out;
  for (int i = 0; i < n; ++i)
    out.push_back({first + i, "1380013" + std::to_string(8000 + first + i), 0});
  return out;
}

std::vector<Command> of_type(const std::vector<Command>& out, Type t) {
  std::vector<Command> found;
  for (const Command& c : out)
    if (c.type == t) found.push_back(c);
  return found;
}

TEST(Dialer, ProgressiveDialsOneNumberPerReadyAgentAndKeepsTheCallForIt) {
  CampaignRules rules;
  rules.mode = Mode::kProgressive;
  Dialer d(rules);
  std::vector<Command> out;
  d.add_leads(leads(10), 0, out);
  EXPECT_TRUE(of_type(out, Type::kDial).empty());  // nobody to call for yet
  out.clear();
  d.agent_ready(0, seconds(1), out);
  d.agent_ready(1, seconds(1), out);
  auto dials = of_type(out, Type::kDial);
  ASSERT_EQ(dials.size(), 2u);
  EXPECT_EQ(dials[0].agent, 0u);
  EXPECT_EQ(dials[0].lead, 1);
  EXPECT_EQ(dials[1].agent, 1u);
  EXPECT_EQ(d.calls_out(), 2);

  // The first is answered: it goes to its agent. The second is busy: tried again in 10
  // minutes, and its agent gets the next number at once.
  out.clear();
  d.call_answered(dials[0].call, Outcome::kHuman, seconds(11), out);
  auto connects = of_type(out, Type::kConnect);
  ASSERT_EQ(connects.size(), 1u);
  EXPECT_EQ(connects[0].agent, 0u);
  out.clear();
  d.call_failed(dials[1].call, Outcome::kBusy, seconds(12), out);
  auto done = of_type(out, Type::kLeadDone);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].outcome, Outcome::kBusy);
  EXPECT_EQ(done[0].retry_at, seconds(12) + seconds(600));
  dials = of_type(out, Type::kDial);
  ASSERT_EQ(dials.size(), 1u);
  EXPECT_EQ(dials[0].agent, 1u);
  EXPECT_EQ(dials[0].lead, 3);

  // The talk ends: the lead is done; after its wrap-up the agent dials again.
  out.clear();
  d.talk_ended(connects[0].call, seconds(30), seconds(251), out);
  done = of_type(out, Type::kLeadDone);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].outcome, Outcome::kHuman);
  EXPECT_EQ(done[0].retry_at, 0);
  EXPECT_TRUE(of_type(out, Type::kDial).empty());
  EXPECT_EQ(d.next_timer(), seconds(281));
  out.clear();
  d.tick(seconds(281), out);
  ASSERT_EQ(of_type(out, Type::kDial).size(), 1u);
  EXPECT_EQ(of_type(out, Type::kDial)[0].agent, 0u);
  EXPECT_EQ(d.stats().connected, 1u);
  EXPECT_EQ(d.stats().busy, 1u);
}

TEST(Dialer, PreviewShowsTheLeadThenDialsOrSkipsOrDialsItselfAfterTheDelay) {
  CampaignRules rules;
  rules.mode = Mode::kPreview;
  rules.preview_auto_dial = seconds(20);
  Dialer d(rules);
  std::vector<Command> out;
  d.add_leads(leads(5), 0, out);
  d.agent_ready(3, 0, out);
  auto previews = of_type(out, Type::kPreview);
  ASSERT_EQ(previews.size(), 1u);
  EXPECT_EQ(previews[0].agent, 3u);
  EXPECT_EQ(previews[0].lead, 1);
  EXPECT_TRUE(of_type(out, Type::kDial).empty());
  // Skipped: no more dials of it; the next lead is shown.
  out.clear();
  d.preview_skip(3, seconds(5), out);
  ASSERT_EQ(of_type(out, Type::kLeadDone).size(), 1u);
  EXPECT_EQ(of_type(out, Type::kLeadDone)[0].outcome, Outcome::kSkipped);
  EXPECT_EQ(of_type(out, Type::kLeadDone)[0].retry_at, 0);
  ASSERT_EQ(of_type(out, Type::kPreview).size(), 1u);
  EXPECT_EQ(of_type(out, Type::kPreview)[0].lead, 2);
  // Dialled by the agent.
  out.clear();
  d.preview_dial(3, seconds(8), out);
  auto dials = of_type(out, Type::kDial);
  ASSERT_EQ(dials.size(), 1u);
  EXPECT_EQ(dials[0].lead, 2);
  EXPECT_EQ(dials[0].agent, 3u);
  out.clear();
  d.call_failed(dials[0].call, Outcome::kNoAnswer, seconds(33), out);
  ASSERT_EQ(of_type(out, Type::kPreview).size(), 1u);
  EXPECT_EQ(of_type(out, Type::kPreview)[0].lead, 3);
  // Left alone, it dials itself 20 s later.
  EXPECT_EQ(d.next_timer(), seconds(53));
  out.clear();
  d.tick(seconds(53), out);
  ASSERT_EQ(of_type(out, Type::kDial).size(), 1u);
  EXPECT_EQ(of_type(out, Type::kDial)[0].lead, 3);
  // An agent who leaves while previewing gives its lead to the next.
  out.clear();
  d.agent_ready(4, seconds(54), out);
  ASSERT_EQ(of_type(out, Type::kPreview).size(), 1u);
  EXPECT_EQ(of_type(out, Type::kPreview)[0].lead, 4);
  d.agent_away(4, seconds(55), out);
  out.clear();
  d.agent_ready(5, seconds(56), out);
  ASSERT_EQ(of_type(out, Type::kPreview).size(), 1u);
  EXPECT_EQ(of_type(out, Type::kPreview)[0].lead, 4);
}

TEST(Dialer, AnAnsweredCallWithNoAgentInTwoSecondsIsAbandonedAndNotDialledFor72Hours) {
  CampaignRules rules;
  rules.mode = Mode::kPredictive;
  Dialer d(rules);
  std::vector<Command> out;
  d.add_leads(leads(100), 0, out);
  for (AgentId a = 0; a < 3; ++a)
    d.agent_ready(a, 0, out);
  auto dials = of_type(out, Type::kDial);
  // Three agents, a third of dials answered (the prior): three numbers out, where a
  // fourth would add more abandons than its answer is worth.
  ASSERT_EQ(dials.size(), 3u);
  d.agent_away(2, seconds(1), out);  // one goes away: the calls out are one too many
  out.clear();
  for (int i = 0; i < 2; ++i)
    d.call_answered(dials[i].call, Outcome::kHuman, seconds(10), out);
  ASSERT_EQ(of_type(out, Type::kConnect).size(), 2u);
  out.clear();
  d.call_answered(dials[2].call, Outcome::kHuman, seconds(11), out);
  EXPECT_TRUE(of_type(out, Type::kConnect).empty());  // waits for an agent
  EXPECT_LE(d.next_timer(), seconds(13));
  out.clear();
  d.tick(seconds(13) - 1, out);
  EXPECT_TRUE(of_type(out, Type::kAbandon).empty());  // within its 2 s
  out.clear();
  d.tick(seconds(13), out);
  auto abandons = of_type(out, Type::kAbandon);
  ASSERT_EQ(abandons.size(), 1u);
  EXPECT_EQ(abandons[0].call, dials[2].call);
  auto done = of_type(out, Type::kLeadDone);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].outcome, Outcome::kAbandoned);
  EXPECT_EQ(done[0].retry_at, seconds(13) + seconds(72 * 3600));
  EXPECT_DOUBLE_EQ(d.abandon_rate_today(seconds(13)), 1.0 / 3);
  EXPECT_DOUBLE_EQ(d.abandon_rate_30_days(seconds(13)), 1.0 / 3);
  EXPECT_EQ(d.stats().abandoned, 1u);
  // Thirty days on, the day has left the window.
  EXPECT_DOUBLE_EQ(d.abandon_rate_30_days(seconds(13) + seconds(30 * 86400)), 0.0);
}

TEST(Dialer, ALeadIsDialledAtMostMaxAttemptsTimes) {
  CampaignRules rules;
  rules.mode = Mode::kProgressive;
  rules.retry.max_attempts = 2;
  rules.retry.after_busy = seconds(60);
  Dialer d(rules);
  std::vector<Command> out;
  d.add_leads(leads(1), 0, out);
  d.agent_ready(0, 0, out);
  auto dial = of_type(out, Type::kDial);
  ASSERT_EQ(dial.size(), 1u);
  out.clear();
  d.call_failed(dial[0].call, Outcome::kBusy, seconds(5), out);
  EXPECT_EQ(of_type(out, Type::kLeadDone)[0].retry_at, seconds(65));
  EXPECT_TRUE(of_type(out, Type::kDial).empty());  // not due yet
  EXPECT_EQ(d.next_timer(), seconds(65));
  out.clear();
  d.tick(seconds(65), out);
  dial = of_type(out, Type::kDial);
  ASSERT_EQ(dial.size(), 1u);
  out.clear();
  d.call_failed(dial[0].call, Outcome::kBusy, seconds(70), out);
  EXPECT_EQ(of_type(out, Type::kLeadDone)[0].retry_at, 0);  // the second attempt was the last
  EXPECT_EQ(d.leads_waiting(), 0u);
}

TEST(Dialer, OverTheAbandonBudgetPredictiveDialsOnlyForReadyAgents) {
  CampaignRules rules;
  rules.mode = Mode::kPredictive;
  Dialer d(rules);
  std::vector<Command> out;
  d.add_leads(leads(5000), 0, out);
  // Three agents; every dial answered at once, so each round abandons what they cannot take.
  Time t = 0;
  for (AgentId a = 0; a < 3; ++a)
    d.agent_ready(a, t, out);
  for (int round = 0; round < 100 && d.stats().human < 60; ++round) {
    std::vector<Command> dials = of_type(out, Type::kDial), next;
    out.clear();
    std::vector<CallId> connected;
    for (const Command& c : dials) {
      d.call_answered(c.call, Outcome::kHuman, t, out);
      for (const Command& m : out) {
        if (m.type == Type::kConnect) connected.push_back(m.call);
        if (m.type == Type::kDial) next.push_back(m);  // dialled on the way: answered next
      }
      out.clear();
    }
    t += seconds(3);
    d.tick(t, out);
    for (CallId c : connected)
      d.talk_ended(c, 0, t, out);  // ready again: they dial again
    for (const Command& m : of_type(out, Type::kDial))
      next.push_back(m);
    out = std::move(next);
    t += seconds(1);
  }
  ASSERT_GE(d.stats().human, 50u);
  ASSERT_GE(d.abandon_rate_today(t), 0.03);
  // Then 150 unanswered numbers in a row bring the answer rate measured back under a third,
  // where within the budget three ready agents would have four numbers out.
  for (int unanswered = 0; unanswered < 150;) {
    std::vector<Command> dials = of_type(out, Type::kDial);
    out.clear();
    for (const Command& c : dials) {
      d.call_failed(c.call, Outcome::kNoAnswer, t, out);
      ++unanswered;
    }
    t += seconds(1);
  }
  // Over the budget: no more numbers out than agents ready to take them.
  EXPECT_EQ(d.calls_out(), 3);
}

TEST(Dialer, AsksForMoreLeadsWhenItRunsLow) {
  CampaignRules rules;
  rules.mode = Mode::kProgressive;
  Dialer d(rules);
  std::vector<Command> out;
  d.agent_ready(0, 0, out);
  auto need = of_type(out, Type::kNeedLeads);
  ASSERT_EQ(need.size(), 1u);
  EXPECT_GT(need[0].count, 0);
  out.clear();
  d.agent_ready(1, 0, out);
  EXPECT_TRUE(of_type(out, Type::kNeedLeads).empty());  // asked once until leads come
  out.clear();
  d.add_leads(leads(3), 1, out);
  EXPECT_EQ(of_type(out, Type::kDial).size(), 2u);
  EXPECT_EQ(of_type(out, Type::kNeedLeads).size(), 1u);  // still low: asked again
}

}  // namespace
}  // namespace hotline::dialer
