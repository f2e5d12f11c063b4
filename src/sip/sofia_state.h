#pragma once
// The SIP thread's state behind SofiaServer (sofia_server.cc): sofia-sip's handles,
// the registrar, the calls and legs in progress, and what each nua event does to them.
// The legs the center places (to phones, through trunks) are in sofia_legs.cc. Only the
// sofia_* files include this header; only the SIP thread touches the state.

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#define NUA_MAGIC_T struct SofiaServerState
#define NUA_HMAGIC_T void
#define SU_ROOT_MAGIC_T struct SofiaServerState
#define SU_TIMER_ARG_T struct SofiaServerState
#define SU_WAKEUP_ARG_T struct SofiaServerState

#include <sofia-sip/msg_addr.h>
#include <sofia-sip/nua.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_status.h>
#include <sofia-sip/su_log.h>
#include <sofia-sip/url.h>

#include "common/task_queue.h"
#include "common/text.h"
#include "sip/auth_guard.h"
#include "sip/sip_server.h"

// The state lives at global scope so that the sofia magic typedefs can name it.
struct SofiaServerState {
  SofiaServerState(const hotline::sip::SipSettings& s, hotline::sip::CallHandler* h)
      : settings(s), registrar(s.realm, credentials(s), std::random_device{}()), handler(h) {}

  // Phones' accounts and trunks' credentials, checked alike; a trunk has no agent.
  static std::vector<hotline::sip::SipAccount> credentials(const hotline::sip::SipSettings& s) {
    std::vector<hotline::sip::SipAccount> all = s.accounts;
    for (const hotline::sip::Trunk& t : s.trunks)
      if (!t.user.empty()) all.push_back({t.user, t.ha1, ""});
    return all;
  }
  bool trunks_authenticate() const {
    for (const hotline::sip::Trunk& t : settings.trunks)
      if (!t.user.empty()) return true;
    return false;
  }

  // A trunk call: its server handle and how far it got.
  struct TrunkCall {
    nua_handle_t* nh = nullptr;
    bool answered = false;
    bool gone_reported = false;
    std::string local_sdp;         // what we last answered the caller: our side of the media
    bool refresh_unacked = false;  // our refresh INVITE's 200 waits for the ACK's answer
  };

  hotline::sip::SipSettings settings;
  hotline::sip::Registrar registrar;
  hotline::sip::AuthGuard auth_guard;
  su_root_t* root = nullptr;
  nua_t* nua = nullptr;
  su_timer_t* timer = nullptr;
  std::unordered_set<nua_handle_t*> handles;
  std::unordered_set<nua_handle_t*> invite_handles;
  hotline::sip::CallHandler* handler = nullptr;
  std::unordered_map<std::uint64_t, TrunkCall> trunk_calls;
  std::unordered_map<std::uint64_t, nua_handle_t*> agent_legs;
  std::unordered_map<std::uint64_t, hotline::Time> ring_deadlines;  // outside legs ringing
  // Outside legs until their INVITE's final answer: their trunk, and whether challenged.
  std::unordered_map<std::uint64_t, const hotline::sip::Trunk*> trunk_of_leg;
  std::unordered_set<std::uint64_t> challenged;
  std::unordered_map<nua_handle_t*, std::uint64_t> leg_of_handle;
  // Legs whose INVITE was answered: a later nua_r_invite is a session refresh of ours.
  std::unordered_set<nua_handle_t*> answered_legs;
  std::unordered_map<std::uint64_t, std::string> leg_sdp;  // our side of each leg's media
  // Refreshes refused with 491 (glare), to send again when due: by id, never by handle.
  struct RefreshRetry {
    hotline::sip::Side side;
    std::uint64_t id;
    bool update;
    hotline::Time due;
  };
  std::vector<RefreshRetry> refresh_retries;
  std::minstd_rand retry_random{std::random_device{}()};
  std::unordered_set<std::string> registered_users;
  std::unordered_map<nua_handle_t*, std::string> phone_checks;  // OPTIONS in flight -> user
  // BYEs not yet answered: the 200 OK waits until the call's record is durable
  // (confirm_bye), or at most until the deadline.
  struct PendingBye {
    nua_handle_t* nh;
    hotline::Time deadline;
    nua_saved_event_t saved;  // the BYE, to answer it later (nua_save_event)
  };
  std::map<std::pair<hotline::sip::Side, std::uint64_t>, PendingBye> pending_byes;
  hotline::Time next_phone_check = 0;
  int polls = 0;
  std::unordered_map<nua_handle_t*, std::uint64_t> call_of_handle;
  std::uint64_t next_call = 0;
  // Work posted from other threads, run on the SIP thread when the eventfd wakes it.
  hotline::TaskQueue tasks;
  su_wait_t wake_wait[1] = {SU_WAIT_INIT};
  std::atomic<bool> stop_requested{false};
  bool shutting_down = false;
  std::atomic<std::uint64_t> requests{0}, registrations{0}, auth_failures{0}, auth_bans{0},
      rejected_sources{0}, live_handles{0}, bindings{0};

