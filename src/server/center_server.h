#pragma once
// CenterServer: a running center. It joins the SIP side (SipServer), the media side
// (RtpRelay, prompts) and the pure core (CallCenter) with threads and queues:
//
//   SIP thread ──on_trunk_call/on_call_gone──▶ core thread (CallCenter) ──▶ commands
//   relay thread ──key presses, prompt done──▶ core thread
//   core thread ──Play──▶ prompt worker (PromptStore: files, TTS) ──▶ RtpRelay::play
//
// Only the core thread touches CallCenter and the call table. A trunk call is answered
// with the relay's SDP, runs through the IVR and the queues, and is bridged to the agent
// whose phone (or remote seat) answers; IVR transfers and agents' calls out leave through
// the trunk. The implementation: center_server.cc (RunningCenter), call_flows.h and the
// parts docs/architecture.md lists ("The server's parts").

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "api/api_service.h"
#include "common/status.h"
#include "config/center_config.h"
#include "media/rtp_relay.h"
#include "sip/sip_server.h"

namespace hotline::server {

struct ServerSettings {
  sip::SipSettings sip;
  media::RelaySettings rtp;
  std::string prompt_dir;               // "file:NAME" prompts
  std::string cache_dir;                // spoken prompts
  std::string data_dir;                 // hotline.db (call records) and recordings/
  std::optional<api::ApiSettings> api;  // the HTTP API, when configured
};

struct ServerStats {
  sip::SipStats sip;
  media::RelayCounters rtp;
  media::RecorderCounters recordings;
  std::uint64_t calls_answered = 0;
  std::uint64_t calls_rejected = 0;  // unusable SDP, no RTP port
  std::uint64_t calls_in_progress = 0;
  std::uint64_t announcements = 0;     // queue position / expected wait, spoken
  std::uint64_t recording_pauses = 0;  // pauses and resumptions asked for from agents' phones
  std::uint64_t records_written = 0;
  std::uint64_t records_waiting = 0;  // not yet durable (just ended, or the disk failed)
  std::uint64_t lookups_succeeded = 0, lookups_failed = 0;  // IVR back-end requests
};

// What the server runs on, given from outside: `hotline serve` gives the system clock,
// sofia-sip and the RTP relay (src/app); tests give a manual clock and fakes.
struct ServerDeps {
  using StartSip = std::function<Result<std::unique_ptr<sip::SipServer>>(const sip::SipSettings&,
                                                                         sip::CallHandler*)>;
  using StartRelay = std::function<Result<std::unique_ptr<media::RtpRelay>>(
      const media::RelaySettings&, media::MediaEventSink, media::Recorder*)>;
  const Clock* clock = nullptr;  // every time the server reads comes from it
  StartSip start_sip;
  StartRelay start_relay;
};

class CenterServer {
 public:
  virtual ~CenterServer() = default;
  static Result<std::unique_ptr<CenterServer>> start(const config::CenterConfig& config,
                                                     const ServerSettings& settings,
                                                     const ServerDeps& deps);
  virtual void stop() = 0;
  virtual ServerStats stats() const = 0;
  // The HTTP API's port (the configured one, or the one found for port 0); 0 without API.
  virtual int api_port() const = 0;
  // What the API's threads call (agents' desks, the wallboard); tests call it as they do.
  virtual api::CenterView& view() = 0;
};

}  // namespace hotline::server
