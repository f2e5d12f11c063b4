// A back-end's answer to an IVR lookup, read into variables, and the same bytes as a URL
// template expanded with them. Must never crash, whatever the bytes.
#include <cstdint>
#include <string>

#include "lookup/service.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  auto values = hotline::lookup::read_fields(
      body, {{"amount", "/balance/amount"}, {"first", "/items/0"}, {"all", ""}});
  (void)hotline::lookup::template_variables(body);
  (void)hotline::lookup::expand_url(body, [&](const std::string& name) {
    return values.ok() && values->count(name) ? values->at(name) : name;
  });
  return 0;
}
