#pragma once
// Prompts as 8 kHz, 16-bit linear audio, ready for RtpRelay::play().
//
// A prompt is either "file:NAME" (a WAV file in the prompt folder, any rate, mono or
// stereo) or text, spoken by espeak-ng: Mandarin when the text has Chinese characters
// (that voice reads Latin words in English), English otherwise. Spoken prompts are cached
// on disk by voice and text, so each is synthesized once; ready 8 kHz audio is also kept
// in memory (up to 64 MB), so a prompt file edited while serving is heard after a restart.
//
// Blocking (files, a TTS process): call from a worker thread, never from the core or the
// media thread. Not thread-safe; one store per worker.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "common/time.h"

namespace hotline::media {

// Reads a WAV (or any format libsndfile knows), mixes to mono, resamples to 8 kHz.
Result<std::vector<std::int16_t>> load_audio_8k(const std::string& path);
// How long an audio file plays, from its header (a recording cut off by a crash is a
// valid WAV up to its last second).
Result<Duration> audio_length(const std::string& path);

// Music on hold when the center has none of its own (prompts/moh.wav): a quiet chime of a
// few seconds, meant to be played in a loop.
std::vector<std::int16_t> default_hold_music();

// "cmn" for text with CJK characters, "en" otherwise.
std::string voice_for(const std::string& text);

class PromptStore {
 public:
  PromptStore(std::string prompt_dir, std::string cache_dir);
  Result<std::vector<std::int16_t>> get(const std::string& prompt);
  std::uint64_t synthesized() const { return synthesized_; }

 private:
  static constexpr std::size_t kMaxReadySamples = 32u << 20;  // 64 MB of 16-bit audio
  Result<std::vector<std::int16_t>> load(const std::string& prompt);
  Result<std::vector<std::int16_t>> speak(const std::string& text);
  std::string prompt_dir_, cache_dir_;
  std::uint64_t synthesized_ = 0;
  std::unordered_map<std::string, std::vector<std::int16_t>> ready_;
  std::size_t ready_samples_ = 0;
};

}  // namespace hotline::media
