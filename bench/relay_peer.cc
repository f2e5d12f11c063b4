// hotline-relay-peer: the same call load relayed by hotline's RtpRelay and by rtpengine
// (Debian rtpengine-daemon, userspace forwarding, set up over its ng control protocol),
// to state our CPU per relayed packet as a ratio to a relay the industry runs.
//
// Each call is two endpoints, a caller and an agent, each sending one G.711 packet of
// 20 ms every 20 ms to the relay, which sends it on to the other. The generator is this
// process's main thread; the relay's CPU is measured apart from it: for hotline, the
// process's CPU time less the main thread's (the relay workers are the other threads);
// for rtpengine, its process's CPU time. Both are measured over the same window, after a
// second of warm-up. Figures, not tests.
//
//   hotline-relay-peer --relay hotline|rtpengine [--calls 200] [--seconds 20] [--threads 1]

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "media/rtp.h"
#include "media/rtp_relay.h"

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kPacketBytes = 12 + 160;

struct Endpoint {
  int fd = -1;
  int port = 0;
  sockaddr_in relay{};  // where this endpoint sends
  std::uint16_t sequence = 0;
  std::uint32_t timestamp = 0;
  std::uint32_t ssrc = 0;
  std::uint64_t received = 0;
};

sockaddr_in loopback(int port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

int bound_udp(int* port) {
  const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  sockaddr_in a = loopback(0);
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) return -1;
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  *port = ntohs(a.sin_port);
  return fd;
}

double thread_cpu_s() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

