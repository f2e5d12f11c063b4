// Each ticket type's moves and what they need.

#include "tickets/workflow.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "tickets/rules.h"

namespace hotline::tickets {
namespace {

TEST(TicketRules, ProvidersByRegionAndCauses) {
  TicketRules rules;
  EXPECT_TRUE(rules.known_cause("anything"));  // no list: free text
  rules.providers = {{"海淀服务站", {"海淀", "朝阳"}, "01062345678"}, {"浦东服务站", {"浦东"}, ""}};
  rules.complaint_causes = {"attitude", "product_quality"};
  ASSERT_NE(rules.provider_for("朝阳"), nullptr);
  EXPECT_EQ(rules.provider_for("朝阳")->name, "海淀服务站");
  EXPECT_EQ(rules.provider_for("浦东")->name, "浦东服务站");
  EXPECT_EQ(rules.provider_for("天河"), nullptr);
  EXPECT_EQ(rules.provider_named("浦东服务站")->phone, "");
  EXPECT_EQ(rules.provider_named("nobody"), nullptr);
  EXPECT_TRUE(rules.known_cause("attitude"));
  EXPECT_FALSE(rules.known_cause("weather"));
}

TEST(Workflow, Types) {
  for (const char* name : {"inquiry", "repair", "billing", "complaint"})
    EXPECT_EQ(type_name(*parse_type(name)), name);
  EXPECT_FALSE(parse_type("bug"));
  EXPECT_EQ(statuses(TicketType::kRepair).back(), "closed");
  EXPECT_EQ(statuses(TicketType::kRepair),
            (std::vector<std::string>{"new", "dispatched", "resolved", "follow_up", "closed"}));
  EXPECT_EQ(statuses(TicketType::kBilling),
            (std::vector<std::string>{"new", "in_progress", "resolved", "closed"}));
  EXPECT_EQ(statuses(TicketType::kComplaint)[3], "follow_up");
  const TicketRules rules;
  EXPECT_LT(rules.deadline(TicketType::kComplaint, true),
            rules.deadline(TicketType::kComplaint, false));
  EXPECT_EQ(rules.deadline(TicketType::kRepair, true), seconds(72 * 3600));
}

// What a desk offers next: exactly the moves the table allows, each one move_problem
// accepts when its needs are met.
TEST(Workflow, NextStatusesAreTheTablesMoves) {
  using V = std::vector<std::string>;
  EXPECT_EQ(next_statuses(TicketType::kRepair, "follow_up"), (V{"closed", "dispatched"}));
  EXPECT_EQ(next_statuses(TicketType::kBilling, "resolved"), (V{"closed", "in_progress"}));
  EXPECT_EQ(next_statuses(TicketType::kComplaint, "closed"), V{});
  EXPECT_EQ(next_statuses(TicketType::kInquiry, "nonsense"), V{});
  const MoveFacts all{"服务商", "电容", true, 0};
  for (TicketType t :
       {TicketType::kInquiry, TicketType::kRepair, TicketType::kBilling, TicketType::kComplaint})
    for (const std::string& from : statuses(t))
      for (const std::string& to : statuses(t)) {
        const auto next = next_statuses(t, from);
        const bool offered = std::find(next.begin(), next.end(), to) != next.end();
        EXPECT_EQ(offered, move_problem(t, from, to, all).empty()) << from << " -> " << to;
      }
}

TEST(Workflow, SimpleTypes) {
  for (TicketType t : {TicketType::kInquiry, TicketType::kBilling}) {
    EXPECT_EQ(move_problem(t, "new", "in_progress", {}), "");
    EXPECT_EQ(move_problem(t, "in_progress", "resolved", {}), "");
    EXPECT_EQ(move_problem(t, "resolved", "closed", {}), "");
    EXPECT_EQ(move_problem(t, "resolved", "in_progress", {}), "");  // reopened
    EXPECT_NE(move_problem(t, "new", "closed", {}), "");
    EXPECT_NE(move_problem(t, "closed", "new", {}), "");
    EXPECT_NE(move_problem(t, "new", "dispatched", {}), "");
  }
}

TEST(Workflow, RepairNeedsProviderPartsAndVerification) {
  const TicketType r = TicketType::kRepair;
  EXPECT_NE(move_problem(r, "new", "dispatched", {}), "");
  EXPECT_EQ(move_problem(r, "new", "dispatched", {"深圳服务商", "", false, 0}), "");
  EXPECT_NE(move_problem(r, "dispatched", "resolved", {"p", "", false, 0}), "");
  EXPECT_EQ(move_problem(r, "dispatched", "resolved", {"p", "compressor", false, 0}), "");
  EXPECT_EQ(move_problem(r, "resolved", "follow_up", {"p", "compressor", false, 0}), "");
  EXPECT_NE(move_problem(r, "follow_up", "closed", {"p", "compressor", false, 0}), "");
  EXPECT_EQ(move_problem(r, "follow_up", "closed", {"p", "compressor", true, 0}), "");
  EXPECT_EQ(move_problem(r, "follow_up", "dispatched", {"p", "compressor", false, 0}), "");
  EXPECT_NE(move_problem(r, "resolved", "closed", {"p", "x", true, 0}), "");  // no skipping
}

TEST(Workflow, ComplaintFollowUpsAreLimited) {
  const TicketType c = TicketType::kComplaint;
  EXPECT_EQ(move_problem(c, "follow_up", "in_progress", {"", "", false, 0}), "");
  EXPECT_EQ(move_problem(c, "follow_up", "in_progress", {"", "", false, 1}), "");
  EXPECT_NE(move_problem(c, "follow_up", "in_progress", {"", "", false, 2}), "");
  EXPECT_NE(move_problem(c, "follow_up", "closed", {}), "");
  EXPECT_EQ(move_problem(c, "follow_up", "closed", {"", "", true, 0}), "");
}

}  // namespace
}  // namespace hotline::tickets
