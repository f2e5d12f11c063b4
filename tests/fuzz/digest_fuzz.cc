// An Authorization header from a phone or a scanner: digest parameters parsed and checked.
#include <cstdint>
#include <string_view>

#include "sip/digest.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view header(reinterpret_cast<const char*>(data), size);
  if (auto c = hotline::sip::parse_digest(header))
    (void)hotline::sip::digest_response_ok(*c, "0123456789abcdef0123456789abcdef", "REGISTER");
  return 0;
}
