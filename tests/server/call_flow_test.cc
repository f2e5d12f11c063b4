// Call flows through the real server components (core thread, call table, records) with
// a fake SIP stack, a fake relay and a manual clock: no sockets, and every time the server
// writes is the one the test set.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "config/center_config.h"
#include "server/center_server.h"
#include "server/fakes.h"
#include "store/call_store.h"

namespace hotline::server {
namespace {

using testing::FakeRelay;
using testing::FakeSip;

constexpr Time kMorning = seconds(1'796'608'800);  // 2026-12-07 09:00 in Beijing

constexpr const char* kCenter = R"(center: {name: Call flows}
skills: [general]
teams: [t1]
queues: [{name: general, skills: {general: 1}, wrap_up_s: 30, ring_timeout_s: 10}]
agents:
  - {name: a1, skills: {general: 5}, team: t1}
  - {name: a2, skills: {general: 5}, team: t1}
ivr:
  - {id: queue, title: Agent, type: queue, queue: general}
)";

constexpr const char* kOffer =
    "v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n"
    "m=audio 20000 RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\n"
    "a=rtpmap:101 telephone-event/8000\r\n";
constexpr const char* kPhoneAnswer =
    "v=0\r\no=- 2 2 IN IP4 192.0.2.20\r\ns=-\r\nc=IN IP4 192.0.2.20\r\nt=0 0\r\n"
    "m=audio 30000 RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\n"
    "a=rtpmap:101 telephone-event/8000\r\n";

// The number after the first space of a journal line ("ring_agent 7 a1" → 7).
std::uint64_t id_in(const std::string& line) {
  const auto space = line.find(' ');
  return space == std::string::npos ? 0 : std::stoull(line.substr(space + 1));
}

// The phone of whichever agent the first ring went to, and the other one.
struct Rung {
  std::uint64_t leg;
  std::string agent, other;
};
Rung rung(const std::string& ring_line) {
  if (ring_line.empty()) return {0, "", ""};
  const std::string agent = ring_line.substr(ring_line.rfind(' ') + 1);
  return {id_in(ring_line), agent, agent == "a1" ? "a2" : "a1"};
}

// The test plays the network and moves the clock: it moves the clock only after the
// server has acted on the last event (a line in a journal says so), as real time would.
class CallFlow : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("hotline-flow-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ / "prompts");
    std::ofstream(dir_ / "center.yaml") << kCenter;
    auto config = config::load_center_config((dir_ / "center.yaml").string());
    ASSERT_TRUE(config.ok()) << config.status().message();
    ServerSettings settings;
    settings.prompt_dir = (dir_ / "prompts").string();
    settings.cache_dir = (dir_ / "cache").string();
    settings.data_dir = (dir_ / "data").string();
    ServerDeps deps;
    deps.clock = &clock_;
    deps.start_sip = [this](const sip::SipSettings&, sip::CallHandler* handler) {
      auto fake = std::make_unique<FakeSip>(handler);
      sip_ = fake.get();
      return Result<std::unique_ptr<sip::SipServer>>(std::move(fake));
    };
    deps.start_relay = [this](const media::RelaySettings&, media::MediaEventSink events,
                              media::Recorder*) {
      auto fake = std::make_unique<FakeRelay>(std::move(events));
      relay_ = fake.get();
      return Result<std::unique_ptr<media::RtpRelay>>(std::move(fake));
    };
    auto server = CenterServer::start(*config, settings, deps);
    ASSERT_TRUE(server.ok()) << server.status().message();
    server_ = std::move(*server);
  }
  void TearDown() override {
    if (server_) server_->stop();
    server_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::vector<store::CallRecord> records() {
    auto store = store::CallStore::open((dir_ / "data" / "hotline.db").string());
    EXPECT_TRUE(store.ok());
    auto calls = (*store)->calls(0, kNever);
    EXPECT_TRUE(calls.ok());
    return calls.ok() ? *calls : std::vector<store::CallRecord>{};
  }

  // The agents' phones register (their agents log in, ready), a trunk call comes in as
  // call 1 and goes to an agent: the ring ("ring_agent LEG AGENT"; leg 0 if none came).
  Rung call_rings(std::initializer_list<const char*> agents) {
    for (const char* agent : agents)
      sip_->handler->on_phone_registered(agent);
    sip_->handler->on_trunk_call(1, "13800138000", "4008001234", kOffer);
    return rung(sip_->journal.wait_for("ring_agent "));
  }
  // The ringing phone answers; returns once the server took the answer (the relay's
  // session of the call is being recorded), the session's id.
  std::uint64_t answer(std::uint64_t leg) {
    sip_->handler->on_leg_answered(leg, kPhoneAnswer);
    return id_in(relay_->journal.wait_for("record "));
  }

  std::filesystem::path dir_;
  ManualClock clock_{kMorning};
  FakeSip* sip_ = nullptr;
  FakeRelay* relay_ = nullptr;
  std::unique_ptr<CenterServer> server_;
};

TEST_F(CallFlow, ACallAnsweredByTheAgentIsRecordedAtTheClocksTimes) {
  ASSERT_TRUE(sip_ && relay_);
  const Rung ring = call_rings({"a1"});
  EXPECT_EQ(sip_->journal.wait_for("answer "), "answer 1");
  ASSERT_NE(ring.leg, 0u) << "the agent's phone never rang";
  EXPECT_EQ(ring.agent, "a1");

  clock_.advance(seconds(3));  // the phone rings three seconds
  EXPECT_NE(answer(ring.leg), 0u) << "an answered call is recorded";
  clock_.advance(seconds(60));  // they talk a minute
  sip_->handler->on_call_gone(1);
  EXPECT_EQ(sip_->journal.wait_for("hang_up_leg "), "hang_up_leg " + std::to_string(ring.leg));
  // The caller's BYE is answered once its record is stored.
  EXPECT_EQ(sip_->journal.wait_for("confirm_bye caller"), "confirm_bye caller 1");

  const std::vector<store::CallRecord> calls = records();
  ASSERT_EQ(calls.size(), 1u);
  const store::CallRecord& c = calls[0];
  EXPECT_EQ(c.disposition, "answered");
  EXPECT_EQ(c.agent, "a1");
  EXPECT_EQ(c.queue, "general");
  EXPECT_EQ(c.arrived, kMorning);
  EXPECT_EQ(c.answered - c.queued, seconds(3));
  EXPECT_EQ(c.ended - c.answered, seconds(60));
  EXPECT_EQ(c.hangup_side, "caller");
}

TEST_F(CallFlow, ACallerWhoHangsUpWhileThePhoneRingsIsAbandonedAndTheRingStops) {
  ASSERT_TRUE(sip_ && relay_);
  const Rung ring = call_rings({"a1"});
  ASSERT_NE(ring.leg, 0u);
  clock_.advance(seconds(4));
  sip_->handler->on_call_gone(1);
  EXPECT_EQ(sip_->journal.wait_for("stop_ringing "), "stop_ringing " + std::to_string(ring.leg));
  EXPECT_EQ(sip_->journal.wait_for("confirm_bye caller"), "confirm_bye caller 1");
  const std::vector<store::CallRecord> calls = records();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].disposition, "abandoned");
  EXPECT_EQ(calls[0].ended - calls[0].queued, seconds(4));
  EXPECT_EQ(relay_->journal.wait_for("close "), "close 1") << "its media session is closed";
}

