// A center setting as PUT /api/v1/settings/... takes it: the body parsed as untrusted JSON,
// written back and laid over a configuration as YAML, checked by the configuration's rules.
// (A body of 100,000 '[' once crashed the server on this path.)
#include <cstdint>
#include <string>

#include "api/json_input.h"
#include "config/center_config.h"

namespace {
const char* kCenter = R"(
skills: [s]
teams: [t]
reasons: [lunch]
queues: [{name: q, skills: {s: 1}}]
agents: [{name: a, skills: {s: 1}, team: t}]
)";
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  // The first byte picks the setting, the rest is the body.
  static const char* kKeys[] = {"reasons", "skills", "teams", "calendar", "queue:q", "agent:a"};
  const std::string key = kKeys[data[0] % 6];
  auto value = hotline::api::parse_untrusted_json(
      std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
  if (!value.ok()) return 0;
  const hotline::config::CenterSettings settings{{key, value->dump()}};
  (void)hotline::config::parse_center_config(kCenter, "fuzz.yaml", settings);
  return 0;
}
