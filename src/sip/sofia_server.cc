// SipServer on sofia-sip nua: the thread that owns sofia, and the calls other threads
// make, posted to it. See docs/architecture.md for the rules followed here (one thread
// owns sofia, every handle is destroyed, never trust what a peer sends).

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <thread>

#include "sip/sofia_state.h"

namespace hotline::sip {

namespace {

void quiet_log(void*, char const* fmt, va_list ap) {
  if (std::getenv("HOTLINE_SIP_DEBUG")) std::vfprintf(stderr, fmt, ap);
}

void event_callback(nua_event_t event, int status, char const*, nua_t*, SofiaServerState* state,
                    nua_handle_t* nh, void*, sip_t const* sip, tagi_t tags[]) noexcept {
  state->on_event(event, status, nh, sip, tags);
}

int on_wake(SofiaServerState* state, su_wait_t*, SofiaServerState*) noexcept {
  state->tasks.run_posted();
  return 0;
}

void poll_stop(SofiaServerState* state, su_timer_t* timer, SofiaServerState*) noexcept {
  // Stop requests arrive from another thread as a flag; only this thread calls nua.
  if (++state->polls % 10 == 0) {  // once a second
    state->expire_registrations();
    state->check_phones();
  }
  state->answer_late_byes(false);
  state->give_up_ringing();
  state->retry_refreshes();
  if (state->stop_requested && !state->shutting_down) {
    state->shutting_down = true;
    state->answer_late_byes(true);
    nua_shutdown(state->nua);
  }
  su_timer_set(timer, poll_stop, state);  // every 100 ms, also while shutting down
}

class SofiaServer final : public SipServer {
 public:
  SofiaServer(const SipSettings& settings, CallHandler* handler) : state_(settings, handler) {}

  void answer(std::uint64_t call, const std::string& sdp) override {
    state_.post([this, call, sdp] {
      SofiaServerState::TrunkCall* c = state_.trunk_call(call);
      if (!c || c->answered || c->gone_reported) return;
      c->answered = true;
      c->local_sdp = sdp;
      nua_respond(c->nh, SIP_200_OK, SIPTAG_CONTENT_TYPE_STR("application/sdp"),
                  SIPTAG_PAYLOAD_STR(sdp.c_str()), TAG_END());
    });
  }

  void reject(std::uint64_t call, int status) override {
    state_.post([this, call, status] {
      SofiaServerState::TrunkCall* c = state_.trunk_call(call);
      if (!c || c->answered || c->gone_reported) return;
      c->gone_reported = true;  // our decision: nothing to report back
      // nua_respond keeps the phrase pointer until the response is sent: a static one.
      const char* phrase = sip_status_phrase(status);
      nua_respond(c->nh, status, phrase ? phrase : "Call Refused", TAG_END());
    });
  }

  void ring_agent(std::uint64_t leg, const std::string& agent, const std::string& caller,
                  const std::string& sdp, const std::string& ivr_path) override {
    state_.post([=, this] { state_.ring_agent(leg, agent, caller, sdp, ivr_path); });
  }

  void dial_out(std::uint64_t leg, const std::string& number, const std::string& caller,
                const std::string& sdp, const std::string& ivr_path) override {
    state_.post([=, this] { state_.dial_out(leg, number, caller, sdp, ivr_path); });
  }

  void stop_ringing(std::uint64_t leg) override {
    state_.post([this, leg] {
      auto it = state_.agent_legs.find(leg);
      if (it != state_.agent_legs.end()) nua_cancel(it->second, TAG_END());
    });
  }

  void hang_up_leg(std::uint64_t leg) override {
    state_.post([this, leg] {
      auto it = state_.agent_legs.find(leg);
      if (it != state_.agent_legs.end()) nua_bye(it->second, TAG_END());
    });
  }

  void confirm_bye(hotline::sip::Side side, std::uint64_t id) override {
    state_.post([this, side, id] { state_.answer_bye(side, id); });
  }

  void answer_reoffer(hotline::sip::Side side, std::uint64_t id, int status,
                      const std::string& sdp) override {
    state_.post([this, side, id, status, sdp] {
      nua_handle_t* nh = nullptr;
      if (side == hotline::sip::Side::kCaller) {
        SofiaServerState::TrunkCall* c = state_.trunk_call(id);
        if (c && c->refresh_unacked) {  // the offer came in the 200 OK to our refresh
          const bool agreed = status >= 200 && status < 300;
          return state_.ack_refresh(*c, agreed ? &sdp : nullptr);
        }
        if (c && !c->gone_reported) nh = c->nh;
        if (c && status >= 200 && status < 300) c->local_sdp = sdp;
      } else if (auto it = state_.agent_legs.find(id); it != state_.agent_legs.end()) {
        nh = it->second;
        if (status >= 200 && status < 300) state_.leg_sdp[id] = sdp;
      }
      if (!nh) return;  // the call ended meanwhile; the stack answers the re-INVITE
      if (status >= 200 && status < 300)
        nua_respond(nh, SIP_200_OK, SIPTAG_CONTENT_TYPE_STR("application/sdp"),
                    SIPTAG_PAYLOAD_STR(sdp.c_str()), TAG_END());
      else
        nua_respond(nh, status, status == 488 ? "Not Acceptable Here" : "Error", TAG_END());
    });
  }

