#include "media/sdp.h"

#include <cctype>
#include <charconv>
#include <cstdio>

namespace hotline::media {

namespace {

bool to_int(std::string_view s, int* out) {
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && end == s.data() + s.size();
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t end = s.find(sep, start);
    if (end == std::string_view::npos) end = s.size();
    if (end > start) parts.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

// The address of "IN IP4 192.0.2.1" (c= or the tail of o=).
bool parse_address(std::string_view value, std::string* address) {
  const auto parts = split(value, ' ');
  if (parts.size() < 3 || parts[0] != "IN" || (parts[1] != "IP4" && parts[1] != "IP6"))
    return false;
  *address = std::string(parts[2]);
  return true;
}

const char* direction_attribute(Direction d) {
  switch (d) {
    case Direction::kSendRecv:
      return "sendrecv";
    case Direction::kSendOnly:
      return "sendonly";
    case Direction::kRecvOnly:
      return "recvonly";
    case Direction::kInactive:
      return "inactive";
  }
  return "sendrecv";
}

}  // namespace

Result<SessionDescription> parse_sdp(std::string_view text) {
  if (text.size() > kMaxSdpBytes) return Status::error("SDP larger than 16 KiB");
  SessionDescription sdp;
  std::string session_connection;
  bool seen_version = false, seen_origin = false;
  int line_no = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    const auto where = [&] { return "SDP line " + std::to_string(line_no) + ": "; };
    if (line.size() < 2 || line[1] != '=')
      return Status::error(where() + "not of the form x=value");
    const char kind = line[0];
    const std::string_view value = line.substr(2);
    if (!seen_version && kind != 'v') return Status::error(where() + "the first line must be v=0");
    switch (kind) {
      case 'v':
        if (value != "0") return Status::error(where() + "unsupported version");
        seen_version = true;
        break;
      case 'o': {
        const auto parts = split(value, ' ');
        if (parts.size() != 6) return Status::error(where() + "o= needs 6 fields");
        std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), sdp.session_id);
        std::from_chars(parts[2].data(), parts[2].data() + parts[2].size(), sdp.session_version);
        sdp.origin_address = std::string(parts[5]);
        seen_origin = true;
        break;
      }
      case 'c': {
        std::string address;
        if (!parse_address(value, &address)) return Status::error(where() + "bad c= line");
        if (sdp.media.empty())
          session_connection = address;
        else
          sdp.media.back().connection_address = address;
        break;
      }
      case 'm': {
        const auto parts = split(value, ' ');
        if (parts.size() < 4)
          return Status::error(where() + "m= needs media, port, protocol, formats");
        MediaDescription m;
        m.type = std::string(parts[0]);
        std::string_view port = parts[1];
        if (const std::size_t slash = port.find('/'); slash != std::string_view::npos)
          port = port.substr(0, slash);  // "port/count"
        if (!to_int(port, &m.port) || m.port < 0 || m.port > 65535)
          return Status::error(where() + "bad port");
        m.protocol = std::string(parts[2]);
        for (std::size_t i = 3; i < parts.size(); ++i) {
          int pt = 0;
          if (m.protocol.rfind("RTP/", 0) == 0) {
            if (!to_int(parts[i], &pt) || pt < 0 || pt > 127)
              return Status::error(where() + "bad payload type");
            m.payload_types.push_back(pt);
          }
        }
        m.connection_address = session_connection;
        sdp.media.push_back(std::move(m));
        break;
      }
      case 'a': {
        if (sdp.media.empty()) break;  // session attributes: none matter to us
        MediaDescription& m = sdp.media.back();
        if (value == "sendrecv")
          m.direction = Direction::kSendRecv;
        else if (value == "sendonly")
          m.direction = Direction::kSendOnly;
        else if (value == "recvonly")
          m.direction = Direction::kRecvOnly;
        else if (value == "inactive")
          m.direction = Direction::kInactive;
        else if (value.rfind("rtpmap:", 0) == 0) {
          // rtpmap:<pt> <encoding>/<clock>[/<channels>]
          const std::string_view rest = value.substr(7);
          const std::size_t space = rest.find(' ');
          RtpMap map;
          if (space == std::string_view::npos || !to_int(rest.substr(0, space), &map.payload_type))
            return Status::error(where() + "bad rtpmap");
          const auto codec = split(rest.substr(space + 1), '/');
          if (codec.size() < 2 || !to_int(codec[1], &map.clock_rate))
            return Status::error(where() + "bad rtpmap");
          map.encoding = std::string(codec[0]);
          m.rtpmaps.push_back(map);
        } else if (value.rfind("ptime:", 0) == 0) {
          int ptime = 0;
          if (to_int(value.substr(6), &ptime) && ptime >= 10 && ptime <= 120) m.ptime_ms = ptime;
        }
        break;
      }
      default:
        break;  // s=, t=, b=, ...: not needed
    }
  }
  if (!seen_version) return Status::error("empty SDP");
  if (!seen_origin) return Status::error("SDP without o= line");
  for (const MediaDescription& m : sdp.media)
    if (m.connection_address.empty() && m.port != 0)
      return Status::error("SDP media without a connection address (c=)");
  return sdp;
}