  void track(nua_handle_t* nh) {
    if (nh && handles.insert(nh).second) ++live_handles;
  }
  void post(std::function<void()> work) { tasks.post(std::move(work)); }

  TrunkCall* trunk_call(std::uint64_t call) {
    auto it = trunk_calls.find(call);
    return it == trunk_calls.end() ? nullptr : &it->second;
  }

  // The caller's side ended (BYE, CANCEL, transport): tell the handler once.
  void report_gone(nua_handle_t* nh) {
    auto it = call_of_handle.find(nh);
    if (it == call_of_handle.end()) return;
    TrunkCall& c = trunk_calls[it->second];
    if (!c.gone_reported && handler) handler->on_call_gone(it->second);
    c.gone_reported = true;
  }

  void destroy(nua_handle_t* nh) {
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

  // A peer's text for a log line: printable ASCII only, at most 64 characters.
  static std::string printable(const std::string& text) {
    std::string out;
    for (char c : text.substr(0, 64))
      out += c >= 0x20 && c < 0x7f ? c : '?';
    return out;
  }

  // The address the request came from, as text ("127.0.0.1").
  std::string source_address() {
    msg_t* msg = nua_current_request(nua);
    su_addrinfo_t* ai = msg ? msg_addrinfo(msg) : nullptr;
    char host[NI_MAXHOST] = "";
    if (!ai || !ai->ai_addr ||
        getnameinfo(ai->ai_addr, static_cast<socklen_t>(ai->ai_addrlen), host, sizeof host, nullptr,
                    0, NI_NUMERICHOST) != 0)
      return {};
    return host;
  }

  // Where the current request came from, as a route back to its sender:
  // "sip:192.0.2.7:5062;transport=udp". Requests within its dialog (BYE, re-INVITE) and to
  // a phone it registered go there when the peer named a host rather than an address in
  // its Contact (or From, or Record-Route): resolving that name could hold the SIP thread
  // (RFC 4475's inv2543 with no DNS). An address is used as given (a phone registered
  // by a provisioning server from elsewhere is still reached at its own).
  static bool names_a_host(url_t const* url) {
    if (!url || !url->url_host) return false;
    unsigned char buf[16];
    std::string host = url->url_host;
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
      host = host.substr(1, host.size() - 2);
    return inet_pton(AF_INET, host.c_str(), buf) != 1 &&
           inet_pton(AF_INET6, host.c_str(), buf) != 1;
  }
  static bool dialog_names_a_host(sip_t const* sip) {
    if (!sip) return false;
    if (sip->sip_record_route && names_a_host(sip->sip_record_route->r_url)) return true;
    if (sip->sip_contact) return names_a_host(sip->sip_contact->m_url);
    return sip->sip_from && names_a_host(sip->sip_from->a_url);
  }
  std::string source_route() {
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

  // A peer's user part is stored and shown: bytes that are not UTF-8 (a number with 0xB1
  // in it) become U+FFFD here, at the boundary, not in every report that reads them later.
  static std::string user_of(sip_addr_t const* a) {
    return a && a->a_url->url_user ? hotline::to_valid_utf8(a->a_url->url_user) : std::string();
  }
  static std::string body_of(sip_t const* sip) {
    return sip && sip->sip_payload && sip->sip_payload->pl_data
               ? std::string(sip->sip_payload->pl_data, sip->sip_payload->pl_len)
               : std::string();
  }
  // The Authorization header as one string, as the registrar reads it.
  static std::string authorization_of(sip_t const* sip) {
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

  // Digest authentication of a request from an agent's phone. Answers the request when
  // it fails (401 challenge, 403) and returns the account's user; "" then.
  std::string authenticate(nua_handle_t* nh, sip_t const* sip, const char* method) {
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

  // A call this side answers (trunk call or feature code): the handler decides.
  std::uint64_t adopt_call(nua_handle_t* nh, sip_t const* sip) {
    if (dialog_names_a_host(sip))
      if (const std::string route = source_route(); !route.empty())
        nua_set_hparams(nh, NUTAG_PROXY(route.c_str()), TAG_END());
    const std::uint64_t call = ++next_call;
    trunk_calls[call].nh = nh;
    call_of_handle[nh] = call;
    prepare_refreshes(nh, sip);
    return call;
  }

  // Session refreshes (RFC 4028) are the only requests the center starts in a dialog it
  // answered: when the caller makes us the refresher. Carried by UPDATE where the caller
  // allows it (no offer needed); otherwise by an offerless re-INVITE, whose 200 OK
  // carries the caller's offer and our ACK the answer (sofia's media engine is off, so
  // the ACK is ours to send). See sofia_refresh.cc.
  void prepare_refreshes(nua_handle_t* nh, sip_t const* sip);
  // The answer to a re-INVITE or UPDATE we sent: a session refresh.
  void on_refresh_response(nua_handle_t* nh, int status, sip_t const* sip, bool update);
  // Sends the refreshes that met glare again once their wait is over.
  void retry_refreshes();
  // ACKs a refresh's 200 OK with our answer (`sdp`, or what we last answered).
  void ack_refresh(TrunkCall& c, const std::string* sdp);

  // `status`: what the stack already answered (>= 200: e.g. 491 to a re-INVITE that
  // crossed our own, which it then retries).
  void on_invite(nua_handle_t* nh, int status) {
    invite_handles.insert(nh);
    sip_t const* sip = sip_object(nua_current_request(nua));
    // Within a call we know: a re-INVITE from the caller or from an agent's phone.
    if (auto it = call_of_handle.find(nh); it != call_of_handle.end()) {
      if (handler && status < 200)
        handler->on_reoffer(hotline::sip::Side::kCaller, it->second, body_of(sip));
      return;
    }
    if (auto it = leg_of_handle.find(nh); it != leg_of_handle.end()) {
      if (handler && status < 200)
        handler->on_reoffer(hotline::sip::Side::kAgent, it->second, body_of(sip));
      return;
    }
    const std::string from = source_address();
    for (const hotline::sip::Trunk& trunk : settings.trunks) {
      for (const std::string& address : trunk.addresses) {
        if (address != from) continue;
        if (!handler) {
          nua_respond(nh, 480, "Temporarily Unavailable", TAG_END());
          return;
        }
        const std::uint64_t call = adopt_call(nh, sip);
        handler->on_trunk_call(call, sip ? user_of(sip->sip_from) : "",
                               sip ? user_of(sip->sip_to) : "", body_of(sip));
        return;
      }
    }
    // An agent's phone dialling a feature code (*1 ready ...) or an outside number, with
    // its credentials; the number only from a phone account's address.
    const std::string dialled = sip && sip->sip_request && sip->sip_request->rq_url->url_user
                                    ? hotline::to_valid_utf8(sip->sip_request->rq_url->url_user)
                                    : "";
    const bool code = !dialled.empty() && dialled[0] == '*';
    const bool number = !code && is_dialable(dialled) && registrar.account(user_of(sip->sip_from));
    if (handler && (code || number)) {
      const std::string user = authenticate(nh, sip, "INVITE");
      if (user.empty()) return;  // challenged or refused
      const hotline::sip::SipAccount* account = registrar.account(user);
      if (!account || account->agent.empty()) {
        nua_respond(nh, SIP_403_FORBIDDEN, TAG_END());
        return;
      }
      const std::uint64_t call = adopt_call(nh, sip);
      if (code)
        handler->on_feature_code(call, account->agent, dialled, body_of(sip));
      else
        handler->on_agent_dial(call, account->agent, dialled, body_of(sip));
      return;
    }
    // A carrier known by its credentials rather than its address.
    if (handler && trunks_authenticate()) {
      const std::string user = authenticate(nh, sip, "INVITE");
      if (user.empty()) return;  // challenged or refused
      const hotline::sip::SipAccount* account = registrar.account(user);
      if (!account || !account->agent.empty()) {  // a phone's credentials are not a trunk's
        ++rejected_sources;
        nua_respond(nh, SIP_403_FORBIDDEN, TAG_END());
        return;
      }
      const std::uint64_t call = adopt_call(nh, sip);
      handler->on_trunk_call(call, user_of(sip->sip_from), user_of(sip->sip_to), body_of(sip));
      return;
    }
    ++rejected_sources;
    nua_respond(nh, 403, "Forbidden", TAG_END());
  }

  void on_register(nua_handle_t* nh, sip_t const* sip) {
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
      nua_respond(nh, SIP_200_OK, NUTAG_WITH_THIS(nua), SIPTAG_CONTACT_STR(value.c_str()),
                  TAG_END());
    } else {
      nua_respond(nh, SIP_200_OK, NUTAG_WITH_THIS(nua), TAG_END());
    }
    registration_changed(user, now);
  }

  // Tells the handler when a phone starts or stops being reachable.
  void registration_changed(const std::string& user, hotline::Time now) {
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

  // A BYE from the caller or an agent's phone: the handler hears of it now and confirms
  // (confirm_bye) once what it must keep of the call is stored; then the 200 OK goes.
  void on_bye(nua_handle_t* nh) {
    PendingBye bye{nh, hotline::system_now() + hotline::seconds(2), nullptr};
    nua_save_event(nua, &bye.saved);
    if (auto it = call_of_handle.find(nh); it != call_of_handle.end()) {
      hold_bye({hotline::sip::Side::kCaller, it->second}, bye);
      report_gone(nh);
      return;
    }
    if (auto it = leg_of_handle.find(nh); it != leg_of_handle.end()) {
      const std::uint64_t leg = it->second;
      leg_of_handle.erase(it);  // reported here, not again when the handle dies
      agent_legs.erase(leg);
      leg_sdp.erase(leg);
      hold_bye({hotline::sip::Side::kAgent, leg}, bye);
      if (handler) handler->on_leg_hung_up(leg);
      return;
    }
    respond_bye(bye);  // a dialog we no longer follow
  }

  void hold_bye(std::pair<hotline::sip::Side, std::uint64_t> key, PendingBye bye) {
    if (!handler) return respond_bye(bye);
    auto [it, fresh] = pending_byes.emplace(key, bye);
    if (!fresh) respond_bye(bye);  // a retransmission is answered by the stack anyway
  }

  void respond_bye(PendingBye& bye) {
    nua_respond(bye.nh, SIP_200_OK, NUTAG_WITH_SAVED(&bye.saved), TAG_END());
    nua_destroy_event(&bye.saved);
  }

  void answer_bye(hotline::sip::Side side, std::uint64_t id) {
    auto it = pending_byes.find({side, id});
    if (it == pending_byes.end()) return;
    respond_bye(it->second);
    pending_byes.erase(it);
  }

  // A handler that never confirms must not leave the peer retransmitting its BYE.
  void answer_late_byes(bool all) {
    const hotline::Time now = hotline::system_now();
    for (auto it = pending_byes.begin(); it != pending_byes.end();) {
      if (all || now >= it->second.deadline) {
        respond_bye(it->second);
        it = pending_byes.erase(it);
      } else {
        ++it;
      }
    }
  }

  // Every registered phone is asked OPTIONS now and then: one that is switched off or
  // unplugged never unregisters, and its agent must not stay ready.
  void check_phones() {
    const hotline::Time now = hotline::system_now();
    if (settings.phone_check <= 0 || shutting_down || now < next_phone_check) return;
    next_phone_check = now + settings.phone_check;
    for (const std::string& user : registered_users)
      check_phone(user, now);
  }

  // Sends the phone an OPTIONS unless one is on its way (on_phone_check reads the answer).
  void check_phone(const std::string& user, hotline::Time now) {
    for (const auto& [nh, checked] : phone_checks)
      if (checked == user) return;
    auto binding = registrar.binding(user, now);
    if (!binding) return;
    nua_handle_t* nh = nua_handle(nua, nullptr, NUTAG_URL(binding->contact.c_str()),
                                  SIPTAG_TO_STR(binding->contact.c_str()), TAG_END());
    if (!nh) return;
    track(nh);
    phone_checks[nh] = user;
    nua_options(nh, TAG_IF(!binding->route.empty(), NUTAG_PROXY(binding->route.c_str())),
                TAG_END());
  }

  // Any answer from the phone means it is there; a timeout or a transport error (ICMP
  // unreachable, a dead TCP connection) means it is gone, as if it had unregistered.
  void on_phone_check(nua_handle_t* nh, int status) {
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

  // The bindings of the last run, on the SIP thread before anything is received. Each
  // phone is asked at once whether it is still there: one switched off meanwhile is
  // dropped within seconds, not left to be rung until its registration lapses.
  void restore_bindings() {
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

  // Registrations that lapsed without a refresh: the phone is gone.
  void expire_registrations() {
    const hotline::Time now = hotline::system_now();
    for (const std::string& user : registrar.expire(now))
      registration_changed(user, now);
    bindings = registrar.bindings();
  }

  // A number we may put in a request URI as it is: digits, with an optional leading '+'
  // ('#' and '*' would need escaping there, and no carrier routes them).
  static bool is_dialable(const std::string& number);

  // Legs we place: our INVITEs to agents' phones and to outside numbers.
  void ring_agent(std::uint64_t leg, const std::string& agent, const std::string& caller,
                  const std::string& sdp, const std::string& ivr_path);

  // Through the trunk: the center's number as From, the customer's in X-Hotline-Caller.
  void dial_out(std::uint64_t leg, const std::string& number, const std::string& caller,
                const std::string& sdp, const std::string& ivr_path);
  // `number` through `trunk` (null: none that calls out, 503), showing the trunk's number.
  void dial_through(std::uint64_t leg, const hotline::sip::Trunk* trunk, const std::string& number,
                    const std::string& caller, const std::string& sdp, const std::string& ivr_path);

  // Outside numbers that ring too long are given up (CANCEL; the 487 reports it).
  void give_up_ringing();

  // INVITEs `to` with our SDP offer; the outcome comes back in on_agent_response().
  // `route`: where to send the INVITE and the dialog's requests ("": to `to`).
  void place_leg(std::uint64_t leg, const std::string& to, const std::string& from,
                 const std::string& sdp, const std::string& headers, const std::string& route = {});

  // A carrier that challenges our call out is answered once, with the trunk's credentials.
  bool answer_challenge(nua_handle_t* nh, std::uint64_t leg, int status, sip_t const* sip);

  void on_agent_response(nua_handle_t* nh, int status, sip_t const* sip);

  void on_event(nua_event_t event, int status, nua_handle_t* nh, sip_t const* sip, tagi_t tags[]) {
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
};
