#include "media/relay_worker.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <deque>
#include <functional>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/task_queue.h"
#include "media/g711.h"
#include "media/inband_dtmf.h"
#include "media/rtcp.h"
#include "media/rtp.h"

namespace hotline::media::detail {

namespace {

struct LegState {
  int fd = -1;
  int rtcp_fd = -1;  // port + 1
  int port = 0;
  LegSetup setup;
  sockaddr_in peer{};
  bool has_peer = false;
  bool latched = false;
  bool watched = false;            // must keep sending (see RtpRelay::watch)
  bool timed_out = false;          // reported already
  std::int64_t last_heard_us = 0;  // monotonic: the last valid packet, or when watching began
  // RTCP: the peer's reports go to its RTP port + 1 until it sends from elsewhere.
  sockaddr_in rtcp_peer{};
  bool rtcp_latched = false;
  RtpReceiveStats stats;  // the peer's audio stream as it arrives here
  std::uint32_t peer_ssrc = 0;
  std::uint64_t prior_expected = 0, prior_received = 0;
  RtcpSummary last_report;  // the peer's latest report, of how our stream arrives there
  // RFC 4733 repeats a key's end packet: each key press is reported once.
  bool digit_seen = false;
  std::uint32_t last_digit_timestamp = 0;
  std::uint8_t last_digit_event = 0;
  std::int64_t last_digit_us = 0;
};

// Audio being played to the caller, and the RTP stream it goes out as.
struct Player {
  std::deque<std::int16_t> samples;
  std::uint16_t sequence = 0;
  std::uint32_t timestamp = 0;
  std::uint32_t ssrc = 0;
  bool first = true;
};

// Places a leg's audio on the recording's timeline by RTP timestamp, anchored at the
// first packet's arrival; a new stream (SSRC) or a jump of the clock re-anchors it.
struct RecordClock {
  bool started = false;
  std::uint32_t ssrc = 0;
  std::uint32_t base_timestamp = 0;
  std::int64_t base_position = 0;

  std::int64_t position(const RtpHeader& h, std::int64_t arrival) {
    const std::int64_t p = base_position + static_cast<std::int32_t>(h.timestamp - base_timestamp);
    if (started && h.ssrc == ssrc && p > arrival - 2 * kRecordingRate &&
        p < arrival + 2 * kRecordingRate)
      return p;
    started = true;
    ssrc = h.ssrc;
    base_timestamp = h.timestamp;
    base_position = arrival;
    return arrival;
  }
};

struct Session {
  LegState legs[2];
  // The caller's keys as tones, when its line does not send RFC 4733 (shared: a Session
  // is copied once, into the relay thread's table).
  std::shared_ptr<InbandDtmf> inband;
  std::uint64_t recording = 0;  // 0: not recorded
  bool recording_paused = false;
  bool parted = false;  // on hold from the center: neither leg hears the other
  std::int64_t recording_start_us = 0;
  RecordClock record_clocks[2];
  Player player;
};

class RelayWorker final : public RtpRelay {
 public:
  RelayWorker(const RelaySettings& s, MediaEventSink events, Recorder* recorder,
              RelayShared* shared, int index)
      : settings_(s),
        events_(std::move(events)),
        recorder_(recorder),
        shared_(shared),
        index_(index) {}
  ~RelayWorker() override { stop(); }

  Status run() {
    epoll_ = epoll_create1(EPOLL_CLOEXEC);
    if (epoll_ < 0) return Status::internal(std::string("epoll: ") + std::strerror(errno));
    if (Status s = tasks_.open(); !s.ok()) return s;
    if (inet_pton(AF_INET, settings_.address.c_str(), &local_) != 1)
      return Status::invalid_argument("RTP address '" + settings_.address +
                                      "' is not an IPv4 address");
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = kWakeTag;
    epoll_ctl(epoll_, EPOLL_CTL_ADD, tasks_.fd(), &ev);
    // One 20 ms clock paces every player.
    timer_ = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    itimerspec tick{};
    tick.it_interval.tv_nsec = tick.it_value.tv_nsec = 20'000'000;
    timerfd_settime(timer_, 0, &tick, nullptr);
    ev.data.u64 = kTimerTag;
    epoll_ctl(epoll_, EPOLL_CTL_ADD, timer_, &ev);
    thread_ = std::thread([this] { loop(); });
    return {};
  }

