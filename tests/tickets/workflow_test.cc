// Each ticket type's moves and what they need.

#include "tickets/workflow.h"

#include <gtest/gtest.h>

namespace hotline::tickets {
namespace {

TEST(Workflow, Types) {
  for (const char* name : {"inquiry", "repair", "billing", "complaint"})
    EXPECT_EQ(type_name(*parse_type(name)), name);
  EXPECT_FALSE(parse_type("bug"));
  EXPECT_EQ(statuses(TicketType::kRepair).back(), "closed");
  EXPECT_LT(deadline(TicketType::kComplaint, true), deadline(TicketType::kComplaint, false));
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
