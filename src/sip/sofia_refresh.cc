// Session refreshes the center sends (RFC 4028): on calls it answered when the caller
// asked it to refresh, and on legs it placed when the phone or carrier did. Either side
// may re-INVITE at the same moment (glare): each answers the other 491, and sofia does
// not try again by itself, so the refresh is sent again here after RFC 3261's wait. A
// refresh's answer is never taken for the call's outcome.

#include "sip/sofia_state.h"

namespace hotline::sip {

void SofiaServerState::prepare_refreshes(nua_handle_t* nh, sip_t const* sip) {
  const bool update_allowed =
      sip && sip->sip_allow && sip_is_allowed(sip->sip_allow, sip_method_update, "UPDATE");
  nua_set_hparams(nh, NUTAG_UPDATE_REFRESH(update_allowed ? 1 : 0), NUTAG_AUTOACK(0), TAG_END());
}

void SofiaServerState::on_refresh_response(nua_handle_t* nh, int status, sip_t const* sip,
                                           bool update) {
  if (status < 200) return;
  const auto call = call_of_handle.find(nh);
  const auto leg = leg_of_handle.find(nh);
  if (call == call_of_handle.end() && leg == leg_of_handle.end()) return;
  if (status == 491) {
    // RFC 3261 14.1: the side that chose the Call-ID (ours on legs we placed) waits
    // 2.1-4 s, the other 0-2 s, so that the two tries do not cross again.
    const bool caller = call != call_of_handle.end();
    std::uniform_int_distribution<int> wait_ms(caller ? 0 : 2100, caller ? 2000 : 4000);
    refresh_retries.push_back(
        {caller ? hotline::sip::Side::kCaller : hotline::sip::Side::kAgent,
         caller ? call->second : leg->second, update,
         hotline::system_now() + wait_ms(retry_random) * hotline::Duration{1000}});
    return;
  }
  if (status >= 300) {
    // Refused otherwise (500 ...): the session goes on until it expires. A dialog the
    // peer no longer knows (408, 481) is ended by sofia, and reported as a hang-up then.
    std::fprintf(stderr, "hotline: a session refresh was answered %d\n", status);
    return;
  }
  if (update || call == call_of_handle.end()) return;  // legs: sofia ACKed, our offer stands
  TrunkCall& c = trunk_calls[call->second];
  const std::string offer = body_of(sip);
  if (offer.empty()) {  // no offer to answer (the peer broke the rule): a bare ACK
    c.refresh_unacked = false;
    nua_ack(c.nh, TAG_END());
    return;
  }
  if (!handler || c.gone_reported) return ack_refresh(c, nullptr);  // what we agreed before
  // The caller's 200 OK is an offer (ours had none): the media side answers it, as it
  // does a re-INVITE, and the answer goes in the ACK (answer_reoffer).
  c.refresh_unacked = true;
  handler->on_reoffer(hotline::sip::Side::kCaller, call->second, offer);
}

void SofiaServerState::ack_refresh(TrunkCall& c, const std::string* sdp) {
  c.refresh_unacked = false;
  if (sdp) c.local_sdp = *sdp;
  const std::string& body = c.local_sdp;
  nua_ack(c.nh, TAG_IF(!body.empty(), SIPTAG_CONTENT_TYPE_STR("application/sdp")),
          TAG_IF(!body.empty(), SIPTAG_PAYLOAD_STR(body.c_str())), TAG_END());
}

void SofiaServerState::retry_refreshes() {
  if (refresh_retries.empty()) return;
  const hotline::Time now = hotline::system_now();
  std::vector<RefreshRetry> due;
  std::erase_if(refresh_retries, [&](const RefreshRetry& r) {
    if (now < r.due) return false;
    due.push_back(r);
    return true;
  });
  for (const RefreshRetry& r : due) {
    if (shutting_down) return;
    if (r.side == hotline::sip::Side::kCaller) {
      const TrunkCall* c = trunk_call(r.id);
      if (!c || c->gone_reported || !c->answered) continue;
      if (r.update)
        nua_update(c->nh, TAG_END());
      else
        nua_invite(c->nh, TAG_END());  // offerless again: the 200 OK brings the offer
      continue;
    }
    const auto leg = agent_legs.find(r.id);
    const auto sdp = leg_sdp.find(r.id);
    if (leg == agent_legs.end() || !answered_legs.count(leg->second)) continue;
    if (r.update || sdp == leg_sdp.end())
      nua_update(leg->second, TAG_END());
    else
      nua_invite(leg->second, SIPTAG_CONTENT_TYPE_STR("application/sdp"),
                 SIPTAG_PAYLOAD_STR(sdp->second.c_str()), TAG_END());
  }
}

}  // namespace hotline::sip
