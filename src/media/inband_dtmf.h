#pragma once
// InbandDtmf: key presses heard as tones in the audio, for callers whose line sends no
// RFC 4733 events (old gateways, some carriers). spandsp's detector (ITU-T Q.24 limits:
// twist, level, duration) does the listening; this class keeps it out of every header.
//
// Not thread-safe: one per call, fed by the relay thread.

#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace hotline::media {

class InbandDtmf {
 public:
  InbandDtmf();
  ~InbandDtmf();
  InbandDtmf(const InbandDtmf&) = delete;
  InbandDtmf& operator=(const InbandDtmf&) = delete;

  // Feeds 8 kHz linear audio; returns the keys that ended in it (usually none).
  std::string feed(std::span<const std::int16_t> audio);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace hotline::media
