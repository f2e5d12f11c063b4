#include "media/relay/packet_path.h"

#include <cstring>
#include <span>

#include "media/g711.h"

namespace hotline::media::detail {

PacketKind receive_packet(Participant& speaker, const std::uint8_t* packet, std::size_t size,
                          const sockaddr_in& from, std::int64_t now_us, RtpHeader* header) {
  if (!parse_rtp(std::span<const std::uint8_t>(packet, size), header)) return PacketKind::kInvalid;
  speaker.peer = from;
  speaker.has_peer = speaker.latched = true;
  speaker.last_heard_us = now_us;
  if (header->payload_type == speaker.setup.payload_type) {
    speaker.stats.on_packet(header->sequence, header->timestamp,
                            static_cast<std::uint32_t>(now_us / 125));
    speaker.peer_ssrc = header->ssrc;
    return PacketKind::kAudio;
  }
  if (header->payload_type == speaker.setup.telephone_event_pt) return PacketKind::kKey;
  return PacketKind::kOther;
}

char key_pressed(Participant& speaker, const RtpHeader& header, const std::uint8_t* packet,
                 std::int64_t now_us) {
  TelephoneEvent e;
  if (!parse_telephone_event(
          std::span<const std::uint8_t>(packet + header.payload_offset, header.payload_size), &e) ||
      !e.end)
    return '\0';
  KeyPressFilter& keys = speaker.keys;
  if (keys.seen && keys.last_timestamp == header.timestamp && keys.last_event == e.event &&
      now_us - keys.last_us < 500'000)
    return '\0';
  keys.seen = true;
  keys.last_us = now_us;
  keys.last_timestamp = header.timestamp;
  keys.last_event = e.event;
  return event_digit(e.event);
}

std::size_t render_for_sink(const Participant& speaker, const Participant& sink, PacketKind kind,
                            const RtpHeader& header, const std::uint8_t* packet, std::size_t size,
                            std::uint8_t* out, const std::uint8_t** send, PacketCounts* counts) {
  if (kind == PacketKind::kInvalid) return 0;
  if (!sink.has_peer || kind == PacketKind::kOther) {
    ++counts->dropped;  // no address yet, or a payload type nobody negotiated
    return 0;
  }
  *send = packet;
  if (kind == PacketKind::kAudio) {
    if (speaker.setup.codec == sink.setup.codec &&
        speaker.setup.payload_type == sink.setup.payload_type)
      return size;
    RtpHeader rewritten = header;
    rewritten.payload_type = static_cast<std::uint8_t>(sink.setup.payload_type);
    write_rtp_header(rewritten, std::span<std::uint8_t>(out, kRtpHeaderSize));
    G711::get().transcode(
        speaker.setup.codec, sink.setup.codec,
        std::span<const std::uint8_t>(packet + header.payload_offset, header.payload_size),
        std::span<std::uint8_t>(out + kRtpHeaderSize, header.payload_size));
    ++counts->transcoded;
    *send = out;
    return kRtpHeaderSize + header.payload_size;
  }
  // A key: passed on to a sink that takes RFC 4733, under its payload type.
  if (sink.setup.telephone_event_pt < 0) {
    ++counts->dropped;
    return 0;
  }
  if (speaker.setup.telephone_event_pt != sink.setup.telephone_event_pt) {
    std::memcpy(out, packet, size);
    out[1] = static_cast<std::uint8_t>((out[1] & 0x80) | sink.setup.telephone_event_pt);
    *send = out;
  }
  return size;
}

}  // namespace hotline::media::detail
