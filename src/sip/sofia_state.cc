// The SIP thread's state: handles, where a request came from, digest checks, and the
// dispatch of every nua event.

#include "sip/sofia_state.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdio>
#include <cstring>

#include "common/text.h"

namespace hotline::sip {

std::vector<hotline::sip::SipAccount> SofiaServerState::credentials(
    const hotline::sip::SipSettings& s) {
  std::vector<hotline::sip::SipAccount> all = s.accounts;
  for (const hotline::sip::Trunk& t : s.trunks)
    if (!t.user.empty()) all.push_back({t.user, t.ha1, ""});
  return all;
}

bool SofiaServerState::trunks_authenticate() const {
  for (const hotline::sip::Trunk& t : settings.trunks)
    if (!t.user.empty()) return true;
  return false;
}

void SofiaServerState::track(nua_handle_t* nh) {
  if (nh && handles.insert(nh).second) ++live_handles;
}

void SofiaServerState::post(std::function<void()> work) {
  tasks.post(std::move(work));
}

SofiaServerState::TrunkCall* SofiaServerState::trunk_call(std::uint64_t call) {
  auto it = trunk_calls.find(call);
  return it == trunk_calls.end() ? nullptr : &it->second;
}

void SofiaServerState::report_gone(nua_handle_t* nh) {
  auto it = call_of_handle.find(nh);
  if (it == call_of_handle.end()) return;
  TrunkCall& c = trunk_calls[it->second];
  if (!c.gone_reported && handler) handler->on_call_gone(it->second);
  c.gone_reported = true;
}

void SofiaServerState::destroy(nua_handle_t* nh) {
  if (auto it = leg_of_handle.find(nh); it != leg_of_handle.end()) {
    // An answered agent leg ended (BYE either way, or a transport failure).
    if (handler) handler->on_leg_hung_up(it->second);
    agent_legs.erase(it->second);
    leg_sdp.erase(it->second);
    leg_of_handle.erase(it);
  }
  if (auto it = call_of_handle.find(nh); it != call_of_handle.end()) {
    report_gone(nh);
    trunk_calls.erase(it->second);
    call_of_handle.erase(it);
  }
  answered_legs.erase(nh);
  if (nh && handles.erase(nh)) {
    invite_handles.erase(nh);
    nua_handle_destroy(nh);
    --live_handles;
  }
}

std::string SofiaServerState::printable(const std::string& text) {
  std::string out;
  for (char c : text.substr(0, 64))
    out += c >= 0x20 && c < 0x7f ? c : '?';
  return out;
}

std::string SofiaServerState::source_address() {
  msg_t* msg = nua_current_request(nua);
  su_addrinfo_t* ai = msg ? msg_addrinfo(msg) : nullptr;
  char host[NI_MAXHOST] = "";
  if (!ai || !ai->ai_addr ||
      getnameinfo(ai->ai_addr, static_cast<socklen_t>(ai->ai_addrlen), host, sizeof host, nullptr,
                  0, NI_NUMERICHOST) != 0)
    return {};
  return host;
}

bool SofiaServerState::names_a_host(url_t const* url) {
  if (!url || !url->url_host) return false;
  unsigned char buf[16];
  std::string host = url->url_host;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  return inet_pton(AF_INET, host.c_str(), buf) != 1 && inet_pton(AF_INET6, host.c_str(), buf) != 1;
}

bool SofiaServerState::dialog_names_a_host(sip_t const* sip) {
  if (!sip) return false;
  if (sip->sip_record_route && names_a_host(sip->sip_record_route->r_url)) return true;
  if (sip->sip_contact) return names_a_host(sip->sip_contact->m_url);
  return sip->sip_from && names_a_host(sip->sip_from->a_url);
}

std::string SofiaServerState::source_route() {
  msg_t* msg = nua_current_request(nua);
  su_addrinfo_t* ai = msg ? msg_addrinfo(msg) : nullptr;
  char host[NI_MAXHOST] = "", port[NI_MAXSERV] = "";
  if (!ai || !ai->ai_addr ||
      getnameinfo(ai->ai_addr, static_cast<socklen_t>(ai->ai_addrlen), host, sizeof host, port,
                  sizeof port, NI_NUMERICHOST | NI_NUMERICSERV) != 0)
    return {};
  const bool v6 = std::strchr(host, ':') != nullptr;
  return std::string("sip:") + (v6 ? "[" : "") + host + (v6 ? "]:" : ":") + port +
         (ai->ai_protocol == IPPROTO_TCP ? ";transport=tcp" : ";transport=udp");
}

std::string SofiaServerState::user_of(sip_addr_t const* a) {
  return a && a->a_url->url_user ? hotline::to_valid_utf8(a->a_url->url_user) : std::string();
}

std::string SofiaServerState::body_of(sip_t const* sip) {
  return sip && sip->sip_payload && sip->sip_payload->pl_data
             ? std::string(sip->sip_payload->pl_data, sip->sip_payload->pl_len)
             : std::string();
}

std::string SofiaServerState::authorization_of(sip_t const* sip) {
  std::string authorization;
  if (sip && sip->sip_authorization && sip->sip_authorization->au_scheme) {
    authorization = sip->sip_authorization->au_scheme;
    const char* separator = " ";
    for (msg_param_t const* p = sip->sip_authorization->au_params; p && *p; ++p) {
      authorization.append(separator).append(*p);
      separator = ", ";
    }
  }
  return authorization;
}

std::string SofiaServerState::authenticate(nua_handle_t* nh, sip_t const* sip, const char* method) {
  const hotline::Time now = hotline::system_now();
  const std::string authorization = authorization_of(sip);
  const std::string source = source_address();
  std::string user;
  const auto checked = registrar.check(authorization, method, now, &user);
  if (!user.empty() && auth_guard.banned(user, source, now)) {
    // Guessing from here is over for a while: refused without a check.
    ++auth_failures;
    nua_respond(nh, SIP_403_FORBIDDEN, NUTAG_WITH_THIS(nua), TAG_END());
    return {};
  }
  switch (checked) {
    case hotline::sip::Registrar::Check::kNoCredentials:
    case hotline::sip::Registrar::Check::kStaleNonce: {
      const std::string challenge = registrar.challenge(now, !authorization.empty());
      nua_respond(nh, SIP_401_UNAUTHORIZED, NUTAG_WITH_THIS(nua),
                  SIPTAG_WWW_AUTHENTICATE_STR(challenge.c_str()), TAG_END());
      return {};
    }
    case hotline::sip::Registrar::Check::kRejected:
      ++auth_failures;
      // One line per failure, for fail2ban and the like.
      std::fprintf(stderr, "hotline: SIP authentication failed for '%s' from %s (%s)\n",
                   printable(user).c_str(), source.c_str(), method);
      if (auth_guard.failed(user, source, now)) {
        ++auth_bans;
        std::fprintf(stderr, "hotline: SIP authentication from %s banned for 15 minutes\n",
                     source.c_str());
      }
      nua_respond(nh, SIP_403_FORBIDDEN, NUTAG_WITH_THIS(nua), TAG_END());
      return {};
    case hotline::sip::Registrar::Check::kOk:
      auth_guard.succeeded(user, source);
      break;
  }
  return user;
}

std::uint64_t SofiaServerState::adopt_call(nua_handle_t* nh, sip_t const* sip) {
  if (dialog_names_a_host(sip))
    if (const std::string route = source_route(); !route.empty())
      nua_set_hparams(nh, NUTAG_PROXY(route.c_str()), TAG_END());
  const std::uint64_t call = settings.new_call_id ? settings.new_call_id() : ++next_call;
  trunk_calls[call].nh = nh;
  call_of_handle[nh] = call;
  prepare_refreshes(nh, sip);
  return call;
}

void SofiaServerState::on_event(nua_event_t event, int status, nua_handle_t* nh, sip_t const* sip,
                                tagi_t tags[]) {
  static const bool trace = std::getenv("HOTLINE_SIP_DEBUG") != nullptr;
  if (trace) std::fprintf(stderr, "sip: %s %d\n", nua_event_name(event), status);
  switch (event) {
    case nua_i_invite:
      ++requests;
      track(nh);
      on_invite(nh, status);
      return;
    case nua_i_register:
      ++requests;
      track(nh);
      if (sip) on_register(nh, sip);
      destroy(nh);  // out-of-dialog: answered, done
      return;
    case nua_i_state: {
      int state = nua_callstate_init;
      tl_gets(tags, NUTAG_CALLSTATE_REF(state), TAG_END());
      if (state == nua_callstate_terminated) destroy(nh);
      return;
    }
    case nua_i_terminated:
      destroy(nh);
      return;
    case nua_i_ack:
      if (auto it = call_of_handle.find(nh); it != call_of_handle.end() && handler)
        handler->on_caller_ack(it->second, body_of(sip));
      return;
    case nua_i_bye:
      on_bye(nh);
      return;
    case nua_i_cancel:
      report_gone(nh);  // the stack answers; the state event destroys the handle
      return;
    case nua_r_invite:
      if (call_of_handle.count(nh) || answered_legs.count(nh))
        on_refresh_response(nh, status, sip, false);
      else
        on_agent_response(nh, status, sip);
      return;
    case nua_r_update:
      on_refresh_response(nh, status, sip, true);
      return;
    case nua_r_options:
      on_phone_check(nh, status);
      return;
    case nua_i_options:
    case nua_i_message:
    case nua_i_info:
    case nua_i_refer:
    case nua_i_subscribe:
    case nua_i_notify:
    case nua_i_publish:
    case nua_i_method:
      // Answered by the stack (OPTIONS 200, the rest 4xx/5xx); only the handle is ours.
      ++requests;
      track(nh);
      if (!invite_handles.count(nh)) destroy(nh);
      return;
    case nua_r_shutdown:
      if (status >= 200) su_root_break(root);
      return;
    default:
      return;
  }
}

}  // namespace hotline::sip
