#pragma once
// G.711 (µ-law PCMU, A-law PCMA): 8-bit samples <-> 16-bit linear, and µ-law <-> A-law
// transcoding when caller and agent chose different codecs. Lookup tables built once
// from spandsp's reference conversions; thread-safe after construction (read-only).

#include <cstdint>
#include <span>

#include "media/sdp.h"

namespace hotline::media {

class G711 {
 public:
  // The process-wide tables (built on first use).
  static const G711& get();

  std::int16_t decode(Codec codec, std::uint8_t sample) const {
    return codec == Codec::kPcmu ? ulaw_to_linear_[sample] : alaw_to_linear_[sample];
  }
  std::uint8_t encode(Codec codec, std::int16_t linear) const {
    const auto index = static_cast<std::uint16_t>(linear);
    return codec == Codec::kPcmu ? linear_to_ulaw_[index] : linear_to_alaw_[index];
  }
  // Converts `in` to `out` (same size); `from == to` copies.
  void transcode(Codec from, Codec to, std::span<const std::uint8_t> in,
                 std::span<std::uint8_t> out) const;

 private:
  G711();
  std::int16_t ulaw_to_linear_[256], alaw_to_linear_[256];
  std::uint8_t ulaw_to_alaw_[256], alaw_to_ulaw_[256];
  std::uint8_t linear_to_ulaw_[65536], linear_to_alaw_[65536];
};

}  // namespace hotline::media