namespace {

bool same_encoding(const std::string& a, const char* b) {
  if (a.size() != std::char_traits<char>::length(b)) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(a[i])) !=
        std::toupper(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

}  // namespace

Result<AudioAgreement> negotiate_audio(const SessionDescription& offer) {
  for (const MediaDescription& m : offer.media) {
    if (m.type != "audio" || m.port == 0 || m.protocol != "RTP/AVP") continue;
    AudioAgreement a;
    a.remote_address = m.connection_address;
    a.remote_port = m.port;
    a.remote_direction = m.direction;
    bool chosen = false;
    for (int pt : m.payload_types) {
      const RtpMap* map = nullptr;
      for (const RtpMap& r : m.rtpmaps)
        if (r.payload_type == pt) map = &r;
      // Static payload types 0 and 8 may come without rtpmap.
      const bool pcmu =
          map ? same_encoding(map->encoding, "PCMU") && map->clock_rate == 8000 : pt == 0;
      const bool pcma =
          map ? same_encoding(map->encoding, "PCMA") && map->clock_rate == 8000 : pt == 8;
      if (!chosen && (pcmu || pcma)) {
        a.codec = pcmu ? Codec::kPcmu : Codec::kPcma;
        a.payload_type = pt;
        chosen = true;
      }
      if (map && same_encoding(map->encoding, "telephone-event") && map->clock_rate == 8000)
        a.telephone_event_pt = pt;
    }
    if (chosen) return a;
  }
  return Status::error("no audio stream with PCMU or PCMA");
}

std::string make_answer(const AudioAgreement& agreed, const std::string& address, int port,
                        std::uint64_t session_id, std::uint64_t version) {
  // We mirror the peer's direction: it sends only (hold) -> we receive only, and so on.
  Direction ours = Direction::kSendRecv;
  switch (agreed.remote_direction) {
    case Direction::kSendOnly:
      ours = Direction::kRecvOnly;
      break;
    case Direction::kRecvOnly:
      ours = Direction::kSendOnly;
      break;
    case Direction::kInactive:
      ours = Direction::kInactive;
      break;
    case Direction::kSendRecv:
      break;
  }
  char buf[512];
  int n = std::snprintf(buf, sizeof buf,
                        "v=0\r\no=hotline %llu %llu IN IP4 %s\r\ns=hotline\r\nc=IN IP4 %s\r\n"
                        "t=0 0\r\nm=audio %d RTP/AVP %d",
                        static_cast<unsigned long long>(session_id),
                        static_cast<unsigned long long>(version), address.c_str(), address.c_str(),
                        port, agreed.payload_type);
  std::string sdp(buf, static_cast<std::size_t>(n));
  if (agreed.telephone_event_pt >= 0) sdp += " " + std::to_string(agreed.telephone_event_pt);
  sdp += "\r\na=rtpmap:" + std::to_string(agreed.payload_type) +
         (agreed.codec == Codec::kPcmu ? " PCMU/8000\r\n" : " PCMA/8000\r\n");
  if (agreed.telephone_event_pt >= 0) {
    const std::string pt = std::to_string(agreed.telephone_event_pt);
    sdp += "a=rtpmap:" + pt + " telephone-event/8000\r\na=fmtp:" + pt + " 0-16\r\n";
  }
  sdp += "a=ptime:20\r\na=" + std::string(direction_attribute(ours)) + "\r\n";
  return sdp;
}

std::string make_offer(const std::string& address, int port, std::uint64_t session_id,
                       std::uint64_t version) {
  char buf[512];
  const int n = std::snprintf(
      buf, sizeof buf,
      "v=0\r\no=hotline %llu %llu IN IP4 %s\r\ns=hotline\r\nc=IN IP4 %s\r\nt=0 0\r\n"
      "m=audio %d RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n"
      "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=ptime:20\r\na=sendrecv\r\n",
      static_cast<unsigned long long>(session_id), static_cast<unsigned long long>(version),
      address.c_str(), address.c_str(), port);
  return std::string(buf, static_cast<std::size_t>(n));
}

}  // namespace hotline::media
