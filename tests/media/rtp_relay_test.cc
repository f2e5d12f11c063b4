// The RTP relay on real loopback sockets: forwarding both ways, latching, transcoding,
// DTMF payload-type mapping, garbage dropped, ports released.

#include "media/rtp_relay.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <mutex>
#include <set>
#include <vector>

#include "media/g711.h"
#include "media/rtcp.h"
#include "media/rtp.h"
#include "wav_reader.h"

namespace hotline::media {
namespace {

// A phone's RTP socket on loopback.
class Endpoint {
 public:
  Endpoint() {
    fd_ = socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
  }
  ~Endpoint() { close(fd_); }
  int port() const { return port_; }

  void send_to(int port, const std::vector<std::uint8_t>& packet) {
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(static_cast<std::uint16_t>(port));
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sendto(fd_, packet.data(), packet.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
  }
  // The next datagram within `wait_ms`, or empty.
  std::vector<std::uint8_t> receive(int wait_ms = 2000) {
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, wait_ms) != 1) return {};
    std::vector<std::uint8_t> buf(2048);
    const ssize_t n = recv(fd_, buf.data(), buf.size(), 0);
    buf.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    return buf;
  }

 private:
  int fd_ = -1, port_ = 0;
};

std::vector<std::uint8_t> rtp(std::uint8_t pt, std::uint16_t seq,
                              std::vector<std::uint8_t> payload) {
  std::vector<std::uint8_t> p(kRtpHeaderSize);
  RtpHeader h;
  h.payload_type = pt;
  h.sequence = seq;
  h.timestamp = seq * 160u;
  h.ssrc = 42;
  write_rtp_header(h, p);
  p.insert(p.end(), payload.begin(), payload.end());
  return p;
}

class Relay : public ::testing::Test {
 protected:
  // Counters move on the relay thread just after the packet is sent: wait a little.
  template <typename Pred>
  bool eventually(Pred done) {
    for (int i = 0; i < 200 && !done(); ++i)
      usleep(5000);
    return done();
  }
  void SetUp() override {
    RelaySettings s;
    s.port_min = 40000 + (getpid() % 100) * 200;
    s.port_max = s.port_min + 199;
    auto r = RtpRelay::start(s);
    ASSERT_TRUE(r.ok()) << r.status().message();
    relay_ = std::move(*r);
  }
  void TearDown() override {
    relay_->stop();
    EXPECT_EQ(relay_->counters().open_ports, 0u);
  }
  std::unique_ptr<RtpRelay> relay_;
};

TEST_F(Relay, ForwardsBothWaysAndLatches) {
  Endpoint caller, agent;
  auto ports = relay_->open({Codec::kPcmu, 0, 101}, {Codec::kPcmu, 0, 101});
  ASSERT_TRUE(ports.ok()) << ports.status().message();
  EXPECT_EQ(relay_->counters().open_ports, 4u);  // RTP and RTCP for each leg
  relay_->set_peer(ports->session, Leg::kAgent, "127.0.0.1", agent.port());
  // The caller is behind NAT: its SDP is wrong, its first packet tells the truth.
  relay_->set_peer(ports->session, Leg::kCaller, "127.0.0.1", 9);
  std::vector<std::uint8_t> voice(160, 0x55);
  caller.send_to(ports->caller_port, rtp(0, 1, voice));
  auto got = agent.receive();
  ASSERT_EQ(got.size(), kRtpHeaderSize + 160);
  EXPECT_TRUE(std::equal(voice.begin(), voice.end(), got.begin() + kRtpHeaderSize));
  agent.send_to(ports->agent_port, rtp(0, 7, std::vector<std::uint8_t>(160, 0x22)));
  got = caller.receive();  // reached the latched address, not port 9
  ASSERT_EQ(got.size(), kRtpHeaderSize + 160);
  EXPECT_EQ(got[kRtpHeaderSize], 0x22);
  EXPECT_TRUE(eventually([&] { return relay_->counters().packets_relayed == 2; }));
  relay_->close(ports->session);
}

TEST_F(Relay, PartedLegsDoNotHearEachOtherUntilJoinedAgain) {
  Endpoint caller, agent;
  auto ports = relay_->open({Codec::kPcmu, 0, 101}, {Codec::kPcmu, 0, 101});
  ASSERT_TRUE(ports.ok()) << ports.status().message();
  relay_->set_peer(ports->session, Leg::kAgent, "127.0.0.1", agent.port());
  relay_->set_peer(ports->session, Leg::kCaller, "127.0.0.1", caller.port());
  relay_->part(ports->session, true);
  usleep(50'000);  // the worker takes the change from its queue
  caller.send_to(ports->caller_port, rtp(0, 1, std::vector<std::uint8_t>(160, 0x55)));
  agent.send_to(ports->agent_port, rtp(0, 2, std::vector<std::uint8_t>(160, 0x22)));
  EXPECT_TRUE(agent.receive(300).empty());
  EXPECT_TRUE(caller.receive(300).empty());
  EXPECT_EQ(relay_->counters().packets_dropped, 0u);  // held back on purpose, not dropped
  relay_->part(ports->session, false);
  usleep(50'000);
  caller.send_to(ports->caller_port, rtp(0, 3, std::vector<std::uint8_t>(160, 0x55)));
  EXPECT_EQ(agent.receive().size(), kRtpHeaderSize + 160);
  relay_->close(ports->session);
}

TEST(RelayRtcp, ReportsLossToThePeerAndReadsItsReports) {
  RelaySettings settings;
  settings.port_min = 46000 + (getpid() % 100) * 40;
  settings.port_max = settings.port_min + 39;
  settings.rtcp_interval = seconds_f(0.1);
  auto relay = RtpRelay::start(settings);
  ASSERT_TRUE(relay.ok()) << relay.status().message();
  Endpoint caller, caller_rtcp;
  auto ports = (*relay)->open({Codec::kPcmu, 0, 101}, {Codec::kPcmu, 0, 101});
  ASSERT_TRUE(ports.ok());
  // The phone's own report arrives first: the relay's go back to where it came from.
  std::vector<std::uint8_t> report(32);
  ReceptionReport theirs;
  theirs.source = 1;
  theirs.fraction_lost = 12;
  write_receiver_report(42, theirs, report);
  caller_rtcp.send_to(ports->caller_port + 1, report);
  caller_rtcp.send_to(ports->caller_port + 1, {1, 2, 3});  // garbage: dropped
  // Packets 0..9 of the caller's stream with 3 and 4 lost on the way.
  for (std::uint16_t seq = 0; seq < 10; ++seq)
    if (seq != 3 && seq != 4)
      caller.send_to(ports->caller_port, rtp(0, seq, std::vector<std::uint8_t>(160, 0x55)));
  RtcpSummary ours;
  bool got = false;
  for (int i = 0; i < 20 && !got; ++i) {
    const std::vector<std::uint8_t> packet = caller_rtcp.receive();
    got = parse_rtcp(packet, &ours) && ours.has_report && ours.report.highest_sequence == 9;
  }
  ASSERT_TRUE(got);
  EXPECT_FALSE(ours.sender_report);
  EXPECT_EQ(ours.report.source, 42u);  // the caller's SSRC
  EXPECT_EQ(ours.report.cumulative_lost, 2);
  // The relay thread counts just after it reads or sends: give it a moment.
  for (int i = 0; i < 200; ++i) {
    const RelayCounters now = (*relay)->counters();
    if (now.rtcp_received >= 1 && now.rtcp_sent >= 1) break;
    usleep(5000);
  }
  const RelayCounters c = (*relay)->counters();
  EXPECT_EQ(c.rtcp_received, 1u);
  EXPECT_GE(c.rtcp_sent, 1u);
  (*relay)->close(ports->session);
  (*relay)->stop();
  EXPECT_EQ((*relay)->counters().packets_lost, 2u);
  EXPECT_EQ((*relay)->counters().open_ports, 0u);
}

// A caller whose phone suppresses silence sends no RTP while it listens to the queue's
// music; its RTCP reports show the line alive, so it is not cut off. Once the reports
// stop too, the line is dead and reported once.
TEST(RelayLiveness, ReportsKeepASilentLineAliveUntilTheyStop) {
  RelaySettings settings;
  settings.port_min = 47000 + (getpid() % 100) * 40;
  settings.port_max = settings.port_min + 39;
  settings.rtp_timeout = seconds_f(1.5);
  std::mutex mutex;
  std::vector<MediaEvent> events;
  auto relay = RtpRelay::start(settings, [&](const MediaEvent& e) {
    std::lock_guard lock(mutex);
    events.push_back(e);
  });
  ASSERT_TRUE(relay.ok()) << relay.status().message();
  auto timeouts = [&] {
    std::lock_guard lock(mutex);
    return std::count_if(events.begin(), events.end(), [](const MediaEvent& e) {
      return e.type == MediaEvent::Type::kRtpTimeout;
    });
  };
  Endpoint caller_rtcp;
  auto ports = (*relay)->open({Codec::kPcmu, 0, 101}, {Codec::kPcmu, 0, 101});
  ASSERT_TRUE(ports.ok());
  std::vector<std::uint8_t> report(32);
  write_receiver_report(42, ReceptionReport{}, report);
  for (int i = 0; i < 8; ++i) {  // 4 s of reports every 0.5 s, no RTP at all
    caller_rtcp.send_to(ports->caller_port + 1, report);
    usleep(500'000);
  }
  EXPECT_EQ(timeouts(), 0) << "cut off while its reports came";
  for (int i = 0; i < 40 && timeouts() == 0; ++i)
    usleep(100'000);
  EXPECT_EQ(timeouts(), 1) << "a line sending nothing at all is dead";
  (*relay)->close(ports->session);
  (*relay)->stop();
}

TEST_F(Relay, TranscodesBetweenMuLawAndALaw) {
  Endpoint caller, agent;
  auto ports = relay_->open({Codec::kPcmu, 0, 101}, {Codec::kPcma, 8, 96});
  ASSERT_TRUE(ports.ok());
  relay_->set_peer(ports->session, Leg::kAgent, "127.0.0.1", agent.port());
  const G711& g = G711::get();
  std::vector<std::uint8_t> ulaw(160);
  for (int i = 0; i < 160; ++i)
    ulaw[i] = g.encode(Codec::kPcmu, static_cast<std::int16_t>(i * 100 - 8000));
  caller.send_to(ports->caller_port, rtp(0, 1, ulaw));
  auto got = agent.receive();
  ASSERT_EQ(got.size(), kRtpHeaderSize + 160);
  RtpHeader h;
  ASSERT_TRUE(parse_rtp(got, &h));
  EXPECT_EQ(h.payload_type, 8);
  for (int i = 0; i < 160; ++i) {
    const int sent = g.decode(Codec::kPcmu, ulaw[i]);
    const int heard = g.decode(Codec::kPcma, got[kRtpHeaderSize + i]);
    EXPECT_LE(std::abs(sent - heard), std::max(16, std::abs(sent) / 16)) << i;
  }
  // DTMF keeps its meaning under the agent's telephone-event payload type.
  caller.send_to(ports->caller_port, rtp(101, 2, {5, 0x8A, 0, 160}));
  got = agent.receive();
  ASSERT_TRUE(parse_rtp(got, &h));
  EXPECT_EQ(h.payload_type, 96);
  EXPECT_EQ(got[kRtpHeaderSize], 5);
  EXPECT_TRUE(eventually([&] { return relay_->counters().packets_transcoded == 1; }));
}

TEST_F(Relay, DropsGarbageAndUnknownPayloadsAndReleasesPorts) {
  Endpoint caller, agent, stranger;
  auto ports = relay_->open({Codec::kPcmu, 0, -1}, {Codec::kPcmu, 0, -1});
  ASSERT_TRUE(ports.ok());
  relay_->set_peer(ports->session, Leg::kAgent, "127.0.0.1", agent.port());
  caller.send_to(ports->caller_port, {1, 2, 3});              // not RTP
  caller.send_to(ports->caller_port, rtp(18, 1, {1, 2, 3}));  // G.729: not negotiated
  stranger.send_to(ports->agent_port, {0xFF, 0xFF});          // garbage cannot latch
  caller.send_to(ports->caller_port, rtp(0, 2, std::vector<std::uint8_t>(160, 1)));
  auto got = agent.receive();
  ASSERT_EQ(got.size(), kRtpHeaderSize + 160);
  EXPECT_EQ(got[kRtpHeaderSize], 1);
  for (int i = 0; i < 50 && relay_->counters().packets_dropped < 3; ++i)
    usleep(10000);
  EXPECT_EQ(relay_->counters().packets_dropped, 3u);
  relay_->close(ports->session);
  for (int i = 0; i < 100 && relay_->counters().open_ports > 0; ++i)
    usleep(10000);
  EXPECT_EQ(relay_->counters().open_ports, 0u);
  EXPECT_EQ(relay_->counters().sessions, 0u);
}

// Events arrive on the relay thread; the test reads them from its own.
class EventLog {
 public:
  MediaEventSink sink() {
    return [this](const MediaEvent& e) {
      std::lock_guard<std::mutex> lock(mutex_);
      events_.push_back(e);
    };
  }
  std::vector<MediaEvent> wait_for(std::size_t count) {
    for (int i = 0; i < 300; ++i) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (events_.size() >= count) return events_;
      }
      usleep(10000);
    }
    std::lock_guard<std::mutex> lock(mutex_);
    return events_;
  }

 private:
  std::mutex mutex_;
  std::vector<MediaEvent> events_;
};

TEST(RelayMedia, PlaysAudioToTheCallerAndReportsTheEnd) {
  EventLog log;
  auto relay = RtpRelay::start(
      {"127.0.0.1", 43000 + (getpid() % 50) * 20, 43019 + (getpid() % 50) * 20}, log.sink());
  ASSERT_TRUE(relay.ok()) << relay.status().message();
  Endpoint caller;
  auto ports = (*relay)->open({Codec::kPcma, 8, 101}, {Codec::kPcmu, 0, 101});
  ASSERT_TRUE(ports.ok());
  (*relay)->set_peer(ports->session, Leg::kCaller, "127.0.0.1", caller.port());
  std::vector<std::int16_t> tone(8 * 90);  // 90 ms: five packets, the last padded
  for (std::size_t i = 0; i < tone.size(); ++i)
    tone[i] = static_cast<std::int16_t>(i % 2 ? 4000 : -4000);
  (*relay)->play(ports->session, tone);
  const G711& g = G711::get();
  std::uint16_t previous_seq = 0;
  for (int k = 0; k < 5; ++k) {
    auto got = caller.receive();
    ASSERT_EQ(got.size(), kRtpHeaderSize + 160) << "packet " << k;
    RtpHeader h;
    ASSERT_TRUE(parse_rtp(got, &h));
    EXPECT_EQ(h.payload_type, 8);  // the caller's codec: A-law
    EXPECT_EQ(h.marker, k == 0);
    if (k > 0) {
      EXPECT_EQ(h.sequence, static_cast<std::uint16_t>(previous_seq + 1));
    }
    previous_seq = h.sequence;
    const int first = g.decode(Codec::kPcma, got[kRtpHeaderSize]);
    if (k < 4) {
      EXPECT_NEAR(first, -4000, 200);
    }
    if (k == 4) {
      EXPECT_EQ(g.decode(Codec::kPcma, got.back()), 8);  // padded with silence (A-law's +8)
    }
  }
  auto events = log.wait_for(1);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, MediaEvent::Type::kPromptDone);
  EXPECT_EQ(events[0].session, ports->session);
  (*relay)->stop();
}

TEST(RelayMedia, CallerKeysAreReportedOncePerPress) {
  EventLog log;
  auto relay = RtpRelay::start(
      {"127.0.0.1", 44000 + (getpid() % 50) * 20, 44019 + (getpid() % 50) * 20}, log.sink());
  ASSERT_TRUE(relay.ok());
  Endpoint caller;
  auto ports = (*relay)->open({Codec::kPcmu, 0, 101}, {Codec::kPcmu, 0, 101});
  ASSERT_TRUE(ports.ok());
  // A key press: start packets, then the end packet three times, all with one timestamp.
  const auto press = [&](std::uint8_t event, std::uint16_t seq, std::uint32_t ts) {
    for (int i = 0; i < 5; ++i) {
      auto p = rtp(101, static_cast<std::uint16_t>(seq + i),
                   {event, static_cast<std::uint8_t>(i >= 2 ? 0x8A : 0x0A), 0, 160});
      p[4] = static_cast<std::uint8_t>(ts >> 24);
      p[5] = static_cast<std::uint8_t>(ts >> 16);
      p[6] = static_cast<std::uint8_t>(ts >> 8);
      p[7] = static_cast<std::uint8_t>(ts);
      caller.send_to(ports->caller_port, p);
    }
  };
  press(1, 10, 16000);
  press(11, 20, 32000);  // '#'
  auto events = log.wait_for(2);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].digit, '1');
  EXPECT_EQ(events[1].digit, '#');
  usleep(50000);
  EXPECT_EQ(log.wait_for(3).size(), 2u);  // no duplicates from the repeated end packets
  (*relay)->stop();
}

