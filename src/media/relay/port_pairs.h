#pragma once
// Port pairs for the relay's participants: an even port for RTP and the odd one above
// for RTCP, both bound on the relay's address, taken in turn from the configured range
// (shared by every worker of a relay, so that a port just freed is not reused at once).

#include <netinet/in.h>

#include <atomic>

#include "common/status.h"
#include "media/rtp_relay.h"

namespace hotline::media::detail {

// The first RTP port of a range: RTP takes even ports.
inline int first_even_port(const RelaySettings& s) {
  return (s.port_min + 1) & ~1;
}

struct BoundPair {
  int rtp_fd = -1;
  int rtcp_fd = -1;
  int port = 0;  // RTP's; RTCP's is port + 1
};

// The next free pair after `*next_port`, wrapping once around the range; unavailable when
// every pair is taken. Any thread.
Result<BoundPair> bind_port_pair(const RelaySettings& settings, const in_addr& address,
                                 std::atomic<int>* next_port);

}  // namespace hotline::media::detail