TEST_F(CallFlow, ARingTimeoutRingsTheNextAgentAndAnAnswerCrossingTheCancelIsHungUp) {
  ASSERT_TRUE(sip_ && relay_);
  const Rung first = call_rings({"a1", "a2"});
  ASSERT_NE(first.leg, 0u);
  clock_.advance(seconds(10));  // the queue's ring_timeout_s
  EXPECT_EQ(sip_->journal.wait_for("stop_ringing "), "stop_ringing " + std::to_string(first.leg));
  const std::string second = sip_->journal.wait_for("ring_agent ", " " + first.other);
  ASSERT_NE(second, "") << "the next agent was not rung";
  // The first phone's 200 OK was on its way when the CANCEL left: that leg gets a BYE.
  sip_->handler->on_leg_answered(first.leg, kPhoneAnswer);
  EXPECT_EQ(sip_->journal.wait_for("hang_up_leg "), "hang_up_leg " + std::to_string(first.leg));
  ASSERT_NE(answer(id_in(second)), 0u);
  clock_.advance(seconds(30));
  sip_->handler->on_call_gone(1);
  EXPECT_EQ(sip_->journal.wait_for("confirm_bye caller"), "confirm_bye caller 1");
  const std::vector<store::CallRecord> calls = records();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].disposition, "answered");
  EXPECT_EQ(calls[0].agent, first.other);
  EXPECT_EQ(calls[0].answered - calls[0].queued, seconds(10));
  ASSERT_EQ(calls[0].legs.size(), 2u) << "both rings are in the record";
  EXPECT_EQ(calls[0].legs[0].result, "answered_late");
  EXPECT_EQ(calls[0].legs[1].result, "answered");
}