  Result<Ports> open(const LegSetup& caller, const LegSetup& agent) override {
    Session s;
    s.legs[0].setup = caller;
    s.legs[1].setup = agent;
    if (caller.telephone_event_pt < 0) s.inband = std::make_shared<InbandDtmf>();
    for (LegState& leg : s.legs) {
      Status bound = bind_leg(&leg);
      if (!bound.ok()) {
        for (LegState& other : s.legs) {
          close_fd(other.fd);
          close_fd(other.rtcp_fd);
        }
        return bound;
      }
    }
    // The id tells which worker holds the session (see RelayShared).
    const SessionId id = shared_->next_session.fetch_add(1) * shared_->workers + index_ + 1;
    const Ports ports{id, s.legs[0].port, s.legs[1].port};
    post([this, id, s]() mutable { adopt(id, s); });
    ++sessions_;
    return ports;
  }

  void set_peer(SessionId id, Leg leg, const std::string& address, int port) override {
    sockaddr_in peer{};
    peer.sin_family = AF_INET;
    peer.sin_port = htons(static_cast<std::uint16_t>(port));
    if (inet_pton(AF_INET, address.c_str(), &peer.sin_addr) != 1) return;  // bad SDP: no peer
    post([this, id, leg, peer] {
      auto it = sessions_by_id_.find(id);
      if (it == sessions_by_id_.end()) return;
      LegState& l = it->second.legs[static_cast<int>(leg)];
      if (!l.latched) {  // what the peer really sends from beats what its SDP says
        l.peer = peer;
        l.has_peer = true;
      }
      if (!l.rtcp_latched) {
        l.rtcp_peer = peer;
        l.rtcp_peer.sin_port = htons(static_cast<std::uint16_t>(ntohs(peer.sin_port) + 1));
      }
      if (leg == Leg::kAgent && !l.watched) start_watching(l);
    });
  }

  void close(SessionId id) override {
    post([this, id] {
      auto it = sessions_by_id_.find(id);
      if (it == sessions_by_id_.end()) return;
      for (LegState& leg : it->second.legs) {
        for (int* fd : {&leg.fd, &leg.rtcp_fd}) {
          fd_owner_.erase(*fd);
          epoll_ctl(epoll_, EPOLL_CTL_DEL, *fd, nullptr);
          close_fd(*fd);
        }
        if (leg.stats.lost() > 0) lost_ += static_cast<std::uint64_t>(leg.stats.lost());
      }
      end_recording(it->second);
      sessions_by_id_.erase(it);
      playing_.erase(id);
      --sessions_;
    });
  }

  void watch(SessionId id, Leg leg, bool watched) override {
    post([this, id, leg, watched] {
      auto it = sessions_by_id_.find(id);
      if (it == sessions_by_id_.end()) return;
      LegState& l = it->second.legs[static_cast<int>(leg)];
      if (watched)
        start_watching(l);
      else
        l.watched = false;
    });
  }

  void forget_peer(SessionId id, Leg leg) override {
    post([this, id, leg] {
      auto it = sessions_by_id_.find(id);
      if (it == sessions_by_id_.end()) return;
      LegState& l = it->second.legs[static_cast<int>(leg)];
      l.has_peer = l.latched = l.rtcp_latched = l.watched = l.timed_out = false;
      l.digit_seen = false;
      // The next party's stream is a new one: the old one's losses are counted now.
      if (l.stats.lost() > 0) lost_ += static_cast<std::uint64_t>(l.stats.lost());
      l.stats = RtpReceiveStats{};
      l.peer_ssrc = 0;
      l.prior_expected = l.prior_received = 0;
    });
  }

  void configure(SessionId id, Leg leg, const LegSetup& setup) override {
    post([this, id, leg, setup] {
      auto it = sessions_by_id_.find(id);
      if (it != sessions_by_id_.end()) it->second.legs[static_cast<int>(leg)].setup = setup;
    });
  }