double process_cpu_s() {
  rusage u;
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// utime + stime of another process, from /proc.
double other_process_cpu_s(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto close_paren = stat.rfind(')');
  if (close_paren == std::string::npos) return 0;
  // After ") ": state is field 3; utime and stime are fields 14 and 15.
  const char* p = stat.c_str() + close_paren + 2;
  unsigned long long utime = 0, stime = 0;
  for (int field = 3; field < 14; ++field)
    p = std::strchr(p, ' ') + 1;
  std::sscanf(p, "%llu %llu", &utime, &stime);
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// --- rtpengine over its ng protocol: bencoded dictionaries in UDP datagrams. ---

std::string bencode(const std::string& s) {
  return std::to_string(s.size()) + ":" + s;
}

class Rtpengine {
 public:
  ~Rtpengine() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
    if (fd_ >= 0) close(fd_);
  }

  bool start(int threads, int control_port) {
    control_ = loopback(control_port);
    pid_ = fork();
    if (pid_ == 0) {
      const std::string ng = "--listen-ng=127.0.0.1:" + std::to_string(control_port);
      const std::string n = "--num-threads=" + std::to_string(threads);
      if (!std::getenv("RTPENGINE_LOG")) {
        const int null = ::open("/dev/null", O_WRONLY);
        dup2(null, 2);
      }
      execlp("rtpengine", "rtpengine", "--config-file=none", "--foreground", "--log-stderr",
             "--log-level=3", "--interface=127.0.0.1", ng.c_str(), "--table=-1", "--port-min=30000",
             "--port-max=41999", n.c_str(), "--delete-delay=0", static_cast<char*>(nullptr));
      std::perror("rtpengine");
      _exit(127);
    }
    fd_ = socket(AF_INET, SOCK_DGRAM, 0);
    timeval wait{0, 200'000};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
    for (int attempt = 0; attempt < 50; ++attempt)
      if (command("d7:command4:pinge").find("4:pong") != std::string::npos) return true;
    return false;
  }

  pid_t pid() const { return pid_; }

  // Offers the caller's SDP and answers with the agent's; returns the relay's ports for
  // each side (where the caller sends, where the agent sends).
  std::optional<std::pair<int, int>> bridge(int call, int caller_port, int agent_port) {
    const std::string id = bencode("call-id") + bencode("c" + std::to_string(call)) +
                           bencode("from-tag") + bencode("caller");
    const std::string for_agent =
        relay_port(command("d" + bencode("command") + bencode("offer") + id + bencode("sdp") +
                           bencode(sdp(caller_port)) + "e"));
    const std::string for_caller =
        relay_port(command("d" + bencode("command") + bencode("answer") + id + bencode("to-tag") +
                           bencode("agent") + bencode("sdp") + bencode(sdp(agent_port)) + "e"));
    if (for_agent.empty() || for_caller.empty()) return std::nullopt;
    return std::make_pair(std::stoi(for_caller), std::stoi(for_agent));
  }

 private:
  static std::string sdp(int port) {
    return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
           "m=audio " +
           std::to_string(port) + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n";
  }
  // The port of the SDP in a reply ("" when the reply has none).
  static std::string relay_port(const std::string& reply) {
    const auto m = reply.find("m=audio ");
    if (m == std::string::npos) return "";
    const auto end = reply.find(' ', m + 8);
    return reply.substr(m + 8, end - m - 8);
  }
  std::string command(const std::string& body) {
    const std::string message = std::to_string(++cookie_) + " " + body;
    sendto(fd_, message.data(), message.size(), 0, reinterpret_cast<const sockaddr*>(&control_),
           sizeof control_);
    char reply[65536];
    const ssize_t n = recv(fd_, reply, sizeof reply, 0);
    return n > 0 ? std::string(reply, static_cast<std::size_t>(n)) : "";
  }

  pid_t pid_ = -1;
  int fd_ = -1;
  int cookie_ = 0;
  sockaddr_in control_{};
};

// --- the load ---

struct Load {
  std::vector<Endpoint> endpoints;  // caller k at 2k, its agent at 2k + 1
  int epoll = -1;

  bool make(int calls) {
    epoll = epoll_create1(0);
    endpoints.resize(static_cast<std::size_t>(calls) * 2);
    for (std::size_t i = 0; i < endpoints.size(); ++i) {
      Endpoint& e = endpoints[i];
      e.fd = bound_udp(&e.port);
      if (e.fd < 0) return false;
      e.ssrc = static_cast<std::uint32_t>(0x10000 + i);
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.u64 = i;
      epoll_ctl(epoll, EPOLL_CTL_ADD, e.fd, &ev);
    }
    return true;
  }

  void send_all() {
    std::uint8_t packet[kPacketBytes];
    std::memset(packet, 0x55, sizeof packet);
    for (Endpoint& e : endpoints) {
      hotline::media::RtpHeader h;
      h.payload_type = 0;
      h.sequence = e.sequence++;
      h.timestamp = e.timestamp;
      h.ssrc = e.ssrc;
      e.timestamp += 160;
      hotline::media::write_rtp_header(h, std::span<std::uint8_t>(packet, 12));
      sendto(e.fd, packet, sizeof packet, 0, reinterpret_cast<const sockaddr*>(&e.relay),
             sizeof e.relay);
    }
  }

  void receive_until(Clock::time_point deadline) {
    epoll_event events[256];
    std::uint8_t buf[2048];
    for (;;) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0) return;
      const int n = epoll_wait(epoll, events, 256, static_cast<int>(left));
      for (int i = 0; i < n; ++i) {
        Endpoint& e = endpoints[events[i].data.u64];
        // Only the relayed audio counts (hotline's receiver reports land here too).
        for (ssize_t got; (got = recv(e.fd, buf, sizeof buf, 0)) > 0;)
          if (got == kPacketBytes) ++e.received;
      }
    }
  }

  std::uint64_t received() const {
    std::uint64_t sum = 0;
    for (const Endpoint& e : endpoints)
      sum += e.received;
    return sum;
  }
};

int arg(int argc, char** argv, const char* name, int fallback) {
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], name) == 0) return std::atoi(argv[i + 1]);
  return fallback;
}

}  // namespace

