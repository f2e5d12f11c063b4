#pragma once
// DeskGateway: the only part of the server the API's threads call (api::CenterView):
// agents' desks, the wallboard's reads, /metrics and the administration's settings.
// What the core owns is asked of it on the core thread and waited for, a second at most
// (a stuck core gives 503, never a hung request). The configuration as the
// administration pages see it is kept here, under a lock, and handed to the core when
// it changes.
//
// Threads: the API's, any number at once.

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "api/api_service.h"
#include "common/event_loop.h"
#include "config/center_config.h"
#include "server/center_server.h"

namespace hotline::server {

// What the gateway asks of the running center. Called on the core thread only.
class DeskCore {
 public:
  virtual ~DeskCore() = default;
  virtual api::CenterSnapshot desk_snapshot() = 0;
  // `argument`: the reason code (not ready), the target (transfers), the disposition code.
  virtual api::ActionResult desk_action(acd::AgentId agent, api::AgentAction action,
                                        const std::string& argument) = 0;
  // Click to dial: the agent's phone rings first, then the number.
  virtual api::DialResult desk_dial(acd::AgentId agent, const std::string& number) = 0;
  virtual std::vector<std::string> desk_callbacks() = 0;  // numbers waiting to be called
  virtual std::string core_metrics() = 0;                 // the core's figures, Prometheus text
  // The settings changed: the new configuration is in force from now on.
  virtual Status reconfigure(const config::CenterConfig& config) = 0;
};

class DeskGateway final : public api::CenterView {
 public:
  // `core` runs `desk`'s calls; `stats` reads the server's counters from any thread.
  // All must outlive the gateway.
  DeskGateway(EventLoop& core, DeskCore& desk, const config::CenterConfig& config,
              std::function<ServerStats()> stats);

  std::string metrics() override;
  bool has_agent(const std::string& name) override;
  std::optional<api::CenterSnapshot> snapshot() override;
  api::ActionResult agent_action(const std::string& agent, api::AgentAction action,
                                 const std::string& argument) override;
  api::DialResult dial(const std::string& agent, const std::string& number) override;
  std::optional<std::vector<std::string>> pending_callbacks() override;
  std::string center_settings() override;
  Status apply_settings(const std::map<std::string, std::string>& settings,
                        bool check_only) override;

 private:
  EventLoop& core_;
  DeskCore& desk_;
  std::function<ServerStats()> stats_;
  const std::unordered_map<std::string, acd::AgentId> agent_ids_;  // never changes
  std::mutex settings_mutex_;
  config::CenterConfig config_;  // with the settings in force, under settings_mutex_
};

}  // namespace hotline::server