  void hang_up(std::uint64_t call) override {
    state_.post([this, call] {
      SofiaServerState::TrunkCall* c = state_.trunk_call(call);
      if (!c || c->gone_reported) return;
      c->gone_reported = true;
      if (c->answered)
        nua_bye(c->nh, TAG_END());
      else
        nua_respond(c->nh, 480, "Temporarily Unavailable", TAG_END());
    });
  }
  ~SofiaServer() override { stop(); }

  Status run_thread() {
    std::promise<Status> started;
    auto ready = started.get_future();
    thread_ = std::thread([this, &started] { main(started); });
    Status s = ready.get();
    if (!s.ok()) thread_.join();
    return s;
  }

  void stop() override {
    if (!thread_.joinable()) return;
    state_.stop_requested = true;
    thread_.join();
  }

  SipStats stats() const override {
    SipStats s;
    s.requests = state_.requests;
    s.registrations = state_.registrations;
    s.auth_failures = state_.auth_failures;
    s.auth_bans = state_.auth_bans;
    s.rejected_sources = state_.rejected_sources;
    s.live_handles = state_.live_handles;
    s.bindings = state_.bindings;
    return s;
  }

 private:
  void main(std::promise<Status>& started) {
    su_init();
    su_log_redirect(nullptr, quiet_log, nullptr);
    state_.root = su_root_create(&state_);
    su_root_threading(state_.root, 0);
    state_.nua =
        nua_create(state_.root, event_callback, &state_, NUTAG_URL(state_.settings.listen.c_str()),
                   NUTAG_MEDIA_ENABLE(0), NUTAG_AUTOANSWER(0), NUTAG_AUTOALERT(0),
                   // RFC 4028's floor: a carrier's 90 s session timer is taken, not
                   // refused with 422 (sofia's own floor is 120 s).
                   NUTAG_MIN_SE(90), NUTAG_APPL_METHOD("REGISTER, BYE"), NUTAG_ALLOW("REGISTER"),
                   SIPTAG_USER_AGENT_STR(state_.settings.user_agent.c_str()),
                   // The center takes no instant messages: refused (403), never a 200 to anyone.
                   NUTAG_ENABLEMESSAGE(0), TAG_END());
    if (!state_.nua) {
      su_root_destroy(state_.root);
      su_deinit();
      started.set_value(Status::unavailable("cannot listen on " + state_.settings.listen +
                                            " (address in use or not local?)"));
      return;
    }
    if (Status s = state_.tasks.open(); !s.ok()) {
      nua_destroy(state_.nua);
      su_root_destroy(state_.root);
      su_deinit();
      started.set_value(s);
      return;
    }
    state_.tasks.set_owner_thread();
    su_wait_create(state_.wake_wait, state_.tasks.fd(), SU_WAIT_IN);
    su_root_register(state_.root, state_.wake_wait, on_wake, &state_, 0);
    state_.timer = su_timer_create(su_root_task(state_.root), 100);
    su_timer_set(state_.timer, poll_stop, &state_);
    state_.restore_bindings();
    started.set_value(Status());
    su_root_run(state_.root);
    su_timer_destroy(state_.timer);
    for (nua_handle_t* nh :
         std::vector<nua_handle_t*>(state_.handles.begin(), state_.handles.end()))
      state_.destroy(nh);
    nua_destroy(state_.nua);
    su_root_unregister(state_.root, state_.wake_wait, on_wake, &state_);
    su_wait_destroy(state_.wake_wait);
    su_root_destroy(state_.root);
    su_deinit();
  }

  SofiaServerState state_;
  std::thread thread_;
};

}  // namespace

Result<std::unique_ptr<SipServer>> SipServer::start(const SipSettings& settings,
                                                    CallHandler* handler) {
  auto server = std::make_unique<SofiaServer>(settings, handler);
  if (Status s = server->run_thread(); !s.ok()) return s;
  return std::unique_ptr<SipServer>(std::move(server));
}

}  // namespace hotline::sip
