#include "media/relay/relay_worker.h"

#include <arpa/inet.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <functional>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/task_queue.h"
#include "media/g711.h"
#include "media/relay/media_session.h"
#include "media/relay/packet_path.h"

namespace hotline::media::detail {

namespace {

std::int64_t monotonic_us() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return std::int64_t{t.tv_sec} * 1'000'000 + t.tv_nsec / 1000;
}

void start_watching(Participant& p) {
  p.watched = true;
  p.timed_out = false;
  p.last_heard_us = monotonic_us();
}

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

  // The ports are bound here, on the caller's thread, so that a failure is its answer;
  // the worker adopts the sockets.
  Result<Ports> open(const LegSetup& caller, const LegSetup& agent) override {
    MediaSession s = MediaSession::two_party(caller, agent);
    for (Participant& p : s.participants) {
      auto pair = bind_port_pair(settings_, local_, &shared_->next_port);
      if (!pair.ok()) {
        for (Participant& bound : s.participants)
          close_sockets(bound);
        return pair.status();
      }
      p.fd = pair->rtp_fd;
      p.rtcp_fd = pair->rtcp_fd;
      p.port = pair->port;
      open_ports_ += 2;
    }
    // The id tells which worker holds the session (see RelayShared).
    const SessionId id = shared_->next_session.fetch_add(1) * shared_->workers + index_ + 1;
    const Ports ports{id, s.participants[kCallerParticipant].port,
                      s.participants[kAgentParticipant].port};
    post([this, id, s = std::move(s)]() mutable { adopt(id, std::move(s)); });
    ++sessions_;
    return ports;
  }

  void set_peer(SessionId id, Leg leg, const std::string& address, int port) override {
    sockaddr_in peer{};
    peer.sin_family = AF_INET;
    peer.sin_port = htons(static_cast<std::uint16_t>(port));
    if (inet_pton(AF_INET, address.c_str(), &peer.sin_addr) != 1) return;  // bad SDP: no peer
    on_participant(id, leg, [leg, peer](Participant& p) {
      if (!p.latched) {  // what the peer really sends from beats what its SDP says
        p.peer = peer;
        p.has_peer = true;
      }
      if (!p.rtcp_latched) {
        p.rtcp_peer = peer;
        p.rtcp_peer.sin_port = htons(static_cast<std::uint16_t>(ntohs(peer.sin_port) + 1));
      }
      if (leg == Leg::kAgent && !p.watched) start_watching(p);
    });
  }

  void close(SessionId id) override {
    post([this, id] {
      auto it = sessions_by_id_.find(id);
      if (it == sessions_by_id_.end()) return;
      for (Participant& p : it->second.participants) {
        for (int fd : {p.fd, p.rtcp_fd}) {
          fd_owner_.erase(fd);
          epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
        }
        close_sockets(p);
        if (p.stats.lost() > 0) lost_ += static_cast<std::uint64_t>(p.stats.lost());
      }
      end_recording(it->second);
      sessions_by_id_.erase(it);
      playing_.erase(id);
      --sessions_;
    });
  }

  void watch(SessionId id, Leg leg, bool watched) override {
    on_participant(id, leg, [watched](Participant& p) {
      if (watched)
        start_watching(p);
      else
        p.watched = false;
    });
  }

  void forget_peer(SessionId id, Leg leg) override {
    // The next party's stream is a new one: the old one's losses are counted now.
    on_participant(id, leg, [this](Participant& p) { lost_ += p.forget_peer(); });
  }

  void configure(SessionId id, Leg leg, const LegSetup& setup) override {
    on_participant(id, leg, [setup](Participant& p) { p.setup = setup; });
  }

  void play(SessionId id, std::vector<std::int16_t> audio) override {
    on_session(id, [this, id, audio = std::move(audio)](MediaSession& s) {
      s.player.samples.insert(s.player.samples.end(), audio.begin(), audio.end());
      playing_.insert(id);
    });
  }

  void stop_playing(SessionId id) override {
    on_session(id, [this, id](MediaSession& s) {
      s.player.samples.clear();
      playing_.erase(id);
    });
  }

