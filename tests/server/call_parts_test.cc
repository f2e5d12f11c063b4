// The server's parts that hold a call's state, each on its own: the call table (ids,
// calls, legs), the call log (records while calls go on) and telephony (every SIP and
// relay request), run on a real core thread as in the server.

#include <gtest/gtest.h>

#include <filesystem>
#include <future>

#include "common/manual_clock.h"
#include "server/call_log.h"
#include "server/call_table.h"
#include "server/control_states.h"
#include "server/fakes.h"
#include "server/telephony.h"
#include "store/call_store.h"

namespace hotline::server::detail {
namespace {

constexpr const char* kOffer =
    "v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n"
    "m=audio 20000 RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\n"
    "a=rtpmap:101 telephone-event/8000\r\n";
constexpr const char* kHoldOffer =
    "v=0\r\no=- 1 2 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n"
    "m=audio 20000 RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\n"
    "a=rtpmap:101 telephone-event/8000\r\na=sendonly\r\n";
constexpr const char* kNoAudio = "v=0\r\nm=video 0 RTP/AVP 96\r\n";

// A core thread: the parts assert they are used on it.
class CoreThread : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(core_.start().ok()); }
  void TearDown() override { core_.stop(); }
  // Runs `work` on the core thread and waits for it.
  template <typename F>
  void on_core(F&& work) {
    std::promise<void> done;
    core_.post([&] {
      work();
      done.set_value();
    });
    done.get_future().wait();
  }

