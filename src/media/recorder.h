#pragma once
// Recorder: stereo WAV recordings of calls — customer on the left channel, agent on the
// right, 8 kHz 16-bit — written by a thread of its own, so that a slow disk never
// reaches the relay.
//
// The relay hands audio over in batches (RecordBatch): G.711 payloads placed on the
// recording's timeline by their RTP timestamps, so both channels stay aligned however
// the packets jitter. The recorder writes a file's audio once both channels have
// reached a point (or one is a second behind: a muted phone sends nothing), and
// rewrites the WAV header after every write: if the process dies, the file is a valid
// WAV holding everything up to its last second.
//
// Thread-safety: submit() and counters() from any thread; start()/stop() by the owner.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "media/sdp.h"

namespace hotline::media {

constexpr int kRecordingRate = 8000;

struct RecordOp {
  enum class Type : std::uint8_t {
    kBegin,  // bytes: the file's path under the recordings directory
    kAudio,  // bytes: G.711 payload of `codec`, starting at sample `position`
    kEnd,    // the call is over: write everything, close the file
  };
  Type type = Type::kAudio;
  std::uint8_t channel = 0;  // 0: customer (left), 1: agent (right)
  Codec codec = Codec::kPcmu;
  std::uint64_t recording = 0;
  std::int64_t position = 0;           // samples since the recording began
  std::uint32_t offset = 0, size = 0;  // the op's bytes in RecordBatch::bytes
};

struct RecordBatch {
  std::vector<RecordOp> ops;
  std::vector<std::uint8_t> bytes;
  bool empty() const { return ops.empty(); }
  void add(RecordOp op, const std::uint8_t* data, std::size_t size) {
    op.offset = static_cast<std::uint32_t>(bytes.size());
    op.size = static_cast<std::uint32_t>(size);
    bytes.insert(bytes.end(), data, data + size);
    ops.push_back(op);
  }
};

struct RecorderCounters {
  std::uint64_t files_open = 0;
  std::uint64_t files_done = 0;
  std::uint64_t seconds_written = 0;  // stereo audio, all files
  std::uint64_t batches_dropped = 0;  // the disk fell too far behind: audio lost, calls unharmed
  std::uint64_t errors = 0;           // files that could not be created or written
};

class Recorder {
 public:
  // `directory` is created if needed. At most `max_backlog` batches wait for the disk.
  static Result<std::unique_ptr<Recorder>> start(const std::string& directory,
                                                 std::size_t max_backlog = 4096);
  virtual ~Recorder() = default;
  virtual void submit(RecordBatch&& batch) = 0;
  virtual RecorderCounters counters() const = 0;
  // Writes what was submitted, finishes every open file and joins the thread.
  virtual void stop() = 0;
};

}  // namespace hotline::media