TEST(RelayMedia, KeysAsTonesFromALineWithoutRfc4733) {
  EventLog log;
  auto relay = RtpRelay::start(
      {"127.0.0.1", 45000 + (getpid() % 50) * 20, 45019 + (getpid() % 50) * 20}, log.sink());
  ASSERT_TRUE(relay.ok());
  Endpoint caller;
  auto ports = (*relay)->open({Codec::kPcmu, 0, -1}, {Codec::kPcmu, 0, 101});
  ASSERT_TRUE(ports.ok());
  // Key 5 (770 Hz + 1336 Hz) for 100 ms, then 100 ms of quiet; then key 9 (852 + 1477).
  const G711& g = G711::get();
  std::uint16_t seq = 0;
  const auto send_tone = [&](double low, double high, int packets) {
    for (int p = 0; p < packets; ++p, ++seq) {
      std::vector<std::uint8_t> payload(160);
      for (int i = 0; i < 160; ++i) {
        const double t = (seq * 160 + i) / 8000.0;
        const double v =
            low == 0 ? 0 : 6000 * (std::sin(2 * M_PI * low * t) + std::sin(2 * M_PI * high * t));
        payload[i] = g.encode(Codec::kPcmu, static_cast<std::int16_t>(v));
      }
      caller.send_to(ports->caller_port, rtp(0, seq, payload));
      usleep(2000);
    }
  };
  send_tone(770, 1336, 5);
  send_tone(0, 0, 5);
  send_tone(852, 1477, 5);
  send_tone(0, 0, 5);
  auto events = log.wait_for(2);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].type, MediaEvent::Type::kDigit);
  EXPECT_EQ(events[0].digit, '5');
  EXPECT_EQ(events[1].digit, '9');
  (*relay)->stop();
}

