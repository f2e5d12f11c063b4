// RTP relay throughput on loopback: packets relayed per second through 100 sessions, with
// and without µ-law -> A-law transcoding, by one relay worker thread or two. Sender, relay and
// receiver share the machine, so the figure is a floor for the relay alone.

#include <arpa/inet.h>
#include <benchmark/benchmark.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <vector>

#include "media/rtp.h"
#include "media/rtp_relay.h"

namespace hotline::media {
namespace {

int udp_socket(int* port) {
  const int fd = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  *port = ntohs(a.sin_port);
  const int size = 8 << 20;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  return fd;
}

void BM_RelayPackets(benchmark::State& state) {
  const bool transcode = state.range(0) != 0;
  RelaySettings settings{"127.0.0.1", 42000, 42999};
  settings.threads = static_cast<int>(state.range(1));
  auto relay = RtpRelay::start(settings);
  if (!relay.ok()) {
    state.SkipWithError(relay.status().message().c_str());
    return;
  }
  int sender_port = 0, receiver_port = 0;
  const int sender = udp_socket(&sender_port), receiver = udp_socket(&receiver_port);
  std::vector<int> caller_ports;
  for (int i = 0; i < 100; ++i) {
    auto ports = (*relay)->open({Codec::kPcmu, 0, -1},
                                {transcode ? Codec::kPcma : Codec::kPcmu, transcode ? 8 : 0, -1});
    (*relay)->set_peer(ports->session, Leg::kAgent, "127.0.0.1", receiver_port);
    caller_ports.push_back(ports->caller_port);
  }
  std::vector<std::uint8_t> packet(kRtpHeaderSize + 160, 0x55);
  RtpHeader h;
  write_rtp_header(h, packet);
  std::uint8_t buf[2048];
  std::int64_t received = 0;
  for (auto _ : state) {
    // A burst of 100 packets (one per session), then collect what comes out.
    for (int port : caller_ports) {
      sockaddr_in to{};
      to.sin_family = AF_INET;
      to.sin_port = htons(static_cast<std::uint16_t>(port));
      to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      sendto(sender, packet.data(), packet.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
    }
    int got = 0;
    pollfd p{receiver, POLLIN, 0};
    while (got < 100 && poll(&p, 1, 200) == 1)
      while (recv(receiver, buf, sizeof buf, MSG_DONTWAIT) > 0)
        ++got;
    received += got;
  }
  state.counters["packets_per_s"] =
      benchmark::Counter(static_cast<double>(received), benchmark::Counter::kIsRate);
  state.counters["loss"] = 1.0 - static_cast<double>(received) / (100.0 * state.iterations());
  (*relay)->stop();
  close(sender);
  close(receiver);
}
// Arguments: transcode (0/1), relay worker threads.
BENCHMARK(BM_RelayPackets)
    ->ArgsProduct({{0, 1}, {1, 2}})
    ->ArgNames({"transcode", "threads"})
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();

}  // namespace
}  // namespace hotline::media

BENCHMARK_MAIN();
