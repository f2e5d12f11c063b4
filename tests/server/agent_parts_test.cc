// The server's small parts that keep agents' facts: how each is reached (AgentPhones) and
// the call each wraps up (WrapUps).

#include <gtest/gtest.h>

#include "server/agent_phones.h"
#include "server/wrap_ups.h"

namespace hotline::server {
namespace {

TEST(AgentPhones, ARegistrationLogsInUnlessTheAgentLoggedOutByChoice) {
  AgentPhones phones;
  EXPECT_FALSE(phones.reachable(1));
  EXPECT_TRUE(phones.phone_registered(1));
  EXPECT_TRUE(phones.reachable(1));
  phones.logged_out_by_choice(1);
  EXPECT_FALSE(phones.phone_registered(1)) << "a refresh does not undo *0";
  phones.logged_in_by_choice(1);
  EXPECT_TRUE(phones.phone_registered(1));
  // A phone that goes logs its agent out, and forgets the choice: it logs in next time.
  phones.logged_out_by_choice(1);
  EXPECT_TRUE(phones.phone_gone(1));
  EXPECT_FALSE(phones.reachable(1));
  EXPECT_TRUE(phones.phone_registered(1));
}

TEST(AgentPhones, ARemoteSeatIsRungWhenNoPhoneIsRegistered) {
  AgentPhones phones;
  phones.add_remote_seat(2, "13900139000");
  EXPECT_TRUE(phones.reachable(2));
  ASSERT_NE(phones.seat_to_dial(2), nullptr);
  EXPECT_EQ(*phones.seat_to_dial(2), "13900139000");
  phones.phone_registered(2);
  EXPECT_EQ(phones.seat_to_dial(2), nullptr) << "its phone is rung while registered";
  EXPECT_FALSE(phones.phone_gone(2)) << "the seat still reaches the agent: not logged out";
  EXPECT_NE(phones.seat_to_dial(2), nullptr);
  EXPECT_EQ(phones.seat_to_dial(3), nullptr);
}

TEST(WrapUps, TheRecordLearnsWhenTheWrapUpOfItsCallEnds) {
  WrapUps wrap_ups;
  wrap_ups.call_finished(4, "uid-1", "");
  EXPECT_EQ(wrap_ups.state_changed(4, acd::AgentState::kWrapUp), std::nullopt);
  ASSERT_NE(wrap_ups.last_call(4), nullptr);
  EXPECT_EQ(*wrap_ups.last_call(4), "uid-1");
  wrap_ups.set_code(4, "resolved");
  EXPECT_EQ(*wrap_ups.code(4), "resolved");
  EXPECT_EQ(wrap_ups.state_changed(4, acd::AgentState::kReady), "uid-1");
  EXPECT_EQ(wrap_ups.last_call(4), nullptr) << "done with";
  EXPECT_EQ(wrap_ups.state_changed(4, acd::AgentState::kNotReady), std::nullopt);
}

TEST(WrapUps, AnAgentWithoutWrapUpEndsNone) {
  WrapUps wrap_ups;
  wrap_ups.call_finished(5, "uid-2", "sale");
  // Straight from talking to ready (no wrap-up configured): nothing to stamp.
  EXPECT_EQ(wrap_ups.state_changed(5, acd::AgentState::kReady), std::nullopt);
  EXPECT_EQ(*wrap_ups.code(5), "sale") << "kept until the next call replaces it";
}

}  // namespace
}  // namespace hotline::server
