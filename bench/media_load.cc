// hotline-media-load: many concurrent calls with audio both ways, to measure RTP loss
// through `hotline serve`. One process plays the carrier (callers from one address) and
// the agents' phones (registered with digest from another), on sofia-sip like the
// server, and streams G.711 packets every 20 ms on every leg from one epoll thread.
// SIPp's pcap playback starts a thread per call and cannot keep thousands of streams
// on time; this can.
//
// Each packet carries a marker, its stream and a counter in its payload, which the
// relay passes through untouched (same codec both sides); a receiver counts the marked
// packets and the gaps in the counters. Prompts and music (unmarked) are ignored.
//
//   hotline-media-load --server 127.0.0.1:5060 --calls 3000 --rate 100 --hold-s 40
//     --agents 3000 --user-base 10001 --password pw [--realm hotline]

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

struct Leg;
struct Load;
#define NUA_MAGIC_T Load
#define NUA_HMAGIC_T Leg
#define SU_ROOT_MAGIC_T Load
#define SU_TIMER_ARG_T Load

#include <sofia-sip/nua.h>
#include <sofia-sip/sip_status.h>
#include <sofia-sip/su_log.h>

namespace {

constexpr std::uint32_t kMarker = 0x484c5254;  // "HLRT"
constexpr int kPacketBytes = 12 + 160;         // RTP header + 20 ms of G.711

using Clock = std::chrono::steady_clock;

// One RTP stream: our socket, where the far side listens, what we sent and received.
struct Stream {
  int fd = -1;
  sockaddr_in peer{};
  std::uint32_t id = 0;
  bool sending = false;
  std::uint16_t seq = 0;
  std::uint32_t counter = 0;  // marked packets sent
  // Marked packets received: count and the range of their counters.
  std::uint64_t received = 0;
  std::uint32_t first = 0, last = 0;
};

// The RTP side, on its own thread: every 20 ms one packet per sending stream; all
// sockets in one epoll. Streams are added and stopped through a locked queue.
class Media {
 public:
  void start() {
    epoll_ = epoll_create1(EPOLL_CLOEXEC);
    thread_ = std::thread([this] { run(); });
  }
  void stop() {
    done_ = true;
    thread_.join();
    for (Stream& s : streams_)
      if (s.fd >= 0) finish(s);
    ::close(epoll_);
  }
  // A socket on `ip`, port chosen by the kernel; returns the stream id and port.
  std::uint32_t open(const char* ip, int* port) {
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    inet_pton(AF_INET, ip, &a.sin_addr);
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
      std::perror("rtp socket");
      std::exit(2);
    }
    socklen_t len = sizeof a;
    getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    *port = ntohs(a.sin_port);
    std::lock_guard<std::mutex> lock(mutex_);
    const std::uint32_t id = next_id_++;
    ops_.push_back({Op::kOpen, id, fd, {}});
    return id;
  }
  void send_to(std::uint32_t id, const std::string& ip, int port) {
    sockaddr_in peer{};
    peer.sin_family = AF_INET;
    peer.sin_port = htons(static_cast<std::uint16_t>(port));
    inet_pton(AF_INET, ip.c_str(), &peer.sin_addr);
    std::lock_guard<std::mutex> lock(mutex_);
    ops_.push_back({Op::kSend, id, -1, peer});
  }
  void close(std::uint32_t id) {
    std::lock_guard<std::mutex> lock(mutex_);
    ops_.push_back({Op::kClose, id, -1, {}});
  }

  std::atomic<std::uint64_t> sent{0}, received{0}, expected{0}, late_ticks{0}, not_sent{0};

 private:
  struct Op {
    enum Kind { kOpen, kSend, kClose } kind;
    std::uint32_t id;
    int fd;
    sockaddr_in peer;
  };

  void finish(Stream& s) {
    if (s.received > 0) {
      received += s.received;
      expected += s.last - s.first + 1;
    }
    ::close(s.fd);
    s.fd = -1;
  }

