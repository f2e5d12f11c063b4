// Stereo recordings written by the recorder thread: channels aligned by position however
// the audio arrives, silence where a side said nothing, a valid file while still being
// written, and bad paths counted rather than fatal.

#include "media/recorder.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <random>
#include <thread>

#include "media/g711.h"
#include "wav_reader.h"

namespace hotline::media {
namespace {

class RecorderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("hotline-recorder-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  static void begin(RecordBatch& b, std::uint64_t id, const std::string& path) {
    RecordOp op;
    op.type = RecordOp::Type::kBegin;
    op.recording = id;
    b.add(op, reinterpret_cast<const std::uint8_t*>(path.data()), path.size());
  }
  static void end(RecordBatch& b, std::uint64_t id) {
    RecordOp op;
    op.type = RecordOp::Type::kEnd;
    op.recording = id;
    b.add(op, nullptr, 0);
  }
  // 20 ms of one constant A-law byte at `position`.
  static void audio(RecordBatch& b, std::uint64_t id, int channel, std::int64_t position,
                    std::uint8_t value) {
    RecordOp op;
    op.recording = id;
    op.channel = static_cast<std::uint8_t>(channel);
    op.codec = Codec::kPcma;
    op.position = position;
    std::vector<std::uint8_t> payload(160, value);
    b.add(op, payload.data(), payload.size());
  }

  std::filesystem::path dir_;
};

TEST_F(RecorderTest, ChannelsAreAlignedByPositionNotByArrival) {
  auto r = Recorder::start(dir_.string());
  ASSERT_TRUE(r.ok()) << r.status().message();
  const std::uint8_t kCustomer = 0x55 ^ 0x20, kAgent = 0x55 ^ 0x40;  // two A-law levels
  // The customer speaks the first second; the agent from 0.5 s to 1.5 s. The packets
  // come in shuffled batches, as a jittery network delivers them.
  std::vector<std::pair<int, std::int64_t>> packets;
  for (int i = 0; i < 50; ++i) {
    packets.push_back({0, i * 160});
    packets.push_back({1, 4000 + i * 160});
  }
  std::shuffle(packets.begin(), packets.end(), std::mt19937(7));
  RecordBatch first;
  begin(first, 1, "2026-11-25/call-1.wav");
  (*r)->submit(std::move(first));
  for (std::size_t i = 0; i < packets.size(); i += 10) {
    RecordBatch b;
    for (std::size_t k = i; k < i + 10; ++k)
      audio(b, 1, packets[k].first, packets[k].second, packets[k].first == 0 ? kCustomer : kAgent);
    (*r)->submit(std::move(b));
  }
  RecordBatch last;
  end(last, 1);
  (*r)->submit(std::move(last));
  (*r)->stop();
  EXPECT_EQ((*r)->counters().files_done, 1u);
  EXPECT_EQ((*r)->counters().files_open, 0u);

  const Wav w = read_wav((dir_ / "2026-11-25/call-1.wav").string());
  EXPECT_EQ(w.channels, 2);
  EXPECT_EQ(w.rate, 8000);
  EXPECT_EQ(w.bits, 16);
  ASSERT_EQ(w.left.size(), 12000u);  // 1.5 s
  EXPECT_EQ(w.data_bytes, 12000u * 4);
  const std::int16_t customer = G711::get().decode(Codec::kPcma, kCustomer);
  const std::int16_t agent = G711::get().decode(Codec::kPcma, kAgent);
  for (std::size_t i = 0; i < w.left.size(); ++i) {
    ASSERT_EQ(w.left[i], i < 8000 ? customer : 0) << "left sample " << i;
    ASSERT_EQ(w.right[i], i >= 4000 ? agent : 0) << "right sample " << i;
  }
}

TEST_F(RecorderTest, TheFileIsValidWhileTheCallGoesOn) {
  auto r = Recorder::start(dir_.string());
  ASSERT_TRUE(r.ok());
  RecordBatch b;
  begin(b, 9, "live.wav");
  // Only the customer talks (the agent's phone is muted): after a second of lag the
  // silent side is written as silence, so the file grows anyway.
  for (int i = 0; i < 150; ++i)
    audio(b, 9, 0, i * 160, 0x55);
  (*r)->submit(std::move(b));
  const std::string path = (dir_ / "live.wav").string();
  Wav w;
  for (int tries = 0; tries < 100 && w.left.empty(); ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    w = read_wav(path);
  }
  // What a crash would leave: a header that matches the audio on disk.
  ASSERT_FALSE(w.left.empty());
  EXPECT_EQ(w.data_bytes + 44, std::filesystem::file_size(path));
  EXPECT_EQ(w.left.size(), 150u * 160 - 8000);
  EXPECT_EQ((*r)->counters().files_open, 1u);
  (*r)->stop();  // finishes the open file
  w = read_wav(path);
  EXPECT_EQ(w.left.size(), 150u * 160);
  EXPECT_EQ((*r)->counters().files_done, 1u);
}

TEST_F(RecorderTest, BadPathsAndStrayAudioAreCountedNotFatal) {
  auto r = Recorder::start(dir_.string());
  ASSERT_TRUE(r.ok());
  std::filesystem::create_directories(dir_ / "a-directory.wav");
  RecordBatch b;
  begin(b, 1, "a-directory.wav");  // cannot be opened as a file
  audio(b, 1, 0, 0, 0x55);         // for a recording that never began
  audio(b, 2, 1, 0, 0x55);         // for one nobody began
  end(b, 2);
  (*r)->submit(std::move(b));
  (*r)->stop();
  EXPECT_EQ((*r)->counters().errors, 1u);
  EXPECT_EQ((*r)->counters().files_done, 0u);

  EXPECT_FALSE(Recorder::start("/proc/version/recordings").ok());
}

}  // namespace
}  // namespace hotline::media
