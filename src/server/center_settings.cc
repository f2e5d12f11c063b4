// The center's settings put in force on the core thread while calls go on (the
// administration pages change them through DeskGateway::apply_settings).

#include "server/call_flows.h"

namespace hotline::server::detail {

Status CallFlows::reconfigure(const config::CenterConfig& c) {
  Status done;
  run_center([&](std::vector<center::CenterCommand>& out) {
    done = center_.reconfigure(c.model, c.calendar, clock_.now(), out);
  });
  if (!done.ok()) return done;
  agents_.set_reasons(c.model.reasons);
  dispositions_ = c.dispositions;
  code_titles_ = c.code_titles;
  wallboard_.reconfigure(c);
  // Agents' states on the desks and wallboards follow the change at once.
  if (wallboard_.has_subscribers()) wallboard_.publish_queue_changes();
  return done;
}

}  // namespace hotline::server::detail