  void apply_ops() {
    std::deque<Op> ops;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ops.swap(ops_);
    }
    for (const Op& op : ops) {
      if (op.kind == Op::kOpen) {
        if (streams_.size() <= op.id) streams_.resize(op.id + 1);
        streams_[op.id].fd = op.fd;
        streams_[op.id].id = op.id;
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.u32 = op.id;
        epoll_ctl(epoll_, EPOLL_CTL_ADD, op.fd, &ev);
      } else if (op.id < streams_.size() && streams_[op.id].fd >= 0) {
        Stream& s = streams_[op.id];
        if (op.kind == Op::kSend) {
          s.peer = op.peer;
          s.sending = true;
        } else {
          finish(s);
        }
      }
    }
  }

  void send_all() {
    unsigned char packet[kPacketBytes];
    std::memset(packet, 0xff, sizeof packet);  // µ-law silence
    packet[0] = 0x80;
    packet[1] = 0;  // PCMU
    for (Stream& s : streams_) {
      if (s.fd < 0 || !s.sending) continue;
      const std::uint32_t ts = s.counter * 160, ssrc = s.id + 1;
      const std::uint16_t seq = htons(s.seq++);
      const std::uint32_t ts_n = htonl(ts), ssrc_n = htonl(ssrc), marker = htonl(kMarker),
                          id = htonl(s.id), counter = htonl(s.counter);
      std::memcpy(packet + 2, &seq, 2);
      std::memcpy(packet + 4, &ts_n, 4);
      std::memcpy(packet + 8, &ssrc_n, 4);
      std::memcpy(packet + 12, &marker, 4);
      std::memcpy(packet + 16, &id, 4);
      std::memcpy(packet + 20, &counter, 4);
      if (sendto(s.fd, packet, sizeof packet, 0, reinterpret_cast<sockaddr*>(&s.peer),
                 sizeof s.peer) == sizeof packet) {
        ++s.counter;
        ++sent;
      }
    }
  }

  void receive(Stream& s) {
    unsigned char buf[2048];
    for (;;) {
      const ssize_t n = recv(s.fd, buf, sizeof buf, 0);
      if (n < 0) return;
      if (n < 24) continue;
      std::uint32_t marker, counter;
      std::memcpy(&marker, buf + 12, 4);
      std::memcpy(&counter, buf + 20, 4);
      if (ntohl(marker) != kMarker) continue;  // a prompt, music: not ours
      counter = ntohl(counter);
      if (s.received == 0 || counter < s.first) s.first = counter;
      if (s.received == 0 || counter > s.last) s.last = counter;
      ++s.received;
    }
  }

  void run() {
    auto next_tick = Clock::now();
    epoll_event events[256];
    while (!done_) {
      const auto now = Clock::now();
      if (now >= next_tick) {
        apply_ops();
        send_all();
        next_tick += std::chrono::milliseconds(20);
        if (now - next_tick > std::chrono::milliseconds(20)) {
          // Behind by more than a packet: the ticks missed are not made up in a burst,
          // they are counted as packets not sent.
          ++late_ticks;
          const auto behind =
              std::chrono::duration_cast<std::chrono::milliseconds>(now - next_tick);
          std::uint64_t sending = 0;
          for (const Stream& st : streams_)
            sending += st.fd >= 0 && st.sending;
          not_sent += sending * static_cast<std::uint64_t>(behind.count() / 20);
          next_tick = now + std::chrono::milliseconds(20);
        }
      }
      const int wait_ms = static_cast<int>(
          std::chrono::duration_cast<std::chrono::milliseconds>(next_tick - Clock::now()).count());
      const int n = epoll_wait(epoll_, events, 256, wait_ms > 0 ? wait_ms : 0);
      for (int i = 0; i < n; ++i) {
        const std::uint32_t id = events[i].data.u32;
        if (id < streams_.size() && streams_[id].fd >= 0) receive(streams_[id]);
      }
    }
  }

  int epoll_ = -1;
  std::thread thread_;
  std::atomic<bool> done_{false};
  std::mutex mutex_;
  std::deque<Op> ops_;
  std::uint32_t next_id_ = 0;
  std::vector<Stream> streams_;  // media thread only
};

}  // namespace

