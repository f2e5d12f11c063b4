#include "media/rtp_relay.h"

#include <algorithm>
#include <thread>
#include <vector>

#include "media/relay/relay_worker.h"

namespace hotline::media {

namespace {

// Spreads sessions over workers: a new session goes to the worker with the fewest; every
// later call about it goes to the worker its id names.
class WorkerPool final : public RtpRelay {
 public:
  explicit WorkerPool(int workers) { shared_.workers = workers; }
  ~WorkerPool() override { stop(); }

  Status run(const RelaySettings& settings, const MediaEventSink& events, Recorder* recorder) {
    shared_.next_port = detail::first_even_port(settings);
    for (int i = 0; i < shared_.workers; ++i) {
      auto worker = detail::start_relay_worker(settings, events, recorder, &shared_, i);
      if (!worker.ok()) return worker.status();
      workers_.push_back(std::move(*worker));
    }
    return {};
  }

  Result<Ports> open(const LegSetup& caller, const LegSetup& agent) override {
    RtpRelay* least = workers_.front().get();
    std::uint64_t fewest = ~0ULL;
    for (auto& w : workers_) {
      const std::uint64_t n = w->counters().sessions;
      if (n < fewest) fewest = n, least = w.get();
    }
    return least->open(caller, agent);
  }
  void set_peer(SessionId id, Leg leg, const std::string& address, int port) override {
    owner(id).set_peer(id, leg, address, port);
  }
  void close(SessionId id) override { owner(id).close(id); }
  void watch(SessionId id, Leg leg, bool watched) override { owner(id).watch(id, leg, watched); }
  void configure(SessionId id, Leg leg, const LegSetup& setup) override {
    owner(id).configure(id, leg, setup);
  }
  void play(SessionId id, std::vector<std::int16_t> audio) override {
    owner(id).play(id, std::move(audio));
  }
  void stop_playing(SessionId id) override { owner(id).stop_playing(id); }
  void record(SessionId id, const std::string& path) override { owner(id).record(id, path); }
  void pause_recording(SessionId id, bool paused) override {
    owner(id).pause_recording(id, paused);
  }
  void part(SessionId id, bool parted) override { owner(id).part(id, parted); }
  void stop_recording(SessionId id) override { owner(id).stop_recording(id); }
  void forget_peer(SessionId id, Leg leg) override { owner(id).forget_peer(id, leg); }

  RelayCounters counters() const override {
    RelayCounters sum;
    for (const auto& w : workers_) {
      const RelayCounters c = w->counters();
      sum.packets_relayed += c.packets_relayed;
      sum.packets_transcoded += c.packets_transcoded;
      sum.packets_dropped += c.packets_dropped;
      sum.packets_played += c.packets_played;
      sum.open_ports += c.open_ports;
      sum.sessions += c.sessions;
      sum.recordings += c.recordings;
      sum.packets_lost += c.packets_lost;
      sum.rtcp_sent += c.rtcp_sent;
      sum.rtcp_received += c.rtcp_received;
    }
    return sum;
  }

  void stop() override {
    for (auto& w : workers_)
      w->stop();
  }

 private:
  // Ids that no worker gave out (0, or a stale id from a caller's bug) still name a
  // worker, which finds no such session and ignores the call.
  RtpRelay& owner(SessionId id) {
    return *workers_[static_cast<std::size_t>((id - 1) % workers_.size())];
  }

  detail::RelayShared shared_;
  std::vector<std::unique_ptr<RtpRelay>> workers_;
};

}  // namespace

Result<std::unique_ptr<RtpRelay>> RtpRelay::start(const RelaySettings& settings,
                                                  MediaEventSink events, Recorder* recorder) {
  if (settings.port_min < 1024 || settings.port_max > 65534 ||
      settings.port_min >= settings.port_max)
    return Status::invalid_argument("RTP port range must lie within 1024-65534");
  if (settings.threads < 0 || settings.threads > 256)
    return Status::invalid_argument("RTP relay threads must be 0 (one per core) to 256");
  const int workers = settings.threads > 0
                          ? settings.threads
                          : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  auto pool = std::make_unique<WorkerPool>(workers);
  if (Status s = pool->run(settings, events, recorder); !s.ok()) return s;
  return std::unique_ptr<RtpRelay>(std::move(pool));
}

}  // namespace hotline::media