  void play(SessionId id, std::vector<std::int16_t> audio) override {
    post([this, id, audio = std::move(audio)] {
      auto it = sessions_by_id_.find(id);
      if (it == sessions_by_id_.end()) return;
      Player& p = it->second.player;
      p.samples.insert(p.samples.end(), audio.begin(), audio.end());
      playing_.insert(id);
    });
  }

  void stop_playing(SessionId id) override {
    post([this, id] {
      auto it = sessions_by_id_.find(id);
      if (it == sessions_by_id_.end()) return;
      it->second.player.samples.clear();
      playing_.erase(id);
    });
  }

  void record(SessionId id, const std::string& path) override {
    if (!recorder_) return;
    post([this, id, path] {
      auto it = sessions_by_id_.find(id);
      if (it == sessions_by_id_.end() || it->second.recording) return;
      Session& s = it->second;
      s.recording = shared_->next_recording.fetch_add(1) + 1;
      s.recording_start_us = monotonic_us();
      s.record_clocks[0] = s.record_clocks[1] = RecordClock{};
      RecordOp op;
      op.type = RecordOp::Type::kBegin;
      op.recording = s.recording;
      record_batch_.add(op, reinterpret_cast<const std::uint8_t*>(path.data()), path.size());
      ++recordings_;
    });
  }

  void pause_recording(SessionId id, bool paused) override {
    post([this, id, paused] {
      auto it = sessions_by_id_.find(id);
      if (it != sessions_by_id_.end()) it->second.recording_paused = paused;
    });
  }

  void stop_recording(SessionId id) override {
    post([this, id] {
      auto it = sessions_by_id_.find(id);
      if (it != sessions_by_id_.end()) end_recording(it->second);
    });
  }

  void part(SessionId id, bool parted) override {
    post([this, id, parted] {
      auto it = sessions_by_id_.find(id);
      if (it != sessions_by_id_.end()) it->second.parted = parted;
    });
  }

  RelayCounters counters() const override {
    RelayCounters c;
    c.packets_relayed = relayed_;
    c.packets_transcoded = transcoded_;
    c.packets_dropped = dropped_;
    c.packets_played = played_;
    c.open_ports = open_ports_;
    c.sessions = sessions_;
    c.recordings = recordings_;
    c.packets_lost = lost_;
    c.rtcp_sent = rtcp_sent_;
    c.rtcp_received = rtcp_received_;
    return c;
  }

  void stop() override {
    if (!thread_.joinable()) return;
    stopping_ = true;
    tasks_.wake();
    thread_.join();
    // Work posted after the last wake-up (a session opened during shutdown) is done now,
    // so that its sockets are closed below with the rest.
    tasks_.set_owner_thread();
    tasks_.run_posted();
    for (auto& [id, s] : sessions_by_id_) {
      for (LegState& leg : s.legs) {
        close_fd(leg.fd);
        close_fd(leg.rtcp_fd);
      }
      end_recording(s);
    }
    hand_over_recordings();
    sessions_by_id_.clear();
    sessions_ = 0;
    ::close(epoll_);
    ::close(timer_);
  }

 private:
  static constexpr std::uint64_t kWakeTag = ~0ULL;
  static constexpr std::uint64_t kTimerTag = ~1ULL;

  // An even port for RTP and the one above for RTCP, both free: the next such pair.
  Status bind_leg(LegState* leg) {
    const int span = (settings_.port_max - settings_.port_min) / 2 + 1;
    for (int attempt = 0; attempt < span; ++attempt) {
      int port = shared_->next_port.fetch_add(2);
      if (port + 1 > settings_.port_max) {
        shared_->next_port = first_even_port(settings_);
        port = shared_->next_port.fetch_add(2);
      }
      const int rtp = bound_socket(port);
      if (rtp == -2) return Status::io_error(std::string("socket: ") + std::strerror(errno));
      if (rtp < 0) continue;
      const int rtcp = bound_socket(port + 1);
      if (rtcp < 0) {
        ::close(rtp);
        continue;
      }
      leg->fd = rtp;
      leg->rtcp_fd = rtcp;
      leg->port = port;
      open_ports_ += 2;
      return {};
    }
    return Status::unavailable("no free RTP port pair in " + std::to_string(settings_.port_min) +
                               "-" + std::to_string(settings_.port_max));
  }

