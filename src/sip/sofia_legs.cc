// The legs the SIP side places: INVITEs to agents' phones and, through a trunk, to
// outside numbers; their answers, challenges from carriers, and numbers that ring too long.

#include "sip/sofia_state.h"

namespace hotline::sip {

bool SofiaServerState::is_dialable(const std::string& number) {
  const std::size_t start = !number.empty() && number[0] == '+' ? 1 : 0;
  if (number.size() <= start || number.size() > 32) return false;
  for (std::size_t i = start; i < number.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(number[i]))) return false;
  return true;
}

void SofiaServerState::ring_agent(std::uint64_t leg, const std::string& agent,
                                  const std::string& caller, const std::string& sdp,
                                  const std::string& ivr_path) {
  std::optional<hotline::sip::Binding> binding;
  for (const hotline::sip::SipAccount& a : settings.accounts)
    if (a.agent == agent) binding = registrar.binding(a.user, hotline::system_now());
  if (!binding) {
    if (handler) handler->on_leg_failed(leg, 480);
    return;
  }
  const std::string from =
      "<sip:" + (caller.empty() ? std::string("anonymous") : caller) + "@" + settings.realm + ">";
  place_leg(leg, binding->contact, from, sdp, "X-Hotline-Ivr-Path: " + ivr_path, binding->route);
}

void SofiaServerState::dial_out(std::uint64_t leg, const std::string& number,
                                const std::string& caller, const std::string& sdp,
                                const std::string& ivr_path) {
  const hotline::sip::Trunk* trunk = nullptr;
  for (const hotline::sip::Destination& d : settings.destinations) {
    if (d.name != number) continue;
    if (!d.uri.empty()) {  // a partner's own server: it sees the customer's number
      const std::string from =
          "<sip:" + (is_dialable(caller) ? caller : "anonymous") + "@" + settings.realm + ">";
      place_leg(leg, d.uri, from, sdp,
                ivr_path.empty() ? std::string() : "X-Hotline-Ivr-Path: " + ivr_path);
      if (agent_legs.count(leg) && settings.outbound_ring_timeout > 0)
        ring_deadlines[leg] = hotline::system_now() + settings.outbound_ring_timeout;
      return;
    }
    for (const hotline::sip::Trunk& t : settings.trunks)
      if (t.name == d.trunk && !t.outbound.empty()) trunk = &t;
    return dial_through(leg, trunk, d.number, caller, sdp, ivr_path);
  }
  for (const hotline::sip::Trunk& t : settings.trunks)
    if (!trunk && !t.outbound.empty()) trunk = &t;
  dial_through(leg, trunk, number, caller, sdp, ivr_path);
}

void SofiaServerState::dial_through(std::uint64_t leg, const hotline::sip::Trunk* trunk,
                                    const std::string& number, const std::string& caller,
                                    const std::string& sdp, const std::string& ivr_path) {
  if (!trunk || !is_dialable(number)) {
    if (handler) handler->on_leg_failed(leg, trunk ? 484 : 503);
    return;
  }
  const std::string target = "sip:" + number + "@" + trunk->outbound.substr(4);
  const std::string from = "<sip:" + trunk->number + "@" + settings.realm + ">";
  std::string headers;
  if (!caller.empty()) headers = "X-Hotline-Caller: " + caller;
  if (!ivr_path.empty())
    headers += (headers.empty() ? "" : "\r\n") + std::string("X-Hotline-Ivr-Path: ") + ivr_path;
  place_leg(leg, target, from, sdp, headers);
  if (!agent_legs.count(leg)) return;
  trunk_of_leg[leg] = trunk;
  if (settings.outbound_ring_timeout > 0)
    ring_deadlines[leg] = hotline::system_now() + settings.outbound_ring_timeout;
}

void SofiaServerState::give_up_ringing() {
  const hotline::Time now = hotline::system_now();
  for (auto it = ring_deadlines.begin(); it != ring_deadlines.end();) {
    if (now < it->second) {
      ++it;
      continue;
    }
    if (auto leg = agent_legs.find(it->first); leg != agent_legs.end())
      nua_cancel(leg->second, TAG_END());
    it = ring_deadlines.erase(it);
  }
}

void SofiaServerState::place_leg(std::uint64_t leg, const std::string& to, const std::string& from,
                                 const std::string& sdp, const std::string& headers,
                                 const std::string& route) {
  nua_handle_t* nh =
      nua_handle(nua, nullptr, SIPTAG_TO_STR(to.c_str()), SIPTAG_FROM_STR(from.c_str()), TAG_END());
  if (!nh) {
    if (handler) handler->on_leg_failed(leg, 500);
    return;
  }
  track(nh);
  if (!route.empty()) nua_set_hparams(nh, NUTAG_PROXY(route.c_str()), TAG_END());
  agent_legs[leg] = nh;
  leg_of_handle[nh] = leg;
  leg_sdp[leg] = sdp;
  nua_invite(nh, NUTAG_URL(to.c_str()), SIPTAG_CONTENT_TYPE_STR("application/sdp"),
             SIPTAG_PAYLOAD_STR(sdp.c_str()),
             TAG_IF(!headers.empty(), SIPTAG_HEADER_STR(headers.c_str())), TAG_END());
}

bool SofiaServerState::answer_challenge(nua_handle_t* nh, std::uint64_t leg, int status,
                                        sip_t const* sip) {
  if ((status != 401 && status != 407) || !sip) return false;
  auto trunk = trunk_of_leg.find(leg);
  if (trunk == trunk_of_leg.end() || trunk->second->outbound_user.empty()) return false;
  msg_auth_t const* challenge =
      status == 401 ? sip->sip_www_authenticate : sip->sip_proxy_authenticate;
  char const* realm = challenge ? msg_params_find(challenge->au_params, "realm=") : nullptr;
  if (!realm || !challenged.insert(leg).second) return false;  // a second 401: wrong password
  // Built by appending: GCC 12 at -O3 sees a false overlap in chained '+' here.
  std::string auth = challenge->au_scheme;
  auth += ':';
  if (realm[0] == '"') {
    auth += realm;
  } else {
    auth += '"';
    auth += realm;
    auth += '"';
  }
  auth += ':';
  auth += trunk->second->outbound_user;
  auth += ':';
  auth += trunk->second->outbound_password;
  nua_authenticate(nh, NUTAG_AUTH(auth.c_str()), TAG_END());
  return true;
}

void SofiaServerState::on_agent_response(nua_handle_t* nh, int status, sip_t const* sip) {
  auto it = leg_of_handle.find(nh);
  if (it == leg_of_handle.end() || status < 200 || !handler) return;
  const std::uint64_t leg = it->second;
  if (answer_challenge(nh, leg, status, sip)) return;  // the INVITE goes again
  ring_deadlines.erase(leg);
  trunk_of_leg.erase(leg);
  challenged.erase(leg);
  if (status < 300) {
    answered_legs.insert(nh);
    std::string sdp;
    if (sip && sip->sip_payload && sip->sip_payload->pl_data)
      sdp.assign(sip->sip_payload->pl_data, sip->sip_payload->pl_len);
    handler->on_leg_answered(leg, sdp);
  } else {
    leg_of_handle.erase(it);  // the attempt is over; the handle dies with its state
    agent_legs.erase(leg);
    leg_sdp.erase(leg);
    handler->on_leg_failed(leg, status);
  }
}

}  // namespace hotline::sip
