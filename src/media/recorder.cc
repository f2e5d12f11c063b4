#include "media/recorder.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <filesystem>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "media/g711.h"

namespace hotline::media {

namespace {

// A channel may run this far ahead of a silent one before the silent one is written
// as silence (a muted phone, a one-way call).
constexpr std::int64_t kMaxLag = kRecordingRate;
// Audio claiming to be further ahead than this is a broken timestamp: dropped.
constexpr std::int64_t kMaxAhead = std::int64_t{kRecordingRate} * 60;
constexpr auto kFlushEvery = std::chrono::milliseconds(250);

void put_le32(std::uint8_t* p, std::uint32_t v) {
  for (int i = 0; i < 4; ++i)
    p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}
void put_le16(std::uint8_t* p, std::uint16_t v) {
  p[0] = static_cast<std::uint8_t>(v);
  p[1] = static_cast<std::uint8_t>(v >> 8);
}

// The 44-byte header of a 2-channel 8 kHz 16-bit PCM WAV with `data_bytes` of audio.
void wav_header(std::uint8_t* h, std::uint32_t data_bytes) {
  std::memcpy(h, "RIFF", 4);
  put_le32(h + 4, 36 + data_bytes);
  std::memcpy(h + 8, "WAVEfmt ", 8);
  put_le32(h + 16, 16);
  put_le16(h + 20, 1);  // PCM
  put_le16(h + 22, 2);  // stereo
  put_le32(h + 24, kRecordingRate);
  put_le32(h + 28, kRecordingRate * 4);  // bytes per second
  put_le16(h + 32, 4);                   // bytes per frame
  put_le16(h + 34, 16);
  std::memcpy(h + 36, "data", 4);
  put_le32(h + 40, data_bytes);
}

struct OpenFile {
  int fd = -1;
  std::int64_t written = 0;              // frames in the file
  std::vector<std::int16_t> pending[2];  // samples from `written` on, per channel
  bool failed = false;
};

class RecorderImpl final : public Recorder {
 public:
  RecorderImpl(std::string directory, std::size_t max_backlog)
      : directory_(std::move(directory)), max_backlog_(max_backlog) {}
  ~RecorderImpl() override { stop(); }

  void run() {
    thread_ = std::thread([this] { loop(); });
  }

  void submit(RecordBatch&& batch) override {
    if (batch.empty()) return;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (queue_.size() >= max_backlog_) {
        // Begin and end must not be lost with the audio: keep those ops only.
        RecordBatch control;
        for (const RecordOp& op : batch.ops)
          if (op.type != RecordOp::Type::kAudio)
            control.add(op, batch.bytes.data() + op.offset, op.size);
        ++dropped_;
        if (control.empty()) return;
        queue_.push_back(std::move(control));
      } else {
        queue_.push_back(std::move(batch));
      }
    }
    cv_.notify_one();
  }

  RecorderCounters counters() const override {
    RecorderCounters c;
    c.files_open = files_open_;
    c.files_done = files_done_;
    c.seconds_written = frames_written_ / kRecordingRate;
    c.batches_dropped = dropped_;
    c.errors = errors_;
    return c;
  }

  void stop() override {
    if (!thread_.joinable()) return;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }

 private:
  void loop() {
    auto next_flush = std::chrono::steady_clock::now() + kFlushEvery;
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      cv_.wait_until(lock, next_flush, [&] { return stopping_ || !queue_.empty(); });
      std::deque<RecordBatch> work;
      work.swap(queue_);
      const bool stopping = stopping_;
      lock.unlock();
      for (const RecordBatch& b : work)
        for (const RecordOp& op : b.ops)
          apply(op, b.bytes.data() + op.offset);
      if (std::chrono::steady_clock::now() >= next_flush || stopping) {
        for (auto& [id, f] : files_)
          flush(f, false);
        next_flush = std::chrono::steady_clock::now() + kFlushEvery;
      }
      lock.lock();
      if (stopping && queue_.empty()) break;
    }
    lock.unlock();
    for (auto& [id, f] : files_)
      finish(f);
    files_.clear();
  }