  void record(SessionId id, const std::string& path) override {
    if (!recorder_) return;
    on_session(id, [this, path](MediaSession& s) {
      if (s.recording) return;
      s.recording = shared_->next_recording.fetch_add(1) + 1;
      s.recording_start_us = monotonic_us();
      for (Participant& p : s.participants)
        p.record_clock = RecordClock{};
      RecordOp op;
      op.type = RecordOp::Type::kBegin;
      op.recording = s.recording;
      record_batch_.add(op, reinterpret_cast<const std::uint8_t*>(path.data()), path.size());
      ++recordings_;
    });
  }

  void pause_recording(SessionId id, bool paused) override {
    on_session(id, [paused](MediaSession& s) { s.recording_paused = paused; });
  }

  void stop_recording(SessionId id) override {
    on_session(id, [this](MediaSession& s) { end_recording(s); });
  }

  void part(SessionId id, bool parted) override {
    on_session(id, [parted](MediaSession& s) { s.part(parted); });
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
      for (Participant& p : s.participants)
        close_sockets(p);
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

  void post(std::function<void()> work) { tasks_.post(std::move(work)); }

  // Runs `work` on the worker's thread with the session, if it is still open.
  template <class Work>
  void on_session(SessionId id, Work work) {
    post([this, id, work = std::move(work)]() mutable {
      auto it = sessions_by_id_.find(id);
      if (it != sessions_by_id_.end()) work(it->second);
    });
  }
  template <class Work>
  void on_participant(SessionId id, Leg leg, Work work) {
    on_session(id, [leg, work = std::move(work)](MediaSession& s) mutable {
      const auto index = static_cast<ParticipantIndex>(leg);
      if (s.has(index)) work(s.participants[index]);
    });
  }

  void close_sockets(Participant& p) {
    for (int* fd : {&p.fd, &p.rtcp_fd}) {
      if (*fd < 0) continue;
      ::close(*fd);
      *fd = -1;
      --open_ports_;
    }
  }

  void adopt(SessionId id, MediaSession s) {
    MediaSession& placed = sessions_by_id_[id] = std::move(s);
    // The caller's line carries RTP from the answer on.
    start_watching(placed.participants[kCallerParticipant]);
    for (std::size_t i = 0; i < placed.participants.size(); ++i) {
      for (int fd : {placed.participants[i].fd, placed.participants[i].rtcp_fd}) {
        fd_owner_[fd] = {id, static_cast<ParticipantIndex>(i)};
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.u64 = static_cast<std::uint64_t>(fd);
        epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &ev);
      }
    }
  }

  void end_recording(MediaSession& s) {
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

  // A participant's audio payload, kept for the recording at its place on the timeline;
  // each participant is a channel of its own.
  void record_audio(MediaSession& s, ParticipantIndex speaker, const RtpHeader& h,
                    const std::uint8_t* packet) {
    if (!s.recording || s.recording_paused || h.payload_size == 0) return;
    const std::int64_t arrival = (now_us_ - s.recording_start_us) * kRecordingRate / 1'000'000;
    Participant& p = s.participants[speaker];
    RecordOp op;
    op.recording = s.recording;
    op.channel = speaker;
    op.codec = p.setup.codec;
    op.position = p.record_clock.position(h, arrival);
    record_batch_.add(op, packet + h.payload_offset, h.payload_size);
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
      publish_counts();
    }
  }

  // The packet path's counts, kept on this thread, are published once per loop turn.
  void publish_counts() {
    relayed_.store(counts_.relayed, std::memory_order_relaxed);
    transcoded_.store(counts_.transcoded, std::memory_order_relaxed);
    dropped_.store(counts_.dropped, std::memory_order_relaxed);
  }

