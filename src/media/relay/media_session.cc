#include "media/relay/media_session.h"

#include <algorithm>

namespace hotline::media::detail {

std::int64_t RecordClock::position(const RtpHeader& h, std::int64_t arrival) {
  const std::int64_t p = base_position + static_cast<std::int32_t>(h.timestamp - base_timestamp);
  if (started && h.ssrc == ssrc && p > arrival - 2 * kRecordingRate &&
      p < arrival + 2 * kRecordingRate)
    return p;
  started = true;
  ssrc = h.ssrc;
  base_timestamp = h.timestamp;
  base_position = arrival;
  return arrival;
}

std::uint64_t Participant::forget_peer() {
  has_peer = latched = rtcp_latched = watched = timed_out = false;
  keys = KeyPressFilter{};
  const std::int64_t lost = stats.lost();
  stats = RtpReceiveStats{};
  peer_ssrc = 0;
  prior_expected = prior_received = 0;
  return lost > 0 ? static_cast<std::uint64_t>(lost) : 0;
}

MediaSession MediaSession::two_party(const LegSetup& caller, const LegSetup& agent) {
  MediaSession s;
  s.participants.resize(2);
  s.participants[kCallerParticipant].setup = caller;
  s.participants[kAgentParticipant].setup = agent;
  if (caller.telephone_event_pt < 0)
    s.participants[kCallerParticipant].inband = std::make_shared<InbandDtmf>();
  s.part(false);
  return s;
}

void MediaSession::subscribe(ParticipantIndex listener, ParticipantIndex speaker) {
  if (!has(listener) || !has(speaker) || listener == speaker) return;
  const Subscription sub{listener, speaker};
  if (std::find(subscriptions.begin(), subscriptions.end(), sub) != subscriptions.end()) return;
  subscriptions.push_back(sub);
  refresh_sinks();
}

void MediaSession::unsubscribe(ParticipantIndex listener, ParticipantIndex speaker) {
  std::erase(subscriptions, Subscription{listener, speaker});
  refresh_sinks();
}

void MediaSession::part(bool parted) {
  if (parted) {
    unsubscribe(kCallerParticipant, kAgentParticipant);
    unsubscribe(kAgentParticipant, kCallerParticipant);
  } else {
    subscribe(kCallerParticipant, kAgentParticipant);
    subscribe(kAgentParticipant, kCallerParticipant);
  }
}

void MediaSession::refresh_sinks() {
  for (Participant& p : participants)
    p.sinks.clear();
  for (const Subscription& sub : subscriptions)
    participants[sub.speaker].sinks.push_back(sub.listener);
}

}  // namespace hotline::media::detail