  void apply(const RecordOp& op, const std::uint8_t* bytes) {
    switch (op.type) {
      case RecordOp::Type::kBegin: {
        const std::filesystem::path path =
            std::filesystem::path(directory_) /
            std::string(reinterpret_cast<const char*>(bytes), op.size);
        std::error_code ec;
        std::filesystem::create_directories(path.parent_path(), ec);
        OpenFile f;
        f.fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
        std::uint8_t header[44];
        wav_header(header, 0);
        if (f.fd < 0 || ::write(f.fd, header, sizeof header) != sizeof header) {
          ++errors_;
          if (f.fd >= 0) ::close(f.fd);
          return;
        }
        files_[op.recording] = std::move(f);
        ++files_open_;
        break;
      }
      case RecordOp::Type::kAudio: {
        auto it = files_.find(op.recording);
        if (it == files_.end() || op.channel > 1) return;
        place(it->second, op.channel, op.position, op.codec, bytes, op.size);
        break;
      }
      case RecordOp::Type::kEnd: {
        auto it = files_.find(op.recording);
        if (it == files_.end()) return;
        finish(it->second);
        files_.erase(it);
        break;
      }
    }
  }

  // Decodes a payload onto its channel's timeline; late audio (already written) is cut.
  static void place(OpenFile& f, int channel, std::int64_t position, Codec codec,
                    const std::uint8_t* payload, std::size_t size) {
    std::int64_t skip = std::max<std::int64_t>(0, f.written - position);
    if (skip >= static_cast<std::int64_t>(size) || position - f.written > kMaxAhead) return;
    std::vector<std::int16_t>& line = f.pending[channel];
    const std::size_t at = static_cast<std::size_t>(position + skip - f.written);
    const std::size_t count = size - static_cast<std::size_t>(skip);
    if (line.size() < at + count) line.resize(at + count, 0);
    const G711& g = G711::get();
    for (std::size_t i = 0; i < count; ++i)
      line[at + i] = g.decode(codec, payload[skip + static_cast<std::int64_t>(i)]);
  }

  // Writes the frames both channels have (or that the lagging one will never get).
  void flush(OpenFile& f, bool everything) {
    if (f.failed) return;
    const auto a = static_cast<std::int64_t>(f.pending[0].size());
    const auto b = static_cast<std::int64_t>(f.pending[1].size());
    const std::int64_t frames =
        everything ? std::max(a, b) : std::max(std::min(a, b), std::max(a, b) - kMaxLag);
    if (frames <= 0) return;
    std::vector<std::uint8_t> out(static_cast<std::size_t>(frames) * 4);
    for (std::int64_t i = 0; i < frames; ++i) {
      const std::int16_t left = i < a ? f.pending[0][i] : 0;
      const std::int16_t right = i < b ? f.pending[1][i] : 0;
      put_le16(&out[i * 4], static_cast<std::uint16_t>(left));
      put_le16(&out[i * 4 + 2], static_cast<std::uint16_t>(right));
    }
    if (::write(f.fd, out.data(), out.size()) != static_cast<ssize_t>(out.size())) {
      f.failed = true;  // disk full or gone: keep the call, lose its recording
      ++errors_;
      return;
    }
    for (auto& line : f.pending)
      line.erase(line.begin(), line.begin() + std::min<std::int64_t>(
                                                  frames, static_cast<std::int64_t>(line.size())));
    f.written += frames;
    frames_written_ += static_cast<std::uint64_t>(frames);
    std::uint8_t header[44];
    wav_header(header, static_cast<std::uint32_t>(f.written * 4));
    [[maybe_unused]] ssize_t n = ::pwrite(f.fd, header, sizeof header, 0);
  }

  void finish(OpenFile& f) {
    flush(f, true);
    ::close(f.fd);
    --files_open_;
    ++files_done_;
  }

  std::string directory_;
  std::size_t max_backlog_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<RecordBatch> queue_;
  bool stopping_ = false;
  std::unordered_map<std::uint64_t, OpenFile> files_;  // recorder thread only
  std::atomic<std::uint64_t> files_open_{0}, files_done_{0}, frames_written_{0}, dropped_{0},
      errors_{0};
};

}  // namespace

Result<std::unique_ptr<Recorder>> Recorder::start(const std::string& directory,
                                                  std::size_t max_backlog) {
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  if (ec) return Status::io_error("recordings directory " + directory + ": " + ec.message());
  auto recorder = std::make_unique<RecorderImpl>(directory, max_backlog);
  recorder->run();
  return std::unique_ptr<Recorder>(std::move(recorder));
}

}  // namespace hotline::media
