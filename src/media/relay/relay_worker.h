#pragma once
// One relay worker: a thread with its own epoll loop, owning the sessions placed on it and
// their sockets. RtpRelay::start runs several and spreads sessions over them, so that the
// packets of different calls are relayed on different cores; all participants of a call
// are on the same worker, which keeps the forwarding path free of locks.

#include <atomic>
#include <cstdint>
#include <memory>

#include "media/relay/port_pairs.h"
#include "media/rtp_relay.h"

namespace hotline::media::detail {

// What the workers of one relay share: where the next port pair is sought, and the
// numbering of recordings and sessions, unique across workers. Worker k of n opens
// sessions k + 1, k + 1 + n, k + 1 + 2n...: (id - 1) % n is the worker holding one.
struct RelayShared {
  int workers = 1;
  std::atomic<int> next_port{0};
  std::atomic<std::uint64_t> next_recording{0};
  std::atomic<RtpRelay::SessionId> next_session{0};
};

// A worker is an RtpRelay of its own, for the sessions it opened; `index` is its place
// among the relay's workers. `shared` must outlive it.
Result<std::unique_ptr<RtpRelay>> start_relay_worker(const RelaySettings& settings,
                                                     MediaEventSink events, Recorder* recorder,
                                                     RelayShared* shared, int index);

}  // namespace hotline::media::detail