int main(int argc, char** argv) {
  std::string relay_name = "hotline";
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], "--relay") == 0) relay_name = argv[i + 1];
  const int calls = arg(argc, argv, "--calls", 200);
  const int seconds = arg(argc, argv, "--seconds", 20);
  const int threads = arg(argc, argv, "--threads", 1);
  if (calls < 1 || calls > 5000 || seconds < 2 || threads < 1 ||
      (relay_name != "hotline" && relay_name != "rtpengine")) {
    std::fprintf(stderr,
                 "usage: hotline-relay-peer --relay hotline|rtpengine [--calls 1-5000] "
                 "[--seconds >=2] [--threads >=1]\n");
    return 2;
  }
  Load load;
  if (!load.make(calls)) {
    std::perror("socket");
    return 1;
  }

  std::unique_ptr<hotline::media::RtpRelay> ours;
  Rtpengine theirs;
  if (relay_name == "hotline") {
    hotline::media::RelaySettings settings{"127.0.0.1", 46000, 55999};
    settings.threads = threads;
    auto relay = hotline::media::RtpRelay::start(settings);
    if (!relay.ok()) {
      std::fprintf(stderr, "relay: %s\n", relay.status().message().c_str());
      return 1;
    }
    ours = std::move(*relay);
    const hotline::media::LegSetup pcmu{hotline::media::Codec::kPcmu, 0, -1};
    for (int c = 0; c < calls; ++c) {
      Endpoint& caller = load.endpoints[2 * c];
      Endpoint& agent = load.endpoints[2 * c + 1];
      auto ports = ours->open(pcmu, pcmu);
      if (!ports.ok()) {
        std::fprintf(stderr, "open: %s\n", ports.status().message().c_str());
        return 1;
      }
      ours->set_peer(ports->session, hotline::media::Leg::kCaller, "127.0.0.1", caller.port);
      ours->set_peer(ports->session, hotline::media::Leg::kAgent, "127.0.0.1", agent.port);
      caller.relay = loopback(ports->caller_port);
      agent.relay = loopback(ports->agent_port);
    }
  } else {
    if (!theirs.start(threads, 22299)) {
      std::fprintf(stderr, "rtpengine did not answer (apt-get install rtpengine-daemon)\n");
      return 1;
    }
    for (int c = 0; c < calls; ++c) {
      Endpoint& caller = load.endpoints[2 * c];
      Endpoint& agent = load.endpoints[2 * c + 1];
      auto ports = theirs.bridge(c, caller.port, agent.port);
      if (!ports) {
        std::fprintf(stderr, "rtpengine refused call %d\n", c);
        return 1;
      }
      caller.relay = loopback(ports->first);
      agent.relay = loopback(ports->second);
    }
  }
  auto relay_cpu = [&] {
    return ours ? process_cpu_s() - thread_cpu_s() : other_process_cpu_s(theirs.pid());
  };

  // Every endpoint sends each 20 ms; the first second warms up (latching, caches).
  auto tick = Clock::now();
  double cpu_start = 0;
  std::uint64_t received_start = 0;
  const int warm_up_ticks = 50, ticks = warm_up_ticks + seconds * 50;
  for (int t = 0; t < ticks; ++t) {
    if (t == warm_up_ticks) {
      cpu_start = relay_cpu();
      received_start = load.received();
    }
    load.send_all();
    tick += std::chrono::milliseconds(20);
    load.receive_until(tick);
  }
  load.receive_until(Clock::now() + std::chrono::milliseconds(100));
  const double cpu = relay_cpu() - cpu_start;
  const std::uint64_t relayed = load.received() - received_start;
  const double sent = static_cast<double>(seconds) * 50.0 * 2.0 * calls;
  std::printf(
      "%-9s %d calls, %d s, %d thread(s): %llu packets relayed (%.2f %% lost), relay CPU %.2f s: "
      "%.2f us per packet, %.3f %% of a core per call\n",
      relay_name.c_str(), calls, seconds, threads, static_cast<unsigned long long>(relayed),
      100.0 * (1.0 - static_cast<double>(relayed) / sent), cpu,
      relayed ? 1e6 * cpu / static_cast<double>(relayed) : 0.0, 100.0 * cpu / seconds / calls);
  if (ours) ours->stop();
  return 0;
}