  // A UDP socket bound to `port` on the relay's address; -1 when the port is taken, -2
  // when no socket could be made at all.
  int bound_socket(int port) {
    const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return -2;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr = local_;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) return fd;
    ::close(fd);
    return -1;
  }

  static std::int64_t monotonic_us() {
    timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return std::int64_t{t.tv_sec} * 1'000'000 + t.tv_nsec / 1000;
  }

  void end_recording(Session& s) {
    if (!s.recording) return;
    RecordOp op;
    op.type = RecordOp::Type::kEnd;
    op.recording = s.recording;
    record_batch_.add(op, nullptr, 0);
    s.recording = 0;
    --recordings_;
  }

  // One hand-over per loop turn: the recorder never sees single packets.
  void hand_over_recordings() {
    if (recorder_ && !record_batch_.empty()) {
      recorder_->submit(std::move(record_batch_));
      record_batch_ = RecordBatch{};
    }
  }

  // A leg's audio payload, kept for the recording at its place on the timeline.
  void record_audio(Session& s, int leg, const RtpHeader& h, const std::uint8_t* packet) {
    if (!s.recording || s.recording_paused || h.payload_size == 0) return;
    const std::int64_t arrival =
        (monotonic_us() - s.recording_start_us) * kRecordingRate / 1'000'000;
    RecordOp op;
    op.recording = s.recording;
    op.channel = static_cast<std::uint8_t>(leg);
    op.codec = s.legs[leg].setup.codec;
    op.position = s.record_clocks[leg].position(h, arrival);
    record_batch_.add(op, packet + h.payload_offset, h.payload_size);
  }

  void close_fd(int& fd) {
    if (fd < 0) return;
    ::close(fd);
    fd = -1;
    --open_ports_;
  }

  void post(std::function<void()> work) { tasks_.post(std::move(work)); }

  static void start_watching(LegState& l) {
    l.watched = true;
    l.timed_out = false;
    l.last_heard_us = monotonic_us();
  }

  // Once a second: legs that fell silent are reported, once.
  void check_silence() {
    if (settings_.rtp_timeout <= 0 || !events_) return;
    const std::int64_t now = monotonic_us();
    for (auto& [id, s] : sessions_by_id_) {
      for (int i = 0; i < 2; ++i) {
        LegState& l = s.legs[i];
        if (!l.watched || l.timed_out || now - l.last_heard_us < settings_.rtp_timeout) continue;
        l.timed_out = true;
        events_(MediaEvent{MediaEvent::Type::kRtpTimeout, id, 0, static_cast<Leg>(i)});
      }
    }
  }

  void adopt(SessionId id, Session s) {
    Session& placed = sessions_by_id_[id] = s;
    start_watching(placed.legs[0]);  // the caller's line carries RTP from the answer on
    for (int i = 0; i < 2; ++i) {
      for (int fd : {placed.legs[i].fd, placed.legs[i].rtcp_fd}) {
        fd_owner_[fd] = {id, i};
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.u64 = static_cast<std::uint64_t>(fd);
        epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &ev);
      }
    }
  }

