#include "media/g711.h"

// spandsp's headers must come in this order: C99 types, telephony.h, then the rest.
// clang-format off
#include <inttypes.h>
#include <spandsp/telephony.h>
#include <spandsp/bit_operations.h>
#include <spandsp/g711.h>
// clang-format on

#include <algorithm>

namespace hotline::media {

G711::G711() {
  for (int c = 0; c < 256; ++c) {
    ulaw_to_linear_[c] = ::ulaw_to_linear(static_cast<std::uint8_t>(c));
    alaw_to_linear_[c] = ::alaw_to_linear(static_cast<std::uint8_t>(c));
    ulaw_to_alaw_[c] = ::ulaw_to_alaw(static_cast<std::uint8_t>(c));
    alaw_to_ulaw_[c] = ::alaw_to_ulaw(static_cast<std::uint8_t>(c));
  }
  for (int i = 0; i < 65536; ++i) {
    const int linear = static_cast<std::int16_t>(static_cast<std::uint16_t>(i));
    linear_to_ulaw_[i] = ::linear_to_ulaw(linear);
    linear_to_alaw_[i] = ::linear_to_alaw(linear);
  }
}

const G711& G711::get() {
  static const G711* tables = new G711();  // never destroyed: used until process exit
  return *tables;
}

void G711::transcode(Codec from, Codec to, std::span<const std::uint8_t> in,
                     std::span<std::uint8_t> out) const {
  const std::size_t n = std::min(in.size(), out.size());
  if (from == to) {
    std::copy_n(in.begin(), n, out.begin());
    return;
  }
  const std::uint8_t* table = from == Codec::kPcmu ? ulaw_to_alaw_ : alaw_to_ulaw_;
  for (std::size_t i = 0; i < n; ++i)
    out[i] = table[in[i]];
}

}  // namespace hotline::media
