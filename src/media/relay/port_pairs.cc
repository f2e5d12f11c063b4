#include "media/relay/port_pairs.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace hotline::media::detail {

namespace {

// A UDP socket bound to `port`; -1 when the port is taken, -2 when no socket could be
// made at all.
int bound_socket(const in_addr& address, int port) {
  const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return -2;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr = address;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) return fd;
  ::close(fd);
  return -1;
}

}  // namespace

Result<BoundPair> bind_port_pair(const RelaySettings& settings, const in_addr& address,
                                 std::atomic<int>* next_port) {
  const int span = (settings.port_max - settings.port_min) / 2 + 1;
  for (int attempt = 0; attempt < span; ++attempt) {
    int port = next_port->fetch_add(2);
    if (port + 1 > settings.port_max) {
      *next_port = first_even_port(settings);
      port = next_port->fetch_add(2);
    }
    const int rtp = bound_socket(address, port);
    if (rtp == -2) return Status::io_error(std::string("socket: ") + std::strerror(errno));
    if (rtp < 0) continue;
    const int rtcp = bound_socket(address, port + 1);
    if (rtcp < 0) {
      ::close(rtp);
      continue;
    }
    return BoundPair{rtp, rtcp, port};
  }
  return Status::unavailable("no free RTP port pair in " + std::to_string(settings.port_min) + "-" +
                             std::to_string(settings.port_max));
}

}  // namespace hotline::media::detail