// The sofia magic types are named before the headers, so these two live outside the
// anonymous namespace.

// A SIP dialog of ours: a caller's call, an agent's registration, or an agent's call.
struct Leg {
  enum Kind { kCaller, kRegistration, kAgentCall } kind;
  std::uint32_t stream = 0;
  nua_handle_t* nh = nullptr;
  std::string user;
  Clock::time_point hang_up_at{};
  bool answered = false, done = false;
};

struct Load {
  std::string server, realm = "hotline", password;
  int calls = 100, rate = 10, agents = 100, user_base = 10001;
  double hold_s = 10;
  Media media;
  su_root_t* root = nullptr;
  nua_t* callers = nullptr;
  nua_t* phones = nullptr;
  int placed = 0, answered = 0, failed = 0, ended = 0, registered = 0, reg_failed = 0;
  int talking = 0, peak_talking = 0;
  std::vector<Leg*> calls_up;
  Clock::time_point start;
  std::vector<std::unique_ptr<Leg>> legs;

  Leg* new_leg(Leg::Kind kind) {
    legs.push_back(std::make_unique<Leg>());
    legs.back()->kind = kind;
    return legs.back().get();
  }
};

namespace {

// The SDP's connection address and audio port.
bool parse_sdp(const char* body, std::string* ip, int* port) {
  if (!body) return false;
  const char* c = std::strstr(body, "c=IN IP4 ");
  const char* m = std::strstr(body, "m=audio ");
  if (!c || !m) return false;
  c += 9;
  ip->assign(c, std::strcspn(c, "\r\n /"));
  *port = std::atoi(m + 8);
  return *port > 0;
}

std::string sdp_for(const char* ip, int port) {
  return "v=0\r\no=- 1 1 IN IP4 " + std::string(ip) + "\r\ns=-\r\nc=IN IP4 " + ip +
         "\r\nt=0 0\r\nm=audio " + std::to_string(port) +
         " RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n";
}

void talking_changed(Load& l, int delta) {
  l.talking += delta;
  if (l.talking > l.peak_talking) l.peak_talking = l.talking;
}

void on_event(nua_event_t event, int status, char const*, nua_t* nua, Load* l, nua_handle_t* nh,
              Leg* leg, sip_t const* sip, tagi_t tags[]) noexcept {
  const char* body = sip && sip->sip_payload ? sip->sip_payload->pl_data : nullptr;
  switch (event) {
    case nua_r_register:
      if (!leg) return;
      if (status == 401 || status == 407) {
        const std::string auth = "Digest:\"" + l->realm + "\":" + leg->user + ":" + l->password;
        nua_authenticate(nh, NUTAG_AUTH(auth.c_str()), TAG_END());
      } else if (status >= 200 && status < 300) {
        ++l->registered;
      } else if (status >= 300) {
        ++l->reg_failed;
      }
      return;
    case nua_i_invite: {  // the center rings an agent's phone: answer at once
      Leg* call = l->new_leg(Leg::kAgentCall);
      nua_handle_bind(nh, call);
      std::string ip;
      int port = 0, ours = 0;
      if (!parse_sdp(body, &ip, &port)) {
        nua_respond(nh, SIP_488_NOT_ACCEPTABLE, TAG_END());
        return;
      }
      call->stream = l->media.open("127.0.0.3", &ours);
      l->media.send_to(call->stream, ip, port);
      const std::string sdp = sdp_for("127.0.0.3", ours);
      nua_respond(nh, SIP_200_OK, SIPTAG_CONTENT_TYPE_STR("application/sdp"),
                  SIPTAG_PAYLOAD_STR(sdp.c_str()), TAG_END());
      return;
    }
    case nua_r_invite:
      if (!leg || leg->kind != Leg::kCaller || status < 200) return;
      if (status < 300) {
        std::string ip;
        int port = 0;
        if (!leg->answered && parse_sdp(body, &ip, &port)) {
          leg->answered = true;
          ++l->answered;
          talking_changed(*l, 1);
          l->media.send_to(leg->stream, ip, port);
          leg->hang_up_at =
              Clock::now() + std::chrono::milliseconds(static_cast<long>(l->hold_s * 1000));
          l->calls_up.push_back(leg);
        }
      } else {
        ++l->failed;
        leg->done = true;
        l->media.close(leg->stream);
      }
      return;
    case nua_r_bye:
      if (leg && status >= 200 && !leg->done) {
        leg->done = true;
        ++l->ended;
        if (status >= 300) ++l->failed;
        talking_changed(*l, -1);
        l->media.close(leg->stream);
      }
      return;
    case nua_i_state: {
      int state = nua_callstate_init;
      tl_gets(tags, NUTAG_CALLSTATE_REF(state), TAG_END());
      if (state != nua_callstate_terminated || !leg) return;
      if (leg->kind == Leg::kAgentCall) l->media.close(leg->stream);
      if (leg->kind == Leg::kCaller && !leg->done) {  // the center hung up first
        leg->done = true;
        ++l->failed;
        if (leg->answered) talking_changed(*l, -1);
        l->media.close(leg->stream);
      }
      nua_handle_destroy(nh);
      return;
    }
    default:
      (void)nua;
      return;
  }
}

// Agents' phones register first, a window at a time; then the calls begin.
void register_phones(Load* l, su_timer_t* timer, Load*) noexcept;
void tick(Load* l, su_timer_t* timer, Load*) noexcept;

void register_phones(Load* l, su_timer_t* timer, Load*) noexcept {
  static int sent = 0;
  while (sent < l->agents && sent - l->registered - l->reg_failed < 50) {
    Leg* leg = l->new_leg(Leg::kRegistration);
    leg->user = std::to_string(l->user_base + sent++);
    const std::string aor = "sip:" + leg->user + "@" + l->server;
    const std::string registrar = "sip:" + l->server;
    leg->nh = nua_handle(l->phones, leg, SIPTAG_TO_STR(aor.c_str()), SIPTAG_FROM_STR(aor.c_str()),
                         TAG_END());
    nua_register(leg->nh, NUTAG_REGISTRAR(registrar.c_str()), NUTAG_M_USERNAME(leg->user.c_str()),
                 SIPTAG_EXPIRES_STR("3600"), TAG_END());
  }
  if (l->registered + l->reg_failed < l->agents) {
    su_timer_set(timer, register_phones, l);
    return;
  }
  std::printf("phones: %d registered, %d failed\n", l->registered, l->reg_failed);
  std::fflush(stdout);
  l->start = Clock::now();
  su_timer_set(timer, tick, l);
}

void tick(Load* l, su_timer_t* timer, Load*) noexcept {
  const auto now = Clock::now();
  // New calls at the rate asked for.
  const double elapsed = std::chrono::duration<double>(now - l->start).count();
  const int due = std::min(l->calls, static_cast<int>(elapsed * l->rate) + 1);
  for (; l->placed < due; ++l->placed) {
    Leg* leg = l->new_leg(Leg::kCaller);
    int port = 0;
    leg->stream = l->media.open("127.0.0.2", &port);
    const std::string to = "sip:4008001234@" + l->server;
    const std::string from = "sip:1380000" + std::to_string(1000 + l->placed) + "@127.0.0.2";
    leg->nh = nua_handle(l->callers, leg, SIPTAG_TO_STR(to.c_str()), SIPTAG_FROM_STR(from.c_str()),
                         TAG_END());
    const std::string sdp = sdp_for("127.0.0.2", port);
    nua_invite(leg->nh, NUTAG_URL(to.c_str()), SIPTAG_CONTENT_TYPE_STR("application/sdp"),
               SIPTAG_PAYLOAD_STR(sdp.c_str()), TAG_END());
  }
  // Calls whose time is up hang up.
  for (auto it = l->calls_up.begin(); it != l->calls_up.end();) {
    if ((*it)->hang_up_at <= now) {
      nua_bye((*it)->nh, TAG_END());
      it = l->calls_up.erase(it);
    } else {
      ++it;
    }
  }
  if (l->ended + l->failed >= l->calls && l->calls_up.empty()) {
    su_root_break(l->root);
    return;
  }
  su_timer_set(timer, tick, l);
}

const char* arg(int argc, char** argv, const char* name, const char* fallback) {
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], name) == 0) return argv[i + 1];
  return fallback;
}