  void loop() {
    epoll_event events[64];
    while (!stopping_) {
      const int n = epoll_wait(epoll_, events, 64, 1000);
      for (int i = 0; i < n; ++i) {
        if (events[i].data.u64 == kWakeTag) {
          tasks_.run_posted();
        } else if (events[i].data.u64 == kTimerTag) {
          std::uint64_t expirations = 0;
          [[maybe_unused]] ssize_t r = ::read(timer_, &expirations, sizeof expirations);
          for (std::uint64_t k = 0; k < std::min<std::uint64_t>(expirations, 5); ++k)
            play_frame();
          if (++ticks_ % 50 == 0) check_silence();
          if (settings_.rtcp_interval > 0 &&
              ticks_ % std::max<std::uint64_t>(1, settings_.rtcp_interval / 20'000) == 0)
            send_reports();
        } else {
          drain(static_cast<int>(events[i].data.u64));
        }
      }
      hand_over_recordings();
    }
  }

  // Reads every waiting datagram of one socket and forwards it to the other leg, a batch
  // at a time: one recvmmsg and one sendmmsg per up to kBatch packets.
  void drain(int fd) {
    auto owner = fd_owner_.find(fd);
    if (owner == fd_owner_.end()) return;
    Session& s = sessions_by_id_[owner->second.first];
    if (fd == s.legs[owner->second.second].rtcp_fd)
      return read_reports(s.legs[owner->second.second]);
    LegState& to = s.legs[1 - owner->second.second];
    Batch& b = *batch_;
    now_us_ = monotonic_us();
    for (;;) {
      for (int i = 0; i < kBatch; ++i) {
        b.in_iov[i] = {b.in[i], sizeof b.in[i]};
        b.in_msgs[i] = {};
        b.in_msgs[i].msg_hdr.msg_iov = &b.in_iov[i];
        b.in_msgs[i].msg_hdr.msg_iovlen = 1;
        b.in_msgs[i].msg_hdr.msg_name = &b.from[i];
        b.in_msgs[i].msg_hdr.msg_namelen = sizeof b.from[i];
      }
      const int n = recvmmsg(fd, b.in_msgs, kBatch, MSG_DONTWAIT, nullptr);
      if (n <= 0) return;  // drained (or the socket went away)
      int out = 0;
      for (int i = 0; i < n; ++i) {
        const std::size_t size = b.in_msgs[i].msg_len;
        const std::uint8_t* send = nullptr;
        const std::size_t length = forward(owner->second.first, s, owner->second.second, b.in[i],
                                           size, b.from[i], b.out[i], &send);
        if (length == 0) continue;
        b.out_iov[out] = {const_cast<std::uint8_t*>(send), length};
        b.out_msgs[out] = {};
        b.out_msgs[out].msg_hdr.msg_iov = &b.out_iov[out];
        b.out_msgs[out].msg_hdr.msg_iovlen = 1;
        b.out_msgs[out].msg_hdr.msg_name = &to.peer;
        b.out_msgs[out].msg_hdr.msg_namelen = sizeof to.peer;
        ++out;
      }
      if (out > 0) {
        const int sent = sendmmsg(to.fd, b.out_msgs, static_cast<unsigned>(out), 0);
        if (sent > 0) relayed_ += static_cast<std::uint64_t>(sent);
      }
      if (n < kBatch) return;
    }
  }

  // A leg's keys, once per key press: RFC 4733 sends the end packet three times, within
  // tens of milliseconds. A recorded stream replayed reuses its timestamps: the same
  // key's end again a while later is a new press.
  void report_digit(SessionId id, LegState& in, int leg, const RtpHeader& h,
                    const std::uint8_t* buf) {
    TelephoneEvent e;
    if (!parse_telephone_event(
            std::span<const std::uint8_t>(buf + h.payload_offset, h.payload_size), &e) ||
        !e.end)
      return;
    if (in.digit_seen && in.last_digit_timestamp == h.timestamp && in.last_digit_event == e.event &&
        now_us_ - in.last_digit_us < 500'000)
      return;
    in.digit_seen = true;
    in.last_digit_us = now_us_;
    in.last_digit_timestamp = h.timestamp;
    in.last_digit_event = e.event;
    if (const char digit = event_digit(e.event); digit && events_)
      events_(MediaEvent{MediaEvent::Type::kDigit, id, digit, static_cast<Leg>(leg)});
  }

  // The caller's keys as DTMF tones in its audio.
  void listen_for_tones(SessionId id, Session& s, const RtpHeader& h, const std::uint8_t* buf) {
    std::int16_t pcm[2048];
    const std::size_t n = std::min<std::size_t>(h.payload_size, std::size(pcm));
    const G711& g = G711::get();
    for (std::size_t i = 0; i < n; ++i)
      pcm[i] = g.decode(s.legs[0].setup.codec, buf[h.payload_offset + i]);
    for (char digit : s.inband->feed(std::span<const std::int16_t>(pcm, n)))
      if (events_) events_(MediaEvent{MediaEvent::Type::kDigit, id, digit});
  }

  // Every peer that has sent us audio hears how it arrives: one receiver report per leg.
  void send_reports() {
    std::uint8_t packet[64];
    for (auto& [id, s] : sessions_by_id_) {
      for (int i = 0; i < 2; ++i) {
        LegState& l = s.legs[i];
        if (l.stats.received() == 0 || !l.has_peer) continue;
        const ReceptionReport r =
            reception_report(l.peer_ssrc, l.stats, &l.prior_expected, &l.prior_received);
        const std::uint32_t ours = static_cast<std::uint32_t>(id * 2654435761u) + 1 + i;
        const std::size_t n = write_receiver_report(ours, r, packet);
        if (sendto(l.rtcp_fd, packet, n, 0, reinterpret_cast<const sockaddr*>(&l.rtcp_peer),
                   sizeof l.rtcp_peer) > 0)
          ++rtcp_sent_;
      }
    }
  }

  // A peer's reports: kept (how our stream arrives there); their source becomes where
  // ours go. Anything else on the port is dropped.
  void read_reports(LegState& l) {
    std::uint8_t buf[1500];
    for (;;) {
      sockaddr_in from{};
      socklen_t len = sizeof from;
      const ssize_t n =
          recvfrom(l.rtcp_fd, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &len);
      if (n < 0) return;
      RtcpSummary summary;
      if (!parse_rtcp(std::span<const std::uint8_t>(buf, static_cast<std::size_t>(n)), &summary)) {
        ++dropped_;
        continue;
      }
      l.last_report = summary;
      l.rtcp_peer = from;
      l.rtcp_latched = true;
      // A phone that suppresses silence sends no RTP while its caller listens (to music,
      // in a queue), but its reports go on: the line is alive.
      l.last_heard_us = monotonic_us();
      ++rtcp_received_;
    }
  }

  // Sends the next 20 ms of every player to its caller; reports players that ran dry.
  void play_frame() {
    std::uint8_t packet[kRtpHeaderSize + 160];
    std::vector<SessionId> done;
    for (SessionId id : playing_) {
      Session& s = sessions_by_id_[id];
      LegState& caller = s.legs[0];
      Player& p = s.player;
      if (p.first) {
        p.ssrc = static_cast<std::uint32_t>(id * 2654435761u);
        p.sequence = static_cast<std::uint16_t>(id * 7919);
      }
      RtpHeader h;
      h.payload_type = static_cast<std::uint8_t>(caller.setup.payload_type);
      h.marker = p.first;
      h.sequence = p.sequence++;
      h.timestamp = p.timestamp;
      h.ssrc = p.ssrc;
      p.timestamp += 160;
      p.first = false;
      write_rtp_header(h, std::span<std::uint8_t>(packet, kRtpHeaderSize));
      const G711& g = G711::get();
      for (int i = 0; i < 160; ++i) {
        std::int16_t sample = 0;  // the last frame is padded with silence
        if (!p.samples.empty()) {
          sample = p.samples.front();
          p.samples.pop_front();
        }
        packet[kRtpHeaderSize + i] = g.encode(caller.setup.codec, sample);
      }
      if (caller.has_peer &&
          sendto(caller.fd, packet, sizeof packet, 0,
                 reinterpret_cast<const sockaddr*>(&caller.peer), sizeof caller.peer) > 0)
        ++played_;
      if (p.samples.empty()) done.push_back(id);
    }
    for (SessionId id : done) {
      playing_.erase(id);
      if (events_) events_(MediaEvent{MediaEvent::Type::kPromptDone, id, 0});
    }
  }

  // One packet from leg `in` towards leg `to`: checks it, latches, transcodes if needed.
  // Returns the length to send (0: dropped) and where the bytes are.
  std::size_t forward(SessionId id, Session& s, int from_leg, const std::uint8_t* buf,
                      std::size_t n, const sockaddr_in& from, std::uint8_t* out,
                      const std::uint8_t** send) {
    LegState& in = s.legs[from_leg];
    LegState& to = s.legs[1 - from_leg];
    RtpHeader h;
    if (!parse_rtp(std::span<const std::uint8_t>(buf, n), &h)) {
      ++dropped_;  // and no latching on garbage: it must not steal the stream
      return 0;
    }
    // Latch: the peer is wherever its valid packets come from (symmetric RTP, NAT).
    in.peer = from;
    in.has_peer = in.latched = true;
    in.last_heard_us = now_us_;
    if (h.payload_type == in.setup.telephone_event_pt) report_digit(id, in, from_leg, h, buf);
    if (from_leg == 0 && s.inband && h.payload_type == in.setup.payload_type)
      listen_for_tones(id, s, h, buf);
    if (h.payload_type == in.setup.payload_type) {
      record_audio(s, from_leg, h, buf);
      in.stats.on_packet(h.sequence, h.timestamp, static_cast<std::uint32_t>(now_us_ / 125));
      in.peer_ssrc = h.ssrc;
    }
    if (s.parted) return 0;  // kept from the other side, not lost: no drop counted
    if (!to.has_peer) {
      ++dropped_;
      return 0;
    }
    *send = buf;
    if (h.payload_type == in.setup.payload_type) {
      if (in.setup.codec == to.setup.codec && in.setup.payload_type == to.setup.payload_type)
        return n;
      RtpHeader outh = h;
      outh.payload_type = static_cast<std::uint8_t>(to.setup.payload_type);
      write_rtp_header(outh, std::span<std::uint8_t>(out, kRtpHeaderSize));
      G711::get().transcode(in.setup.codec, to.setup.codec,
                            std::span<const std::uint8_t>(buf + h.payload_offset, h.payload_size),
                            std::span<std::uint8_t>(out + kRtpHeaderSize, h.payload_size));
      ++transcoded_;
      *send = out;
      return kRtpHeaderSize + h.payload_size;
    }
    if (h.payload_type == in.setup.telephone_event_pt && to.setup.telephone_event_pt >= 0) {
      if (in.setup.telephone_event_pt != to.setup.telephone_event_pt) {
        std::memcpy(out, buf, n);
        out[1] = static_cast<std::uint8_t>((out[1] & 0x80) | to.setup.telephone_event_pt);
        *send = out;
      }
      return n;
    }
    ++dropped_;  // a payload type nobody negotiated
    return 0;
  }

  static constexpr int kBatch = 32;
  struct Batch {
    std::uint8_t in[kBatch][2048], out[kBatch][2048];
    mmsghdr in_msgs[kBatch], out_msgs[kBatch];
    iovec in_iov[kBatch], out_iov[kBatch];
    sockaddr_in from[kBatch];
  };
  std::unique_ptr<Batch> batch_ = std::make_unique<Batch>();  // relay thread only

  RelaySettings settings_;
  MediaEventSink events_;
  Recorder* recorder_;
  RecordBatch record_batch_;  // relay thread only
  std::int64_t now_us_ = 0;   // relay thread: when the current batch was read
  std::uint64_t ticks_ = 0;
  in_addr local_{};
  int epoll_ = -1, timer_ = -1;
  std::unordered_set<SessionId> playing_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  RelayShared* shared_;
  int index_;        // among the relay's workers
  TaskQueue tasks_;  // the control calls, carried out on the relay thread
  // Owned by the relay thread.
  std::unordered_map<SessionId, Session> sessions_by_id_;
  std::unordered_map<int, std::pair<SessionId, int>> fd_owner_;
  std::atomic<std::uint64_t> relayed_{0}, transcoded_{0}, dropped_{0}, played_{0}, open_ports_{0},
      sessions_{0}, recordings_{0}, lost_{0}, rtcp_sent_{0}, rtcp_received_{0};
};

}  // namespace

Result<std::unique_ptr<RtpRelay>> start_relay_worker(const RelaySettings& settings,
                                                     MediaEventSink events, Recorder* recorder,
                                                     RelayShared* shared, int index) {
  auto worker = std::make_unique<RelayWorker>(settings, std::move(events), recorder, shared, index);
  if (Status s = worker->run(); !s.ok()) return s;
  return std::unique_ptr<RtpRelay>(std::move(worker));
}

}  // namespace hotline::media::detail