TEST_F(CallFlow, ABusyPhoneRingsTheNextAgentAtOnce) {
  ASSERT_TRUE(sip_ && relay_);
  const Rung first = call_rings({"a1", "a2"});
  ASSERT_NE(first.leg, 0u);
  sip_->handler->on_leg_failed(first.leg, 486);
  EXPECT_NE(sip_->journal.wait_for("ring_agent ", " " + first.other), "");
}

TEST_F(CallFlow, ACallerWhoseMediaStopsIsHungUpAndTheRecordSaysWhy) {
  ASSERT_TRUE(sip_ && relay_);
  const Rung ring = call_rings({"a1"});
  ASSERT_NE(ring.leg, 0u);
  const std::uint64_t session = answer(ring.leg);
  ASSERT_NE(session, 0u);
  clock_.advance(seconds(45));
  relay_->events({media::MediaEvent::Type::kRtpTimeout, session, 0, media::Leg::kCaller});
  EXPECT_EQ(sip_->journal.wait_for("hang_up "), "hang_up 1");
  EXPECT_EQ(sip_->journal.wait_for("hang_up_leg "), "hang_up_leg " + std::to_string(ring.leg));
  // The record is written without a BYE to confirm: wait for it as the API would.
  std::vector<store::CallRecord> calls;
  for (int i = 0; i < 50 && (calls.empty() || calls[0].disposition == "in_progress"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    calls = records();
  }
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].disposition, "answered");
  EXPECT_EQ(calls[0].hangup_cause, "rtp_timeout");
  EXPECT_EQ(calls[0].ended - calls[0].answered, seconds(45));
}

TEST_F(CallFlow, AByeCrossingAReInviteEndsTheCallOnce) {
  ASSERT_TRUE(sip_ && relay_);
  const Rung ring = call_rings({"a1"});
  ASSERT_NE(ring.leg, 0u);
  ASSERT_NE(answer(ring.leg), 0u);
  sip_->handler->on_reoffer(sip::Side::kCaller, 1, kOffer);  // a session refresh ...
  sip_->handler->on_call_gone(1);                            // ... crossed by the BYE
  EXPECT_EQ(sip_->journal.wait_for("confirm_bye caller"), "confirm_bye caller 1");
  EXPECT_EQ(sip_->journal.wait_for("hang_up_leg "), "hang_up_leg " + std::to_string(ring.leg));
  const std::vector<store::CallRecord> calls = records();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].disposition, "answered");
  EXPECT_EQ(sip_->journal.count("confirm_bye caller"), 1u);
}

}  // namespace
}  // namespace hotline::server
