#include "media/sdp.h"

#include <cctype>
#include <charconv>

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
  if (text.size() > kMaxSdpBytes) return Status::invalid_argument("SDP larger than 16 KiB");
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
      return Status::invalid_argument(where() + "not of the form x=value");
    const char kind = line[0];
    const std::string_view value = line.substr(2);
    if (!seen_version && kind != 'v')
      return Status::invalid_argument(where() + "the first line must be v=0");
    switch (kind) {
      case 'v':
        if (value != "0") return Status::invalid_argument(where() + "unsupported version");
        seen_version = true;
        break;
      case 'o': {
        const auto parts = split(value, ' ');
        if (parts.size() != 6) return Status::invalid_argument(where() + "o= needs 6 fields");
        std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), sdp.session_id);
        std::from_chars(parts[2].data(), parts[2].data() + parts[2].size(), sdp.session_version);
        sdp.origin_address = std::string(parts[5]);
        seen_origin = true;
        break;
      }
      case 'c': {
        std::string address;
        if (!parse_address(value, &address))
          return Status::invalid_argument(where() + "bad c= line");
        if (sdp.media.empty())
          session_connection = address;
        else
          sdp.media.back().connection_address = address;
        break;
      }
      case 'm': {
        const auto parts = split(value, ' ');
        if (parts.size() < 4)
          return Status::invalid_argument(where() + "m= needs media, port, protocol, formats");
        MediaDescription m;
        m.type = std::string(parts[0]);
        std::string_view port = parts[1];
        if (const std::size_t slash = port.find('/'); slash != std::string_view::npos)
          port = port.substr(0, slash);  // "port/count"
        if (!to_int(port, &m.port) || m.port < 0 || m.port > 65535)
          return Status::invalid_argument(where() + "bad port");
        m.protocol = std::string(parts[2]);
        m.formats = std::string(value.substr(parts[3].data() - value.data()));
        for (std::size_t i = 3; i < parts.size(); ++i) {
          int pt = 0;
          if (m.protocol.rfind("RTP/", 0) == 0) {
            if (!to_int(parts[i], &pt) || pt < 0 || pt > 127)
              return Status::invalid_argument(where() + "bad payload type");
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
            return Status::invalid_argument(where() + "bad rtpmap");
          const auto codec = split(rest.substr(space + 1), '/');
          if (codec.size() < 2 || !to_int(codec[1], &map.clock_rate))
            return Status::invalid_argument(where() + "bad rtpmap");
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
  if (!seen_version) return Status::invalid_argument("empty SDP");
  if (!seen_origin) return Status::invalid_argument("SDP without o= line");
  for (const MediaDescription& m : sdp.media)
    if (m.connection_address.empty() && m.port != 0)
      return Status::invalid_argument("SDP media without a connection address (c=)");
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
  for (std::size_t i = 0; i < offer.media.size(); ++i) {
    const MediaDescription& m = offer.media[i];
    if (m.type != "audio" || m.port == 0 || m.protocol != "RTP/AVP") continue;
    AudioAgreement a;
    a.stream = i;
    for (std::size_t j = 0; j < offer.media.size(); ++j) {
      const MediaDescription& other = offer.media[j];
      a.refusals.push_back(j == i
                               ? std::string()
                               : "m=" + other.type + " 0 " + other.protocol + " " + other.formats);
    }
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
  return Status::invalid_argument("no audio stream with PCMU or PCMA");
}

namespace {

// The session part shared by offers and answers, up to and including "t=0 0".
std::string session_head(const std::string& address, std::uint64_t session_id,
                         std::uint64_t version) {
  std::string sdp = "v=0\r\no=hotline ";
  sdp.append(std::to_string(session_id)).append(" ").append(std::to_string(version));
  sdp.append(" IN IP4 ").append(address).append("\r\ns=hotline\r\nc=IN IP4 ");
  sdp.append(address).append("\r\nt=0 0\r\n");
  return sdp;
}

void append_audio_line(std::string& sdp, int port) {
  sdp.append("m=audio ").append(std::to_string(port)).append(" RTP/AVP");
}

void append_rtpmap(std::string& sdp, int pt, const char* encoding) {
  sdp.append("a=rtpmap:").append(std::to_string(pt)).append(" ").append(encoding).append("\r\n");
}

void append_telephone_event(std::string& sdp, int pt) {
  append_rtpmap(sdp, pt, "telephone-event/8000");
  sdp.append("a=fmtp:").append(std::to_string(pt)).append(" 0-16\r\n");
}

}  // namespace

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
  std::string sdp = session_head(address, session_id, version);
  for (std::size_t i = 0; i < agreed.stream && i < agreed.refusals.size(); ++i)
    sdp.append(agreed.refusals[i]).append("\r\n");
  append_audio_line(sdp, port);
  sdp.append(" ").append(std::to_string(agreed.payload_type));
  if (agreed.telephone_event_pt >= 0)
    sdp.append(" ").append(std::to_string(agreed.telephone_event_pt));
  sdp.append("\r\n");
  append_rtpmap(sdp, agreed.payload_type, agreed.codec == Codec::kPcmu ? "PCMU/8000" : "PCMA/8000");
  if (agreed.telephone_event_pt >= 0) append_telephone_event(sdp, agreed.telephone_event_pt);
  sdp.append("a=ptime:20\r\na=").append(direction_attribute(ours)).append("\r\n");
  for (std::size_t i = agreed.stream + 1; i < agreed.refusals.size(); ++i)
    sdp.append(agreed.refusals[i]).append("\r\n");
  return sdp;
}

std::string make_offer(const std::string& address, int port, std::uint64_t session_id,
                       std::uint64_t version) {
  std::string sdp = session_head(address, session_id, version);
  append_audio_line(sdp, port);
  sdp.append(" 0 8 101\r\n");
  append_rtpmap(sdp, 0, "PCMU/8000");
  append_rtpmap(sdp, 8, "PCMA/8000");
  append_telephone_event(sdp, 101);
  sdp.append("a=ptime:20\r\na=sendrecv\r\n");
  return sdp;
}

Result<AudioAgreement> negotiate_audio(std::string_view sdp) {
  auto parsed = parse_sdp(sdp);
  if (!parsed.ok()) return parsed.status();
  return negotiate_audio(*parsed);
}

}  // namespace hotline::media
