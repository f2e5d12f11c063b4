// A request body as every endpoint reads it: parsed (nesting checked first), fields read
// with their types, problems reported. Must never crash, whatever the bytes.
#include <cstdint>
#include <string>

#include "api/json_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  hotline::api::JsonInput in(body);
  in.allow({"name", "count", "on", "items"});
  (void)in.text("name", false, 100);
  (void)in.integer("count", -5, 5);
  (void)in.flag("on");
  (void)in.list("items", 10);
  (void)in.error();
  return 0;
}
