#include "media/inband_dtmf.h"

// spandsp's headers must come in this order: C99 types, telephony.h, then the rest.
// clang-format off
#include <inttypes.h>
#include <spandsp/telephony.h>
#include <spandsp/logging.h>
#include <spandsp/super_tone_rx.h>
#include <spandsp/dtmf.h>
// clang-format on

namespace hotline::media {

struct InbandDtmf::State {
  dtmf_rx_state_t* rx = nullptr;
  std::string heard;  // filled by the detector's callback during one feed()
};

namespace {
void on_digits(void* user_data, const char* digits, int len) {
  static_cast<std::string*>(user_data)->append(digits, static_cast<std::size_t>(len));
}
}  // namespace

InbandDtmf::InbandDtmf() : state_(std::make_unique<State>()) {
  state_->rx = dtmf_rx_init(nullptr, on_digits, &state_->heard);
}

InbandDtmf::~InbandDtmf() {
  if (state_->rx) dtmf_rx_free(state_->rx);
}

std::string InbandDtmf::feed(std::span<const std::int16_t> audio) {
  state_->heard.clear();
  if (state_->rx) dtmf_rx(state_->rx, audio.data(), static_cast<int>(audio.size()));
  return state_->heard;
}

}  // namespace hotline::media
