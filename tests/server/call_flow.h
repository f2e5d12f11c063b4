#pragma once
// The fixture of tests/server: the real server components (core thread, call table,
// records) with a fake SIP stack, a fake relay and a manual clock. No sockets, and every
// time the server writes is the one the test set.

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "common/manual_clock.h"
#include "config/center_config.h"
#include "server/center_server.h"
#include "server/fakes.h"
#include "store/call_store.h"

namespace hotline::server::testing {

constexpr Time kMorning = seconds(1'796'608'800);  // 2026-12-07 09:00 in Beijing

constexpr const char* kCenter = R"(center: {name: Call flows}
skills: [general]
teams: [t1]
queues:
  - name: general
    skills: {general: 1}
    wrap_up_s: 30
    ring_timeout_s: 10
    max_no_answer: 2
    overflow: [{after_s: 60, offer: callback}]
agents:
  - {name: a1, skills: {general: 5}, team: t1}
  - {name: a2, skills: {general: 5}, team: t1}
ivr:
  - {id: queue, title: Agent, type: queue, queue: general}
  - {id: goodbye, title: Goodbye, type: hangup, prompt: "再见。Goodbye."}
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
inline std::uint64_t id_in(const std::string& line) {
  const auto space = line.find(' ');
  return space == std::string::npos ? 0 : std::stoull(line.substr(space + 1));
}

// The phone of whichever agent the first ring went to, and the other one.
struct Rung {
  std::uint64_t leg;
  std::string agent, other;
};
inline Rung rung(const std::string& ring_line) {
  if (ring_line.empty()) return {0, "", ""};
  const std::string agent = ring_line.substr(ring_line.rfind(' ') + 1);
  return {id_in(ring_line), agent, agent == "a1" ? "a2" : "a1"};
}

// The test plays the network and moves the clock: it moves the clock only after the
// server has acted on the last event (a line in a journal says so), as real time would.
class CallFlow : public ::testing::Test {
 protected:
  // The center the server runs; a fixture deriving from this one may run another.
  virtual const char* center_yaml() const { return kCenter; }

  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("hotline-flow-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ / "prompts");
    std::ofstream(dir_ / "center.yaml") << center_yaml();
    auto config = config::load_center_config((dir_ / "center.yaml").string());
    ASSERT_TRUE(config.ok()) << config.status().message();
    ServerSettings settings;
    settings.prompt_dir = (dir_ / "prompts").string();
    settings.cache_dir = (dir_ / "cache").string();
    settings.data_dir = (dir_ / "data").string();
    // A trunk to call out on: transfers to numbers and callbacks need one.
    sip::Trunk trunk;
    trunk.name = "carrier";
    trunk.outbound = "sip:127.0.0.1:5090";
    trunk.number = "4008001234";
    settings.sip.trunks.push_back(trunk);
    ServerDeps deps;
    deps.clock = &clock_;
    deps.start_sip = [this](const sip::SipSettings& settings, sip::CallHandler* handler) {
      auto fake = std::make_unique<FakeSip>(settings, handler);
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
    if (HasFailure() && sip_ && relay_) {  // what the server did last, to read the failure by
      print_last("sip:  ", sip_->journal.lines());
      print_last("relay:", relay_->journal.lines());
    }
    if (server_) server_->stop();
    server_.reset();
    std::filesystem::remove_all(dir_);
  }

  static void print_last(const char* who, const std::vector<std::string>& lines) {
    const std::size_t shown = std::min<std::size_t>(lines.size(), 60);
    for (std::size_t i = lines.size() - shown; i < lines.size(); ++i)
      std::cerr << "  " << who << " " << lines[i] << "\n";
  }

  std::vector<store::CallRecord> records() {
    auto store = store::CallStore::open((dir_ / "data" / "hotline.db").string());
    EXPECT_TRUE(store.ok());
    auto calls = (*store)->calls(0, kNever);
    EXPECT_TRUE(calls.ok());
    return calls.ok() ? *calls : std::vector<store::CallRecord>{};
  }

  // The records once `n` of them are stored and none is in progress (records written
  // without a BYE to confirm are waited for as the API would), or what is there after 5 s.
  std::vector<store::CallRecord> finished_records(std::size_t n) {
    std::vector<store::CallRecord> calls = records();
    for (int i = 0; i < 250 && !all_finished(calls, n); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      calls = records();
    }
    return calls;
  }
  static bool all_finished(const std::vector<store::CallRecord>& calls, std::size_t n) {
    return calls.size() == n && std::none_of(calls.begin(), calls.end(), [](const auto& c) {
             return c.disposition == "in_progress";
           });
  }

  // An agent as the desk sees it (the core's state when the snapshot was taken).
  api::AgentSnapshot agent(const std::string& name) {
    auto snapshot = server_->view().snapshot();
    if (snapshot)
      for (const api::AgentSnapshot& a : snapshot->agents)
        if (a.name == name) return a;
    ADD_FAILURE() << "no agent " << name;
    return {};
  }

  // A trunk call comes in. It is the server's first id: call 1.
  void call_comes_in() {
    const std::uint64_t call = sip_->new_call();
    ASSERT_EQ(call, 1u);
    sip_->handler->on_trunk_call(call, "13800138000", "4008001234", kOffer);
  }

  // The agents' phones register (their agents log in, ready), a trunk call comes in as
  // call 1 and goes to an agent: the ring ("ring_agent LEG AGENT"; leg 0 if none came).
  Rung call_rings(std::initializer_list<const char*> agents) {
    for (const char* agent : agents)
      sip_->handler->on_phone_registered(agent);
    call_comes_in();
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

}  // namespace hotline::server::testing