  // Reads every waiting datagram of one participant's socket and sends each to the
  // participant's sinks, a batch at a time: one recvmmsg, then one sendmmsg per sink.
  void drain(int fd) {
    auto owner = fd_owner_.find(fd);
    if (owner == fd_owner_.end()) return;
    const SessionId id = owner->second.first;
    const ParticipantIndex from = owner->second.second;
    MediaSession& s = sessions_by_id_[id];
    Participant& speaker = s.participants[from];
    if (fd == speaker.rtcp_fd) return read_reports(speaker);
    Batch& b = *batch_;
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
      now_us_ = monotonic_us();
      for (int i = 0; i < n; ++i)
        b.kinds[i] = take_in(id, s, from, b.in[i], b.in_msgs[i].msg_len, b.from[i], &b.headers[i]);
      for (ParticipantIndex to : speaker.sinks)
        send_batch(speaker, s.participants[to], n);
      if (n < kBatch) return;
    }
  }

  // What is done once per packet, whoever hears it: checked, latched, keys reported,
  // recorded.
  PacketKind take_in(SessionId id, MediaSession& s, ParticipantIndex from,
                     const std::uint8_t* packet, std::size_t size, const sockaddr_in& source,
                     RtpHeader* h) {
    Participant& speaker = s.participants[from];
    const PacketKind kind = receive_packet(speaker, packet, size, source, now_us_, h);
    switch (kind) {
      case PacketKind::kInvalid:
        ++counts_.dropped;
        break;
      case PacketKind::kKey:
        if (const char key = key_pressed(speaker, *h, packet, now_us_); key && events_)
          events_(MediaEvent{MediaEvent::Type::kDigit, id, key, static_cast<Leg>(from)});
        break;
      case PacketKind::kAudio:
        if (speaker.inband) listen_for_tones(id, speaker, *h, packet);
        record_audio(s, from, *h, packet);
        break;
      case PacketKind::kOther:
        break;
    }
    return kind;
  }

  // The batch just read, as `sink` hears it: one sendmmsg.
  void send_batch(const Participant& speaker, const Participant& sink, int n) {
    Batch& b = *batch_;
    int out = 0;
    for (int i = 0; i < n; ++i) {
      const std::uint8_t* bytes = nullptr;
      const std::size_t length = render_for_sink(speaker, sink, b.kinds[i], b.headers[i], b.in[i],
                                                 b.in_msgs[i].msg_len, b.out[i], &bytes, &counts_);
      if (length == 0) continue;
      b.out_iov[out] = {const_cast<std::uint8_t*>(bytes), length};
      b.out_msgs[out] = {};
      b.out_msgs[out].msg_hdr.msg_iov = &b.out_iov[out];
      b.out_msgs[out].msg_hdr.msg_iovlen = 1;
      b.out_msgs[out].msg_hdr.msg_name = const_cast<sockaddr_in*>(&sink.peer);
      b.out_msgs[out].msg_hdr.msg_namelen = sizeof sink.peer;
      ++out;
    }
    if (out == 0) return;
    const int sent = sendmmsg(sink.fd, b.out_msgs, static_cast<unsigned>(out), 0);
    if (sent > 0) counts_.relayed += static_cast<std::uint64_t>(sent);
  }

  // A participant's keys as DTMF tones in its audio.
  void listen_for_tones(SessionId id, Participant& speaker, const RtpHeader& h,
                        const std::uint8_t* packet) {
    std::int16_t pcm[2048];
    const std::size_t n = std::min<std::size_t>(h.payload_size, std::size(pcm));
    const G711& g = G711::get();
    for (std::size_t i = 0; i < n; ++i)
      pcm[i] = g.decode(speaker.setup.codec, packet[h.payload_offset + i]);
    for (char digit : speaker.inband->feed(std::span<const std::int16_t>(pcm, n)))
      if (events_) events_(MediaEvent{MediaEvent::Type::kDigit, id, digit});
  }

  // Once a second: participants that fell silent are reported, once.
  void check_silence() {
    if (settings_.rtp_timeout <= 0 || !events_) return;
    const std::int64_t now = monotonic_us();
    for (auto& [id, s] : sessions_by_id_) {
      for (std::size_t i = 0; i < s.participants.size(); ++i) {
        Participant& p = s.participants[i];
        if (!p.watched || p.timed_out || now - p.last_heard_us < settings_.rtp_timeout) continue;
        p.timed_out = true;
        events_(MediaEvent{MediaEvent::Type::kRtpTimeout, id, 0, static_cast<Leg>(i)});
      }
    }
  }

  // Every peer that has sent us audio hears how it arrives: one receiver report each.
  void send_reports() {
    std::uint8_t packet[64];
    for (auto& [id, s] : sessions_by_id_) {
      for (std::size_t i = 0; i < s.participants.size(); ++i) {
        Participant& p = s.participants[i];
        if (p.stats.received() == 0 || !p.has_peer) continue;
        const ReceptionReport r =
            reception_report(p.peer_ssrc, p.stats, &p.prior_expected, &p.prior_received);
        const std::uint32_t ours =
            static_cast<std::uint32_t>(id * 2654435761u) + 1 + static_cast<std::uint32_t>(i);
        const std::size_t n = write_receiver_report(ours, r, packet);
        if (sendto(p.rtcp_fd, packet, n, 0, reinterpret_cast<const sockaddr*>(&p.rtcp_peer),
                   sizeof p.rtcp_peer) > 0)
          ++rtcp_sent_;
      }
    }
  }

  // A peer's reports: kept (how our stream arrives there); their source becomes where
  // ours go. Anything else on the port is dropped.
  void read_reports(Participant& p) {
    std::uint8_t buf[1500];
    for (;;) {
      sockaddr_in from{};
      socklen_t len = sizeof from;
      const ssize_t n =
          recvfrom(p.rtcp_fd, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &len);
      if (n < 0) return;
      RtcpSummary summary;
      if (!parse_rtcp(std::span<const std::uint8_t>(buf, static_cast<std::size_t>(n)), &summary)) {
        ++counts_.dropped;
        continue;
      }
      p.last_report = summary;
      p.rtcp_peer = from;
      p.rtcp_latched = true;
      // A phone that suppresses silence sends no RTP while its caller listens (to music,
      // in a queue), but its reports go on: the line is alive.
      p.last_heard_us = monotonic_us();
      ++rtcp_received_;
    }
  }

  // Sends the next 20 ms of every player to its sink; reports players that ran dry.
  void play_frame() {
    std::uint8_t packet[kRtpHeaderSize + 160];
    std::vector<SessionId> done;
    for (SessionId id : playing_) {
      MediaSession& s = sessions_by_id_[id];
      Player& player = s.player;
      const Participant& sink = s.participants[player.sink];
      if (player.first) {
        player.ssrc = static_cast<std::uint32_t>(id * 2654435761u);
        player.sequence = static_cast<std::uint16_t>(id * 7919);
      }
      RtpHeader h;
      h.payload_type = static_cast<std::uint8_t>(sink.setup.payload_type);
      h.marker = player.first;
      h.sequence = player.sequence++;
      h.timestamp = player.timestamp;
      h.ssrc = player.ssrc;
      player.timestamp += 160;
      player.first = false;
      write_rtp_header(h, std::span<std::uint8_t>(packet, kRtpHeaderSize));
      const G711& g = G711::get();
      for (int i = 0; i < 160; ++i) {
        std::int16_t sample = 0;  // the last frame is padded with silence
        if (!player.samples.empty()) {
          sample = player.samples.front();
          player.samples.pop_front();
        }
        packet[kRtpHeaderSize + i] = g.encode(sink.setup.codec, sample);
      }
      if (sink.has_peer &&
          sendto(sink.fd, packet, sizeof packet, 0, reinterpret_cast<const sockaddr*>(&sink.peer),
                 sizeof sink.peer) > 0)
        ++played_;
      if (player.samples.empty()) done.push_back(id);
    }
    for (SessionId id : done) {
      playing_.erase(id);
      if (events_) events_(MediaEvent{MediaEvent::Type::kPromptDone, id, 0});
    }
  }

  static constexpr int kBatch = 32;
  struct Batch {
    std::uint8_t in[kBatch][2048], out[kBatch][2048];
    mmsghdr in_msgs[kBatch], out_msgs[kBatch];
    iovec in_iov[kBatch], out_iov[kBatch];
    sockaddr_in from[kBatch];
    RtpHeader headers[kBatch];
    PacketKind kinds[kBatch];
  };
  std::unique_ptr<Batch> batch_ = std::make_unique<Batch>();  // relay thread only

  RelaySettings settings_;
  MediaEventSink events_;
  Recorder* recorder_;
  RecordBatch record_batch_;  // relay thread only
  PacketCounts counts_;       // relay thread only; published in the atomics below
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
  std::unordered_map<SessionId, MediaSession> sessions_by_id_;
  std::unordered_map<int, std::pair<SessionId, ParticipantIndex>> fd_owner_;
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
