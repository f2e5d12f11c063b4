#include "media/prompts.h"

#include <samplerate.h>
#include <sndfile.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

extern char** environ;

namespace hotline::media {

Result<Duration> audio_length(const std::string& path) {
  SF_INFO info{};
  SNDFILE* file = sf_open(path.c_str(), SFM_READ, &info);
  if (!file) return Status::invalid_argument(path + ": " + sf_strerror(nullptr));
  sf_close(file);
  if (info.samplerate < 1) return Status::invalid_argument(path + ": no sample rate");
  return static_cast<Duration>(info.frames * kMicrosPerSecond / info.samplerate);
}

Result<std::vector<std::int16_t>> load_audio_8k(const std::string& path) {
  SF_INFO info{};
  SNDFILE* file = sf_open(path.c_str(), SFM_READ, &info);
  if (!file) return Status::invalid_argument(path + ": " + sf_strerror(nullptr));
  if (info.channels < 1 || info.samplerate < 1000 || info.frames > 8000LL * 3600) {
    sf_close(file);
    return Status::invalid_argument(path + ": unusable audio (channels, rate or length)");
  }
  std::vector<float> frames(static_cast<std::size_t>(info.frames) * info.channels);
  const sf_count_t got = sf_readf_float(file, frames.data(), info.frames);
  sf_close(file);
  std::vector<float> mono(static_cast<std::size_t>(got));
  for (sf_count_t i = 0; i < got; ++i) {
    float sum = 0;
    for (int c = 0; c < info.channels; ++c)
      sum += frames[static_cast<std::size_t>(i * info.channels + c)];
    mono[static_cast<std::size_t>(i)] = sum / static_cast<float>(info.channels);
  }
  std::vector<float> resampled = mono;
  if (info.samplerate != 8000) {
    const double ratio = 8000.0 / info.samplerate;
    resampled.assign(static_cast<std::size_t>(mono.size() * ratio) + 16, 0.0f);
    SRC_DATA data{};
    data.data_in = mono.data();
    data.input_frames = static_cast<long>(mono.size());
    data.data_out = resampled.data();
    data.output_frames = static_cast<long>(resampled.size());
    data.src_ratio = ratio;
    if (const int err = src_simple(&data, SRC_SINC_MEDIUM_QUALITY, 1); err != 0)
      return Status::internal(path + ": resampling failed: " + src_strerror(err));
    resampled.resize(static_cast<std::size_t>(data.output_frames_gen));
  }
  std::vector<std::int16_t> pcm(resampled.size());
  for (std::size_t i = 0; i < resampled.size(); ++i) {
    const float v = std::max(-1.0f, std::min(1.0f, resampled[i]));
    pcm[i] = static_cast<std::int16_t>(v * 32767.0f);
  }
  return pcm;
}

std::string voice_for(const std::string& text) {
  // Any code point from U+2E80 on (CJK radicals, ideographs, kana, fullwidth forms) in
  // UTF-8 starts with a lead byte of 0xE2 0xBA or higher; Latin text never has those.
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    const auto b0 = static_cast<unsigned char>(text[i]),
               b1 = static_cast<unsigned char>(text[i + 1]);
    if (b0 >= 0xE3 || (b0 == 0xE2 && b1 >= 0xBA)) return "cmn";
  }
  return "en";
}

PromptStore::PromptStore(std::string prompt_dir, std::string cache_dir)
    : prompt_dir_(std::move(prompt_dir)), cache_dir_(std::move(cache_dir)) {}

Result<std::vector<std::int16_t>> PromptStore::get(const std::string& prompt) {
  // Every call hears the same few prompts: decoding and resampling them each time was
  // most of a call's CPU. Ready audio is kept in memory, up to a bound.
  if (auto hit = ready_.find(prompt); hit != ready_.end()) return hit->second;
  Result<std::vector<std::int16_t>> audio = load(prompt);
  if (audio.ok() && ready_samples_ + audio->size() <= kMaxReadySamples) {
    ready_samples_ += audio->size();
    ready_.emplace(prompt, *audio);
  }
  return audio;
}

Result<std::vector<std::int16_t>> PromptStore::load(const std::string& prompt) {
  if (prompt.rfind("file:", 0) == 0) {
    const std::string name = prompt.substr(5);
    if (name.empty() || name.find("..") != std::string::npos || name[0] == '/')
      return Status::invalid_argument("prompt file '" + name +
                                      "' must be a name inside the prompt folder");
    return load_audio_8k((std::filesystem::path(prompt_dir_) / name).string());
  }
  return speak(prompt);
}

Result<std::vector<std::int16_t>> PromptStore::speak(const std::string& text) {
  if (text.empty()) return std::vector<std::int16_t>{};
  const std::string voice = voice_for(text);
  std::uint64_t hash = 1469598103934665603ULL;  // FNV-1a of voice, NUL, text
  for (char c : voice + std::string(1, '\0') + text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  char name[40];
  std::snprintf(name, sizeof name, "tts-%016llx.wav", static_cast<unsigned long long>(hash));
  std::error_code ec;
  std::filesystem::create_directories(cache_dir_, ec);
  const std::filesystem::path cached = std::filesystem::path(cache_dir_) / name;
  if (!std::filesystem::exists(cached)) {
    // The text goes through a file, never a shell or an argument espeak-ng might parse.
    const std::string stem = cached.string() + "." + std::to_string(getpid());
    const std::string text_file = stem + ".txt", wav = stem + ".wav";
    std::ofstream(text_file, std::ios::binary) << text;
    const char* argv[] = {"espeak-ng", "-v", voice.c_str(),     "-s",   "150", "-w",
                          wav.c_str(), "-f", text_file.c_str(), nullptr};
    pid_t pid = 0;
    const int spawned =
        posix_spawnp(&pid, "espeak-ng", nullptr, nullptr, const_cast<char* const*>(argv), environ);
    int status = 0;
    if (spawned == 0) waitpid(pid, &status, 0);
    std::filesystem::remove(text_file, ec);
    if (spawned != 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      std::filesystem::remove(wav, ec);
      return Status::unavailable("espeak-ng could not speak the prompt (is it installed?)");
    }
    std::filesystem::rename(wav, cached, ec);  // atomic: readers see all or nothing
    if (ec) return Status::io_error(cached.string() + ": " + ec.message());
    ++synthesized_;
  }
  return load_audio_8k(cached.string());
}

}  // namespace hotline::media

namespace hotline::media {

std::vector<std::int16_t> default_hold_music() {
  // A pentatonic phrase, each note fading out: pleasant, and clearly "you are on hold".
  static const double kNotes[] = {523.25, 659.25, 783.99, 880.00, 783.99, 659.25, 587.33, 659.25};
  constexpr int kRate = 8000, kNoteSamples = kRate * 45 / 100;
  std::vector<std::int16_t> out;
  out.reserve(std::size(kNotes) * kNoteSamples + kRate);
  for (double f : kNotes) {
    for (int i = 0; i < kNoteSamples; ++i) {
      const double t = static_cast<double>(i) / kRate;
      const double envelope = std::exp(-4.0 * t) * std::min(1.0, i / 80.0);
      out.push_back(static_cast<std::int16_t>(2500 * envelope * std::sin(2 * M_PI * f * t)));
    }
  }
  out.resize(out.size() + kRate, 0);  // a breath before the phrase comes round again
  return out;
}

}  // namespace hotline::media
