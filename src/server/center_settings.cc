// The center's settings put in force on the core thread while calls go on (the
// administration pages change them through DeskGateway::apply_settings), and the reason
// codes agents may give.

#include <algorithm>

#include "server/server_impl.h"

namespace hotline::server::detail {

Status ServerImpl::reconfigure(const config::CenterConfig& c) {
  Status done;
  run_center([&](std::vector<center::CenterCommand>& out) {
    done = center_.reconfigure(c.model, c.calendar, clock_.now(), out);
  });
  if (!done.ok()) return done;
  set_reasons(c.model.reasons);
  dispositions_ = c.dispositions;
  code_titles_ = c.code_titles;
  wallboard_.reconfigure(c);
  // Agents' states on the desks and wallboards follow the change at once.
  if (wallboard_.has_subscribers()) wallboard_.publish_queue_changes();
  return done;
}

void ServerImpl::set_reasons(const std::vector<std::string>& reasons) {
  reasons_ = reasons;
  // The core's own reason for agents who let calls ring out; agents may give it too.
  if (std::find(reasons_.begin(), reasons_.end(), "no_answer") == reasons_.end())
    reasons_.push_back("no_answer");
}

std::optional<acd::ReasonId> ServerImpl::reason_id(const std::string& code) const {
  if (std::find(reasons_.begin(), reasons_.end(), code) == reasons_.end()) return std::nullopt;
  const std::vector<std::string>& known = center_.routing().model().reasons;
  auto it = std::find(known.begin(), known.end(), code);
  if (it == known.end()) return std::nullopt;
  return static_cast<acd::ReasonId>(it - known.begin());
}

}  // namespace hotline::server::detail