TEST(RelaySettingsCheck, BadRangesAndAddresses) {
  EXPECT_FALSE(RtpRelay::start({"127.0.0.1", 80, 90}).ok());
  EXPECT_FALSE(RtpRelay::start({"127.0.0.1", 50000, 40000}).ok());
  EXPECT_FALSE(RtpRelay::start({"not-an-address", 40000, 40100}).ok());
  RelaySettings too_many;
  too_many.threads = 1000;
  EXPECT_FALSE(RtpRelay::start(too_many).ok());
}

// Sessions spread over several workers: each call is relayed by its own worker, every
// port is distinct, and the counters add up across workers.
TEST(RelayWorkers, SessionsSpreadOverWorkersEachRelayed) {
  RelaySettings s;
  s.port_min = 44001 + (getpid() % 25) * 80;  // odd: RTP still starts on an even port
  s.port_max = s.port_min + 79;
  s.threads = 3;
  auto relay = RtpRelay::start(s);
  ASSERT_TRUE(relay.ok()) << relay.status().message();
  std::vector<RtpRelay::Ports> calls;
  std::set<int> ports;
  std::set<std::uint64_t> workers;
  for (int i = 0; i < 6; ++i) {
    auto p = (*relay)->open({Codec::kPcmu, 0, 101}, {Codec::kPcmu, 0, 101});
    ASSERT_TRUE(p.ok()) << p.status().message();
    EXPECT_EQ(p->caller_port % 2, 0);
    EXPECT_GE(p->caller_port, s.port_min);
    ports.insert(p->caller_port);
    ports.insert(p->agent_port);
    workers.insert((p->session - 1) % 3);
    calls.push_back(*p);
  }
  EXPECT_EQ(ports.size(), 12u);
  EXPECT_EQ(workers.size(), 3u);  // the fewest-sessions rule reached every worker
  EXPECT_EQ((*relay)->counters().sessions, 6u);
  EXPECT_EQ((*relay)->counters().open_ports, 24u);
  for (std::size_t i = 0; i < calls.size(); ++i) {
    Endpoint caller, agent;
    (*relay)->set_peer(calls[i].session, Leg::kAgent, "127.0.0.1", agent.port());
    (*relay)->set_peer(calls[i].session, Leg::kCaller, "127.0.0.1", caller.port());
    const auto mark = static_cast<std::uint8_t>(0x10 + i);
    caller.send_to(calls[i].caller_port, rtp(0, 1, std::vector<std::uint8_t>(160, mark)));
    auto got = agent.receive();
    ASSERT_EQ(got.size(), kRtpHeaderSize + 160) << "call " << i;
    EXPECT_EQ(got[kRtpHeaderSize], mark);
    agent.send_to(calls[i].agent_port, rtp(0, 1, std::vector<std::uint8_t>(160, mark + 0x40)));
    got = caller.receive();
    ASSERT_EQ(got.size(), kRtpHeaderSize + 160) << "call " << i;
    EXPECT_EQ(got[kRtpHeaderSize], mark + 0x40);
  }
  for (int i = 0; i < 200 && (*relay)->counters().packets_relayed < 12; ++i)
    usleep(5000);
  EXPECT_EQ((*relay)->counters().packets_relayed, 12u);
  for (const auto& c : calls)
    (*relay)->close(c.session);
  for (int i = 0; i < 200 && (*relay)->counters().sessions > 0; ++i)
    usleep(5000);
  EXPECT_EQ((*relay)->counters().open_ports, 0u);
  EXPECT_EQ((*relay)->counters().sessions, 0u);
  (*relay)->stop();
}

}  // namespace
}  // namespace hotline::media

