// The IVR path a call carries (the X-Hotline-Ivr-Path header, a record's ivr_path:
// "welcome>main:2>queue"), read back by the IVR report.
#include <cstdint>
#include <string>

#include "report/ivr_stats.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  hotline::store::CallRecord call;
  call.ivr_path.assign(reinterpret_cast<const char*>(data), size);
  call.disposition = "abandoned_ivr";
  (void)hotline::report::ivr_stats({call});
  return 0;
}
