// An SDP offer from a carrier or a phone: parsed, then negotiated into what the relay uses.
#include <cstdint>
#include <string_view>

#include "media/sdp.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)hotline::media::parse_sdp(text);
  (void)hotline::media::negotiate_audio(text);
  return 0;
}
