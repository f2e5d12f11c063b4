#pragma once
// SDP (RFC 4566) for hotline's B2BUA: parse a peer's offer or answer, choose the codec
// (G.711 µ-law or A-law) and RFC 4733 telephone-event, and write our own offers and
// answers pointing at our RTP ports (RFC 3264 offer/answer). Pure functions; every
// error is a value, since SDP comes from peers.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace hotline::media {

enum class Codec : std::uint8_t { kPcmu, kPcma };
enum class Direction : std::uint8_t { kSendRecv, kSendOnly, kRecvOnly, kInactive };

struct RtpMap {
  int payload_type = 0;
  std::string encoding;  // "PCMU", "telephone-event", as written (case kept)
  int clock_rate = 8000;
};

struct MediaDescription {
  std::string type;                // "audio", "video", ...
  int port = 0;                    // 0: the stream is refused
  std::string protocol;            // "RTP/AVP"
  std::vector<int> payload_types;  // in preference order
  std::vector<RtpMap> rtpmaps;
  std::string connection_address;  // c= of the media, or of the session
  Direction direction = Direction::kSendRecv;
  int ptime_ms = 20;
  std::string formats;  // the format list as written, to refuse the stream with
};

struct SessionDescription {
  std::string origin_address;
  std::uint64_t session_id = 0, session_version = 0;
  std::vector<MediaDescription> media;
};

// At most this many bytes of SDP are accepted.
constexpr std::size_t kMaxSdpBytes = 16 * 1024;

Result<SessionDescription> parse_sdp(std::string_view text);

// What both sides will use for the call's audio.
struct AudioAgreement {
  Codec codec = Codec::kPcmu;
  int payload_type = 0;
  int telephone_event_pt = -1;  // -1: the peer does not do RFC 4733; listen in-band
  std::string remote_address;
  int remote_port = 0;
  Direction remote_direction = Direction::kSendRecv;
  // The answer has one m-line per offered stream, in the offer's order (RFC 3264 §6): the
  // audio stream agreed on is the offer's m-line `stream`; every other one is refused
  // with port 0 (refusals[i], e.g. "m=video 0 RTP/AVP 96"; "" at `stream`).
  std::size_t stream = 0;
  std::vector<std::string> refusals;
  bool on_hold() const {
    return remote_direction == Direction::kSendOnly || remote_direction == Direction::kInactive ||
           remote_address == "0.0.0.0";
  }
};

// Picks, from the first usable audio stream of `offer`, the first of the offerer's codecs
// that we support (the offerer's preference wins, RFC 3264). The error message is meant
// for a 488 Not Acceptable Here.
Result<AudioAgreement> negotiate_audio(const SessionDescription& offer);
// The same from SDP text (an offer, or the answer to our offer): parse errors included.
Result<AudioAgreement> negotiate_audio(std::string_view sdp);

// Our answer to an offer we accepted as `agreed`, receiving at address:port.
std::string make_answer(const AudioAgreement& agreed, const std::string& address, int port,
                        std::uint64_t session_id, std::uint64_t version);

// Our offer (to an agent's phone): PCMU, PCMA and telephone-event, receiving at address:port.
std::string make_offer(const std::string& address, int port, std::uint64_t session_id,
                       std::uint64_t version);

}  // namespace hotline::media