void quiet(void*, char const*, va_list) {}

}  // namespace

int main(int argc, char** argv) {
  Load load;
  load.server = arg(argc, argv, "--server", "");
  load.calls = std::atoi(arg(argc, argv, "--calls", "100"));
  load.rate = std::atoi(arg(argc, argv, "--rate", "10"));
  load.hold_s = std::atof(arg(argc, argv, "--hold-s", "10"));
  load.agents = std::atoi(arg(argc, argv, "--agents", "100"));
  load.user_base = std::atoi(arg(argc, argv, "--user-base", "10001"));
  load.password = arg(argc, argv, "--password", "pw");
  load.realm = arg(argc, argv, "--realm", "hotline");
  const std::string caller_url =
      std::string("sip:127.0.0.2:") + arg(argc, argv, "--caller-port", "5090");
  const std::string phone_url =
      std::string("sip:127.0.0.3:") + arg(argc, argv, "--phone-port", "5090");
  if (load.server.empty() || load.calls <= 0 || load.rate <= 0 || load.agents <= 0) {
    std::fprintf(stderr,
                 "usage: hotline-media-load --server HOST:PORT [--calls N] [--rate R] [--hold-s T] "
                 "[--agents A] [--user-base U] [--password P] [--realm R] [--caller-port P] "
                 "[--phone-port P]\n");
    return 2;
  }
  su_init();
  su_log_redirect(nullptr, quiet, nullptr);
  load.root = su_root_create(&load);
  load.callers =
      nua_create(load.root, on_event, &load, NUTAG_URL((caller_url + ";transport=udp").c_str()),
                 NUTAG_MEDIA_ENABLE(0), NUTAG_AUTOANSWER(0), NUTAG_AUTOALERT(0), TAG_END());
  load.phones =
      nua_create(load.root, on_event, &load, NUTAG_URL((phone_url + ";transport=udp").c_str()),
                 NUTAG_MEDIA_ENABLE(0), NUTAG_AUTOANSWER(0), NUTAG_AUTOALERT(0), TAG_END());
  if (!load.callers || !load.phones) {
    std::fprintf(stderr, "cannot listen on %s or %s\n", caller_url.c_str(), phone_url.c_str());
    return 2;
  }
  load.media.start();
  su_timer_t* timer = su_timer_create(su_root_task(load.root), 1);
  su_timer_set(timer, register_phones, &load);
  su_root_run(load.root);
  const double wall = std::chrono::duration<double>(Clock::now() - load.start).count();
  su_timer_destroy(timer);
  load.media.stop();
  const std::uint64_t expected = load.media.expected, received = load.media.received;
  const double loss =
      expected ? 100.0 * static_cast<double>(expected - received) / static_cast<double>(expected)
               : 0;
  std::printf(
      "calls: %d placed, %d answered, %d ended, %d failed; peak talking at once %d; wall %.1f s\n"
      "rtp: %llu packets sent, %llu of %llu expected received (loss %.3f %%)\n"
      "generator: %llu late ticks, %llu packets due but not sent (%.1f %% of the load offered)\n",
      load.placed, load.answered, load.ended, load.failed, load.peak_talking, wall,
      static_cast<unsigned long long>(load.media.sent.load()),
      static_cast<unsigned long long>(received), static_cast<unsigned long long>(expected), loss,
      static_cast<unsigned long long>(load.media.late_ticks.load()),
      static_cast<unsigned long long>(load.media.not_sent.load()),
      100.0 * static_cast<double>(load.media.sent) /
          static_cast<double>(load.media.sent + load.media.not_sent));
  nua_shutdown(load.callers);
  nua_shutdown(load.phones);
  return load.failed == 0 && load.answered == load.calls ? 0 : 1;
}
