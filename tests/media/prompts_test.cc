// Prompts: WAV files at any rate become 8 kHz, text is spoken by espeak-ng and cached.

#include "media/prompts.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

namespace hotline::media {
namespace {

namespace fs = std::filesystem;

void put16(std::ofstream& out, std::uint16_t v) {
  out.put(static_cast<char>(v)).put(static_cast<char>(v >> 8));
}
void put32(std::ofstream& out, std::uint32_t v) {
  put16(out, static_cast<std::uint16_t>(v));
  put16(out, static_cast<std::uint16_t>(v >> 16));
}

// A 16-bit PCM WAV of a sine tone.
void write_tone(const fs::path& path, int rate, int channels, double hz, double seconds) {
  const auto frames = static_cast<std::uint32_t>(rate * seconds);
  std::ofstream out(path, std::ios::binary);
  out.write("RIFF", 4);
  put32(out, 36 + frames * channels * 2);
  out.write("WAVEfmt ", 8);
  put32(out, 16);
  put16(out, 1);
  put16(out, static_cast<std::uint16_t>(channels));
  put32(out, static_cast<std::uint32_t>(rate));
  put32(out, static_cast<std::uint32_t>(rate * channels * 2));
  put16(out, static_cast<std::uint16_t>(channels * 2));
  put16(out, 16);
  out.write("data", 4);
  put32(out, frames * channels * 2);
  for (std::uint32_t i = 0; i < frames; ++i)
    for (int c = 0; c < channels; ++c)
      put16(out, static_cast<std::uint16_t>(
                     static_cast<std::int16_t>(10000 * std::sin(2 * M_PI * hz * i / rate))));
}

double rms(const std::vector<std::int16_t>& pcm) {
  double sum = 0;
  for (std::int16_t s : pcm)
    sum += static_cast<double>(s) * s;
  return pcm.empty() ? 0 : std::sqrt(sum / pcm.size());
}

class Prompts : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("hotline-prompts-" + std::to_string(getpid()));
    fs::create_directories(dir_ / "prompts");
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(Prompts, WavFilesAreResampledTo8kMono) {
  write_tone(dir_ / "prompts" / "tone.wav", 16000, 2, 500, 1.0);
  PromptStore store((dir_ / "prompts").string(), (dir_ / "cache").string());
  auto pcm = store.get("file:tone.wav");
  ASSERT_TRUE(pcm.ok()) << pcm.status().message();
  EXPECT_NEAR(static_cast<double>(pcm->size()), 8000, 20);
  // Still a 500 Hz tone: ~1,000 zero crossings in a second.
  int crossings = 0;
  for (std::size_t i = 1; i < pcm->size(); ++i)
    crossings += ((*pcm)[i - 1] < 0) != ((*pcm)[i] < 0);
  EXPECT_NEAR(crossings, 1000, 20);
  EXPECT_NEAR(rms(*pcm), 10000 / std::sqrt(2.0), 500);
}

TEST_F(Prompts, BadFilesAndNamesAreErrors) {
  PromptStore store((dir_ / "prompts").string(), (dir_ / "cache").string());
  EXPECT_FALSE(store.get("file:missing.wav").ok());
  EXPECT_FALSE(store.get("file:../../etc/passwd").ok());
  EXPECT_FALSE(store.get("file:/etc/passwd").ok());
  std::ofstream(dir_ / "prompts" / "junk.wav") << "not audio at all";
  EXPECT_FALSE(store.get("file:junk.wav").ok());
}

TEST_F(Prompts, VoiceFollowsTheScript) {
  EXPECT_EQ(voice_for("Welcome to the hotline"), "en");
  EXPECT_EQ(voice_for("歡迎致電。Welcome."), "cmn");
  EXPECT_EQ(voice_for("您本月的賬單金額是88.00元"), "cmn");
  EXPECT_EQ(voice_for("price — 5 dollars"), "en");  // an em dash is not Chinese
}

TEST_F(Prompts, TextIsSpokenOnceThenCached) {
  PromptStore store((dir_ / "prompts").string(), (dir_ / "cache").string());
  for (const std::string text :
       {"歡迎致電示範客服熱線。Welcome to the service hotline.", "Press one for billing."}) {
    auto pcm = store.get(text);
    ASSERT_TRUE(pcm.ok()) << pcm.status().message();
    const double seconds = pcm->size() / 8000.0;
    EXPECT_GT(seconds, 0.5) << text;
    EXPECT_LT(seconds, 15) << text;
    EXPECT_GT(rms(*pcm), 300) << text;  // speech, not silence
  }
  EXPECT_EQ(store.synthesized(), 2u);
  ASSERT_TRUE(store.get("Press one for billing.").ok());
  EXPECT_EQ(store.synthesized(), 2u);  // from the cache
  EXPECT_TRUE(store.get("").ok());
}

}  // namespace
}  // namespace hotline::media