namespace hotline::media {
namespace {

TEST(RelayShutdown, SessionsOpenedJustBeforeStopAreClosedToo) {
  auto relay =
      RtpRelay::start({"127.0.0.1", 45000 + (getpid() % 50) * 20, 45019 + (getpid() % 50) * 20});
  ASSERT_TRUE(relay.ok());
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE((*relay)->open({Codec::kPcmu, 0, -1}, {Codec::kPcmu, 0, -1}).ok());
  (*relay)->stop();  // no pause: the adopt work may still be queued
  EXPECT_EQ((*relay)->counters().open_ports, 0u);
  EXPECT_EQ((*relay)->counters().sessions, 0u);
}

}  // namespace
}  // namespace hotline::media

namespace hotline::media {
namespace {

// Both legs recorded through the relay: the customer on the left, the agent on the
// right, whatever each side's codec; paused audio is silence on the same timeline.
TEST(RelayRecording, BothSidesInTheirChannels) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("hotline-relay-rec-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  auto recorder = Recorder::start(dir.string());
  ASSERT_TRUE(recorder.ok());
  RelaySettings s;
  s.port_min = 40000 + (getpid() % 100) * 200 + 100;
  s.port_max = s.port_min + 99;
  auto relay = RtpRelay::start(s, {}, recorder->get());
  ASSERT_TRUE(relay.ok());
  Endpoint caller, agent;
  auto ports = (*relay)->open({Codec::kPcmu, 0, 101}, {Codec::kPcma, 8, 101});
  ASSERT_TRUE(ports.ok());
  (*relay)->set_peer(ports->session, Leg::kAgent, "127.0.0.1", agent.port());
  (*relay)->set_peer(ports->session, Leg::kCaller, "127.0.0.1", caller.port());
  (*relay)->record(ports->session, "calls/one.wav");
  const G711& g = G711::get();
  const std::int16_t customer = 3000, agent_voice = -2000;
  // 10 packets each way, 20 ms apart in RTP time; packets 4-5 of the customer while paused.
  for (std::uint16_t i = 0; i < 10; ++i) {
    if (i == 4) (*relay)->pause_recording(ports->session, true);
    if (i == 6) (*relay)->pause_recording(ports->session, false);
    usleep(20000);  // the pause must reach the relay before the packet does
    caller.send_to(ports->caller_port,
                   rtp(0, i, std::vector<std::uint8_t>(160, g.encode(Codec::kPcmu, customer))));
    agent.send_to(ports->agent_port,
                  rtp(8, i, std::vector<std::uint8_t>(160, g.encode(Codec::kPcma, agent_voice))));
    ASSERT_FALSE(agent.receive().empty());
    ASSERT_FALSE(caller.receive().empty());
  }
  EXPECT_EQ((*relay)->counters().recordings, 1u);
  (*relay)->close(ports->session);
  (*relay)->stop();
  EXPECT_EQ((*relay)->counters().recordings, 0u);
  (*recorder)->stop();
  EXPECT_EQ((*recorder)->counters().files_done, 1u);

  const Wav w = read_wav((dir / "calls/one.wav").string());
  EXPECT_EQ(w.channels, 2);
  // The timeline starts at the first packet and spans the ten packets' RTP time (the
  // customer's paused packets 4 and 5 are silence in place).
  std::size_t start = 0;  // where the customer's first packet sits: when it arrived
  while (start < w.left.size() && w.left[start] == 0)
    ++start;
  ASSERT_LE(start, 8000u);  // it came within a second
  ASSERT_GE(w.left.size(), start + 1600);
  const std::int16_t heard_customer = g.decode(Codec::kPcmu, g.encode(Codec::kPcmu, customer));
  const std::int16_t heard_agent = g.decode(Codec::kPcma, g.encode(Codec::kPcma, agent_voice));
  for (std::size_t i = 0; i < 1600; ++i) {
    const bool paused = i >= 4 * 160 && i < 6 * 160;
    ASSERT_EQ(w.left[start + i], paused ? 0 : heard_customer) << i;
  }
  for (std::size_t i = start + 1600; i < w.left.size(); ++i)
    ASSERT_EQ(w.left[i], 0) << i;
  int agent_samples = 0;
  for (std::int16_t v : w.right)
    agent_samples += v == heard_agent;
  EXPECT_EQ(agent_samples, 1600 - 2 * 160);  // the agent was paused at the same time
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace hotline::media
