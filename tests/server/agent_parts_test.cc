// The server's small parts that keep agents' facts: how each is reached (AgentPhones),
// the call each wraps up (WrapUps), and the gate of their states (AgentStates) over a
// real routing core.

#include <gtest/gtest.h>

#include "common/manual_clock.h"
#include "config/center_config.h"
#include "server/agent_phones.h"
#include "server/agent_states.h"
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

constexpr const char* kAgentsCenter = R"(skills: [s]
queues: [{name: q, skills: {s: 1}}]
agents: [{name: a1, skills: {s: 1}}, {name: home, skills: {s: 1}}]
reasons: [lunch, training]
sip:
  trunks:
    - {name: carrier, addresses: [10.0.0.1], outbound: "sip:10.0.0.1:5060", number: "4008001234"}
  remote_seats: [{agent: home, number: "13900001111"}]
)";

class AgentStatesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto config = config::parse_center_config(kAgentsCenter, "agents.yaml");
    ASSERT_TRUE(config.ok()) << config.status().message();
    center_ = std::make_unique<center::CallCenter>(config->model, config->ivr, config->calendar);
    agents_ = std::make_unique<detail::AgentStates>(*center_, clock_, *config, core_);
  }
  acd::AgentState state(const std::string& agent) {
    return center_->routing().agent(*agents_->find(agent)).state;
  }

  // The core's steps, with what it asked in return kept for the test to read.
  struct KeptSteps final : detail::CoreSteps {
    void step_center(const Event& event) override { event(commands); }
    std::vector<center::CenterCommand> commands;
  };

  ManualClock clock_{seconds(1'796'608'800)};
  std::unique_ptr<center::CallCenter> center_;
  KeptSteps core_;
  std::unique_ptr<detail::AgentStates> agents_;
};

TEST_F(AgentStatesTest, AnAgentWithoutAPhoneCannotBeReadyAndAPhoneLogsItIn) {
  const acd::AgentId a1 = *agents_->find("a1");
  EXPECT_EQ(agents_->act(a1, api::AgentAction::kReady, 0), api::ActionResult::kUnreachable);
  EXPECT_EQ(state("a1"), acd::AgentState::kLoggedOut);
  agents_->phone_registered("a1");
  EXPECT_NE(state("a1"), acd::AgentState::kLoggedOut);
  EXPECT_FALSE(core_.commands.empty()) << "the core announced the new state";
  agents_->phone_registered("nobody");  // not an agent: nothing happens
  EXPECT_FALSE(agents_->find("nobody"));
}

TEST_F(AgentStatesTest, FeatureCodesGoThroughTheSameGateAsTheDesk) {
  const acd::AgentId a1 = *agents_->find("a1");
  agents_->phone_registered("a1");
  EXPECT_EQ(agents_->feature_code(a1, "*22"), "示忙。 Not ready: training.");
  EXPECT_EQ(state("a1"), acd::AgentState::kNotReady);
  EXPECT_EQ(center_->routing().agent(a1).reason, *agents_->reason_id("training"));
  EXPECT_EQ(agents_->feature_code(a1, "*29"), "") << "there is no ninth reason";
  EXPECT_EQ(agents_->feature_code(a1, "*2x"), "");
  EXPECT_EQ(agents_->feature_code(a1, "*1"), "已就绪。 Ready.");
  EXPECT_EQ(state("a1"), acd::AgentState::kReady);
  EXPECT_EQ(agents_->act(a1, api::AgentAction::kHangUp, 0), api::ActionResult::kWrongState)
      << "a call's control is not an agent's state";
  EXPECT_EQ(agents_->feature_code(a1, "*0"), "已签出。 Logged out.");
  agents_->phone_registered("a1");  // the phone's next refresh
  EXPECT_EQ(state("a1"), acd::AgentState::kLoggedOut) << "it logged out by choice";
}

TEST_F(AgentStatesTest, ReasonsAreTheConfigurationsAndNoAnswer) {
  EXPECT_EQ(agents_->reasons(), (std::vector<std::string>{"lunch", "training", "no_answer"}));
  EXPECT_FALSE(agents_->reason_id("holiday"));
  agents_->set_reasons({"training"});
  EXPECT_FALSE(agents_->reason_id("lunch")) << "taken out: agents may no longer give it";
  EXPECT_TRUE(agents_->reason_id("training"));
}

TEST_F(AgentStatesTest, ARemoteSeatKeepsItsAgentLoggedInWithoutAPhone) {
  agents_->log_in_remote_seats();
  EXPECT_NE(state("home"), acd::AgentState::kLoggedOut);
  EXPECT_EQ(state("a1"), acd::AgentState::kLoggedOut);
  agents_->phone_registered("home");
  agents_->phone_unregistered("home");
  EXPECT_NE(state("home"), acd::AgentState::kLoggedOut) << "the seat still reaches it";
  ASSERT_NE(agents_->phones().seat_to_dial(*agents_->find("home")), nullptr);
}

}  // namespace
}  // namespace hotline::server
