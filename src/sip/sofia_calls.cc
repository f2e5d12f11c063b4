// Calls that come in (trunk calls, feature codes, agents dialling out) and the BYEs that
// end them, answered once the handler has stored what it keeps.

#include <cstdio>

#include "common/text.h"
#include "sip/sofia_state.h"

namespace hotline::sip {

void SofiaServerState::on_invite(nua_handle_t* nh, int status) {
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

void SofiaServerState::on_bye(nua_handle_t* nh) {
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

void SofiaServerState::hold_bye(std::pair<hotline::sip::Side, std::uint64_t> key, PendingBye bye) {
  if (!handler) return respond_bye(bye);
  auto [it, fresh] = pending_byes.emplace(key, bye);
  if (!fresh) respond_bye(bye);  // a retransmission is answered by the stack anyway
}

void SofiaServerState::respond_bye(PendingBye& bye) {
  nua_respond(bye.nh, SIP_200_OK, NUTAG_WITH_SAVED(&bye.saved), TAG_END());
  nua_destroy_event(&bye.saved);
}

void SofiaServerState::answer_bye(hotline::sip::Side side, std::uint64_t id) {
  auto it = pending_byes.find({side, id});
  if (it == pending_byes.end()) return;
  respond_bye(it->second);
  pending_byes.erase(it);
}

void SofiaServerState::answer_late_byes(bool all) {
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

}  // namespace hotline::sip
