// A center's configuration file: YAML (nesting checked first) read by every section's
// rules. Errors are fine; a crash or a hang is not.
#include <cstdint>
#include <string>

#include "config/center_config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  (void)hotline::config::parse_center_config(text, "fuzz.yaml");
  return 0;
}
