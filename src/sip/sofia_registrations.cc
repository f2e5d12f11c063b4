// Agents' phones: REGISTER, the bindings kept across restarts, and the OPTIONS that
// find a phone that has gone.

#include <cstdio>

#include "sip/sofia_state.h"

namespace hotline::sip {

void SofiaServerState::on_register(nua_handle_t* nh, sip_t const* sip) {
  const hotline::Time now = hotline::system_now();
  const std::string user = authenticate(nh, sip, "REGISTER");
  if (user.empty()) return;
  if (const auto* account = registrar.account(user); !account || account->agent.empty()) {
    ++auth_failures;  // a trunk's credentials register no phone
    nua_respond(nh, SIP_403_FORBIDDEN, NUTAG_WITH_THIS(nua), TAG_END());
    return;
  }
  // The credentials must be for the address being registered.
  const char* aor_user =
      sip->sip_to && sip->sip_to->a_url->url_user ? sip->sip_to->a_url->url_user : "";
  if (user != aor_user) {
    ++auth_failures;
    nua_respond(nh, SIP_403_FORBIDDEN, NUTAG_WITH_THIS(nua), TAG_END());
    return;
  }
  sip_contact_t const* contact = sip->sip_contact;
  if (contact && contact->m_url->url_type == url_any) {  // "Contact: *": remove all
    registrar.bind(user, {}, 0, now);
    ++registrations;
    bindings = registrar.bindings();
    nua_respond(nh, SIP_200_OK, NUTAG_WITH_THIS(nua), TAG_END());
    registration_changed(user, now);
    return;
  }
  if (contact) {
    long expires = 3600;
    if (contact->m_expires)
      expires = std::strtol(contact->m_expires, nullptr, 10);
    else if (sip->sip_expires)
      expires = static_cast<long>(sip->sip_expires->ex_delta);
    const long min_s = static_cast<long>(settings.min_expires / hotline::kMicrosPerSecond);
    const long max_s = static_cast<long>(settings.max_expires / hotline::kMicrosPerSecond);
    if (expires > 0 && expires < min_s) {
      const std::string min = std::to_string(min_s);
      nua_respond(nh, SIP_423_INTERVAL_TOO_BRIEF, NUTAG_WITH_THIS(nua),
                  SIPTAG_MIN_EXPIRES_STR(min.c_str()), TAG_END());
      return;
    }
    expires = std::clamp(expires, 0L, max_s);
    su_home_t home[1] = {SU_HOME_INIT(home)};
    const char* uri = url_as_string(home, contact->m_url);
    registrar.bind(user, uri ? uri : "", hotline::seconds(expires), now,
                   names_a_host(contact->m_url) ? source_route() : std::string());
    su_home_deinit(home);
  }
  ++registrations;
  bindings = registrar.bindings();
  const std::optional<hotline::sip::Binding> b = registrar.binding(user, now);
  if (b) {
    const long left = static_cast<long>((b->expires_at - now) / hotline::kMicrosPerSecond);
    const std::string value = "<" + b->contact + ">;expires=" + std::to_string(left);
    nua_respond(nh, SIP_200_OK, NUTAG_WITH_THIS(nua), SIPTAG_CONTACT_STR(value.c_str()), TAG_END());
  } else {
    nua_respond(nh, SIP_200_OK, NUTAG_WITH_THIS(nua), TAG_END());
  }
  registration_changed(user, now);
}

void SofiaServerState::registration_changed(const std::string& user, hotline::Time now) {
  const std::optional<hotline::sip::Binding> binding = registrar.binding(user, now);
  if (handler) handler->on_binding_changed(user, binding);
  const bool has = binding.has_value();
  const bool had = registered_users.count(user) > 0;
  if (has == had) return;
  if (has)
    registered_users.insert(user);
  else
    registered_users.erase(user);
  const hotline::sip::SipAccount* account = registrar.account(user);
  if (!handler || !account) return;
  if (has)
    handler->on_phone_registered(account->agent);
  else
    handler->on_phone_unregistered(account->agent);
}

void SofiaServerState::check_phones() {
  const hotline::Time now = hotline::system_now();
  if (settings.phone_check <= 0 || shutting_down || now < next_phone_check) return;
  next_phone_check = now + settings.phone_check;
  for (const std::string& user : registered_users)
    check_phone(user, now);
}

void SofiaServerState::check_phone(const std::string& user, hotline::Time now) {
  for (const auto& [nh, checked] : phone_checks)
    if (checked == user) return;
  auto binding = registrar.binding(user, now);
  if (!binding) return;
  nua_handle_t* nh = nua_handle(nua, nullptr, NUTAG_URL(binding->contact.c_str()),
                                SIPTAG_TO_STR(binding->contact.c_str()), TAG_END());
  if (!nh) return;
  track(nh);
  phone_checks[nh] = user;
  nua_options(nh, TAG_IF(!binding->route.empty(), NUTAG_PROXY(binding->route.c_str())), TAG_END());
}

void SofiaServerState::on_phone_check(nua_handle_t* nh, int status) {
  auto it = phone_checks.find(nh);
  if (it == phone_checks.end() || status < 200) return;
  const std::string user = it->second;
  phone_checks.erase(it);
  destroy(nh);
  if (status != 408 && status != 503) return;
  const hotline::Time now = hotline::system_now();
  if (!registrar.binding(user, now)) return;
  std::fprintf(stderr, "hotline: phone %s does not answer (%d): taken as unregistered\n",
               user.c_str(), status);
  registrar.bind(user, {}, 0, now);
  bindings = registrar.bindings();
  registration_changed(user, now);
}

void SofiaServerState::restore_bindings() {
  const hotline::Time now = hotline::system_now();
  for (const auto& [user, binding] : settings.kept_bindings) {
    const hotline::sip::SipAccount* account = registrar.account(user);
    if (!account || account->agent.empty() || binding.expires_at <= now) continue;
    registrar.bind(user, binding.contact, binding.expires_at - now, now, binding.route);
    registration_changed(user, now);
    check_phone(user, now);
  }
  bindings = registrar.bindings();
}

void SofiaServerState::expire_registrations() {
  const hotline::Time now = hotline::system_now();
  for (const std::string& user : registrar.expire(now))
    registration_changed(user, now);
  bindings = registrar.bindings();
}

}  // namespace hotline::sip