  ManualClock clock_{seconds(1'700'000'000)};
  EventLoop core_{clock_};
};

using CallTableTest = CoreThread;

// The controls' state: either side's hold is a hold; only the change of the whole is
// reported; "*7" and "*8" pause and resume the recording once each.
TEST(ControlStatesTest, HoldsFromPhoneAndDeskAndTheRecordingKeys) {
  using HoldBy = detail::ControlStates::HoldBy;
  detail::ControlStates controls;
  EXPECT_FALSE(controls.on_hold(7));
  EXPECT_TRUE(controls.set_hold(7, HoldBy::kPhone, true));  // on hold now
  EXPECT_FALSE(controls.set_hold(7, HoldBy::kDesk, true));  // still: no change
  EXPECT_TRUE(controls.held_by(7, HoldBy::kDesk));
  EXPECT_FALSE(controls.set_hold(7, HoldBy::kPhone, false));
  EXPECT_TRUE(controls.on_hold(7));
  EXPECT_TRUE(controls.end_holds(7)) << "the desk held it";
  EXPECT_FALSE(controls.on_hold(7));
  EXPECT_FALSE(controls.on_hold(8)) << "calls are apart";

  EXPECT_EQ(controls.agent_key(7, '7'), std::nullopt) << "a 7 alone is no code";
  EXPECT_EQ(controls.agent_key(7, '*'), std::nullopt);
  EXPECT_EQ(controls.agent_key(7, '7'), std::optional<bool>(true));
  EXPECT_EQ(controls.agent_key(7, '7'), std::nullopt) << "the star is used up";
  EXPECT_EQ(controls.agent_key(7, '*'), std::nullopt);
  EXPECT_EQ(controls.agent_key(7, '7'), std::nullopt) << "paused already";
  EXPECT_EQ(controls.agent_key(7, '*'), std::nullopt);
  EXPECT_EQ(controls.agent_key(7, '8'), std::optional<bool>(false));
  controls.forget(7);
  EXPECT_EQ(controls.calls(), 0u);
}

TEST_F(CallTableTest, CallsAndLegsShareOneIdSpaceAndLeaveNothingBehind) {
  CallTable calls(core_);
  on_core([&] {
    const std::uint64_t call = calls.new_id(), leg = calls.new_id();
    EXPECT_NE(call, leg);
    Call& c = calls.open(call, {7, 40000, 40002});
    EXPECT_EQ(c.session, 7u);
    EXPECT_EQ(c.caller_port, 40000);
    EXPECT_EQ(calls.call_of_session(7), call);
    EXPECT_EQ(calls.open_calls(), 1u);
    PlacedLeg placed;
    placed.call = call;
    placed.agent = 3;
    calls.place(leg, placed);
    ASSERT_NE(calls.leg(leg), nullptr);
    EXPECT_EQ(calls.leg(leg)->agent, 3u);
    std::optional<PlacedLeg> dropped = calls.drop_leg(leg);
    ASSERT_TRUE(dropped);
    EXPECT_EQ(dropped->call, call);
    EXPECT_EQ(calls.leg(leg), nullptr);
    EXPECT_FALSE(calls.drop_leg(leg)) << "a leg is dropped once";
    calls.close(call);
    EXPECT_EQ(calls.find(call), nullptr);
    EXPECT_EQ(calls.call_of_session(7), 0u);
    EXPECT_EQ(calls.open_calls(), 0u);
    calls.close(call);  // a second close is harmless
    EXPECT_EQ(calls.open_calls(), 0u);
  });
}

class CallLogTest : public CoreThread {
 protected:
  void SetUp() override {
    CoreThread::SetUp();
    dir_ = std::filesystem::temp_directory_path() /
           ("hotline-call-log-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto store = store::CallStore::open((dir_ / "calls.db").string());
    ASSERT_TRUE(store.ok()) << store.status().message();
    auto writer = RecordWriter::start(std::move(*store));
    ASSERT_TRUE(writer.ok());
    writer_ = std::move(*writer);
    log_.write_to(*writer_);
  }
  void TearDown() override {
    CoreThread::TearDown();
    writer_.reset();
    std::filesystem::remove_all(dir_);
  }
  // What the writer has stored, once everything before is written.
  std::vector<store::CallRecord> stored(const std::string& disposition) {
    writer_->stop();
    auto store = store::CallStore::open((dir_ / "calls.db").string());
    EXPECT_TRUE(store.ok());
    store::CallQuery q;
    q.dispositions = {disposition};
    auto calls = (*store)->calls(q);
    EXPECT_TRUE(calls.ok());
    return calls.ok() ? *calls : std::vector<store::CallRecord>{};
  }

  std::filesystem::path dir_;
  std::unique_ptr<RecordWriter> writer_;
  CallTable calls_{core_};
  CallLog log_{core_, clock_, {{"a1", "a2"}, "4008001000", seconds(5)}};
};

// A 200 OK that crosses our CANCEL is answered too late, whoever the leg reached: an
// agent's phone or an outside number.
TEST_F(CallLogTest, AnAnswerThatCrossedOurCancelIsAnsweredLateForEveryKindOfLeg) {
  on_core([&] {
    Call& c = calls_.open(1, {7, 40000, 40002});
    log_.begin(1, c, clock_.now());
    for (LegKind kind : {LegKind::kAgent, LegKind::kTransfer}) {
      PlacedLeg l;
      l.call = 1;
      l.kind = kind;
      l.record = log_.add_leg(1, kind == LegKind::kAgent ? "a1" : "", "13900139000", clock_.now());
      l.cancelled = true;
      log_.leg_answered(l);
      ASSERT_NE(log_.leg(l), nullptr);
      EXPECT_EQ(log_.leg(l)->result, "answered_late");
      EXPECT_EQ(log_.leg(l)->sip_status, 200);
      EXPECT_EQ(log_.leg(l)->answered, 0);
      l.cancelled = false;
      log_.leg_answered(l);
      EXPECT_EQ(log_.leg(l)->result, "answered");
      EXPECT_EQ(log_.leg(l)->answered, clock_.now());
    }
  });
}

TEST_F(CallLogTest, ATransferToAQueueClosesTheAgentsPartAndLinksTheRest) {
  std::string first, second;
  on_core([&] {
    Call& c = calls_.open(1, {7, 40000, 40002});
    c.caller = "13800138000";
    log_.of(1).called = "95555";
    const Time arrived = clock_.now();
    first = log_.begin(1, c, arrived).uid;
    clock_.advance(seconds(10));
    log_.hold(1, true);
    clock_.advance(seconds(15));
    log_.hold(1, false);
    clock_.advance(seconds(5));
    log_.split_at_transfer(1, c, clock_.now());
    second = log_.find(1)->uid;
    EXPECT_NE(second, first);
    EXPECT_EQ(log_.find(1)->transferred_from, first);
    EXPECT_EQ(log_.find(1)->called, "95555");

    center::CallTrace part;
    part.call = 1;
    part.caller = c.caller;
    part.arrived = arrived;
    part.answered = arrived + seconds(2);
    part.ended = clock_.now();
    part.agent = 0;
    part.disposition = center::Disposition::kAnswered;
    std::optional<store::CallRecord> r = log_.finished(part, &c);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->uid, first) << "the trace the core finishes at the transfer is the agent's part";
    EXPECT_EQ(r->hold, seconds(15));
    EXPECT_EQ(r->agent, "a1");
    EXPECT_EQ(r->short_abandon, seconds(5));
    std::optional<store::CallRecord> rest = log_.finished(part, &c);
    ASSERT_TRUE(rest);
    EXPECT_EQ(rest->uid, second);
    EXPECT_EQ(rest->transferred_from, first);
  });
  // Both parts were written as in progress the moment they began.
  std::vector<store::CallRecord> open = stored("in_progress");
  ASSERT_EQ(open.size(), 2u);
  EXPECT_EQ(open[0].caller, "13800138000");
}

TEST_F(CallLogTest, AnIvrTransferIsWrittenWhenItsFarEndHangsUpNotWhenTheCoreIsDone) {
  on_core([&] {
    Call& c = calls_.open(2, {8, 40004, 40006});
    c.caller = "13800138000";
    c.transfer_to = "13900139000";
    log_.begin(2, c, clock_.now());
    PlacedLeg leg;
    leg.call = 2;
    leg.kind = LegKind::kTransfer;
    leg.record = log_.add_leg(2, "", "13900139000", clock_.now());
    log_.leg(leg)->answered = clock_.now() + seconds(3);
    center::CallTrace trace;
    trace.call = 2;
    trace.arrived = clock_.now();
    trace.ended = clock_.now() + seconds(1);
    trace.disposition = center::Disposition::kTransferred;
    EXPECT_FALSE(log_.finished(trace, &c)) << "the transferred talk goes on";
    clock_.advance(seconds(63));
    std::optional<store::CallRecord> r = log_.outside_ended(2, c, clock_.now());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->ended, clock_.now()) << "ended when the far end hung up";
    ASSERT_EQ(r->legs.size(), 1u);
    EXPECT_EQ(r->legs[0].ended, clock_.now());
  });
}

class TelephonyTest : public CoreThread {
 protected:
  void SetUp() override {
    CoreThread::SetUp();
    telephony_.attach(sip_, relay_, {1, 2, 3});
  }
  testing::FakeSip sip_{{}, nullptr};
  testing::FakeRelay relay_{nullptr};
  CallTable calls_{core_};
  Telephony telephony_{core_, calls_, "127.0.0.1"};
};

TEST_F(TelephonyTest, AnOfferWithoutUsableAudioIsRefusedAndOpensNothing) {
  on_core([&] { EXPECT_EQ(telephony_.answer(5, kNoAudio), nullptr); });
  EXPECT_EQ(sip_.journal.lines(), std::vector<std::string>{"reject 5 488"});
  EXPECT_EQ(relay_.journal.count("open"), 0u);
  EXPECT_EQ(telephony_.rejected(), 1u);
  EXPECT_EQ(calls_.open_calls(), 0u);
}

TEST_F(TelephonyTest, ACallAnsweredHasItsSessionUntilItIsClosed) {
  on_core([&] {
    Call* c = telephony_.answer(5, kOffer);
    ASSERT_NE(c, nullptr);
    EXPECT_FALSE(c->answer_in_ack);
    EXPECT_EQ(calls_.call_of_session(c->session), 5u);
    telephony_.close(5, *c);
    EXPECT_EQ(calls_.find(5), nullptr);
  });
  EXPECT_EQ(sip_.journal.lines(), std::vector<std::string>{"answer 5"});
  EXPECT_EQ(relay_.journal.lines(), (std::vector<std::string>{"open 1", "close 1"}));
}

TEST_F(TelephonyTest, ADelayedOfferWaitsForTheAckAndAnAckWithoutAudioIsNotTaken) {
  on_core([&] {
    Call* c = telephony_.answer(6, "");
    ASSERT_NE(c, nullptr);
    EXPECT_TRUE(c->answer_in_ack) << "our offer went in the 200 OK";
    EXPECT_FALSE(telephony_.take_ack_answer(6, *c, kNoAudio));
    EXPECT_FALSE(c->answer_in_ack);
    Call* d = telephony_.answer(7, "");
    ASSERT_NE(d, nullptr);
    EXPECT_TRUE(telephony_.take_ack_answer(7, *d, kOffer));
  });
}

TEST_F(TelephonyTest, AReofferSaysWhetherItHoldsAndBumpsOurSessionVersion) {
  on_core([&] {
    Call* c = telephony_.answer(5, kOffer);
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(telephony_.answer_reoffer(sip::Side::kCaller, 5, *c, media::Leg::kCaller, kHoldOffer),
              std::optional<bool>(true));
    EXPECT_EQ(telephony_.answer_reoffer(sip::Side::kCaller, 5, *c, media::Leg::kCaller, kOffer),
              std::optional<bool>(false));
    EXPECT_EQ(c->sdp_version, 3u);
    EXPECT_FALSE(
        telephony_.answer_reoffer(sip::Side::kCaller, 5, *c, media::Leg::kCaller, kNoAudio));
    EXPECT_EQ(c->sdp_version, 3u) << "a refused offer changes nothing";
  });
  EXPECT_EQ(sip_.journal.count("answer_reoffer caller 5 200"), 2u);
  EXPECT_EQ(sip_.journal.count("answer_reoffer caller 5 488"), 1u);
}

TEST_F(TelephonyTest, AnAgentIsRungAtItsPhoneOrAtItsRemoteSeat) {
  on_core([&] {
    Call* c = telephony_.open_placed(10);
    ASSERT_NE(c, nullptr);
    EXPECT_TRUE(c->caller_line) << "the caller's line is the opener's to say";
    const std::string seat = "13900139000";
    telephony_.ring_agent(11, *c, "a1", nullptr, "13800138000", "");
    telephony_.ring_agent(12, *c, "a2", &seat, "13800138000", "");
  });
  EXPECT_EQ(sip_.journal.lines(),
            (std::vector<std::string>{"ring_agent 11 a1", "dial_out 12 13900139000"}));
}

TEST_F(TelephonyTest, MusicPlaysWhileWaitingAndStopsOnlyIfItPlays) {
  on_core([&] {
    Call* c = telephony_.answer(5, kOffer);
    ASSERT_NE(c, nullptr);
    telephony_.stop_music(*c);  // nothing plays: nothing to stop
    telephony_.play_music(*c);
    EXPECT_TRUE(c->music && c->audio_in_relay);
    telephony_.stop_music(*c);
    EXPECT_FALSE(c->music || c->audio_in_relay);
    const std::uint32_t generation = c->prompt_generation;
    telephony_.interrupt(*c);
    EXPECT_EQ(c->prompt_generation, generation + 1) << "audio being prepared is stale";
  });
  EXPECT_EQ(relay_.journal.lines(),
            (std::vector<std::string>{"open 1", "play 1", "stop_playing 1", "stop_playing 1"}));
}

}  // namespace
}  // namespace hotline::server::detail
