// A UDP packet on an RTP port: RTP header, an RFC 4733 event in its payload, or RTCP.
#include <cstdint>
#include <span>

#include "media/rtcp.h"
#include "media/rtp.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> packet(data, size);
  hotline::media::RtpHeader header;
  if (hotline::media::parse_rtp(packet, &header)) {
    hotline::media::TelephoneEvent event;
    (void)hotline::media::parse_telephone_event(
        packet.subspan(header.payload_offset, header.payload_size), &event);
  }
  hotline::media::TelephoneEvent event;
  (void)hotline::media::parse_telephone_event(packet, &event);
  hotline::media::RtcpSummary summary;
  (void)hotline::media::parse_rtcp(packet, &summary);
  return 0;
}
